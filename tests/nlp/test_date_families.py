"""The families of misses named in issue 17, each read by a general rule (replies written on 14 June 2006).

The sentences are written for these tests; none is taken from a labelled split.
"""

from __future__ import annotations

from datetime import date

import pytest

from nlp import extract
from nlp.extraction import ASK_BELOW

TODAY = date(2006, 6, 14)  # a Wednesday


def read(text: str) -> tuple[object, ...]:
    got = extract(text, today=TODAY)
    return got.status, got.completed_on, got.expected_by


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("They've moved the panel to 9 October.", "2006-10-09"),
        ("Had to push it out to 30 November.", "2006-11-30"),
        ("We put the staff survey back to September.", "2006-09"),
        ("The pilot got bumped to next month.", "2006-07"),
    ],
)
def test_a_date_moved_in_everyday_words_is_a_delay_with_its_new_date(text: str, expected: str) -> None:
    assert read(text) == ("delayed", None, expected)


@pytest.mark.parametrize(
    ("text", "done"),
    [
        ("New signage installed at every depot in March.", "2006-03"),
        ("Welcome packs posted to all tenants in May.", "2006-05"),
        ("Fire risk assessments carried out at all sites in April.", "2006-04"),
        ("Caretaker post filled 02.05.06.", "2006-05-02"),
    ],
)
def test_a_deliverable_told_in_the_past_tense_with_a_month_is_finished_then(text: str, done: str) -> None:
    status, completed_on, expected_by = read(text)
    assert (status, completed_on, expected_by) == ("complete", done, None)


def test_a_past_step_with_work_still_ahead_is_not_a_finish() -> None:
    status, _, _ = read("Questionnaire sent out in May; results due at the end of July.")
    assert status == "in_progress"


@pytest.mark.parametrize(
    ("text", "done"),
    [
        ("We hit the 95% target at the end of April.", "2006-04-30"),
        ("The recycling target was reached in May.", "2006-05"),
    ],
)
def test_a_target_reached_with_a_date_is_a_finish_on_that_date(text: str, done: str) -> None:
    got = extract(text, today=TODAY)
    assert (got.status, got.completed_on, got.expected_by) == ("complete", done, None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Everything else is done; the only thing left is the member briefing on 20 July.", "2006-07-20"),
        ("All in place apart from the launch event, which is booked for 4 September.", "2006-09-04"),
    ],
)
def test_the_last_remaining_step_booked_for_a_date_gives_the_expected_date(text: str, expected: str) -> None:
    assert read(text) == ("in_progress", None, expected)


@pytest.mark.parametrize(
    "text",
    [
        "The Police Authority will look at the proposal at its October meeting.",
        "The Primary Care Trust board is to decide on the funding in September.",
    ],
)
def test_a_future_consideration_by_another_body_is_a_wait(text: str) -> None:
    status, _, expected_by = read(text)
    assert (status, expected_by) == ("blocked", None)


def test_each_action_gets_its_own_completion_date() -> None:
    got = extract("3.1 completed in April; 3.2 completed on 2 June; 3.3 due end of July.", today=TODAY)
    by_ref = {a.ref: (a.status, a.completed_on, a.expected_by) for a in got.actions}
    assert by_ref == {
        "3.1": ("complete", "2006-04", None),
        "3.2": ("complete", "2006-06-02", None),
        "3.3": ("in_progress", None, "2006-07-31"),
    }
    assert (got.status, got.completed_on, got.expected_by) == ("in_progress", None, "2006-07-31")


def test_time_lost_told_as_such_is_a_delay() -> None:
    assert read("We've lost a couple of weeks to the inspection, so early August now.")[0] == "delayed"


