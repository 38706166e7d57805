"""``chaser extract`` one reply and ``--jsonl`` streams, through the real command."""

import io
import json

from typer.testing import CliRunner

from bot.cli import app
from nlp.cli import extract_jsonl, extract_one

runner = CliRunner()


def test_extract_one_reply() -> None:
    result = runner.invoke(app, ["extract", "--today", "2006-06-14", "Completed 28 02 06"])
    assert result.exit_code == 0
    out = json.loads(result.stdout)
    assert out["status"] == "complete" and out["completed_on"] == "2006-02-28" and out["actions"] == []


def test_jsonl_keeps_going_after_bad_lines() -> None:
    lines = [
        json.dumps({"id": "a", "text": "Slipped to September", "today": "2006-06-14"}),
        "{not json",
        '{"id": "broken", "text": "done"',
        json.dumps({"id": "b", "text": 7}),
        "",
        json.dumps({"id": "c", "text": "done", "today": "14/06/06"}),
        json.dumps(["a list"]),
        json.dumps({"id": "d", "text": "Re 3.1: on hold", "today": "2006-06-14"}),
    ]
    result = runner.invoke(app, ["extract", "--jsonl"], input="\n".join(lines) + "\n")
    assert result.exit_code == 0
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o.get("id") for o in out] == ["a", None, "broken", "b", "c", None, "d"]
    assert out[0]["status"] == "delayed" and out[0]["expected_by"] == "2006-09"
    assert out[1]["error"].startswith("line 2: not valid JSON")
    assert out[2]["error"].startswith("line 3: not valid JSON")
    assert out[3]["error"] == "line 4: field 'text' must be a string"
    assert out[4]["error"].startswith("line 6: field 'today'")
    assert out[5]["error"].startswith("line 7: expected a JSON object")
    assert out[6]["actions"] == [
        {
            "ref": "3.1",
            "status": "blocked",
            "percent_complete": None,
            "completed_on": None,
            "expected_by": None,
        }
    ]


def test_extract_jsonl_counts_failures_and_defaults_today() -> None:
    out = io.StringIO()
    failures = extract_jsonl(io.StringIO('{"id": 1, "text": "done"}\nnope\n'), out)
    assert failures == 1
    first = json.loads(out.getvalue().splitlines()[0])
    assert first["id"] == 1 and first["status"] == "complete"


def test_extract_one_matches_contract_keys() -> None:
    from datetime import date

    keys = set(extract_one("70% done", today=date(2006, 6, 14)))
    assert keys == {
        "status",
        "percent_complete",
        "completed_on",
        "expected_by",
        "dates",
        "actions",
        "confidence",
    }
