"""Who may ask what, and what the answers say (summary line, compact list, quoted latest update)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st


def test_lead_sees_only_their_own_actions(ask) -> None:
    answer = ask("what's overdue?", asker="SF")
    assert answer.actions == ["7.4", "7.5"]
    assert answer.summary.startswith("2 actions overdue for you")


@pytest.mark.parametrize("asker", ["Sue Fisher", "sf", "DoCS", "sue.fisher@herefordshire.example"])
def test_asker_is_found_by_name_alias_or_email(ask, asker: str) -> None:
    assert ask("my actions", asker=asker).actions == ["7.1", "7.2", "7.2a", "7.2e", "7.3", "7.4", "7.5"]


def test_lead_asking_about_someone_else_is_refused_politely(ask) -> None:
    answer = ask("anything late for Tony Geeson?", asker="SF")
    assert answer.actions == []
    assert "Sorry" in answer.text and "Tony Geeson" in answer.text


def test_lead_asking_about_an_action_not_theirs_is_refused(ask) -> None:
    answer = ask("how is 7.6 going?", asker="Sue Fisher")
    assert answer.actions == [] and "not one of your actions" in answer.text
    assert "Interviews held" not in answer.text


def test_lead_sees_their_sections_progress_but_lists_only_their_actions(ask) -> None:
    answer = ask("how is section 7 doing?", asker="SF")
    assert "9 actions" in answer.summary
    assert answer.actions == ["7.1", "7.2", "7.2a", "7.2e", "7.3", "7.4", "7.5"]
    assert "7.6 " not in answer.text


def test_lead_may_not_see_another_sections_progress(ask) -> None:
    answer = ask("how is section 4 doing?", asker="SF")
    assert answer.actions == [] and "your own sections" in answer.text


def test_lead_may_not_ask_people_questions(ask) -> None:
    for question in ("who hasn't replied?", "who has the most overdue actions?"):
        answer = ask(question, asker="Tony Geeson")
        assert answer.actions == [] and "Sorry" in answer.text


def test_lead_sees_changes_to_their_actions_only(ask) -> None:
    assert ask("what changed since Monday?", asker="SF").actions == ["7.4"]


def test_director_and_coordinator_see_everything(ask) -> None:
    assert ask("anything late for tony geeson", asker="Neil Pringle").actions == ["6.3", "7.5", "7.6"]
    assert ask("who hasn't replied?", asker="jenny.hope@herefordshire.example").actions[:2] == ["1.2", "1.3"]


def test_unknown_asker_gets_a_polite_refusal(ask) -> None:
    answer = ask("what's overdue?", asker="Bob Nobody")
    assert answer.actions == [] and "don't know who you are" in answer.text


def test_my_actions_on_the_command_line_explains_as(ask) -> None:
    answer = ask("what are my actions?")
    assert answer.actions == [] and "--as" in answer.text


def test_list_line_has_ref_title_lead_dates_status_and_last_update(ask) -> None:
    answer = ask("what's overdue in section 7?")
    assert answer.summary == ("3 actions overdue in section 7 (Improved services and outcomes for children & young "
                              "people), as of 14 Jun 2006:")
    line = next(line for line in answer.lines if line.startswith("- 7.4 "))
    assert line == ("- 7.4 Full SMART Forward Delivery Plan in place for 2006-07 | lead: DoCS | due 30 Apr 2006, "
                    "revised 30 Jun 2006 | Delayed | updated 12 Jun 2006")


def test_action_status_quotes_the_latest_update_with_its_date(ask) -> None:
    answer = ask("how is 7.6 going?")
    assert answer.summary == "7.6 is in progress (overdue), as of 14 Jun 2006:"
    assert ('Latest update (13 Jun 2006, Tony Geeson, by email): "Interviews held on Monday; offer made to the '
            'preferred candidate, start date end of July."') in answer.text
    assert "Red (overdue or blocked)" in answer.text


def test_missing_action_lists_its_sections_refs(ask) -> None:
    answer = ask("how is 7.9 going?")
    assert "no action 7.9" in answer.text and "7.1, 7.2, 7.2a, 7.2e" in answer.text


def test_missing_section_lists_the_sections(ask) -> None:
    answer = ask("what's overdue in section 12?")
    assert "There is no section 12 in plan opip" in answer.text
    assert "7 Improved services and outcomes for children & young people" in answer.text


def test_unknown_question_says_what_can_be_asked_with_two_examples(ask) -> None:
    answer = ask("what's the weather like?")
    assert "I can tell you" in answer.text
    assert '"what\'s overdue in section 7?"' in answer.text and '"what\'s due in the next two weeks?"' in answer.text


def test_unrecognised_words_are_named(ask) -> None:
    answer = ask("what's overdue for zebras?")
    assert answer.actions == [] and 'anyone called "zebras"' in answer.text


def test_who_has_not_replied_names_people_and_round(ask) -> None:
    answer = ask("who hasn't replied this week?")
    assert answer.summary == "3 people haven't replied to round 2006-W24, opened 12 Jun 2006:"
    assert answer.lines[1] == "- Paul Jones: 4.1, 4.2, 10.1 (asked 12 Jun 2006 by email, reminded 14 Jun 2006)"


def test_most_overdue_ranks_people(ask) -> None:
    answer = ask("who has the most overdue actions?")
    assert answer.summary.startswith("Tony Geeson has the most overdue actions (3)")
    assert answer.lines[0] == "- Tony Geeson: 3 overdue (6.3, 7.5, 7.6)"


def test_ambiguous_person_asks_which(ask) -> None:
    answer = ask("what's overdue for the head?")
    assert answer.actions == [] and answer.text.startswith("Which head do you mean")


WORDS = ["what's", "overdue", "due", "next", "week", "section", "7", "12", "for", "tony", "sf", "and", "or",
         "blocked", "since", "monday", "who", "hasn't", "replied", "7.6", "9.9", "my", "more", "the", "by",
         "end", "of", "july", "in", "children", "plan", "jar", "most", "changed", "at", "risk", "zebra", "?"]


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(words=st.lists(st.sampled_from(WORDS), max_size=9), asker=st.sampled_from([None, "SF", "Jenny Hope"]))
def test_any_question_gets_an_answer_not_an_error(ask, words: list[str], asker: str | None) -> None:
    answer = ask(" ".join(words), asker=asker)
    assert answer.summary
    assert set(answer.to_json()) == {"intent", "filters", "actions", "answer"}
    if asker == "SF":  # a lead never sees another lead's actions in a list
        assert not set(answer.actions) & {"6.3", "7.6", "7.7", "4.1", "4.2", "10.1"}


def test_a_section_without_a_title_is_named_by_its_number_alone():
    from bot.answers.scope import section_label

    assert section_label("2", "") == "section 2"
    assert section_label("7", "Children and young people") == "section 7 (Children and young people)"
