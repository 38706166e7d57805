"""`chaser indicators` as IT scripts it: list, set, import; a wrong code or value is one line on stderr."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.indicators import variants

ROOT = Path(__file__).resolve().parents[2]
SEED_000 = ROOT / "tests" / "data" / "seeds" / "000_1d9b646d0b83632c.txt"


def _chaser(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CHASER_DATABASE_URL": f"sqlite:///{tmp_path / 'c.db'}",
           "CHASER_OUTBOX_DIR": str(tmp_path / "outbox")}
    env.pop("CHASER_CONFIG", None)
    return subprocess.run([sys.executable, "-m", "bot.cli", *args], capture_output=True, text=True, env=env,
                          cwd=tmp_path, timeout=300)


def test_list_set_and_import_from_the_command_line(tmp_path):
    assert _chaser(tmp_path, "people", "import", str(ROOT / "examples" / "people.csv")).returncode == 0
    imported = _chaser(tmp_path, "import", str(SEED_000), "--plan", "overall-2006")
    assert "  indicators: 8 (8 new, 0 changed), 16 figures recorded" in imported.stdout
    listed = _chaser(tmp_path, "indicators", "--plan", "overall-2006")
    assert listed.returncode == 0
    assert listed.stdout.splitlines()[:2] == [
        "CH141    Referrals of children in need per 10,000 population aged under 18",
        "         latest 196 per 10,000 (May 2006); target 220 per 10,000 by 31 Mar 2007; on track (green); "
        "improving; owner Sue Fiennes"]
    done = _chaser(tmp_path, "indicators", "set", "CH141", "--plan", "overall-2006", "--owner", "Sue Fiennes",
                   "--polarity", "higher")
    assert done.stdout.strip() == "CH141 (overall-2006): set higher is better"
    unknown = _chaser(tmp_path, "indicators", "set", "CH999", "--plan", "overall-2006", "--polarity", "higher")
    assert unknown.returncode == 1 and unknown.stderr.startswith("chaser: error: 'CH999': plan 'overall-2006' has no")
    assert len(unknown.stderr.strip().splitlines()) == 1
    bad = _chaser(tmp_path, "indicators", "set", "CH141", "--plan", "overall-2006", "--polarity", "sideways")
    assert bad.stderr.strip() == ("chaser: error: --polarity 'sideways': give higher, lower or near "
                                  "(a figure to hold steady)")
    csv_path = variants.canonical_csv(tmp_path)
    added = _chaser(tmp_path, "indicators", "import", str(csv_path), "--plan", "overall-2006")
    assert added.stdout.strip() == ("imported into plan 'overall-2006' from indicators.csv: indicators: 3 "
                                    "(1 new, 2 changed), 1 figure recorded")
    no_plan = _chaser(tmp_path, "indicators")
    assert no_plan.returncode == 2 and "give --plan NAME" in no_plan.stderr
