"""Password-less sign-in: the signing secret, one-time emailed links, and who is signed in.

A sign-in link carries a token signed with itsdangerous, stamped with Chaser's clock, valid for
``SIGNIN_MINUTES``. Redeeming it stores a ``Delivery`` row keyed ``signin:<sha256 of the token>``; the
key is unique, so a replayed link fails even when two requests race.
"""

from __future__ import annotations

import hashlib
import logging
import os
import secrets
import stat
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from itsdangerous import BadSignature, SignatureExpired, TimestampSigner, URLSafeTimedSerializer
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, func, select

from adapters.email.mailer import Mailer
from store.clock import Clock
from store.db import transaction
from store.errors import ChaserError
from store.models import Delivery, Person
from store.settings import Settings

log = logging.getLogger(__name__)

SIGNIN_MINUTES = 30
SECRET_FILE_NAME = "chaser-web.secret"  # noqa: S105  (a file name, not a secret)


def secret_file(settings: Settings) -> Path:
    """Where the generated secret lives: next to the SQLite database, else next to the lock file."""
    url = make_url(settings.database_url)
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        return Path(url.database).expanduser().resolve().parent / SECRET_FILE_NAME
    return settings.lock_file.expanduser().resolve().parent / SECRET_FILE_NAME


def signing_secret(settings: Settings) -> str:
    """CHASER_WEB_SECRET, else a secret generated once and kept in a 0600 file (never logged).

    Raises:
        ChaserError: when the secret file exists but is empty.
    """
    if settings.web_secret is not None:
        return settings.web_secret.get_secret_value()
    path = secret_file(settings)
    if not path.exists():
        _write_secret_once(path)
    return _read_secret(path)


