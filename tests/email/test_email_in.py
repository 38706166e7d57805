"""Reading one message: cleaning, tokens, dates, and what counts as automatic."""

from __future__ import annotations

from datetime import UTC, date, datetime

from adapters.email.parse import clean_reply, parse_email, return_date
from bot.cycle.tokens import footer_token, new_token, plus_address, plus_address_token

NOW = datetime(2006, 6, 14, 12, 0, tzinfo=UTC)


def _raw(headers: str, body: str) -> bytes:
    return (headers.strip() + "\r\n\r\n" + body).encode("utf-8")


def test_reply_is_cleaned_and_the_raw_kept():
    token = new_token()
    body = (f"7.4 is complete.\n\nSue\n--\nSue Fiennes\nDirector of Children's Services\n\n"
            f"On Mon, 12 Jun 2006 at 09:00, Chaser <chaser@x.org> wrote:\n> Please reply.\n> Ref: {token}\n")
    msg = parse_email(_raw("From: Sue <SUE@x.org>\nTo: chaser@x.org\nSubject: Re: p\nMessage-ID: <a@x>\n"
                           "Date: Wed, 14 Jun 2006 10:30:00 +0100", body), received=NOW)
    assert msg.text == "7.4 is complete."  # the quote, the signature block and the "Sue" sign-off are gone
    assert msg.sender == "sue@x.org" and msg.token == token
    assert msg.written_at == datetime(2006, 6, 14, 9, 30, tzinfo=UTC)
    assert "Director of Children's Services" in msg.raw


def test_token_from_the_plus_address_wins_and_tokens_fold_case():
    token = new_token()
    address = plus_address("chaser@council.gov.uk", token)
    assert address == f"chaser+{token}@council.gov.uk"
    assert plus_address_token(address.upper()) == token
    assert footer_token(f"> > Ref: {token.upper()}\n") == token
    msg = parse_email(_raw(f"From: a@x.org\nTo: {address}\nMessage-ID: <b@x>", "done"), received=NOW)
    assert msg.token == token


def test_missing_message_id_and_date_still_give_a_stable_identity():
    raw = _raw("From: a@x.org\nTo: chaser@x.org", "7.4 complete")
    first, second = parse_email(raw, received=NOW), parse_email(raw, received=NOW)
    assert first.message_id == second.message_id and first.written_at == NOW


def test_automatic_messages_are_recognised():
    base = "From: a@x.org\nTo: chaser@x.org\nMessage-ID: <c@x>\n"
    for extra in ("Auto-Submitted: auto-replied", "X-Autoreply: yes", "Precedence: list", "Return-Path: <>",
                  "Subject: Automatic reply: Progress on your actions"):
        assert parse_email(_raw(base + extra, "7.4 complete"), received=NOW).headers.get("auto_reply"), extra
    human = parse_email(_raw(base + "Auto-Submitted: no", "7.4 complete"), received=NOW)
    assert "auto_reply" not in human.headers and human.text == "7.4 complete"


def test_return_dates_in_out_of_office_notes():
    written = date(2006, 6, 13)
    assert return_date("I am out of the office until 19 June 2006.", written=written) == date(2006, 6, 19)
    assert return_date("I will be back on Monday 19/06/2006.", written=written) == date(2006, 6, 18)
    assert return_date("I am on leave.", written=written) is None
    assert return_date("Back on 3 January.", written=date(2006, 12, 20)) == date(2007, 1, 2)


def test_clean_reply_without_quotes_is_the_text():
    assert clean_reply("No change this week.") == "No change this week."


def test_html_only_reply_loses_its_quoted_original():
    body = ("<html><body><div>7.4 is complete &amp; signed off.</div><br>"
            "<div class='gmail_quote'>On Mon, Chaser wrote:<blockquote><p>7.6 Children&#39;s Centres</p>"
            "<blockquote>older</blockquote></blockquote></div></body></html>")
    raw = _raw("From: a@x.org\nTo: chaser@x.org\nMessage-ID: <h@x>\nContent-Type: text/html; charset=utf-8", body)
    msg = parse_email(raw, received=NOW)
    assert "7.4 is complete & signed off." in msg.text
    assert "7.6" not in msg.text
