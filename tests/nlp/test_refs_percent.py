"""Action references and progress figures on their own."""

from datetime import date

import pytest

from nlp import extract
from nlp.percent import find_percent
from nlp.refs import find_refs, group_refs


@pytest.mark.parametrize(
    ("text", "refs"),
    [
        ("7.2 a) and b) done", ["7.2a", "7.2b"]),
        ("7.2(a), (b) and (c)", ["7.2a", "7.2b", "7.2c"]),
        ("see 7.2a and 7.2(b)", ["7.2a", "7.2b"]),
        ("Re 3.1: complete", ["3.1"]),
        ("Action 6.1 is finished", ["6.1"]),
        ("Item 1.2.3 ongoing", ["1.2.3"]),
        ("5a 1 completed", ["5a.1"]),
        ("5a.1 completed", ["5a.1"]),
        ("Recommendation 3 – work continues", ["3"]),
        ("10.2 delayed to Sept 06", ["10.2"]),
        ("10.100 is 66% complete.", ["10.100"]),  # a large section's hundredth action
        ("Actions 12.98-12.100 complete", ["12.98", "12.99", "12.100"]),
        ("Actions 3.1-3.4 complete", ["3.1", "3.2", "3.3", "3.4"]),
        ("3.1 to 3.3 on hold", ["3.1", "3.2", "3.3"]),
        ("Corporate Plan 2008-11; Forward Delivery Plan 2006-07", []),
        ("9.03 FTE days, 16.8 days, 2.5 FTE, 78.86 %, £3.5m, 45 EIAs, BVPI 157, Level 2", []),
        ("2 additional workers; 3 of 4 workshops", []),
        ("meeting at 10.30 on Monday; scored 3.5 overall", []),
    ],
)
def test_references_are_found_and_normalised(text: str, refs: list[str]) -> None:
    assert [r.ref for r in find_refs(text)] == refs


def test_references_never_start_inside_a_date() -> None:
    text = "Agreed 10.02.06 and 7.2 done"
    assert [r.ref for r in find_refs(text, blocked=[(7, 15)])] == ["7.2"]


def test_reply_is_split_so_each_group_owns_its_words() -> None:
    text = "Hi Sue, 4.1 complete. 4.2 and 4.3 ongoing."
    groups = group_refs(text, find_refs(text))
    assert [[r.ref for r in g.refs] for g in groups] == [["4.1"], ["4.2", "4.3"]]
    assert text[groups[0].start : groups[0].end] == "Hi Sue, 4.1 complete. "
    assert text[groups[1].start : groups[1].end] == "4.2 and 4.3 ongoing."


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("About 70%", 70),
        ("roughly 20 per cent done", 20),
        ("half done", 50),
        ("Half of the work is done", 50),
        ("about halfway", 50),
        ("three quarters of the way there", 75),
        ("a quarter done", 25),
        ("two thirds done", 67),
        ("3 of 4 workshops held", 75),
        ("2 out of 4 sessions delivered", 50),
        ("one of three sites live", 33),
        ("~75% done", 75),
        ("100% complete", 100),
        ("Completed 10 of 14 reviews", 71),
        ("Trained 20 of 25 staff", 80),
        ("Two of the three reports drafted", 67),
        ("all but one of the 6 workshops have been held", 83),
        ("75% of the audits done", 75),
        ("About 40% of the files have been reviewed", 40),
        ("Sixty per cent complete", 60),
        ("about seventy-five percent done", 75),
        ("c.70% complete", 70),
        ("around the 50% mark", 50),
        ("one in four schools visited so far", 25),
        ("10 of the 12 plans are in", 83),
        ("7 posts out of 9 filled", 78),
        ("Phase 1 done (about 40% of the whole)", 40),
        ("Over 50% of the actions in the plan have been completed", 50),
        ("All but 10% of files now scanned", 90),
        ("Most teams trained (7 of 10)", 70),
        ("Completed: 4 out of 5", 80),
        ("Roughly 2 thirds done", 67),
        ("We are 2/3rds through", 67),
        ("3 quarters done", 75),
        # issue 17, fourth pass: larger counts, where the work was done, adoption, a figure beside words
        ("1,450 of the 5,800 meters replaced", 25),
        ("Asbestos surveys done for 120 of 160 blocks", 75),
        ("New signage installed at 9 of the 12 car parks", 75),
        ("Smart boards fitted in 30 of 40 classrooms", 75),
        ("4 of the 5 area teams are using the new triage form", 80),
        ("Around 90% of case files are across to the new system", 90),
        ("A little over half way, say 60%", 60),
    ],
)
def test_progress_figures(text: str, value: int) -> None:
    found = find_percent(text)
    assert found is not None and found.value == value
    assert text[found.start : found.end] == found.text


