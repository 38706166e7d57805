"""The people CSV: checked row by row, stored all or nothing, glossary placeholders merged."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from store.errors import ImportFileError
from store.importers import import_people_csv, import_plan_file
from store.models import Person
from store.repository import action_people, actions_for_person, find_person, plan_actions, plan_by_name
from tests.store.conftest import NOW, SEED_000, actions_of

HEADER = "name,aliases,role,email,slack_id,teams_id,telegram_id,channel,timezone,roles\n"
PEOPLE = HEADER + (
    "Sue Fiennes,SF;DoCS,Director of Children's Services,sue.fiennes@herefordshire.gov.uk,U024BE7LH,,,slack,,"
    "lead;director\n"
    "Jane Jones,DoCCS,Director of Corporate & Customer Services,jane.jones@herefordshire.gov.uk,,,,email,"
    "Europe/London,lead\n"
    "Neil Pringle,CE,Chief Executive,neil.pringle@herefordshire.gov.uk,,,12345,telegram,,chief_executive\n"
    "Chris Coordinator,,Policy Officer,chris@herefordshire.gov.uk,,,,,,coordinator\n"
)


def _write(tmp_path: Path, text: str, name: str = "people.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_people_take_over_glossary_placeholders(engine: Engine, tmp_path: Path) -> None:
    import_plan_file(engine=engine, path=SEED_000, plan_name="overall", now=NOW)
    result = import_people_csv(engine=engine, path=_write(tmp_path, PEOPLE), now=NOW)
    assert result.summary() == (
        "imported 4 people from people.csv (4 new, 0 updated); 3 glossary placeholders merged into real people"
    )
    actions = actions_of(engine, "overall")
    with Session(engine) as session:
        jane = find_person(session, query="doccs")
        assert jane is not None and jane.name == "Jane Jones" and not jane.placeholder
        assert find_person(session, query="Director of Corporate & Customer Services") is jane
        assert [(p.name, role) for p, role in action_people(session, action_id=actions["1.1"].id)] == [
            ("Jane Jones", "lead"),
            ("Head of Information, Technology & Customer Services", "major"),
        ]
        assert [(p.name, role) for p, role in action_people(session, action_id=actions["7.3"].id)] == [
            ("Sue Fiennes", "lead")
        ]
        sue = find_person(session, query="sue.fiennes@HEREFORDSHIRE.gov.uk")
        assert sue is not None and sue.channel == "slack" and sue.roles == ["lead", "director"]
        assert sue.timezone == "Europe/London" and sue.slack_id == "U024BE7LH"
        placeholders = session.exec(select(Person).where(Person.placeholder)).all()
        assert "Director of Corporate & Customer Services" not in {p.name for p in placeholders}
        led = actions_for_person(session, person_id=jane.id, roles=("lead",))
        expected = [
            a.ref
            for a in plan_actions(session, plan_id=actions["1.1"].plan_id)
            # the glossary names the same director "DoCCS" and "DCCS" (1.5: "DCCS, HITCS")
            if a.lead_text.startswith(("DoCCS", "DCCS")) and a.status != "complete"
        ]
        assert [a.ref for a in led] == expected and "1.3" in expected  # open ones, in plan order
        assert "1.1" not in expected  # "Achieved: Project Board approval 14/02/06": complete
        every = actions_for_person(session, person_id=jane.id, open_only=False)
        assert len(every) > len(led)


def test_people_import_of_an_unchanged_file_says_nothing_changed(engine: Engine, tmp_path: Path) -> None:
    import_people_csv(engine=engine, path=_write(tmp_path, PEOPLE), now=NOW)
    again = import_people_csv(engine=engine, path=_write(tmp_path, PEOPLE), now=NOW)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 4)
    assert again.summary() == "read 4 people from people.csv: nothing changed, all as in the file already"
    one_moved = PEOPLE.replace("Europe/London,lead\n", "America/New_York,lead\n", 1)
    assert one_moved != PEOPLE
    moved = import_people_csv(engine=engine, path=_write(tmp_path, one_moved), now=NOW)
    assert moved.summary() == "imported 1 people from people.csv (0 new, 1 updated, 3 unchanged)"


def test_people_import_updates_by_name(engine: Engine, tmp_path: Path) -> None:
    import_people_csv(engine=engine, path=_write(tmp_path, PEOPLE), now=NOW)
    changed = PEOPLE.replace("Europe/London,lead\n", "America/New_York,lead;coordinator\n")
    result = import_people_csv(engine=engine, path=_write(tmp_path, changed), now=NOW)
    assert (result.created, result.updated, result.unchanged) == (0, 1, 3)  # only Jane's row changed
    with Session(engine) as session:
        jane = find_person(session, query="Jane Jones")
        assert jane is not None and jane.timezone == "America/New_York" and jane.roles == ["lead", "coordinator"]
        assert session.exec(select(func.count()).select_from(Person)).one() == 4


@pytest.mark.parametrize(
    ("row", "where", "problem"),
    [
        (",SF,Director,sf@example.org,,,,email,,lead", "row 3, field 'name'", "the name is empty"),
        ("Ann Other,,,not-an-email,,,,,,", "row 3, field 'email'", "'not-an-email' is not an email address"),
        ("Ann Other,,,,,,,pigeon,,", "row 3, field 'channel'", "unknown channel 'pigeon'"),
        ("Ann Other,,,,,,,,Mars/Olympus,", "row 3, field 'timezone'", "unknown time zone 'Mars/Olympus'"),
        ("Ann Other,,,,,,,,,lead;boss", "row 3, field 'roles'", "unknown role 'boss'"),
        ("Bob Smith,,,,,,,,,", "row 3, field 'name'", "'Bob Smith' is listed twice, at rows 2 and 3"),
    ],
)
def test_bad_rows_name_file_row_and_field(engine: Engine, tmp_path: Path, row: str, where: str, problem: str) -> None:
    path = _write(tmp_path, HEADER + "Bob Smith,,,bob@example.org,,,,,,\n" + row + "\n")
    with pytest.raises(ImportFileError) as raised:
        import_people_csv(engine=engine, path=path, now=NOW)
    assert str(raised.value).startswith(f"people.csv, {where}: {problem}")
    with Session(engine) as session:  # nothing written, not even the good first row
        assert session.exec(select(func.count()).select_from(Person)).one() == 0


def test_bad_headers(engine: Engine, tmp_path: Path) -> None:
    with pytest.raises(ImportFileError, match=r"people.csv, row 1: unknown column 'phone'"):
        import_people_csv(engine=engine, path=_write(tmp_path, "name,phone\nA B,123\n"), now=NOW)
    with pytest.raises(ImportFileError, match=r"people.txt: the people file must be a .csv"):
        import_people_csv(engine=engine, path=_write(tmp_path, HEADER, "people.txt"), now=NOW)


def test_repository_queries(engine: Engine, tmp_path: Path) -> None:
    import_plan_file(engine=engine, path=SEED_000, plan_name="Overall", now=NOW)
    import_people_csv(engine=engine, path=_write(tmp_path, PEOPLE), now=NOW)
    with Session(engine) as session:
        plan = plan_by_name(session, name="overall")
        assert plan is not None and plan.name == "Overall"
        assert plan_by_name(session, name="nope") is None
        refs = [a.ref for a in plan_actions(session, plan_id=plan.id)]
        assert refs[:4] == ["1.1", "1.2", "1.3", "1.4"] and refs.index("5a.1") < refs.index("5b.1") < refs.index("6.1")
        assert refs.index("7.2") < refs.index("7.2a") < refs.index("7.3")
        chief = find_person(session, query="chief executive")
        assert chief is not None and chief.name == "Neil Pringle"
        assert find_person(session, query="ce") is chief and find_person(session, query="  ") is None
