"""The small version of `python -m benchmarks.instances`: three real `chaser serve` processes on one
PostgreSQL database through three simulated days, the scheduler's leader killed mid-round."""

from __future__ import annotations

from datetime import timedelta

import pytest

from benchmarks.instances import run, table


@pytest.mark.postgres
def test_three_instances_send_each_round_once_and_survive_the_leaders_death(pg_url):
    row = run(days=3, leads=6, kills=1)
    print(table(row))
    assert row.problems == []
    assert row.kills == 1 and row.restarts == 1
    assert row.lost == 0 and row.duplicated == 0
    assert row.resent_same_message_id <= row.kills  # at most the one message a kill caught mid-send
    kinds = {key.split(":")[0] for key in row.expected}
    assert kinds == {"request", "confirmation", "reminder", "escalation"}
    assert row.takeovers and all(t <= timedelta(minutes=1) for t in row.takeovers)
    assert row.inputs == 4 and row.duplicates == 2  # two plans, two replies each, one of each pair sent twice
