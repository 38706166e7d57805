"""A reply's From address alone is never trusted: untokened email is held until the person confirms
it from their known address, unless a trusted receiving server vouches for the sender."""

from __future__ import annotations

from datetime import date, datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from sqlmodel import Session, select

from adapters.email.ingest import ingest_bytes
from bot.cycle.round import run_cycle
from store.models import InboundMessage, Update
from tests.cycle.world import FROM, LONDON, action, mail_to, person, reply_to

SUE = "sue.fiennes@herefordshire.example"
WED = datetime(2006, 6, 14, 10, 30, tzinfo=LONDON)


def forged(text: str, *, sender: str = SUE, headers: dict[str, str] | None = None) -> bytes:
    """A fresh message from ``sender`` with no reply token (anyone can write this From header)."""
    mail = EmailMessage()
    mail["From"] = sender
    mail["To"] = FROM
    mail["Subject"] = "Update"
    mail["Date"] = format_datetime(WED)
    mail["Message-ID"] = make_msgid(domain="elsewhere.example")
    for key, value in (headers or {}).items():
        mail[key] = value
    mail.set_content(text)
    return bytes(mail)


def _updates(chaser) -> list[Update]:
    with Session(chaser.engine) as session:
        return list(session.exec(select(Update).where(Update.kind != "import")))


def test_forged_completion_is_held_and_the_person_asked_to_confirm(chaser):
    run_cycle(chaser=chaser, plan_name="jar")
    result = ingest_bytes(chaser=chaser, raw=forged("7.4 is complete."))
    assert result.state == "held" and "asked the person to confirm" in result.reason
    assert action(chaser.engine, "7.4").status == "in_progress" and not _updates(chaser)
    [ask] = mail_to(chaser, SUE, "please confirm")
    body = ask.get_body(("plain",)).get_content()
    assert body.startswith("We received an update from your address") and "reply YES to record it" in body
    assert "> 7.4 is complete." in body and "+" in str(ask["Reply-To"])  # tokened
    # Sue did not send it: NO discards it
    result = ingest_bytes(chaser=chaser, raw=reply_to(ask, sender=SUE, when=WED, text="No, not me"))
    assert result.state == "processed"
    assert action(chaser.engine, "7.4").status == "in_progress" and not _updates(chaser)
    with Session(chaser.engine) as session:
        states = {r.body: r.state for r in session.exec(select(InboundMessage))}
    assert states["7.4 is complete."] == "quarantined"


def test_yes_from_the_known_address_applies_the_held_message(chaser):
    run_cycle(chaser=chaser, plan_name="jar")
    ingest_bytes(chaser=chaser, raw=forged("7.4 was completed on Monday."))
    [ask] = mail_to(chaser, SUE, "please confirm")
    result = ingest_bytes(chaser=chaser, raw=reply_to(ask, sender=SUE, when=WED, text="YES"))
    assert any("Thanks — recorded: 7.4 complete (12 Jun 2006)" in line for line in result.replies)
    assert (action(chaser.engine, "7.4").status, action(chaser.engine, "7.4").completed_on) == \
        ("complete", date(2006, 6, 12))
    # the YES cannot be replayed to apply it twice
    again = ingest_bytes(chaser=chaser, raw=reply_to(ask, sender=SUE, when=WED, text="YES"))
    assert again.state == "quarantined" and len(_updates(chaser)) == 1


def test_someone_else_answering_the_confirmation_is_refused(chaser):
    run_cycle(chaser=chaser, plan_name="jar")
    ingest_bytes(chaser=chaser, raw=forged("7.4 is complete."))
    [ask] = mail_to(chaser, SUE, "please confirm")
    result = ingest_bytes(chaser=chaser, raw=reply_to(ask, sender="jane.jones@herefordshire.example", when=WED,
                                                      text="YES"))
    assert result.state == "quarantined" and action(chaser.engine, "7.4").status == "in_progress"


def test_untokened_undo_and_away_change_nothing(chaser):
    run_cycle(chaser=chaser, plan_name="jar")
    request = mail_to(chaser, SUE, "Progress")[0]
    ingest_bytes(chaser=chaser, raw=reply_to(request, sender=SUE, when=WED, text="7.4 is complete."))
    undo = ingest_bytes(chaser=chaser, raw=forged("UNDO"))
    assert undo.state == "quarantined" and "UNDO" in undo.reason
    assert action(chaser.engine, "7.4").status == "complete"
    away = ingest_bytes(chaser=chaser, raw=forged(
        "I am out of the office until 19 June 2099.", headers={"Auto-Submitted": "auto-replied"}))
    assert away.state == "ignored" and person(chaser.engine, "Sue Fiennes").away_until is None
    assert not mail_to(chaser, SUE, "please confirm")  # nothing to confirm in either


def test_a_trusted_server_vouching_for_the_domain_lets_it_apply(chaser):
    chaser.settings.trusted_authserv_ids = ["mx.herefordshire.example"]
    run_cycle(chaser=chaser, plan_name="jar")
    passed = "mx.herefordshire.example; dkim=pass header.d=herefordshire.example; " \
             "dmarc=pass header.from=herefordshire.example"
    result = ingest_bytes(chaser=chaser, raw=forged("7.4 is complete.", headers={"Authentication-Results": passed}))
    assert result.state == "processed" and action(chaser.engine, "7.4").status == "complete"


def test_results_from_an_untrusted_server_or_failing_vouch_for_nothing(chaser):
    chaser.settings.trusted_authserv_ids = ["mx.herefordshire.example"]
    run_cycle(chaser=chaser, plan_name="jar")
    for results in ("attacker.example; dmarc=pass header.from=herefordshire.example",
                    "mx.herefordshire.example; dmarc=fail header.from=herefordshire.example",
                    "mx.herefordshire.example; dkim=pass header.d=attacker.example",
                    "mx.herefordshire.example; garbage ((("):
        result = ingest_bytes(chaser=chaser, raw=forged("7.6 is complete.",
                                                        headers={"Authentication-Results": results}))
        assert result.state == "held", results
    assert action(chaser.engine, "7.6").status == "blocked"


def test_an_untokened_question_is_answered_to_the_known_address(chaser):
    result = ingest_bytes(chaser=chaser, raw=forged("What's overdue?", sender="chris.doyle@herefordshire.example"))
    assert result.state == "processed" and result.reason == "question"
    assert mail_to(chaser, "chris.doyle@herefordshire.example", "Chaser")
