"""The `chaser` command: import plans and people, chase, read replies, answer questions, report."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from bot.entry import main
from store.clock import Clock, FixedClock, SystemClock
from store.clock import today as clock_today

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from bot.bootstrap import Chaser
    from store.settings import Settings

app = typer.Typer(
    name="chaser",
    help="Chaser keeps an improvement plan up to date: it asks each action lead for progress, "
    "reads their replies, answers the coordinator's questions and writes the reports.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
people_app = typer.Typer(help="Manage the people Chaser chases.", no_args_is_help=True)
email_app = typer.Typer(help="Email in and out.", no_args_is_help=True)
app.add_typer(people_app, name="people")
app.add_typer(email_app, name="email")
indicators_app = typer.Typer(help="A plan's performance indicators: list, set an owner or polarity, import figures.")
app.add_typer(indicators_app, name="indicators")

TodayOption = Annotated[
    str | None,
    typer.Option("--today", help="Treat this date (YYYY-MM-DD) as today, for reproducible runs."),
]
PlanOption = Annotated[str | None, typer.Option("--plan", help="The plan's name (see `chaser export`).")]


def fail(message: str, code: int = 1) -> NoReturn:
    """Print a one-line error on stderr and exit non-zero."""
    typer.echo(f"chaser: error: {message}", err=True)
    raise typer.Exit(code)


def parse_today(value: str | None) -> date | None:
    """Parse ``--today`` (ISO ``YYYY-MM-DD``)."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        fail(f"--today {value!r} is not a date: write it as YYYY-MM-DD, e.g. 2006-06-14", 2)


def london_today() -> date:
    """Today's date in Europe/London."""
    return clock_today(SystemClock())


def clock_for(today: date | None) -> Clock | None:
    """A fixed clock for ``--today``, else None (the real clock)."""
    return FixedClock.on(today) if today else None


@app.command()
def init() -> None:
    """Create the database, or bring it up to date. Safe to run twice."""
    from bot.bootstrap import build
    from store.migrate import current_revision

    chaser = build()
    typer.echo(f"database ready at revision {current_revision(chaser.engine)}")


@app.command("import")
def import_plan(
    path: Annotated[Path, typer.Argument(help="The plan: tabular text (.txt), .csv, .xlsx, .docx or .pdf.")],
    plan: Annotated[
        str | None,
        typer.Option("--plan", help="A short name for the plan; default: a short slug of its title (printed)."),
    ] = None,
    partial: Annotated[
        bool, typer.Option("--partial", help="Import even when the table has no lead or no due-date column.")
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Print what would be created or changed, and write nothing.")
    ] = False,
    title: Annotated[
        str | None,
        typer.Option("--title", help="The plan's full title, as leads see it in each request; default: the "
                     "document's own title, else the file's name."),
    ] = None,
) -> None:
    """Import a plan document; re-importing updates it in place by action ref."""
    from bot.bootstrap import build
    from store.importers.plan_file import read_document

    if not path.is_file():  # before the database is opened: a mistyped path leaves no empty chaser.db behind
        read_document(path)  # raises the importer's one-line error
    from store.importers import import_plan_file
    from store.importers.tables.limits import ImportLimits

    chaser = build()
    limits = ImportLimits(max_bytes=chaser.settings.import_max_bytes,
                          max_unpacked_bytes=chaser.settings.import_max_unpacked_bytes,
                          max_pages=chaser.settings.import_max_pages)
    result = import_plan_file(
        engine=chaser.engine, path=path, plan_name=plan, now=chaser.clock.now(), partial=partial, dry_run=dry_run,
        limits=limits, title=title,
    )
    typer.echo(result.summary())


@app.command("plans")
def plans(as_json: Annotated[bool, typer.Option("--json", help="One JSON object per plan.")] = False) -> None:
    """List the plans: the name to type after --plan, counts, and the full title."""
    from store.export import plan_list

    chaser, missing = _build_to_read()
    rows = plan_list(engine=chaser.engine)
    if as_json:
        typer.echo(json.dumps({"plans": rows}, indent=2))
        return
    if not rows:
        typer.echo("no plans yet: import one with `chaser import PATH`")
        if missing is not None:
            typer.echo(f"({_no_database_note(missing)})", err=True)
        return
    width = max(len(row["name"]) for row in rows)
    for row in rows:
        counts = f"{row['sections']:>3} sections {row['actions']:>4} actions {row['open']:>4} open"
        typer.echo(f"{row['name']:<{width}}  {counts}  {row['title'] or '(no title)'}")