def test_a_guess_from_a_date_alone_is_asked_about() -> None:
    got = extract("Fencing contractor Tuesday.", today=TODAY)
    assert got.status is None or got.confidence < ASK_BELOW


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("payroll checks done mon", ("complete", "2006-06-12", None)),
        ("risk register finished tues", ("complete", "2006-06-13", None)),
        ("CCTV review finished on weds", ("complete", "2006-06-07", None)),
        ("leaflets all sent out yday", ("complete", "2006-06-13", None)),
        ("all done, signed off last fri", ("complete", "2006-06-09", None)),
        ("audit done 3 wks ago", ("complete", "2006-05-24", None)),
        ("on track, will have the draft done by fri", ("in_progress", None, "2006-06-16")),
        ("on track, done by thurs", ("in_progress", None, "2006-06-15")),
        ("new rota will be done by tmrw", ("in_progress", None, "2006-06-15")),
        ("survey shd be finished in 2 wks", ("in_progress", None, "2006-06-28")),
        ("slipped, now end of mth", ("delayed", None, "2006-06-30")),
        ("running late, now expected next wk", ("delayed", None, "2006-06-19")),
    ],
)
def test_chat_shorthand_for_days_weeks_and_months_reads_like_the_words_in_full(
    text: str, expected: tuple[str, str | None, str | None]
) -> None:
    """Phone replies: lower-case short weekdays after a word that makes them days ("done mon", "by
    fri", "last fri"), "yday"/"yest"/"tmrw", and "wk"/"wks"/"mth" for week and month."""
    assert read(text) == expected


@pytest.mark.parametrize(
    "text", ["fri meeting cancelled, still on track", "we plan to wed the two databases", "c'mon, nearly there"]
)
def test_a_lower_case_short_weekday_with_no_word_making_it_a_day_is_not_a_date(text: str) -> None:
    _, completed_on, expected_by = read(text)
    assert (completed_on, expected_by) == (None, None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("on schedule, shd be signed off end of jun", ("in_progress", None, "2006-06-30")),
        ("shd have it done by mon", ("in_progress", None, "2006-06-19")),
        ("ETA 3 wks for the final draft", ("in_progress", None, "2006-07-05")),
        ("protocol agreed by the board last night", ("complete", "2006-06-13", None)),
        ("will come back to u tmrw on this one", (None, None, None)),
        ("all finished b4 xmas, last bits signed off 21 dec", ("complete", "2005-12-21", None)),
    ],
)
def test_chat_spellings_of_the_small_words_around_a_date_read_like_them(
    text: str, expected: tuple[str | None, str | None, str | None]
) -> None:
    """"shd" is "should", "u" is "you"; "ETA" before a length of time is a promise like "in"; "last
    night" is yesterday."""
    assert read(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Slipped to May.", "2007-05"),  # May ended a fortnight ago: the new date is next May
        ("Postponed until April.", "2007-04"),
        ("Had to push it out to May.", "2007-05"),
        ("Slipped to June.", "2006-06"),  # this month has not ended
        ("Deferred to May next year.", "2007-05"),
        ("Now expected end of March next year.", "2007-03-31"),
    ],
)
def test_a_date_the_work_is_moved_to_lies_ahead(text: str, expected: str) -> None:
    """A month that has already ended is never the new date of a delay, even inside the fortnight
    a due date is given ("due end of May" on 14 June is still May, and overdue)."""
    assert read(text) == ("delayed", None, expected)


def test_a_month_with_this_or_last_year_is_read_in_that_year() -> None:
    assert read("Completed in March this year.") == ("complete", "2006-03", None)
    assert read("Done in May last year.") == ("complete", "2005-05", None)
    assert read("Due end of May.")[2] == "2006-05-31"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("all done, leaflets delivered to every house fri", ("complete", "2006-06-09", None)),
        ("complete - new policy issued to managers mon", ("complete", "2006-06-12", None)),
        ("all sorted, posted the packs thurs.", ("complete", "2006-06-08", None)),
    ],
)
def test_a_lower_case_short_weekday_ending_its_clause_is_a_day(
    text: str, expected: tuple[str, str | None, str | None]
) -> None:
    assert read(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Sorry, not had a chance to find out from the contractor yet, will chase",
        "I haven't had time to check where this one is - can I come back to you?",
    ],
)
def test_no_chance_to_find_out_where_the_work_is_says_nothing_of_the_work(text: str) -> None:
    """Not having had a chance to check on the work is a note that the update will follow; not
    having had a chance to look at the work itself is not starting it."""
    assert read(text) == (None, None, None)
    assert read("haven't had a chance to look at it yet")[0] == "not_started"


