"""Reading the lead's words: Chaser's own text dropped wherever it comes back (quoted confirmations,
a request whose actions changed since it was sent), a reply's own structure kept, and malformed
headers quarantined with a reason."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, select

from adapters.email.html_text import html_to_text
from adapters.email.ingest import ingest_bytes
from adapters.email.own_text import OwnText
from adapters.email.reply_text import lead_words
from bot.cycle.round import run_cycle
from bot.inbound.sent_text import SentText
from store.models import InboundMessage, Update
from tests.cycle.world import LONDON, action, mail_to, reply_to

SUE = "sue.fiennes@herefordshire.example"
SUE_NAMES = frozenset({"sue", "fiennes", "sf"})
WED = datetime(2006, 6, 14, 10, 30, tzinfo=LONDON)
THU = datetime(2006, 6, 15, 11, 0, tzinfo=LONDON)


def _request(chaser):
    run_cycle(chaser=chaser, plan_name="jar")
    return mail_to(chaser, SUE, "Progress")[0]


def _plain(mail) -> str:
    return mail.get_body(("plain",)).get_content()


def _outlook_reply(original, *, text: str, quoted: str, when: datetime, message_id: str) -> bytes:
    """A reply as Outlook writes it: the new text, a From/Sent/To/Subject block, the thread unmarked."""
    raw = reply_to(original, text=f"{text}\n\n{quoted}", sender=SUE, when=when, message_id=message_id, quote=False)
    return raw


def _stored(chaser, message_id: str) -> tuple[InboundMessage, list[Update]]:
    with Session(chaser.engine) as session:
        row = session.exec(select(InboundMessage).where(InboundMessage.message_id == message_id)).one()
        updates = list(session.exec(select(Update).where(Update.inbound_id == row.id).order_by(col(Update.id))))
    return row, updates


def test_html_is_read_with_its_quotes_marked_and_a_row_per_line():
    text = html_to_text("<div>Done.</div><blockquote><p>Dear Sue,</p><table><tr><td>7.4</td><td>Plan</td></tr>"
                        "</table><blockquote>older</blockquote></blockquote><img alt='Council logo'>")
    assert text.splitlines() == ["Done.", "", "> Dear Sue,", ">", "> 7.4\tPlan", "", "> > older", "",
                                 "[Council logo]"]


def test_without_knowing_what_was_sent_quoted_messages_are_still_dropped():
    body = ("7.4 is done.\n\nFrom: Someone <a@x.org>\nSent: 12 June 2006 09:00\nTo: Sue\nSubject: Hello\n\n"
            "7.6 Children's Centres\nStatus: blocked\n")
    assert lead_words(body, sent=None, names=SUE_NAMES) == "7.4 is done."
    assert lead_words("7.4 is done.\n\n> 7.6 complete\n", sent=SentText(), names=SUE_NAMES) == "7.4 is done."


def test_bullets_a_closing_in_the_middle_and_a_contact_block():
    body = ("Thanks,\n\n- 7.4 signed off\n• 7.6 waiting for DfES\n\nThanks,\nSue\n\nSue Fiennes\n"
            "Director of Children's Services\nTel: 01432 260000\nwww.herefordshire.gov.uk\n")
    assert lead_words(body, sent=None, names=SUE_NAMES) == "Thanks,\n\n- 7.4 signed off\n• 7.6 waiting for DfES"


def test_a_short_last_line_above_the_name_is_the_leads():
    body = "7.6 is still with DfES.\nBoard Approval Expected Next Week\nSue\n"
    assert lead_words(body, sent=None, names=SUE_NAMES) == "7.6 is still with DfES.\nBoard Approval Expected Next Week"
    body = "7.4 done.\n\nSue Fiennes | Director of Children's Services\n------\n[Council logo]\n"
    assert lead_words(body, sent=None, names=SUE_NAMES) == "7.4 done."


def test_every_sentence_of_a_real_confirmation_is_known_as_chasers(chaser):
    request = _request(chaser)
    ingest_bytes(chaser=chaser, raw=reply_to(request, sender=SUE, when=WED,
                                             text="7.4 was signed off by the Board on 9 June. 7.6 has slipped."))
    text = _plain(mail_to(chaser, SUE, "Re:")[0])
    own = OwnText(SentText())
    for line in filter(str.strip, text.splitlines()):
        assert own.is_reply_shape(line) or own.is_token_line(line), line


def test_a_reply_to_the_confirmation_keeps_only_the_new_words(chaser):
    request = _request(chaser)
    first = "7.4 was signed off by the Board on 9 June."
    ingest_bytes(chaser=chaser, raw=reply_to(request, sender=SUE, when=WED, text=first,
                                             message_id="<first@herefordshire.example>"))
    confirmation = mail_to(chaser, SUE, "Re:")[0]
    thread = (f"From: Chaser <{confirmation['Reply-To']}>\nSent: 14 June 2006 10:31\nTo: Fiennes, Sue\n"
              f"Subject: {confirmation['Subject']}\n\n{_plain(confirmation)}\n"
              f"From: Fiennes, Sue\nSent: 14 June 2006 10:30\nTo: Chaser\nSubject: Re: {request['Subject']}\n\n"
              f"{first}\n\nFrom: Chaser <{request['Reply-To']}>\nSent: 12 June 2006 09:00\nTo: Fiennes, Sue\n"
              f"Subject: {request['Subject']}\n\n{_plain(request)}")
    raw = _outlook_reply(confirmation, text="And 7.6 has slipped to the end of July.", quoted=thread, when=THU,
                         message_id="<second@herefordshire.example>")
    assert ingest_bytes(chaser=chaser, raw=raw).state == "processed"
    row, updates = _stored(chaser, "<second@herefordshire.example>")
    assert row.body == "And 7.6 has slipped to the end of July."
    assert [(u.action_id, u.status) for u in updates] == [(action(chaser.engine, "7.6").id, "delayed")]


def test_a_request_quoted_after_its_actions_changed_is_still_known(chaser):
    request = _request(chaser)  # says 7.4 is "in progress" with the imported last update
    ingest_bytes(chaser=chaser, raw=reply_to(request, sender=SUE, when=WED, text="7.4 is complete.",
                                             message_id="<first@herefordshire.example>"))
    assert action(chaser.engine, "7.4").status == "complete"
    lines = _plain(request).splitlines()
    at = lines.index(next(x for x in lines if x.startswith("7.6  ")))
    inline = "\n".join(lines[:at + 3] + ["Still waiting for the DfES capital allocation."] + lines[at + 3:])
    quoted = (f"From: Chaser <{request['Reply-To']}>\nSent: 12 June 2006 09:00\nTo: Fiennes, Sue\n"
              f"Subject: {request['Subject']}\n\n{inline}")
    raw = _outlook_reply(request, text="One more below.", quoted=quoted, when=THU,
                         message_id="<second@herefordshire.example>")
    ingest_bytes(chaser=chaser, raw=raw)
    row, updates = _stored(chaser, "<second@herefordshire.example>")
    assert row.body == "One more below.\n\n7.6: Still waiting for the DfES capital allocation."
    assert [(u.action_id, u.status) for u in updates] == [(action(chaser.engine, "7.6").id, "blocked")]
    assert action(chaser.engine, "7.4").status == "complete"  # the old "Status: in progress" was not read


def test_one_action_named_twice_is_one_update_with_both_passages(chaser):
    request = _request(chaser)
    text = ("7.4 was signed off by the Board on 9 June.\n7.6 has slipped to the end of July.\n"
            "On 7.4, the final copy went to every school as well.")
    ingest_bytes(chaser=chaser, raw=reply_to(request, sender=SUE, when=WED, text=text,
                                             message_id="<twice@herefordshire.example>"))
    _, updates = _stored(chaser, "<twice@herefordshire.example>")
    about = [u for u in updates if u.action_id == action(chaser.engine, "7.4").id]
    assert len(about) == 1 and len(updates) == 2
    assert "signed off by the Board" in about[0].text and "final copy went to every school" in about[0].text


def test_malformed_addresses_and_unreadable_headers_are_quarantined_with_a_reason(chaser):
    request = _request(chaser)
    token = str(request["Reply-To"]).split("+")[1].split("@")[0]
    for n, (header, value) in enumerate((("To", f"chaser+{token}@"), ("Reply-To", "sue.fiennes@"),
                                         ("Cc", "sue@["), ("Message-ID", "<"))):
        raw = reply_to(request, sender=SUE, when=WED, text="7.4 is complete.", message_id=f"<m{n}@x>")
        raw = raw.replace(b"\nSubject:", f"\n{header}: {value}\nSubject:".encode(), 1) if header != "To" else \
            raw.replace(f"To: {request['Reply-To']}".encode(), f"To: {value}".encode())
        if header == "Message-ID":
            raw = raw.replace(f"Message-ID: <m{n}@x>\n".encode(), b"")
        result = ingest_bytes(chaser=chaser, raw=raw)
        assert result.state == "quarantined", (header, result.reason)
        assert header in result.reason and "\n" not in result.summary().splitlines()[0]
    assert action(chaser.engine, "7.4").status == "in_progress"
