"""The command line's errors: one line on stderr, non-zero exit, nothing secret."""

from __future__ import annotations

import os
import subprocess
import sys


def _chaser(*args: str, env: dict[str, str], cwd) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "bot.cli", *args], capture_output=True, text=True,
                          env={**os.environ, **env}, cwd=cwd, timeout=120)


def test_unreachable_database_is_one_line_without_the_password(tmp_path):
    result = _chaser("export", env={"CHASER_DATABASE_URL": "postgresql+psycopg://chaser:s3cret@127.0.0.1:1/x"},
                     cwd=tmp_path)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("chaser: error: cannot use the database postgresql+psycopg://")
    assert "s3cret" not in result.stderr and "***" in lines[0]


def test_unknown_database_kind_is_one_line(tmp_path):
    result = _chaser("init", env={"CHASER_DATABASE_URL": "bogus://x"}, cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "chaser: error: cannot use the database bogus://x: Can't load plugin: sqlalchemy.dialects:bogus "
        "(check CHASER_DATABASE_URL and that the server is running)"]


def test_bad_today_names_the_option(tmp_path):
    result = _chaser("ask", "--today", "2006-13-45", "what's overdue?",
                     env={"CHASER_DATABASE_URL": f"sqlite:///{tmp_path / 'c.db'}"}, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip() == ("chaser: error: --today '2006-13-45' is not a date: write it as YYYY-MM-DD, "
                                     "e.g. 2006-06-14")


def test_asking_where_there_is_no_database_names_it_and_creates_none(tmp_path):
    env = {"CHASER_DATABASE_URL": "sqlite:///./chaser.db"}
    result = _chaser("ask", "--json", "what's overdue?", env=env, cwd=tmp_path)
    assert result.returncode == 0
    assert '"actions": []' in result.stdout and "No plan has been imported yet" in result.stdout  # JSON unchanged
    assert result.stderr.strip() == (f"(no database at {(tmp_path / 'chaser.db').resolve()}: nothing has been "
                                     "imported here; run this where `chaser serve` runs, or set CHASER_DATABASE_URL)")
    assert list(tmp_path.iterdir()) == []  # no empty chaser.db left behind


def test_reading_commands_where_there_is_no_database_create_none(tmp_path):
    env = {"CHASER_DATABASE_URL": "sqlite:///./chaser.db"}
    plans = _chaser("plans", env=env, cwd=tmp_path)
    assert plans.returncode == 0 and plans.stdout.strip() == "no plans yet: import one with `chaser import PATH`"
    assert "no database at" in plans.stderr
    export = _chaser("export", env=env, cwd=tmp_path)
    assert export.returncode == 0 and '"plans": []' in export.stdout and "no database at" in export.stderr
    report = _chaser("report", "exceptions", env=env, cwd=tmp_path)
    assert report.returncode == 1
    assert report.stderr.strip().splitlines() == [
        f"chaser: error: no database at {(tmp_path / 'chaser.db').resolve()}, so no plan to report on: run this "
        "where `chaser serve` runs, or set CHASER_DATABASE_URL"]
    assert list(tmp_path.iterdir()) == []


def test_asking_a_database_with_no_plan_says_which_database_was_read(tmp_path):
    env = {"CHASER_DATABASE_URL": "sqlite:///./chaser.db"}
    assert _chaser("init", env=env, cwd=tmp_path).returncode == 0
    result = _chaser("ask", "--json", "what's overdue?", env=env, cwd=tmp_path)
    assert result.returncode == 0
    assert '"actions": []' in result.stdout and "No plan has been imported yet" in result.stdout  # JSON unchanged
    assert result.stderr.strip() == (f"(the database read: {(tmp_path / 'chaser.db').resolve()}; run this where "
                                     "`chaser serve` runs, or set CHASER_DATABASE_URL)")


def test_a_mistyped_path_names_the_file_looked_for_and_creates_no_database(tmp_path):
    env = {"CHASER_DATABASE_URL": "sqlite:///./chaser.db"}
    plan = _chaser("import", "plna.csv", env=env, cwd=tmp_path)
    assert plan.returncode == 1
    assert plan.stderr.strip().splitlines() == [
        f"chaser: error: plna.csv: no such file: {tmp_path / 'plna.csv'} (give the file's full path, or run this "
        "in the folder that holds it)"]
    people = _chaser("people", "import", "people.csv", env=env, cwd=tmp_path)
    assert people.returncode == 1 and f"no such file: {tmp_path / 'people.csv'}" in people.stderr
    assert list(tmp_path.iterdir()) == []