@pytest.mark.parametrize(
    "text",
    [
        "The training programme is complete - 45 of the 50 staff attended.",
        "Pubwatch relaunch done, 22 of 25 pubs signed up on the night.",
        "All done - 18 of 20 schools have registered.",
    ],
)
def test_a_count_of_who_took_part_after_a_clear_done_is_take_up_not_progress(text: str) -> None:
    got = extract(text, today=TODAY)
    assert (got.status, got.percent_complete) == ("complete", 100)


@pytest.mark.parametrize(
    ("text", "percent"),
    [
        ("Done 9 of 12 schools signed up", 75),  # the count is the work done
        ("14 of the 18 members have now completed the induction programme", 78),
        ("Phase 1 complete, 3 of 5 sites done.", 60),
    ],
)
def test_a_count_of_the_work_itself_stays_the_share_done(text: str, percent: int) -> None:
    got = extract(text, today=TODAY)
    assert (got.status, got.percent_complete) == ("in_progress", percent)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("All three audits finished, nothing outstanding.", ("complete", None, None)),
        ("Not started - the wardens can't begin until the parish council agrees the routes.", ("blocked", None, None)),
        ("Leaflet is written but we can't print it as the funding hasn't come through.", ("blocked", None, None)),
        ("behind - will be sept now", ("delayed", None, "2006-09")),
        ("Not started - it is not in our work programme until April.", ("not_started", None, "2007-04")),
        # notes that the update is elsewhere: covering for someone, a query sent on
        ("Hi, I'm covering for Sam this week and don't know where she had got to with this. She's back Monday.",
         (None, None, None)),
        ("I think this query should go to the housing trust - the scheme moved to them in April.", (None, None, None)),
    ],
)
def test_unseen13_families(text: str, expected: tuple[str | None, str | None, str | None]) -> None:
    """"Nothing outstanding" is done; "can't begin until" another body agrees, or money that "hasn't
    come through", is a wait (a date after "until" is a plan); a lower-case month before "now" is
    the new date; work moved "to them" went to someone, not to a time."""
    assert read(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3.2 complete 2/3.", ("complete", 100, "2006-03-02")),  # a finish with its day
        ("signed off 1/4", ("complete", 100, "2006-04-01")),
        ("done 2/3 of the home visits", ("in_progress", 67, None)),  # a fraction of the things done
        ("done 3/4 of them", ("in_progress", 75, None)),
        ("about 1/3 done", ("in_progress", 33, None)),
    ],
)
def test_a_small_day_and_month_after_a_finish_is_a_day_unless_it_is_a_fraction_of_something(
    text: str, expected: tuple[str, int, str | None]
) -> None:
    got = extract(text, today=TODAY)
    assert (got.status, got.percent_complete, got.completed_on) == expected


@pytest.mark.parametrize(
    ("text", "done"),
    [
        ("Achieved. Policy adopted by Full Council 24/7", "2005-07-24"),  # a finish told with "24/7"
        ("Approved by Cabinet 3/4.", "2006-04-03"),
        ("Complete 1/3", "2006-03-01"),
    ],
)
def test_a_finish_told_by_a_body_with_a_short_date_is_finished_that_day(text: str, done: str) -> None:
    assert read(text) == ("complete", done, None)


def test_twenty_four_seven_alone_is_a_phrase_and_an_update_after_a_call_is_a_note() -> None:
    assert read("helpline now open 24/7, all done") == ("complete", None, None)
    assert read("Sorry, I can't give you an update until I've spoken to Finance on Friday.") == (None, None, None)
