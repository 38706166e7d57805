"""`chaser serve`: the scheduler (when this process leads), IMAP polling, the web app, until SIGTERM/SIGINT."""

from __future__ import annotations

import errno
import gc
import logging
import signal
import socket
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from filelock import FileLock, Timeout

from bot.cycle.scheduler import Leadership, build_scheduler, lock_beside, sqlite_lock_path
from bot.inbound.service import process_pending
from bot.outbound import deliver_replies
from store.clock import wait
from store.errors import ChaserError

if TYPE_CHECKING:
    from bot.bootstrap import Chaser

log = logging.getLogger("chaser.serve")
# A process that does not lead tries for the lead this often (by the service's clock), and the
# leader checks its lock as often: a killed leader is replaced within this time.
LEADER_RETRY_SECONDS = 30


def _imap_loop(chaser: Chaser, stop: threading.Event) -> None:
    from adapters.email.imap import poll_once, wait_for_mail

    assert chaser.settings.imap_url is not None
    url = chaser.settings.imap_url.get_secret_value()
    while not stop.is_set():
        try:
            deliver_replies(chaser=chaser, replies=process_pending(chaser=chaser))  # left by a crash
            result = poll_once(chaser=chaser, url=url)
            if result.fetched:
                log.info("IMAP: %d fetched, %d new, %d replies sent", result.fetched, result.stored,
                         len(result.replies))
        except Exception as exc:  # the server may be down for a while: log (without the URL) and retry
            log.warning("IMAP poll failed: %s", type(exc).__name__)
            stop.wait(chaser.settings.imap_poll_seconds)
            continue
        try:  # IDLE: new mail is read at once; otherwise poll again after imap_poll_seconds
            wait_for_mail(chaser=chaser, url=url, seconds=chaser.settings.imap_poll_seconds, stop=stop)
        except Exception as exc:
            log.warning("IMAP IDLE failed: %s", type(exc).__name__)
            stop.wait(chaser.settings.imap_poll_seconds)


