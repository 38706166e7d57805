"""Deny by default when asking "which plan do you mean?": a lead is never shown plans they have no part in."""

from __future__ import annotations

from tests.ask.plan_fixture import build_plan


def test_a_leads_question_never_lists_plans_the_lead_cannot_see(fresh_ask, engine) -> None:
    build_plan(engine, name="secret-restructure", title="Confidential Restructure Plan", with_people=False)
    answer = fresh_ask("what's overdue in section 7?", asker="Sue Fisher")
    assert "secret-restructure" not in answer.text and "Confidential" not in answer.text
    assert answer.filters["plan"] == "opip" and answer.actions == ["7.4", "7.5"]


def test_a_coordinator_is_still_asked_which_plan(fresh_ask, engine) -> None:
    build_plan(engine, name="secret-restructure", title="Confidential Restructure Plan", with_people=False)
    answer = fresh_ask("what's overdue in section 7?", asker="Jenny Hope")
    assert answer.text.startswith("Which plan do you mean") and "secret-restructure" in answer.text