@pytest.mark.parametrize(
    "text",
    [
        "Assessment rate of 70% maintained",
        "70% plus return on investment over 5 years",
        "We have reduced sickness absence by 10% so far",
        "Year 4 of 5 year rolling programme completed",
        "• 235 • 78.86 %",
        "Target of 70% of staff trained by March",
        "reduction in waiting list from 7,500 to 5,250 applicants",
        "3 of 4 indicators improved",
        "2 of the 3 options rejected",
        "Increase of 20% in referrals",
        "Aim is 75% by 2008",
        "NI 195 at 85%",
        "30% of staff responded to the survey",
        "Figures for Q4 show 92% of assessments completed within timescale",
        "In 2006, 12 of 2,000 complaints were upheld",
        "The 1,200 of 2006 were a record",
    ],
)
def test_measures_are_not_progress(text: str) -> None:
    assert find_percent(text) is None


@pytest.mark.parametrize(
    ("text", "value"),
    [("The debt policy is 3/4 drafted.", 75), ("5 of 8 plans have been quality-checked", 63),
     ("2.4 - 40% (two depots left)", 40), ("1.7 - 45% too", 45)],
)
def test_progress_figures_fourth_pass(text: str, value: int) -> None:
    found = find_percent(text)
    assert found is not None and found.value == value


@pytest.mark.parametrize(
    ("text", "value"),
    [("half the depots surveyed", 50), ("16/20 staff trained", 80), ("16 / 20 trained", 80)],
)
def test_more_shares_of_the_work(text: str, value: int) -> None:
    found = find_percent(text)
    assert found is not None and found.value == value


@pytest.mark.parametrize(
    "text", ["94% of calls answered in 20 seconds", "88% of letters answered in 10 working days", "uptake 40%",
             "coverage now 65%"],
)
def test_performance_shares_are_not_progress(text: str) -> None:
    assert find_percent(text) is None


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Mostly delivered - 3 of 4 depots", 75),  # the done word, a dash, then the count
        ("7 of the 10 hubs now open", 70),  # "now open", "now running", "now using": the work is in place
        ("two of five libraries now running the scheme", 40),
        ("The new form is in use in three wards out of four", 75),
        ("We carried out the fire risk checks at 9 of our 12 sheltered schemes", 75),  # done, what, where
    ],
)
def test_shares_told_after_what_was_done(text: str, value: int) -> None:
    found = find_percent(text)
    assert found is not None and found.value == value


@pytest.mark.parametrize(
    "text",
    ["Noted the concerns in 2 of the 3 reports", "2 of 4 vacancies open", "Item 4 of 6 sites",
     "Discussed the options at 3 of the 5 meetings"],
)
def test_counts_that_are_not_shares_of_the_work(text: str) -> None:
    assert find_percent(text) is None


@pytest.mark.parametrize(
    ("text", "refs"),
    [
        ("4.3 a – signed off. 4.3 b – slipped.", ["4.3a", "4.3b"]),  # a letter after a space, then a dash
        ("2.2 a and 2.2 c both on hold", ["2.2a", "2.2c"]),
        ("9.1 d: no change", ["9.1d"]),
        ("Re 1.4 a - finished last week", ["1.4a"]),
        ("3.6 a new panel is in place", ["3.6"]),  # "a" as the article
        ("5.5 a lot still to do", ["5.5"]),
        ("call me after 11.30 a.m.", []),
    ],
)
def test_a_part_letter_after_a_space(text: str, refs: list[str]) -> None:
    assert [r.ref for r in find_refs(text)] == refs