def bind_web(*, host: str, port: int) -> socket.socket:
    """The web server's listening socket, bound now so a busy port stops `chaser serve` before it starts.

    Raises:
        ChaserError: the address is in use or cannot be bound, in one line saying what to do.
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
        sock.listen(128)
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise ChaserError(f"cannot listen on {host}:{port}: the port is in use by another program "
                              f"(stop it, or choose another port: chaser serve --port {port + 1})") from exc
        raise ChaserError(f"cannot listen on {host}:{port}: {exc.strerror or exc} "
                          "(check CHASER_WEB_HOST / --host)") from exc
    sock.set_inheritable(True)
    return sock


def asgi_app(chaser: Chaser) -> Any:
    """The one web server's app: each configured chat channel's endpoints (signed by the platform,
    outside the web app's sign-in and CSRF), and the web app at ``/``."""
    from starlette.applications import Starlette
    from starlette.routing import Mount

    from adapters.web import create_app  # type: ignore[import-not-found,unused-ignore]
    from bot.bootstrap import chat_routes

    return Starlette(routes=[*chat_routes(chaser), Mount("/", app=create_app(chaser=chaser))])


def _web_server(chaser: Chaser, sock: socket.socket | None) -> tuple[Any, socket.socket]:
    import uvicorn

    sock = sock or bind_web(host=chaser.settings.web_host, port=chaser.settings.web_port)
    # log_config=None: uvicorn's lines, its access log too, go through the service's own logging (stderr, one
    # format), so stdout keeps only what `chaser serve` prints for a person: the links to open
    config = uvicorn.Config(asgi_app(chaser), log_level="info", lifespan="off", log_config=None)
    return uvicorn.Server(config), sock


def serving_here(database_url: str) -> bool:
    """Whether a `chaser serve` holds the one-process lock of this SQLite database right now.

    Read from the settings alone (nothing is created or migrated), so a busy port can be explained
    before anything else happens: "Chaser is already running here" rather than "another program".
    """
    from sqlalchemy.engine import make_url

    try:
        database = make_url(database_url).database if database_url.startswith("sqlite") else None
    except Exception:  # an unreadable URL is reported where the database is opened
        return False
    if not database or database == ":memory:":
        return False
    lock_path = lock_beside(database, "serve")
    if not lock_path.exists():
        return False
    lock = FileLock(str(lock_path))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        return True
    except OSError:
        return False
    lock.release()
    return False


def already_running_message(database_url: str) -> str:
    """The one-line error for a second `chaser serve` on the SQLite database another one is serving."""
    database = database_url.removeprefix("sqlite:///")
    return (f"Chaser is already running on the database {database} (started earlier from this folder?): "
            "use the links it printed when it started, or stop it first (Ctrl-C in its terminal) and start again")


def one_process_on_sqlite(chaser: Chaser) -> FileLock | None:
    """On SQLite, hold a lock beside the database file for as long as `chaser serve` runs.

    SQLite is the one-process embedded database (one writer at a time, no claims across
    processes): a second `chaser serve` on the same file is refused. Several instances need
    PostgreSQL (docs/deploy.md).

    Raises:
        ChaserError: another `chaser serve` is using this SQLite database.
    """
    if chaser.engine.dialect.name != "sqlite":
        return None
    lock = FileLock(str(sqlite_lock_path(chaser, "serve")))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        raise ChaserError(f"another `chaser serve` is already using the SQLite database {chaser.engine.url.database}: "
                          "SQLite serves one process; stop the other one, or use PostgreSQL "
                          "(CHASER_DATABASE_URL=postgresql+psycopg://...) to run several instances") from None
    return lock


def run_forever(chaser: Chaser, *, stop: threading.Event | None = None,
                on_ready: Callable[[], None] | None = None, sock: socket.socket | None = None,
                held: FileLock | None = None) -> None:
    """Run until ``stop`` is set (SIGTERM and SIGINT set it when called from the main thread).

    Args:
        sock: The web app's socket, already bound (``bind_web``); bound here from the settings if None.
        held: The SQLite one-process lock, already taken (``one_process_on_sqlite``); taken here if None.
    """
    stop = stop or threading.Event()
    # first: a second instance on one SQLite file is refused (`chaser serve` takes it earlier and passes it in)
    sqlite_lock = held if held is not None else one_process_on_sqlite(chaser)
    try:
        _run(chaser, stop=stop, on_ready=on_ready, sock=sock)
    finally:
        if sqlite_lock is not None:
            sqlite_lock.release()


def _run(chaser: Chaser, *, stop: threading.Event, on_ready: Callable[[], None] | None,
         sock: socket.socket | None) -> None:
    web, web_socket = _web_server(chaser, sock)  # first: a busy port ends the run before anything has started
    if not logging.getLogger().handlers:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")

    def on_signal(signum: int, _frame: object) -> None:
        log.info("signal %s: stopping", signal.Signals(signum).name)
        stop.set()

    if threading.current_thread() is threading.main_thread():
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, on_signal)
    deliver_replies(chaser=chaser, replies=process_pending(chaser=chaser))  # finish what a crash left
    from bot.bootstrap import background_services
    from bot.inbound.presence import ServicePresence
    from bot.inbound.worker import InboundWorker

    chaser.worker = InboundWorker(chaser=chaser, threads=chaser.settings.inbound_workers)
    chaser.worker.start()
    presence = ServicePresence(engine=chaser.engine)  # from now on the MTA pipe only stores what it gets
    presence.hold()
    from adapters.email.pipe_listener import PipeListener

    pipe = PipeListener(chaser=chaser)  # and on this machine it hands the message over, importing little
    pipe.start()
    services = background_services(chaser)
    for service in services:
        service.start()
    leadership = Leadership(chaser)
    scheduler = None
    threads: list[threading.Thread] = []
    if chaser.settings.imap_url is not None:
        threads.append(threading.Thread(target=_imap_loop, args=(chaser, stop), name="imap", daemon=True))
    threads.append(threading.Thread(target=web.run, kwargs={"sockets": [web_socket]}, name="web", daemon=True))
    for thread in threads:
        thread.start()
    chats = ", ".join(name for name in chaser.channels if name != "email") or "none"
    log.info("Chaser is running: IMAP %s, web %s, chat channels: %s (Ctrl-C or SIGTERM stops it)",
             "on" if chaser.settings.imap_url else "off", f"on {chaser.settings.link_base()}", chats)
    # Start-up's objects (modules, templates, the NLP tables) live as long as the process: move them
    # out of the collector's way, so a full collection never walks them while a question is answered.
    gc.collect()
    gc.freeze()
    if on_ready is not None:
        on_ready()
    if chaser.settings.clock_file is not None:
        log.warning("CHASER_CLOCK_FILE is set: this process tells the time by %s (tests and benchmarks only)",
                    chaser.settings.clock_file)
    told = False
    try:
        while not stop.is_set():
            if scheduler is not None and not leadership.still_held():
                scheduler.shutdown(wait=True)  # another process may lead now: stop, and try for the lead again
                scheduler = None
            chaser.extras["scheduler"] = "leading" if scheduler is not None else "standby"  # (shown by /healthz)
            if scheduler is None and leadership.acquire():
                scheduler = build_scheduler(chaser)
                scheduler.start()
                chaser.extras["scheduler"] = "leading"
                log.info("this process leads from %s: scheduler started with %d job(s)",
                         chaser.clock.now().isoformat(), len(scheduler.get_jobs()))
            elif scheduler is None and not told:
                log.info("another Chaser process holds the scheduler; this one serves replies only")
                told = True
            if wait(chaser.clock, LEADER_RETRY_SECONDS, stop):
                break
    finally:
        pipe.stop()
        presence.release()  # the pipe processes messages itself again; any it stored stay "new" for a sweep
        web.should_exit = True
        for service in services:
            service.stop()
        if scheduler is not None:
            scheduler.shutdown(wait=True)
        chaser.worker.stop()
        for thread in threads:
            thread.join(timeout=30)
        leadership.release()
        log.info("Chaser stopped cleanly")
