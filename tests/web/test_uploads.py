"""Uploading a plan or people: checks, the importer's one-line error, a preview that writes nothing, then confirm."""

from __future__ import annotations

from sqlmodel import Session, func, select

from store.models import Action, ChangeLog, Person, Plan
from tests.web.conftest import csrf_of, sign_in

CAROL = "carol.cole@council.example"
HEADER = "section,section_title,ref,action,lead,due,status\n"
GOOD = HEADER + ("1,Leadership,1.1,Appoint a permanent Director,Alice Adams,March 2006,in_progress\n"
                 "1,Leadership,1.2,Agree the budget,Bob Brown,June 2006,not_started\n")
BAD_ROW = HEADER + ("1,Leadership,1.1,Appoint a permanent Director,Alice Adams,March 2006,in_progress\n"
                    "1,Leadership,1.2,,Bob Brown,June 2006,not_started\n")


def upload(client, kind: str, name: str, data: bytes, **fields: str):
    page = client.get(f"/upload/{kind}")
    return client.post(f"/upload/{kind}", data={"csrf_token": csrf_of(page.text), **fields},
                       files={"file": (name, data, "application/octet-stream")})


def tally(engine) -> tuple[int, int, int]:
    with Session(engine) as s:
        return tuple(s.exec(select(func.count()).select_from(t)).one() for t in (Plan, Action, ChangeLog))  # type: ignore[return-value]


def test_a_bad_row_shows_the_importers_error_and_writes_nothing(client, chaser, world):
    sign_in(client, chaser, CAROL)
    before = tally(chaser.engine)
    bad = upload(client, "plan", "plan.csv", BAD_ROW.encode(), plan_name="budget")
    assert bad.status_code == 400
    assert "plan.csv, row 3, field &#39;action&#39;: the row has no action text" in bad.text
    assert "Nothing was saved" in bad.text and tally(chaser.engine) == before


def test_the_preview_shows_the_importers_notes(client, chaser, world):
    sign_in(client, chaser, CAROL)
    odd = GOOD.replace("June 2006", "31/13/2006")
    preview = upload(client, "plan", "plan.csv", odd.encode(), plan_name="budget")
    assert preview.status_code == 200 and "<h2>Notes</h2>" in preview.text
    assert "row 3, due: &#39;31/13/2006&#39; is not a date; 1.2 is kept with no due date" in preview.text


def test_a_title_given_with_the_upload_is_previewed_and_kept(client, chaser, world):
    sign_in(client, chaser, CAROL)
    preview = upload(client, "plan", "plan.csv", GOOD.encode(), plan_name="budget",
                     plan_title="Budget Improvement Plan 2006")
    assert "<dt>Title</dt><dd>Budget Improvement Plan 2006</dd>" in preview.text
    import re

    upload_id = re.search(r'name="upload_id" value="([^"]+)"', preview.text).group(1)
    client.post("/upload-confirm", data={"csrf_token": csrf_of(preview.text), "upload_id": upload_id})
    with Session(chaser.engine) as s:
        assert s.exec(select(Plan.title).where(Plan.name == "budget")).one() == "Budget Improvement Plan 2006"
    untitled = upload(client, "plan", "plan.csv", GOOD.encode(), plan_name="budget")  # again, no title given
    assert "<dt>Title</dt><dd>Budget Improvement Plan 2006</dd>" in untitled.text


def test_a_good_plan_is_previewed_then_imported_on_confirm(client, chaser, world):
    sign_in(client, chaser, CAROL)
    before = tally(chaser.engine)
    preview = upload(client, "plan", "plan.csv", GOOD.encode(), plan_name="budget")
    assert preview.status_code == 200 and "Check before saving" in preview.text
    assert "<dt>New actions</dt><dd>2</dd>" in preview.text and "a new plan" in preview.text
    assert tally(chaser.engine) == before  # the preview wrote nothing
    import re

    upload_id = re.search(r'name="upload_id" value="([^"]+)"', preview.text).group(1)
    done = client.post("/upload-confirm", data={"csrf_token": csrf_of(preview.text), "upload_id": upload_id})
    assert done.status_code == 303
    assert "imported plan &#39;budget&#39;" in client.get("/").text
    with Session(chaser.engine) as s:
        assert s.exec(select(func.count()).select_from(Action).join(Plan).where(Plan.name == "budget")).one() == 2
    # the same upload cannot be confirmed twice
    assert client.post("/upload-confirm", data={"csrf_token": csrf_of(preview.text),
                                                "upload_id": upload_id}).status_code == 400
    # a changed file: the preview names what changes
    changed = GOOD.replace("Agree the budget", "Agree the 2006-07 budget")
    again = upload(client, "plan", "plan.csv", changed.encode(), plan_name="budget")
    assert "<dt>Changed actions</dt><dd>1</dd>" in again.text and "<dt>Unchanged actions</dt><dd>1</dd>" in again.text
    assert "updated in place" in again.text and "1.2:" in again.text