def test_a_month_ending_a_sentence_is_not_the_day_of_the_next_ref() -> None:
    # "since March. 2b.3 ...": 2b.3 is the next action, not 2 March
    got = extract("2b.2 live since March. 2b.3 - still with the supplier.", today=date(2006, 10, 18))
    assert [(a.ref, a.status) for a in got.actions] == [("2b.2", "complete"), ("2b.3", "blocked")]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("14 of 20 social workers have had the new induction", 70),  # "have had"
        ("3 out of 4 depots now using the new rota", 75),  # "now using"
        ("first 3 of 5 groups through the course", 60),  # "through"
        ("Thirteen of the twenty schools have signed the compact", 65),  # number words past twelve
        ("we have run 9 of the planned 12 drop-in sessions", 75),  # "the planned 12"
        ("surveys back from all but two of the 10 wards", 80),  # "back from all but"
        ("finished visits to six of the eight homes", 75),  # done, what, "to", the count
        ("27 of the 30 bus shelters along the ring road corridor are complete", 90),  # a long noun phrase
        ("inspected 45 play areas, 15 more to go", 75),  # done and left
        ("8 done, 2 left", 80),
        ("2 of 5 milestones met", 40),
        ("abt 30% thru the stock condition survey", 30),
        ("3 of 12 surgeries have the new screens in", 25),
        ("9 wards done out of 12", 75),
        ("it is running in 3 of the 6 localities", 50),
        ("we have installed alarms in 40 of the 50 flats", 80),
        ("around 20 per cent of the new clubs are up and running", 20),
        ("4.2a and 4.2b - 30% each", 30),
        ("repairs backlog down from 40 to 10 - 75% cleared", 75),
        ("we've got 6 out of 8 returns in", 75),
        ("half the play area fences repainted so far", 50),  # three words between "half the" and the verb
        ("abt 1/3 thru the records audit", 33),
        ("The falls service roll-out is at 70%. Uptake among over-75s is 12%.", 70),  # the measure: next sentence
    ],
)
def test_counts_of_the_work_in_more_shapes(text: str, value: int) -> None:
    found = find_percent(text)
    assert found is not None and found.value == value


@pytest.mark.parametrize(
    "text",
    [
        "2 of the 4 posts are still vacant",
        "3 of the 6 partners have not replied",
        "5 sessions, 2 to go",  # nothing said to be done
        "return rate only 41% so far",  # a measure, even with "so far"
        "satisfaction with repairs 72%, was 65% last year",  # the second figure is the same measure's
        "target is 85% of calls answered, we are at 79%",
        "Collection rates are running at 96%.",
        "one of the two shortlisted bidders withdrew",
        "The outcome measure (75% of tenancies sustained) stays",
        "Target 90%; currently at 84% and rising.",  # a semicolon does not end the measure's sentence
    ],
)
def test_counts_and_figures_that_are_not_progress(text: str) -> None:
    assert find_percent(text) is None


def test_a_figure_told_as_progress_beside_a_measure() -> None:
    found = find_percent("Target 90% by March; the audit is 60% complete")
    assert found is not None and found.value == 60


@pytest.mark.parametrize(
    ("text", "refs"),
    [
        ("6.3 a moved to June, and 6.3 b is on hold", ["6.3a", "6.3b"]),  # part b named: "a" is part a
        ("6.3 a new lead is in post", ["6.3"]),  # no part b: the article
    ],
)
def test_part_a_when_part_b_is_named(text: str, refs: list[str]) -> None:
    assert [r.ref for r in find_refs(text)] == refs


def test_a_ref_named_again_starts_its_own_part() -> None:
    text = "Update on 2.5 and 2.6 - 2.5 is finished. 2.6 is on hold until the budget is set."
    got = extract(text, today=date(2007, 2, 20))
    assert [(a.ref, a.status) for a in got.actions] == [("2.5", "complete"), ("2.6", "blocked")]


def test_bare_letters_after_the_parts_are_named_are_those_parts_again() -> None:
    got = extract("Re 4.1 (a) and 4.1 (b): (a) complete, (b) slipped to May", today=date(2006, 6, 14))
    assert [(a.ref, a.status, a.expected_by) for a in got.actions] == [
        ("4.1a", "complete", None), ("4.1b", "delayed", "2007-05")]
    got = extract("Re 2.3 a), 2.3 b) and 2.3 c): a) is done, b) and c) on hold until the budget is set",
                  today=date(2006, 6, 14))
    assert [(a.ref, a.status) for a in got.actions] == [("2.3a", "complete"), ("2.3b", "blocked"), ("2.3c", "blocked")]
