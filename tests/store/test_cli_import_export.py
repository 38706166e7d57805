"""`chaser import`, `chaser people import` and `chaser export` as a council's IT team would run them."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

from tests.store.conftest import SEED_001

PEOPLE = (
    "name,aliases,role,email,slack_id,teams_id,telegram_id,channel,timezone,roles\n"
    "Sue Fiennes,SF;DoCS,Director of Children's Services,sue@example.org,,,,email,,lead;director\n"
)


def _chaser(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CHASER_")}
    env["CHASER_DATABASE_URL"] = f"sqlite:///{tmp_path / 'chaser.db'}"
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_import_people_and_export_from_a_fresh_database(tmp_path: Path) -> None:
    done = _chaser(tmp_path, "import", str(SEED_001), "--plan", "jar")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == (
        "imported plan 'jar' from 001_b46cc8812e60abd1.txt: 17 sections, 178 actions (178 new, 0 changed), 6 people"
    )
    people = tmp_path / "people.csv"
    people.write_text(PEOPLE, encoding="utf-8")
    done = _chaser(tmp_path, "people", "import", str(people))
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "imported 1 people from people.csv (0 new, 1 updated)"

    exported = _chaser(tmp_path, "export", "--plan", "jar", "--format", "json")
    assert exported.returncode == 0, exported.stderr
    plan = json.loads(exported.stdout)["plans"][0]
    first = plan["actions"][0]
    assert (first["ref"], first["title"], first["lead"], first["due"]) == (
        "1.1",
        "Discussion paper to be prepared",
        "SF (ISM)",
        "2005-12-31",
    )
    assert first["lead_people"] == ["Sue Fiennes", "Interim Senior Manager"]

    as_csv = _chaser(tmp_path, "export", "--plan", "jar", "--format", "csv")
    assert as_csv.returncode == 0, as_csv.stderr
    rows = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert len(rows) == 178 and rows[0]["due"] == "Dec 05" and rows[0]["section"] == "1"
    path = tmp_path / "jar.csv"
    path.write_text(as_csv.stdout, encoding="utf-8")
    again = _chaser(tmp_path, "import", str(path), "--plan", "jar")
    assert again.returncode == 0, again.stderr
    assert "(0 new, 0 changed)" in again.stdout


def test_errors_are_one_line_naming_file_and_row(tmp_path: Path) -> None:
    bad = tmp_path / "plan.csv"
    bad.write_text("ref,action,lead,due\n1.1,Do it,HoC,March 2006\n1.2,,HoC,April 2006\n", encoding="utf-8")
    done = _chaser(tmp_path, "import", str(bad))
    assert done.returncode != 0
    assert done.stderr.strip().splitlines() == [
        "chaser: error: plan.csv, row 3, field 'action': the row has no action text: every row of a "
        "spreadsheet is one action; fill in its action or delete the row"
    ]
    people = tmp_path / "people.csv"
    people.write_text("name,email\nAnn Other,ann-at-example\n", encoding="utf-8")
    done = _chaser(tmp_path, "people", "import", str(people))
    assert done.returncode != 0
    assert done.stderr.strip() == (
        "chaser: error: people.csv, row 2, field 'email': 'ann-at-example' is not an email address"
    )
    missing = _chaser(tmp_path, "export", "--plan", "nope")
    assert missing.returncode != 0 and "no such plan" in missing.stderr
