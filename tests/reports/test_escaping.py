"""A lead's words are data: escaped in HTML and Markdown, kept word for word in plain text and Word."""

from __future__ import annotations

import io
from datetime import datetime

from docx import Document
from sqlmodel import Session, select

from reports.render import render_report
from store.models import Action, Person, Update
from tests.reports.builder import LONDON

HOSTILE = 'Done <script>alert("x")</script> | *not bold* & [link](http://example.com)'


def _say(engine, ref: str, text: str) -> None:
    with Session(engine) as session:
        action = session.exec(select(Action).where(Action.ref == ref)).one()
        sue = session.exec(select(Person).where(Person.name == "Sue Fiennes")).one()
        session.add(Update(action_id=action.id, person_id=sue.id, at=datetime(2006, 6, 14, 10, 0, tzinfo=LONDON),
                           channel="email", kind="reply", text=text, status="blocked"))
        session.commit()


def test_html_is_autoescaped(sqlite_chaser):
    _say(sqlite_chaser.engine, "7.6", HOSTILE)
    for kind in ("exceptions", "progress"):
        html = render_report(chaser=sqlite_chaser, kind=kind, plan_name=None, fmt="html", since=None).decode()
        assert "<script>" not in html
        assert "Done &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; | *not bold* &amp; [link]" in html


def test_markdown_markup_in_words_is_escaped(sqlite_chaser):
    _say(sqlite_chaser.engine, "7.6", HOSTILE)
    md = render_report(chaser=sqlite_chaser, kind="progress", plan_name=None, fmt="md", since=None).decode()
    row = next(line for line in md.splitlines() if line.startswith("| 7.6 |"))
    assert row.count(" | ") == 8  # the lead's "|" did not add a column
    assert "\\<script\\>" in row and "\\*not bold\\*" in row and "\\[link\\]" in row


def test_plain_text_and_word_keep_the_words_as_written(sqlite_chaser):
    _say(sqlite_chaser.engine, "7.6", HOSTILE)
    txt = render_report(chaser=sqlite_chaser, kind="exceptions", plan_name=None, fmt="txt", since=None).decode()
    assert 'Done <script>alert("x")</script> | *not bold* &' in " ".join(txt.split())
    doc = Document(io.BytesIO(render_report(chaser=sqlite_chaser, kind="progress", plan_name=None, fmt="docx",
                                            since=None)))
    cell = next(row.cells[8].text for table in doc.tables for row in table.rows if row.cells[0].text == "7.6")
    assert cell == f"Sue Fiennes, 14 Jun 2006: \u201c{HOSTILE}\u201d"