def _write_secret_once(path: Path) -> None:
    """Write a new secret, atomically: two processes starting together end up sharing one secret."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(secrets.token_urlsafe(48) + "\n")
    try:
        os.link(tmp, path)  # fails if another process got there first; theirs is kept
        log.info("made a new web signing secret in %s", path)
    except FileExistsError:
        pass
    finally:
        tmp.unlink()


def _read_secret(path: Path) -> str:
    """The secret in ``path``, tightening the file to 0600 if someone loosened it."""
    if stat.S_IMODE(path.stat().st_mode) & 0o077:
        os.chmod(path, 0o600)
        log.warning("web secret file %s was readable by others; its mode is now 0600", path)
    value = path.read_text(encoding="utf-8").strip()
    if not value:
        raise ChaserError(f"{path} is empty: delete it so Chaser makes a new one, or set CHASER_WEB_SECRET")
    return value


class _ClockSigner(TimestampSigner):
    """A timestamp signer that tells the time by Chaser's clock, so expiry is tested by moving the clock."""

    def __init__(self, *args: Any, clock: Clock, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clock = clock

    def get_timestamp(self) -> int:
        return int(self._clock.now().timestamp())


class SigninProblem(Exception):
    """A sign-in link that cannot be used; ``reason`` is ``expired``, ``invalid`` or ``used``."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass
class SigninTokens:
    """Makes and checks the tokens in sign-in links."""

    secret: str
    clock: Clock

    def _serializer(self) -> URLSafeTimedSerializer:
        return URLSafeTimedSerializer(self.secret, salt="chaser-signin", signer=_ClockSigner,
                                      signer_kwargs={"clock": self.clock})

    def issue(self, person_id: int) -> str:
        """A new token for ``person_id`` (a random nonce makes every token different)."""
        return str(self._serializer().dumps({"p": person_id, "n": secrets.token_urlsafe(12)}))

    def person_id(self, token: str) -> int:
        """The person a token signs in, if it is genuine and fresh.

        Raises:
            SigninProblem: ``expired`` or ``invalid``.
        """
        try:
            payload = self._serializer().loads(token, max_age=SIGNIN_MINUTES * 60)
        except SignatureExpired as exc:
            raise SigninProblem("expired") from exc
        except BadSignature as exc:
            raise SigninProblem("invalid") from exc
        if not isinstance(payload, dict) or not isinstance(payload.get("p"), int):
            raise SigninProblem("invalid")
        return int(payload["p"])


def token_key(token: str) -> str:
    """The Delivery key that records a used token: its hash, so the token itself is never stored."""
    return "signin:" + hashlib.sha256(token.encode("utf-8")).hexdigest()


def is_used(*, engine: Engine, token: str) -> bool:
    """Whether this sign-in link has been used already."""
    with Session(engine) as session:
        return session.exec(select(Delivery.id).where(Delivery.key == token_key(token))).first() is not None


def redeem(*, engine: Engine, tokens: SigninTokens, token: str) -> int:
    """Use a sign-in link once: returns the person id it signs in.

    Raises:
        SigninProblem: ``expired``, ``invalid`` (including a person who no longer exists) or ``used``.
    """
    person_id = tokens.person_id(token)
    try:
        with transaction(engine) as session:
            person = session.get(Person, person_id)
            if person is None or person.placeholder:
                raise SigninProblem("invalid")
            session.add(Delivery(key=token_key(token), kind="signin", person_id=person_id, channel="web",
                                 state="used", sent_at=tokens.clock.now()))
    except IntegrityError as exc:
        raise SigninProblem("used") from exc
    return person_id


def start_session(*, engine: Engine, person_id: int) -> int:
    """A new session generation for ``person_id``: every older session cookie stops working.

    The cookie is signed but kept by the browser, so it cannot be taken back; the generation it
    carries can be outdated instead (by this, on each sign-in, and by :func:`end_sessions`).
    """
    with transaction(engine) as session:
        person = session.get(Person, person_id)
        if person is None:
            raise SigninProblem("invalid")
        person.session_generation += 1
        return person.session_generation


def end_sessions(*, engine: Engine, person_id: int) -> None:
    """Sign out: every session cookie issued to ``person_id`` so far stops working."""
    with transaction(engine) as session:
        person = session.get(Person, person_id)
        if person is not None:
            person.session_generation += 1


def session_is_current(*, engine: Engine, person_id: int, generation: object) -> bool:
    """Does a session cookie for ``person_id`` carry the person's current generation?"""
    with Session(engine) as session:
        current = session.exec(select(Person.session_generation).where(Person.id == person_id)).first()
    return current is not None and isinstance(generation, int) and generation == current


def claim_signin_email(*, engine: Engine, person_id: int | None, now: datetime, address: str = "") -> bool:
    """True at most once per person per minute: a sign-in form cannot be used to flood someone's inbox.

    The Delivery row it leaves also records that a link was sent, and when. For an address that
    has no account (``person_id`` None) the same write is made, keyed by the address's hash, so
    the form takes as long for unknown addresses as for known ones (no account enumeration by timing).
    """
    who = str(person_id) if person_id is not None else "unknown-" + hashlib.sha256(
        address.strip().lower().encode("utf-8")).hexdigest()[:24]
    key = f"signin-email:{who}:{now.astimezone(UTC):%Y-%m-%dT%H:%M}"
    try:
        with transaction(engine) as session:
            session.add(Delivery(key=key, kind="signin-email", person_id=person_id, channel="email", state="sent",
                                 sent_at=now))
    except IntegrityError:
        return False
    return True


def person_for_email(*, engine: Engine, email: str) -> Person | None:
    """The one real person with this email address (any case), or None."""
    wanted = email.strip().lower()
    if not wanted or "@" not in wanted:
        return None
    with Session(engine) as session:
        people = list(session.exec(
            select(Person).where(func.lower(col(Person.email)) == wanted, col(Person.placeholder).is_(False))
        ))
    if len(people) != 1:
        if len(people) > 1:
            log.warning("sign-in refused: %d people share one email address; fix the people CSV", len(people))
        return None
    return people[0]


def signin_email(*, person: Person, link: str, sender: str) -> EmailMessage:
    """The email that carries a sign-in link."""
    message = EmailMessage()
    message["To"] = person.email or ""
    message["From"] = sender
    message["Subject"] = "Your Chaser sign-in link"
    body = (
        f"Hello {person.name},\n\n"
        f"Open this link to sign in to Chaser:\n\n{link}\n\n"
        f"The link works once, within {SIGNIN_MINUTES} minutes. If you did not ask to sign in,\n"
        "ignore this email: nobody can sign in without the link.\n"
    )
    # 7bit keeps the link whole on one line (quoted-printable would break it, which some readers mangle).
    message.set_content(body, cte="7bit" if body.isascii() else "quoted-printable")
    return message


def send_signin_link(*, mailer: Mailer, person: Person, link: str, sender: str) -> None:
    """Send the link; a failure is logged (without the link) rather than shown, so no address is revealed."""
    try:
        mailer.send(signin_email(person=person, link=link, sender=sender))
    except Exception as exc:  # one failed email must not break the sign-in page
        log.error("sign-in email to person %s could not be sent: %s", person.id, type(exc).__name__)