def test_uploads_are_checked_for_type_and_size(client, chaser, world):
    sign_in(client, chaser, CAROL)
    wrong = upload(client, "plan", "virus.exe", b"MZ\x90\x00")
    assert wrong.status_code == 400 and "virus.exe: cannot use a .exe file here" in wrong.text
    fake = upload(client, "plan", "plan.xlsx", b"name,ref\n")
    assert fake.status_code == 400 and "not a real .xlsx file" in fake.text
    binary = upload(client, "plan", "plan.csv", b"a,b\x00\x00")
    assert binary.status_code == 400 and "not a text file" in binary.text
    big = upload(client, "people", "people.csv", b"name\n" + b"x" * (1024 * 1024 + 10))
    assert big.status_code in (400, 413) and "limit is 1024 KB" in big.text
    assert upload(client, "plan", "empty.csv", b"").status_code == 400


def test_people_upload_previews_new_and_updated_people(client, chaser, world):
    sign_in(client, chaser, CAROL)
    bad = upload(client, "people", "people.csv", b"name,email,roles\nDan Dare,dan@x.example,lead\n,nobody@x,lead\n")
    assert bad.status_code == 400 and "people.csv, row 3" in bad.text
    same = b"name,email,roles\nAlice Adams,alice.adams@council.example,lead\n"  # as she is already
    unchanged = upload(client, "people", "people.csv", same)
    assert "Updated people</dt><dd>0" in unchanged.text and "Unchanged</dt><dd>1: Alice Adams" in unchanged.text
    good = (b"name,email,roles\nDan Dare,dan@x.example,lead\n"
            b"Alice Adams,alice.adams@council.example,lead;director\n")
    preview = upload(client, "people", "people.csv", good)
    assert "New people</dt><dd>1: Dan Dare" in preview.text and "Updated people</dt><dd>1: Alice Adams" in preview.text
    assert "Unchanged</dt><dd>0" in preview.text
    with Session(chaser.engine) as s:
        assert s.exec(select(Person).where(Person.name == "Dan Dare")).first() is None
    import re

    upload_id = re.search(r'name="upload_id" value="([^"]+)"', preview.text).group(1)
    done = client.post("/upload-confirm", data={"csrf_token": csrf_of(preview.text), "upload_id": upload_id})
    assert done.status_code == 303 and done.headers["location"] == "/people"
    people = client.get("/people").text
    assert "imported 2 people from people.csv (1 new, 1 updated)" in people and "Dan Dare" in people


def test_leads_cannot_upload(client, chaser, world):
    sign_in(client, chaser, "alice.adams@council.example")
    assert client.get("/upload/plan").status_code == 403
    assert client.get("/people").status_code == 403


def test_a_pdf_plan_is_previewed_and_a_fake_pdf_refused(client, chaser, world):
    from pathlib import Path

    sign_in(client, chaser, CAROL)
    layouts = Path(__file__).resolve().parents[1] / "data" / "plans" / "layouts"
    before = tally(chaser.engine)
    preview = upload(client, "plan", "york.pdf", (layouts / "york_improvement_2009.pdf").read_bytes(),
                     plan_name="york")
    assert preview.status_code == 200 and "<dt>New actions</dt><dd>4</dd>" in preview.text
    assert tally(chaser.engine) == before
    fake = upload(client, "plan", "plan.pdf", b"ref,action\n")
    assert fake.status_code == 400 and "plan.pdf: this is not a real PDF file" in fake.text
