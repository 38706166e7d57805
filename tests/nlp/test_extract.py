"""``nlp.extract`` on the replies the issue names, and the importer's progress texts."""

from datetime import date

import pytest

from nlp import ActionExtraction, Extraction, extract
from nlp.extraction import ASK_BELOW

TODAY = date(2006, 6, 14)  # a Wednesday


def test_issue_examples() -> None:
    got = extract(
        "Draft done 18th February … LSCB agreed revised threshold criteria 27 02 06 Completed", today=TODAY
    )
    assert (got.status, got.completed_on, got.percent_complete) == ("complete", "2006-02-27", 100)

    got = extract(
        "Voice mail pilot has completed, but roll-out has been delayed – revised date of July 2006",
        today=TODAY,
    )
    assert (got.status, got.expected_by) == ("delayed", "2006-07")

    got = extract("about 70% through, should wrap up by end of next month", today=TODAY)
    assert (got.status, got.percent_complete, got.expected_by) == ("in_progress", 70, "2006-07-31")


def test_each_action_gets_its_own_fields() -> None:
    got = extract(
        "7.2 a) and b) done. 7.2 e) still waiting on the consultancy – end of August now", today=TODAY
    )
    by_ref = {a.ref: a for a in got.actions}
    assert list(by_ref) == ["7.2a", "7.2b", "7.2e"]
    assert by_ref["7.2a"].status == by_ref["7.2b"].status == "complete"
    assert (by_ref["7.2e"].status, by_ref["7.2e"].expected_by) == ("blocked", "2006-08-31")
    assert "consultancy" in by_ref["7.2e"].text and "consultancy" not in by_ref["7.2a"].text
    assert got.status == "blocked"  # the reply as a whole: the part that needs attention leads


@pytest.mark.parametrize(
    ("text", "refs"),
    [
        ("Re 3.1: complete.", ["3.1"]),
        ("Action 6.1 is finished.", ["6.1"]),
        ("5a 1 done.", ["5a.1"]),
        ("1.3 & 1.4 done", ["1.3", "1.4"]),
        ("Re 3.2 a): on hold", ["3.2a"]),
        ("9.03 FTE days lost; 45 EIAs; BVPI 157", []),
    ],
)
def test_action_references(text: str, refs: list[str]) -> None:
    assert [a.ref for a in extract(text, today=TODAY).actions] == refs


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("Achieved on Schedule", "complete"),
        ("Dependent on OJEU procurement and partner(s)/solution(s) selected.", "blocked"),
        ("Draft strategy has been prepared and being finalised", "in_progress"),
        (
            "Cabinet did not take report on 20 th April as planned. "
            "Paper now to be submitted to Cabinet on 25 th May.",
            "delayed",
        ),
        ("Awaiting sign-off", "blocked"),
        ("On hold", "blocked"),
        ("Slipped to September", "delayed"),
        ("We're behind on this one", "delayed"),
        ("Not complete yet", "in_progress"),
        ("No longer delayed – back on track", "in_progress"),
        ("Was delayed but is now complete", "complete"),
        ("Not started yet", "not_started"),
        ("3 of 4 workshops held", "in_progress"),
        ("Working group established to develop the strategy.", "in_progress"),
        ("Guidance issued to staff.", "complete"),
    ],
)
def test_status(text: str, status: str) -> None:
    assert extract(text, today=TODAY).status == status


@pytest.mark.parametrize(
    "text", ["No change", "Nothing to report at this time", "skip", "As before.", "no update"]
)
def test_no_change_is_not_evidence_of_completion(text: str) -> None:
    got = extract(text, today=TODAY)
    assert got.no_change is True
    assert got.status is None and got.completed_on is None and got.percent_complete is None


@pytest.mark.parametrize(
    ("text", "percent"),
    [
        ("About 70%", 70),
        ("half done", 50),
        ("3 of 4 workshops held", 75),
        ("three quarters there", 75),
        ("Done", 100),
    ],
)
def test_percent(text: str, percent: int) -> None:
    assert extract(text, today=TODAY).percent_complete == percent