@indicators_app.callback(invoke_without_command=True)
def indicators_list(ctx: typer.Context, plan: PlanOption = None) -> None:
    """List a plan's indicators: code, measure, latest figure, target, RAG in words, direction, owner."""
    if ctx.invoked_subcommand is not None:
        return
    from bot.bootstrap import build
    from store.indicator_admin import indicator_rows

    if plan is None:
        fail("give --plan NAME (`chaser plans` lists them)", 2)
    rows = indicator_rows(engine=build().engine, plan_name=plan)
    if not rows:
        typer.echo(f"plan {plan!r} has no indicators: import a plan with an indicator table, or "
                   "`chaser indicators import FILE --plan NAME`")
        return
    for row in rows:
        typer.echo(f"{row.code:<8} {row.title}")
        typer.echo(f"         latest {row.latest}; target {row.target}; {row.rag}; {row.direction}; "
                   f"owner {row.owner}")


@indicators_app.command("set")
def indicators_set(
    code: Annotated[str, typer.Argument(help="The indicator's code (e.g. CH141), or its key where it has none.")],
    plan: PlanOption = None,
    owner: Annotated[str | None, typer.Option("--owner", help="The person who gives its figures.")] = None,
    polarity: Annotated[str | None, typer.Option("--polarity", help="higher, lower or near (hold steady).")] = None,
    tolerance: Annotated[float | None, typer.Option("--tolerance", help="Amber band, % of the trajectory.")] = None,
    unit: Annotated[str | None, typer.Option("--unit", help="number, percent, rate_per_10000, days...")] = None,
) -> None:
    """Set an indicator's owner, polarity, tolerance or unit (a re-import keeps them)."""
    from bot.bootstrap import build
    from store.indicator_admin import set_indicator

    if plan is None:
        fail("give --plan NAME (`chaser plans` lists them)", 2)
    chaser = build()
    typer.echo(set_indicator(engine=chaser.engine, plan_name=plan, code=code, now=chaser.clock.now(), owner=owner,
                             polarity=polarity, tolerance=tolerance, unit=unit))


@indicators_app.command("import")
def indicators_import(
    path: Annotated[Path, typer.Argument(help="Indicators as CSV (see docs/import.md), .txt, .xlsx or .docx.")],
    plan: PlanOption = None,
) -> None:
    """Import a file of indicators and their figures into a plan; re-importing updates in place."""
    from bot.bootstrap import build
    from store.importers.indicators.file import import_indicator_file
    from store.importers.tables.limits import ImportLimits

    if plan is None:
        fail("give --plan NAME (`chaser plans` lists them)", 2)
    chaser = build()
    limits = ImportLimits(max_bytes=chaser.settings.import_max_bytes,
                          max_unpacked_bytes=chaser.settings.import_max_unpacked_bytes,
                          max_pages=chaser.settings.import_max_pages)
    counts = import_indicator_file(engine=chaser.engine, path=path, plan_name=plan, now=chaser.clock.now(),
                                   limits=limits)
    typer.echo(f"imported into plan {plan!r} from {path.name}: {counts.summary()}")
    for note in counts.notes:
        typer.echo(f"  kept: {note}")


@people_app.command("import")
def people_import(path: Annotated[Path, typer.Argument(help="People CSV: name,aliases,role,email,...")]) -> None:
    """Import people from CSV; updates people already known by name."""
    from bot.bootstrap import build
    from store.importers import import_people_csv
    from store.importers.people import read_people_csv

    if not path.is_file():  # before the database is opened: a mistyped path leaves no empty chaser.db behind
        read_people_csv(path)  # raises the importer's one-line error

    chaser = build()
    result = import_people_csv(engine=chaser.engine, path=path, now=chaser.clock.now())
    typer.echo(result.summary())


@people_app.command("invite")
def people_invite(
    name: Annotated[str, typer.Argument(help="The person, by name, initials or email address.")],
    channel: Annotated[str, typer.Option("--channel", help="slack, telegram or teams")],
) -> None:
    """Email a person a one-time code that links their chat account when they send it to the bot."""
    from bot.bootstrap import build
    from bot.linking import invite

    typer.echo(invite(chaser=build(), name=name, channel=channel))


@people_app.command("link")
def people_link(
    channel: Annotated[str, typer.Option("--channel", help="The chat platform to look people up in: slack")],
    relink: Annotated[bool, typer.Option("--relink", help="Look up people already linked too.")] = False,
) -> None:
    """Link people to their chat accounts by their email address (Slack: users.lookupByEmail)."""
    from bot.account_match import link_by_email
    from bot.bootstrap import build

    typer.echo("\n".join(link_by_email(chaser=build(), channel=channel, relink=relink)))


