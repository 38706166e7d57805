"""`chaser ask` from the outside: the contract's JSON shape, text output, --plan, --as and --today."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from bot.cli import app
from store.db import make_engine
from store.errors import ChaserError
from tests.ask.plan_fixture import build_plan


@pytest.fixture
def runner(tmp_path, monkeypatch) -> CliRunner:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    engine = make_engine(url)
    build_plan(engine)
    engine.dispose()
    monkeypatch.setenv("CHASER_DATABASE_URL", url)
    monkeypatch.chdir(tmp_path)
    return CliRunner()


def test_ask_json_has_exactly_the_contract_shape(runner: CliRunner) -> None:
    result = runner.invoke(app, ["ask", "--today", "2006-06-14", "--json", "what's overdue in section 7?"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert list(data) == ["intent", "filters", "actions", "answer"]
    assert data["intent"] == "overdue"
    assert data["filters"] == {"plan": "opip", "section": "7"}
    assert data["actions"] == ["7.4", "7.5", "7.6"]
    assert data["answer"].startswith("3 actions overdue in section 7")


def test_ask_json_when_nothing_matches_has_empty_actions(runner: CliRunner) -> None:
    result = runner.invoke(app, ["ask", "--today", "2006-06-14", "--json", "anything overdue in section 10?"])
    data = json.loads(result.output)
    assert data["actions"] == [] and data["intent"] == "overdue"


def test_ask_text_prints_summary_then_list(runner: CliRunner) -> None:
    result = runner.invoke(app, ["ask", "--today", "2006-06-14", "what's blocked?"])
    lines = result.output.splitlines()
    assert lines[0] == "2 actions blocked, as of 14 Jun 2006:"
    assert lines[1].startswith("- 1.3 ") and lines[2].startswith("- 7.2e ")


def test_today_moves_the_answer(runner: CliRunner) -> None:
    result = runner.invoke(app, ["ask", "--today", "2006-05-01", "--json", "what's overdue?"])
    assert json.loads(result.output)["actions"] == ["1.2", "7.4"]


def test_ask_as_a_lead_applies_access(runner: CliRunner) -> None:
    result = runner.invoke(app, ["ask", "--today", "2006-06-14", "--as", "SF", "--json", "what's overdue?"])
    assert json.loads(result.output)["actions"] == ["7.4", "7.5"]


def test_unknown_plan_is_an_error_naming_the_option(runner: CliRunner) -> None:
    result = runner.invoke(app, ["ask", "--plan", "nope", "what's overdue?"])
    assert result.exit_code != 0
    assert isinstance(result.exception, ChaserError)
    assert "--plan 'nope'" in str(result.exception) and "opip" in str(result.exception)


def test_ask_in_a_fresh_process_loads_only_what_answering_needs(runner: CliRunner, tmp_path) -> None:
    """`chaser ask` as a person runs it: the answer, and none of the schema tools, NLP model, templates,
    reports, web app, channels or chat SDKs it does not use."""
    import os
    import subprocess
    import sys

    unused = ("alembic", "mako", "spacy", "jinja2", "docx", "openpyxl", "reports", "adapters", "starlette",
              "uvicorn", "apscheduler", "slack_bolt", "slack_sdk", "telegram", "microsoft_teams", "httpx")
    script = ("import json, sys\nfrom bot.entry import main\ntry:\n    main()\nfinally:\n"
              f"    print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in {set(unused)!r})),"
              " file=sys.stderr)\n")
    done = subprocess.run([sys.executable, "-c", script, "ask", "--today", "2006-06-14", "what's blocked?"],
                          capture_output=True, text=True, cwd=tmp_path, env=dict(os.environ), timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == "2 actions blocked, as of 14 Jun 2006:"
    assert json.loads(done.stderr.strip().splitlines()[-1]) == []
