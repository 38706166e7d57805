"""Long answers: a list shown to a person stops at fifty lines and says how many there are in all; the
JSON's ``actions`` still name every matching ref (the contract), and chat's "more" keeps working."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from types import SimpleNamespace

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.answers.listing import LIST_LIMIT, REFS_PER_LINE, refs_text
from bot.answers.questions import Answer, answer_question
from store.clock import FixedClock
from store.models import Action, Person, Plan, Request, Round, Section

TODAY = date(2006, 6, 14)
OPENED = datetime(2006, 6, 12, 8, 0, tzinfo=UTC)


def build(engine: Engine, *, blocked: int, people: int = 2, refs_each: int = 1) -> dict[str, int]:
    """A plan "long": section 1 with two open actions on track, section 2 with ``blocked`` blocked actions
    (refs 2.1, 2.2, ... led by Ann Lead), and a round in which ``people`` people (asked about ``refs_each``
    of the blocked actions each) have not replied. Returns the plan's and sections' ids."""
    made = datetime(2006, 1, 2, tzinfo=UTC)
    with Session(engine) as session:
        plan = Plan(name="long", title="A long plan", created_at=made, updated_at=made)
        session.add(plan)
        session.flush()
        sections = [Section(plan_id=plan.id, number=str(n), title=f"Part {n}", position=n) for n in (1, 2)]
        session.add_all(sections)
        session.flush()
        actions = [Action(plan_id=plan.id, section_id=sections[0].id, ref=f"1.{n}", position=n, title=f"Open {n}",
                          lead_text="Ann Lead", due=date(2006, 12, 31), due_text="December 2006", status="in_progress")
                   for n in (1, 2)]
        actions += [Action(plan_id=plan.id, section_id=sections[1].id, ref=f"2.{n}", position=10 + n,
                           title=f"Blocked action number {n}", lead_text="Ann Lead", due=date(2006, 12, 31),
                           due_text="December 2006", status="blocked") for n in range(1, blocked + 1)]
        session.add_all(actions)
        lead = Person(name="Ann Lead", aliases=["AL"], role_title="Head of Parts", email="ann@example.gov.uk",
                      roles=["coordinator"], created_at=made)
        session.add(lead)
        waiting = [Person(name=f"Waiting {n:02d}", aliases=[], role_title="", email=f"w{n}@example.gov.uk",
                          roles=["lead"], created_at=made) for n in range(1, people + 1)]
        session.add_all(waiting)
        round_ = Round(plan_id=plan.id, key="2006-W24", opened_at=OPENED)
        session.add(round_)
        session.flush()
        ids = [a.id for a in actions[2:]]
        for n, person in enumerate(waiting):
            chosen = [ids[(n * refs_each + k) % len(ids)] for k in range(refs_each)] if ids else []
            session.add(Request(round_id=round_.id, plan_id=plan.id, person_id=person.id, token=f"t{n}",
                                channel="email", state="sent", sent_at=OPENED, action_ids=chosen, created_at=OPENED))
        session.commit()
        return {"plan": plan.id or 0, "section 2": sections[1].id or 0}


def ask(engine: Engine, question: str, *, link: str | None = None, **kwargs: object) -> Answer:
    settings = SimpleNamespace(link_base=lambda: link) if link else None
    chaser = SimpleNamespace(engine=engine, clock=FixedClock.on(TODAY), settings=settings)
    return answer_question(chaser=chaser, question=question, **kwargs)  # type: ignore[arg-type]


def blocked_refs(count: int) -> list[str]:
    return [f"2.{n}" for n in range(1, count + 1)]


def test_a_list_of_exactly_the_limit_is_shown_whole(engine: Engine) -> None:
    build(engine, blocked=LIST_LIMIT)
    answer = ask(engine, "what's blocked?")
    assert answer.summary == f"{LIST_LIMIT} actions blocked, as of 14 Jun 2006:"
    assert len(answer.lines) == LIST_LIMIT
    assert answer.lines[-1].startswith(f"- 2.{LIST_LIMIT} Blocked action number {LIST_LIMIT} | lead: Ann Lead")
    assert answer.footer == "" and answer.cut_from == 0
    assert answer.actions == blocked_refs(LIST_LIMIT)


def test_one_over_the_limit_lists_the_first_fifty_and_counts_them_all(engine: Engine) -> None:
    build(engine, blocked=LIST_LIMIT + 1)
    answer = ask(engine, "what's blocked?")
    assert answer.summary == f"{LIST_LIMIT + 1} actions blocked, as of 14 Jun 2006:"
    assert [line.split(" ")[1] for line in answer.lines] == blocked_refs(LIST_LIMIT)
    assert answer.footer == (f"Showing the first {LIST_LIMIT} of {LIST_LIMIT + 1}. To see the others, ask about one "
                             'section at a time (add "in section 2").')
    assert answer.cut_from == LIST_LIMIT + 1
    # The contract: every matching ref, in plan order, whatever the text shows.
    shown = json.loads(json.dumps(answer.to_json()))
    assert shown["actions"] == blocked_refs(LIST_LIMIT + 1)
    assert f"2.{LIST_LIMIT + 1} " not in shown["answer"]
    assert shown["answer"].endswith(answer.footer)


def test_counts_in_the_thousands_are_written_with_a_separator_and_link_to_the_web_list(engine: Engine) -> None:
    ids = build(engine, blocked=1_050)
    answer = ask(engine, "what's blocked?", link="https://chaser.example.gov.uk")
    assert answer.summary == "1,050 actions blocked, as of 14 Jun 2006:"
    assert len(answer.lines) == LIST_LIMIT and len(answer.actions) == 1_050
    assert answer.footer == (f"Showing the first {LIST_LIMIT} of 1,050. To see the others, ask about one section at a "
                             'time (add "in section 2") or open the list in the web app: '
                             f"https://chaser.example.gov.uk/plans/{ids['plan']}?status=blocked")


def test_a_cut_section_progress_counts_every_action_and_links_the_section(engine: Engine) -> None:
    ids = build(engine, blocked=LIST_LIMIT + 5)
    answer = ask(engine, "how is section 2 doing?", link="http://chaser.local")
    assert answer.summary.startswith(f"Progress in section 2 (Part 2), as of 14 Jun 2006: {LIST_LIMIT + 5} actions, "
                                     f"{LIST_LIMIT + 5} blocked")
    assert answer.lines[0] == f"RAG: {LIST_LIMIT + 5} Red (overdue or blocked)"
    assert len(answer.lines) == 1 + LIST_LIMIT
    assert answer.actions == blocked_refs(LIST_LIMIT + 5)
    assert answer.footer == (f"Showing the first {LIST_LIMIT} of {LIST_LIMIT + 5}. To see the others, ask about one "
                             'lead at a time (add "for" and their name) or open the list in the web app: '
                             f"http://chaser.local/plans/{ids['plan']}?section=2")


def test_no_web_link_where_the_web_list_cannot_filter_the_same_way(engine: Engine) -> None:
    build(engine, blocked=LIST_LIMIT + 1)
    for question in ("what's blocked or overdue?", "what's blocked for Ann Lead?", "what's at risk?"):
        answer = ask(engine, question, link="http://chaser.local")
        assert answer.cut_from == LIST_LIMIT + 1, question
        assert "web app" not in answer.footer, question


def test_chat_shows_five_then_the_rest_of_the_fifty_with_the_note(engine: Engine) -> None:
    build(engine, blocked=LIST_LIMIT + 1)
    first = ask(engine, "what's blocked?", asker="Ann Lead", brief=True)
    assert len(first.lines) == 5
    assert first.footer == f'Reply "more" for the next {LIST_LIMIT - 5} (I list the first {LIST_LIMIT} of 51).'
    assert first.actions == blocked_refs(LIST_LIMIT + 1)
    rest = ask(engine, "more", asker="Ann Lead", brief=True)
    assert rest.summary == f"The rest ({LIST_LIMIT - 5} more) of: 51 actions blocked, as of 14 Jun 2006:"
    assert [line.split(" ")[1] for line in rest.lines] == blocked_refs(LIST_LIMIT)[5:]
    assert rest.footer.startswith(f"Showing the first {LIST_LIMIT} of 51.")


def test_who_has_not_replied_names_ten_refs_a_person_and_fifty_people(engine: Engine) -> None:
    build(engine, blocked=(LIST_LIMIT + 1) * (REFS_PER_LINE + 2), people=LIST_LIMIT + 1, refs_each=REFS_PER_LINE + 2)
    answer = ask(engine, "who hasn't replied this week?")
    assert answer.summary == f"{LIST_LIMIT + 1} people haven't replied to round 2006-W24, opened 12 Jun 2006:"
    assert len(answer.lines) == LIST_LIMIT
    refs = ", ".join(f"2.{n}" for n in range(1, REFS_PER_LINE + 1))
    assert answer.lines[0] == f"- Waiting 01: {refs} and 2 more (asked 12 Jun 2006 by email)"
    assert answer.footer.startswith(f"Showing the first {LIST_LIMIT} of {LIST_LIMIT + 1} people. To see the others")
    assert len(answer.actions) == (LIST_LIMIT + 1) * (REFS_PER_LINE + 2)  # every ref asked about, not only those shown


@pytest.mark.parametrize(("count", "text"), [(0, ""), (1, "2.1"), (REFS_PER_LINE, None), (REFS_PER_LINE + 1, None)])
def test_refs_text(count: int, text: str | None) -> None:
    refs = blocked_refs(count)
    if count <= REFS_PER_LINE:
        assert refs_text(refs) == (text if text is not None else ", ".join(refs))
    else:
        assert refs_text(refs) == ", ".join(refs[:REFS_PER_LINE]) + " and 1 more"