@app.command()
def export(
    plan: PlanOption = None,
    format: Annotated[str, typer.Option("--format", help="json or csv")] = "json",
) -> None:
    """Print the plan(s) as JSON (the contract's shape) or CSV (which re-imports)."""
    from store.export import export_csv, iter_export_json

    chaser, missing = _build_to_read()
    if missing is not None:
        typer.echo(f"({_no_database_note(missing)})", err=True)
    if format == "json":
        for piece in iter_export_json(engine=chaser.engine, plan_name=plan):  # written as the rows stream in
            sys.stdout.write(piece)
        sys.stdout.write("\n")
    elif format == "csv":
        sys.stdout.write(export_csv(engine=chaser.engine, plan_name=plan))
    else:
        fail(f"--format {format!r} is not known: use json or csv", 2)


@app.command()
def extract(
    text: Annotated[str | None, typer.Argument(help="One reply, as the lead wrote it.")] = None,
    today: TodayOption = None,
    jsonl: Annotated[bool, typer.Option("--jsonl", help='Read {"id","text","today"} lines from stdin.')] = False,
) -> None:
    """Show what Chaser reads from a reply: status, dates, completion and action refs."""
    from nlp.cli import extract_jsonl, extract_one

    if jsonl:
        extract_jsonl(sys.stdin, sys.stdout)
        return
    if text is None:
        fail("give the reply text, or --jsonl to read JSON lines from stdin", 2)
    typer.echo(json.dumps(extract_one(text, today=parse_today(today) or london_today()), ensure_ascii=False))


@app.command()
def ask(
    question: Annotated[str, typer.Argument(help='e.g. "what\'s overdue in section 7?"')],
    today: TodayOption = None,
    plan: PlanOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the answer as JSON.")] = False,
    as_person: Annotated[str | None, typer.Option("--as", help="Ask as this person (access rules apply).")] = None,
) -> None:
    """Answer a coordinator's question in plain English."""
    from bot.answers import answer_question

    chaser, missing = _build_to_read(clock_for(parse_today(today)))  # prints; sends nothing
    answer = answer_question(chaser=chaser, question=question, plan_name=plan, asker=as_person)
    typer.echo(json.dumps(answer.to_json(), ensure_ascii=False) if as_json else answer.text)
    if missing is not None:  # run from another folder? say so, and leave no empty database behind
        typer.echo(f"({_no_database_note(missing)})", err=True)
    elif not _has_plans(chaser.engine):  # say which database was read
        typer.echo(f"(the database read: {_database_shown(chaser.settings.database_url)}; run this where "
                   "`chaser serve` runs, or set CHASER_DATABASE_URL)", err=True)


def _build_to_read(clock: Clock | None = None) -> tuple[Chaser, Path | None]:
    """Chaser for a command that only reads (and sends nothing), and the SQLite file it names when that file does
    not exist: then the command reads an empty database in memory, so that asking in the wrong folder never
    leaves an empty ``chaser.db`` behind."""
    from bot.bootstrap import build
    from store.settings import load_settings

    settings = load_settings()
    missing = _missing_sqlite_file(settings.database_url)
    if missing is not None:
        settings = settings.model_copy(update={"database_url": "sqlite://"})
    return build(settings=settings, clock=clock, sends=False), missing


def _missing_sqlite_file(url: str) -> Path | None:
    """The file a ``sqlite:///path`` URL names, resolved, when it does not exist; else None."""
    from sqlalchemy.engine import make_url

    try:
        parsed = make_url(url)
    except Exception:  # an unreadable URL is reported where the database is opened
        return None
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    path = Path(parsed.database).resolve()
    return None if path.exists() else path


def _no_database_note(missing: Path) -> str:
    return (f"no database at {missing}: nothing has been imported here; run this where `chaser serve` runs, "
            "or set CHASER_DATABASE_URL")


def _has_plans(engine: Engine) -> bool:
    from sqlmodel import Session, select

    from store.models import Plan

    with Session(engine) as session:
        return session.exec(select(Plan.id).limit(1)).first() is not None


