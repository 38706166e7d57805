"""The `chaser` script's entry point: the mail server's pipe first, then the full command line.

`chaser email ingest [FILE|-] [--today YYYY-MM-DD]` is what an MTA runs for every message; it goes
straight to :func:`adapters.email.pipe.ingest` without building the command tree (typer and every
command's options). Any other arguments, a ``--help``, or a ``--today`` that is not a date, go to
:mod:`bot.cli`, which parses them (and says what is wrong) as always, and runs the same function.
User errors become one line on stderr in both cases.
"""

from __future__ import annotations

import sys
from datetime import date
from typing import Any

from store.errors import ChaserError


def pipe_arguments(args: list[str]) -> tuple[str, date | None] | None:
    """``(source, today)`` when ``args`` are a plain `email ingest` (as a mail server gives them); else None."""
    if args[:2] != ["email", "ingest"]:
        return None
    source: str | None = None
    today: date | None = None
    rest = list(args[2:])
    while rest:
        arg = rest.pop(0)
        if arg == "--today" and rest and today is None:
            value = rest.pop(0)
        elif arg.startswith("--today=") and today is None:
            value = arg.split("=", 1)[1]
        elif source is None and (arg == "-" or not arg.startswith("-")):
            source = arg
            continue
        else:
            return None  # an option only the full command line knows (or a mistake it explains)
        try:
            today = date.fromisoformat(value)
        except ValueError:
            return None
    return (source or "-", today)


def main(app: Any = None) -> None:
    """Run `chaser` with ``sys.argv``, turning user errors into one line on stderr and exit 1."""
    try:
        pipe = pipe_arguments(sys.argv[1:])
        if pipe is not None:
            from adapters.email.pipe import ingest

            print(ingest(source=pipe[0], today=pipe[1]))
            return
        if app is None:
            from bot.cli import app
        app()
    except (ChaserError, FileNotFoundError) as exc:
        print(f"chaser: error: {exc}", file=sys.stderr)
        sys.exit(1)
    except Exception as exc:
        # SQLAlchemy and pydantic are imported only by the commands that use them (so `chaser
        # --help` starts fast): their errors are recognised here, after the fact.
        message = known_error(exc)
        if message is None:
            raise
        print(f"chaser: error: {message}", file=sys.stderr)
        sys.exit(1)


def known_error(exc: Exception) -> str | None:
    """The one-line message for a settings or database error, else None."""
    pydantic_errors = sys.modules.get("pydantic")
    if pydantic_errors is not None and isinstance(exc, pydantic_errors.ValidationError):
        return settings_error(exc)
    sa_errors = sys.modules.get("sqlalchemy.exc")
    if sa_errors is not None and isinstance(exc, (sa_errors.OperationalError, sa_errors.InterfaceError,
                                                  sa_errors.ArgumentError)):
        return database_error(exc)
    return None


def database_error(exc: Exception) -> str:
    """One line saying which database could not be used and why, with any password hidden."""
    from sqlalchemy.engine import make_url

    from store.settings import load_settings

    try:
        url = make_url(load_settings().database_url).render_as_string(hide_password=True)
    except Exception:  # the URL itself is what is wrong
        url = "CHASER_DATABASE_URL"
    cause = getattr(exc, "orig", None) or exc
    reason = " ".join(str(cause).split())[:200]
    return f"cannot use the database {url}: {reason} (check CHASER_DATABASE_URL and that the server is running)"


def settings_error(exc: Any) -> str:
    """One line naming the setting at fault, e.g. ``chaser.toml: plans.default.day: ...``."""
    from store.settings import config_path

    first = exc.errors()[0]
    where = ".".join(str(part) for part in first["loc"])
    source = config_path() or "environment"
    return f"{source}: setting {where}: {first['msg']} ({exc.error_count()} problem(s) in all)"