def test_measures_are_not_progress_and_numbers_are_not_dates() -> None:
    got = extract(
        "Assessment rate of 70% maintained; 45 EIAs; Corporate Plan 2008-11; 9.03 FTE days", today=TODAY
    )
    assert got.percent_complete is None
    assert got.dates == ()


@pytest.mark.parametrize(
    ("text", "field", "value"),
    [
        ("Signed off on Monday.", "completed_on", "2006-06-12"),
        ("Finished on 14th March.", "completed_on", "2006-03-14"),
        ("Due to finish by 14th March.", "expected_by", "2007-03-14"),
        ("Launch now w/c 26 June.", "expected_by", "2006-06-26"),
        ("Should be done in two weeks.", "expected_by", "2006-06-28"),
        ("You'll have it by close of play Friday.", "expected_by", "2006-06-16"),
        ("Now promised before the end of June.", "expected_by", "2006-06-30"),
        ("Done by 07. 03. 06", "completed_on", "2006-03-07"),
    ],
)
def test_dates_take_their_direction_from_the_words(text: str, field: str, value: str) -> None:
    assert getattr(extract(text, today=TODAY), field) == value


def test_evidence_points_into_the_text() -> None:
    text = "Hi Sue, about 70% done; revised date 30/09/06. Thanks"
    got = extract(text, today=TODAY)
    assert got.status == "delayed" and got.expected_by == "2006-09-30"
    fields = {e.field for e in got.evidence}
    assert {"status", "percent_complete", "expected_by"} <= fields
    for evidence in got.evidence:
        assert text[evidence.start : evidence.end] == evidence.text


def test_confidence_is_lower_when_cues_conflict_or_are_absent() -> None:
    clear = extract("Completed 28 02 06", today=TODAY).confidence
    conflicting = extract("Completed the draft but the launch is delayed", today=TODAY).confidence
    unclear = extract("Spoke to Jim about it.", today=TODAY).confidence
    # both doubtful readings are asked about; which of the two ranks lower is not a promise
    assert clear >= ASK_BELOW > max(conflicting, unclear)


def test_html_from_pasted_plan_cells_is_ignored() -> None:
    got = extract("<p>Achieved on Schedule</p> <p>Nothing to report at this time</p>", today=TODAY)
    assert got.status == "complete"


def test_result_types_and_json_shape() -> None:
    got = extract("Action 6.1 complete 12/06/06", today=TODAY)
    assert isinstance(got, Extraction) and isinstance(got.actions[0], ActionExtraction)
    assert got.to_json(id="r1") == {
        "id": "r1",
        "status": "complete",
        "percent_complete": 100,
        "completed_on": "2006-06-12",
        "expected_by": None,
        "dates": ["2006-06-12"],
        "actions": [
            {
                "ref": "6.1",
                "status": "complete",
                "percent_complete": 100,
                "completed_on": "2006-06-12",
                "expected_by": None,
            }
        ],
        "confidence": got.to_json()["confidence"],
    }


def test_empty_and_odd_input_does_not_crash() -> None:
    for text in ["", "   ", "???", "😀", "<p></p>", "7.2", "a" * 5000]:
        assert isinstance(extract(text, today=TODAY), Extraction)


def test_quoted_request_is_not_read_as_the_reply() -> None:
    text = (
        "All done, signed off 12/06/06.\n\nThanks, Jo\n\n"
        "On 1 June 2006, Chaser wrote:\n> Please update action 7.4, due 30 June 2006.\n"
    )
    got = extract(text, today=TODAY)
    assert (got.status, got.completed_on, got.dates, got.actions) == (
        "complete",
        "2006-06-12",
        ("2006-06-12",),
        (),
    )
    outlook = (
        "Slipped to September.\n-----Original Message-----\nFrom: Chaser\nSent: 01 June 2006\nAction 7.4"
    )
    got = extract(outlook, today=TODAY)
    assert (got.status, got.expected_by, got.actions) == ("delayed", "2006-09", ())