def _database_shown(url: str) -> str:
    """The database URL as a person can read it: a SQLite file's path, any password hidden."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database:
        return str(Path(parsed.database).resolve())
    return parsed.render_as_string(hide_password=True)


@app.command()
def cycle(today: TodayOption = None, plan: PlanOption = None) -> None:
    """Send one round of update requests now (what the scheduler does)."""
    from bot.bootstrap import build
    from bot.cycle import run_cycle

    chaser = build(clock=clock_for(parse_today(today)))
    typer.echo(run_cycle(chaser=chaser, plan_name=plan).summary())


@email_app.command("ingest")
def email_ingest(
    file: Annotated[str, typer.Argument(help="An RFC 5322 message (.eml), or - for stdin (MTA pipe).")] = "-",
    today: TodayOption = None,
) -> None:
    """Take one email message: a reply to a request, a question, or something to quarantine.

    A reply token's expiry is judged by when Chaser receives the message (``--today`` fixes that
    day for a reproducible run), never by the message's own Date header.
    """
    from adapters.email.pipe import ingest

    typer.echo(ingest(source=file, today=parse_today(today)))


@app.command()
def report(
    kind: Annotated[str, typer.Argument(help="exceptions, summary or progress")],
    plan: PlanOption = None,
    today: TodayOption = None,
    since: Annotated[str | None, typer.Option("--since", help="Changes since this date (YYYY-MM-DD).")] = None,
    format: Annotated[str, typer.Option("--format", help="md, html, docx or txt")] = "md",
    out: Annotated[Path | None, typer.Option("--out", help="Write to this file instead of stdout.")] = None,
) -> None:
    """Write a report: the exceptions report, the weekly summary, or the full progress report."""
    from reports.render import render_report

    chaser, missing = _build_to_read(clock_for(parse_today(today)))  # prints; sends nothing
    if missing is not None:
        fail(f"no database at {missing}, so no plan to report on: run this where `chaser serve` runs, "
             "or set CHASER_DATABASE_URL")
    data = render_report(chaser=chaser, kind=kind, plan_name=plan, fmt=format, since=parse_today(since))
    if out is not None:
        out.write_bytes(data)
        typer.echo(f"wrote {out}")
    elif format == "docx":
        fail("a .docx report is binary: give --out PATH", 2)
    else:
        sys.stdout.write(data.decode("utf-8"))


def example_clock(settings: Settings, engine: Engine) -> Clock | None:
    """The clock `serve --example` runs on: from the example's own moment (12 June 2006, 9:00) when
    the database (``engine``, on the settings' database) holds nothing but the example, so its plan
    reads as it did that week; otherwise the real one (None)."""
    from adapters.web.example import EXAMPLE_TIME, only_the_example
    from store.clock import ShiftedClock

    if settings.clock_file is not None:
        return None  # a test harness's clock
    return ShiftedClock.starting_at(EXAMPLE_TIME) if only_the_example(engine) else None


@app.command()
def serve(
    host: Annotated[str | None, typer.Option("--host", help="Listen on this address (CHASER_WEB_HOST).")] = None,
    port: Annotated[int | None, typer.Option("--port", help="Listen on this port (CHASER_WEB_PORT).")] = None,
    example: Annotated[bool, typer.Option("--example", help="Load the example plan and people and send one "
                                          "round of requests first, then print where to click.")] = False,
) -> None:
    """Run the service: scheduler, configured channels and the web app, until stopped."""
    from adapters.web.launch import example_lines, setup_lines
    from bot.bootstrap import build
    from bot.service_runner import already_running_message, bind_web, one_process_on_sqlite, run_forever, serving_here
    from store.db import make_engine
    from store.errors import ChaserError
    from store.settings import load_settings

    overrides = {key: value for key, value in (("web_host", host), ("web_port", port)) if value is not None}
    settings = load_settings(**overrides)
    if serving_here(settings.database_url):  # the usual reason for a busy port: Chaser itself, started earlier
        raise ChaserError(already_running_message(settings.database_url))
    sock = bind_web(host=settings.web_host, port=settings.web_port)  # first: a busy port changes nothing
    engine = make_engine(settings.database_url)  # opened once: the example's clock looks at it first
    chaser = build(settings=settings, engine=engine, clock=example_clock(settings, engine) if example else None)
    held = one_process_on_sqlite(chaser)  # before the example is loaded or a link printed that would not work
    lines = example_lines(chaser=chaser) if example else setup_lines(chaser=chaser)
    for line in lines:
        typer.echo(line)
    run_forever(chaser, sock=sock, held=held)


@app.command()
def chat(as_person: Annotated[str, typer.Option("--as", help="Name, alias or email of the person.")]) -> None:
    """Hold a terminal conversation with Chaser as that person."""
    from adapters.console import run_console
    from bot.bootstrap import build

    run_console(chaser=build(), person=as_person)


__all__ = ["app", "main"]  # main: the `chaser` script's entry (bot.entry), kept here for `python -m bot.cli`

if __name__ == "__main__":
    main(app)
