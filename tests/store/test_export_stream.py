"""`chaser export --format json` is streamed: the same bytes as the whole document written at once,
in a fixed number of statements per plan however many actions and updates it has."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import Engine
from typer.testing import CliRunner

from bot.cli import app
from store.export import export_json, iter_export_json
from tests.store.export_fixture import TODAY, build_export_fixture

# Written by the export before it streamed (json.dumps of the whole document, indent=2, as the CLI
# printed it), from tests/store/export_fixture.py: streaming must not change a byte.
GOLDEN = Path(__file__).parent / "golden" / "export.json"


def test_streamed_export_is_byte_identical_to_the_whole_document(engine: Engine) -> None:
    build_export_fixture(engine)
    streamed = "".join(iter_export_json(engine=engine, plan_name=None, today=TODAY)) + "\n"
    assert streamed == GOLDEN.read_text(encoding="utf-8")
    whole = export_json(engine=engine, plan_name=None, today=TODAY)
    assert json.dumps(whole, indent=2, ensure_ascii=False) + "\n" == streamed
    assert [p["name"] for p in whole["plans"]] == ["awkward", "empty", "overall-2006"]


def test_one_plan_streams_alone(engine: Engine) -> None:
    build_export_fixture(engine)
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    one = json.loads("".join(iter_export_json(engine=engine, plan_name="awkward", today=TODAY)))
    assert one == {"plans": [p for p in golden["plans"] if p["name"] == "awkward"]}
    part = one["plans"][0]["actions"][1]
    assert part["parent"] == "1.1" and part["lead_people"] == ["Tom Harvey", "Sue Fiennes"]
    # the undone update is not there
    assert [u["text"] for u in part["updates"]] == ["Slipped\n\nto \u201cSeptember\u201d"]


def test_statements_do_not_grow_with_the_plan(engine: Engine) -> None:
    build_export_fixture(engine)
    statements: list[str] = []

    def seen(_conn, _cursor, statement, *_args) -> None:  # type: ignore[no-untyped-def]
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", seen)
    try:
        for _ in iter_export_json(engine=engine, plan_name=None, today=TODAY):
            pass
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    selects = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    # people, plans, then per plan: its sections, its indicators (their readings too, for a plan that has
    # any: none here), and its actions, leads and updates streamed side by side
    assert len(selects) == 2 + 5 * 3


def test_cli_prints_the_streamed_document_and_a_bad_plan_prints_nothing(engine: Engine, monkeypatch) -> None:
    build_export_fixture(engine)
    monkeypatch.setenv("CHASER_DATABASE_URL", engine.url.render_as_string(hide_password=False))
    runner = CliRunner()
    result = runner.invoke(app, ["export", "--plan", "awkward"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["plans"][0]["name"] == "awkward"
    result = runner.invoke(app, ["export", "--plan", "nope"])
    assert result.exit_code != 0 and result.stdout == ""
