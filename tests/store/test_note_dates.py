"""An imported progress note is read as of the document's date, and mostly tells of the past."""

from datetime import date

import pytest

from nlp import extract
from store.importers.status import expected_in_note, initial_state

NOTE_8_1 = (
    "Y1&2 training given and documentation produced Training delivered to service managers who are due to "
    "undertake a Equality Impact Assessment Y3 April 11 th & 12 th"
)


def test_an_event_without_a_year_in_a_note_is_not_an_expected_date_a_year_on() -> None:
    written = date(2006, 6, 13)
    assert extract(NOTE_8_1, today=written).expected_by == "2007-04-11"  # what the reader alone makes of it
    state = initial_state(progress=NOTE_8_1, status_cell="", rag_cell="", face_cell="", today=written)
    assert state.expected_by is None


@pytest.mark.parametrize(
    ("note", "written", "expected"),
    [
        ("Due to finish in January", date(2006, 11, 1), date(2007, 1, 31)),  # two months on: still ahead
        ("Now expected by 10 August", date(2006, 6, 13), date(2006, 8, 10)),
        ("Revised date March 2007", date(2006, 6, 13), date(2007, 3, 31)),  # a year written
        ("Due by end Feb 07", date(2006, 6, 13), date(2007, 2, 28)),
        ("Slipped - now expected April 11th", date(2006, 3, 1), date(2006, 4, 11)),
    ],
)
def test_expected_dates_ahead_of_the_document_stand(note: str, written: date, expected: date) -> None:
    assert expected_in_note(extract(note, today=written), document_date=written) == expected


@pytest.mark.parametrize(
    "note",
    [
        "Managers briefed; staff who are due to attend the refresher sessions on March 2nd & 3rd",
        "Pilot groups expected to meet February 14th and 15th",
    ],
)
def test_a_yearless_event_before_the_document_is_not_carried_into_next_year(note: str) -> None:
    written = date(2006, 6, 13)
    got = extract(note, today=written)
    assert expected_in_note(got, document_date=written) is None
    state = initial_state(progress=note, status_cell="", rag_cell="", face_cell="", today=written)
    assert state.expected_by is None
