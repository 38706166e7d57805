"""Bad input: a corpus of hostile inputs on every channel. Each must be refused (a 4xx, or a command's
one-line error) or quarantined with a reason, or, when it is a genuine answer with markup in it,
stored and shown escaped. No traceback in the service's log, nothing stored that should not be."""

from __future__ import annotations

import csv
import io
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import make_msgid
from typing import Any

from benchmarks.faults import senders
from benchmarks.faults.harness import Harness
from benchmarks.faults.inbound import read_requests
from benchmarks.faults.report import Row
from benchmarks.faults.service import run_chaser
from tests.cycle.world import reply_to
from tests.teams.fakes import new_key, token

SCRIPT = '<script>alert("x")</script><img src=x onerror=alert(1)>'
LIVE_IMG = re.compile(r"<img[^>]*onerror", re.IGNORECASE)


@dataclass
class Case:
    """One hostile input and what became of it."""

    name: str
    channel: str
    outcome: str = ""  # "refused: ...", "quarantined: ...", "stored" (a genuine answer), or a problem
    bad: bool = False  # something went wrong


def _status(answered: Any) -> str:
    code = answered.status_code
    return f"refused: HTTP {code}" if 400 <= code < 500 else f"accepted: HTTP {code}"


class Corpus:
    """The hostile inputs, each a method returning what the service did with it."""

    def __init__(self, h: Harness) -> None:
        self.h = h
        self.requests = read_requests(h)
        self.mail_lead = h.world.on("email")[0]
        self.slack_lead = h.world.on("slack")[0]
        self.teams_lead = h.world.on("teams")[0]
        self.telegram_lead = h.world.on("telegram")[0]

    def cases(self) -> list[tuple[str, str, Callable[[], str]]]:
        return [
            ("mail: broken MIME (unterminated multipart)", "email", self.broken_mime),
            ("mail: oversized body (12 MB)", "email", self.oversized),
            ("mail: invalid UTF-8 declared as UTF-8", "email", self.bad_utf8),
            ("mail: forged reply token", "email", self.forged_token),
            ("mail: script in the reply and the sender's name", "email", self.script_mail),
            ("mail: garbage bytes over IMAP", "email", self.imap_garbage),
            ("slack: forged signature", "slack", self.slack_forged),
            ("slack: replayed event (signed 10 minutes ago)", "slack", self.slack_replayed),
            ("slack: signed body that is not JSON", "slack", self.slack_not_json),
            ("slack: script in a DM", "slack", self.slack_script),
            ("telegram: forged callback data", "telegram", self.telegram_forged),
            ("telegram: invalid UTF-8 surrogate in text", "telegram", self.telegram_surrogate),
            ("teams: token signed by another key", "teams", self.teams_forged),
            ("teams: expired token", "teams", self.teams_expired),
            ("teams: script in text and display name", "teams", self.teams_script),
            ("web: tampered answer link", "web", self.web_tampered),
            ("web: confirm without the CSRF token", "web", self.web_no_csrf),
            ("upload: formula cells in a plan", "upload", self.formulas),
        ]

    # --- email -----------------------------------------------------------------------------------

    def _ingest(self, raw: bytes) -> str:
        done = run_chaser(["email", "ingest", "-"], env=self.h.service.env, cwd=self.h.folder, stdin=raw)
        err = done.stderr.decode(errors="replace")
        if "Traceback" in err:
            return "PROBLEM: traceback from chaser email ingest"
        if done.returncode != 0:
            return f"refused: {err.strip().splitlines()[-1] if err.strip() else 'exit ' + str(done.returncode)}"
        return "accepted: " + done.stdout.decode(errors="replace").strip().replace("\n", " ")[:200]

    def _stored_state(self, message_id: str) -> str:
        rows = self.h.rows("SELECT state, reason FROM inboundmessage WHERE channel = 'email' AND message_id = :m",
                           m=message_id.strip("<>"))
        rows = rows or self.h.rows("SELECT state, reason FROM inboundmessage WHERE channel = 'email' "
                                   "AND message_id = :m", m=message_id)
        return f"{rows[0][0]}: {rows[0][1]}" if rows else "not stored"

    def broken_mime(self) -> str:
        mid = make_msgid(domain="council.example")
        raw = (f"From: {self.mail_lead.email}\r\nTo: chaser@council.example\r\nMessage-ID: {mid}\r\n"
               "Subject: Re: Progress\r\nMIME-Version: 1.0\r\n"
               'Content-Type: multipart/mixed; boundary="XX"\r\n\r\n--XX\r\nContent-Type: text/plain\r\n'
               "Content-Transfer-Encoding: base64\r\n\r\n!!!not base64!!!\r\n--X").encode()
        return self._ingest(raw) + " / " + self._stored_state(mid)

    def oversized(self) -> str:
        request = self.requests.mail[self.mail_lead.email]
        mid = make_msgid(domain="council.example")
        raw = reply_to(request, text=f"{self.mail_lead.refs[0]} is 20% complete. " + "word " * 2_400_000,
                       sender=self.mail_lead.email, when=datetime.now(UTC), message_id=mid)
        return self._ingest(raw) + " / " + self._stored_state(mid)

    def bad_utf8(self) -> str:
        mid = make_msgid(domain="council.example")
        raw = (f"From: {self.mail_lead.email}\r\nTo: chaser@council.example\r\nMessage-ID: {mid}\r\n"
               "Subject: Re: Progress \xff\xfe\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n").encode("latin-1")
        raw += b"10.1 is \xc3\x28 \xed\xa0\x80 done\r\n"
        return self._ingest(raw) + " / " + self._stored_state(mid)

    def forged_token(self) -> str:
        request = self.requests.mail[self.mail_lead.email]
        mid = make_msgid(domain="council.example")
        raw = reply_to(request, text=f"{self.h.world.on('email')[1].refs[0]} is complete.",
                       sender="attacker@evil.example", when=datetime.now(UTC), message_id=mid)
        address = str(request["Reply-To"] or "")
        if "+" in address:  # the token rides in the address: change one character of it
            local, domain = address.split("@", 1)
            forged = local[:-1] + ("A" if local[-1] != "A" else "B") + "@" + domain
            raw = raw.replace(address.encode(), forged.encode())
        return self._ingest(raw) + " / " + self._stored_state(mid)

    def script_mail(self) -> str:
        request = self.requests.mail[self.mail_lead.email]
        mid = make_msgid(domain="council.example")
        raw = reply_to(request, text=f"{self.mail_lead.refs[0]} is delayed {SCRIPT}",
                       sender=f'"{SCRIPT}" <{self.mail_lead.email}>', when=datetime.now(UTC), message_id=mid)
        return self._ingest(raw) + " / " + self._stored_state(mid)

    def imap_garbage(self) -> str:
        mid = make_msgid(domain="council.example")
        raw = f"Message-ID: {mid}\r\n".encode() + bytes(range(256)) * 40
        senders.imap_append(self.h, raw)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and self._stored_state(mid) == "not stored":
            time.sleep(1)
        return "imap: " + self._stored_state(mid)

    # --- Slack -----------------------------------------------------------------------------------

    def _slack_body(self, text: str) -> str:
        return senders.slack_event(user=self.slack_lead.slack_id, text=text, event_id=f"EvH{time.time_ns()}")

    def slack_forged(self) -> str:
        body = self._slack_body(f"{self.slack_lead.refs[0]} is complete")
        headers = {**senders.slack_signed(body), "Content-Type": "application/json"}
        return _status(self.h.http.post(self.h.service.url + "/slack/events",
                                        content=body.replace("complete", "blocked"), headers=headers))

    def slack_replayed(self) -> str:
        body = self._slack_body(f"{self.slack_lead.refs[0]} is complete")
        stamp = str(int(time.time()) - 600)
        from slack_sdk.signature import SignatureVerifier

        from benchmarks.faults.harness import SLACK_SECRET
        signature = str(SignatureVerifier(SLACK_SECRET).generate_signature(timestamp=stamp, body=body))
        return _status(self.h.http.post(self.h.service.url + "/slack/events", content=body, headers={
            "X-Slack-Request-Timestamp": stamp, "X-Slack-Signature": signature, "Content-Type": "application/json"}))

    def slack_not_json(self) -> str:
        body = '{"type": "event_callback", "event": {"text": "\udc80'
        body = body.encode("utf-8", "surrogatepass").decode("utf-8", "replace") + "\x00"
        headers = {**senders.slack_signed(body), "Content-Type": "application/json"}
        return _status(self.h.http.post(self.h.service.url + "/slack/events", content=body, headers=headers))

    def slack_script(self) -> str:
        # (escaped as Slack sends a person's "<", ">" and "&": the adapter turns them back into the
        # characters, which the reports must then escape)
        said = f"{self.slack_lead.refs[1]} is delayed {SCRIPT}"
        escaped = said.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        senders.slack_post(self.h, self._slack_body(escaped), content_type="application/json")
        return "stored (a genuine answer; checked escaped below)"

    # --- Telegram --------------------------------------------------------------------------------

    def _telegram_state(self, update_id: int) -> str:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            rows = self.h.rows("SELECT state, reason FROM inboundmessage WHERE channel = 'telegram' "
                               "AND message_id = :m", m=str(update_id))
            if rows and rows[0][0] != "new":
                recorded = self.h.scalar('SELECT count(*) FROM "update" u JOIN inboundmessage m ON m.id = u.inbound_id '
                                         "WHERE m.channel = 'telegram' AND m.message_id = :m", m=str(update_id))
                return f"{rows[0][0]}: {rows[0][1]}; {recorded} updates recorded"
            if not rows and not self.h.platforms.telegram.updates:
                return "refused: not stored"
            time.sleep(0.5)
        return "PROBLEM: still unprocessed after 60 s"

    def telegram_forged(self) -> str:
        lead = self.telegram_lead
        message = self.requests.telegram[lead.telegram_id]
        other = self.h.action_ids()[self.h.world.on("telegram")[1].refs[0]]  # someone else's action
        return self._telegram_state(self.h.platforms.telegram.tap(user_id=lead.telegram_id,
                                                                  data=f"q:{other}:c:0.0", message=message))

    def telegram_surrogate(self) -> str:
        lead = self.telegram_lead
        update = self.h.platforms.telegram.text(user_id=lead.telegram_id, text=f"{lead.refs[0]} ok \udc80 {SCRIPT}",
                                                date=int(time.time()))
        return self._telegram_state(update)

    # --- Teams -----------------------------------------------------------------------------------

    def _teams_activity(self, text: str, *, name: str | None = None) -> dict[str, Any]:
        user = self.h.teams_users[self.teams_lead.name]
        activity = user.message(text, id=f"hostile-{time.time_ns()}")
        if name is not None:
            activity["from"]["name"] = name
        return activity

    def teams_forged(self) -> str:
        activity = self._teams_activity(f"{self.teams_lead.refs[0]} is complete")
        bearer = token(key=new_key(), kid=self.h.platforms.microsoft.kid, service_url=activity["serviceUrl"])
        return _status(self.h.teams_post(activity, bearer=bearer))

    def teams_expired(self) -> str:
        activity = self._teams_activity(f"{self.teams_lead.refs[0]} is complete")
        microsoft = self.h.platforms.microsoft
        bearer = token(key=microsoft.key, kid=microsoft.kid, service_url=activity["serviceUrl"],
                       now=time.time() - 7200, expires_in=600)
        return _status(self.h.teams_post(activity, bearer=bearer))

    def teams_script(self) -> str:
        activity = self._teams_activity(f"{self.teams_lead.refs[1]} is blocked {SCRIPT}", name=SCRIPT)
        senders.post_until_accepted(self.h, lambda: self.h.teams_post(activity))
        return "stored (a genuine answer; checked escaped below)"

    # --- web and uploads -------------------------------------------------------------------------

    def web_tampered(self) -> str:
        token_ = senders.web_token(self.requests.mail[self.mail_lead.email]) or ""
        tampered = token_[:-2] + ("AA" if not token_.endswith("AA") else "BB")
        return _status(self.h.http.get(f"{self.h.service.url}/answer/{tampered}"))

    def web_no_csrf(self) -> str:
        token_ = senders.web_token(self.requests.mail[self.mail_lead.email]) or ""
        action_id = self.h.action_ids()[self.mail_lead.refs[0]]
        return _status(self.h.http.post(f"{self.h.service.url}/answer/{token_}",
                                        data={"form_id": "x" * 24, f"status-{action_id}": "complete"}))

    def formulas(self) -> str:
        plan = self.h.folder / "formulas.csv"
        with plan.open("w", newline="", encoding="utf-8") as out:
            writer = csv.writer(out)
            writer.writerow(["section", "section_title", "ref", "action", "lead", "due", "status"])
            writer.writerow(["1", "=HYPERLINK(\"http://evil.example\")", "1.1", "=1+2", self.mail_lead.name,
                             "2027-01-31", "in_progress"])
            writer.writerow(["1", "x", "1.2", "+cmd|' /C calc'!A0", self.mail_lead.name, "2027-01-31", "not_started"])
            writer.writerow(["1", "x", "1.3", "@SUM(A1:A2)", self.mail_lead.name, "2027-01-31", "-2+3"])
        done = run_chaser(["import", str(plan), "--plan", "formulas"], env=self.h.service.env, cwd=self.h.folder)
        if b"Traceback" in done.stderr:
            return "PROBLEM: traceback from chaser import"
        exported = run_chaser(["export", "--plan", "formulas", "--format", "csv"], env=self.h.service.env,
                              cwd=self.h.folder)
        cells = [cell for row in csv.reader(io.StringIO(exported.stdout.decode())) for cell in row]
        live = [c for c in cells if c[:1] in ("=", "+", "@") or (c[:1] == "-" and c[1:2].isdigit() is False
                                                                 and c[1:2] not in ("", " "))]
        if live:
            return f"PROBLEM: exported cells still start a formula: {live[:3]}"
        if done.returncode != 0:
            return f"refused: {done.stderr.decode(errors='replace').strip().splitlines()[-1]}"
        return "quarantined: stored as text; the export neutralises every formula cell"


def check_escaped(h: Harness) -> list[str]:
    """The reports that show replies and names never carry the markup live."""
    problems = []
    for kind in ("progress", "exceptions"):
        out = h.folder / f"{kind}.html"
        done = run_chaser(["report", kind, "--plan", "faults", "--format", "html", "--out", str(out)],
                          env=h.service.env, cwd=h.folder)
        if done.returncode != 0:
            problems.append(f"chaser report {kind}: {done.stderr.decode(errors='replace')[-200:]}")
            continue
        html = out.read_text(encoding="utf-8")
        if "<script>" in html or LIVE_IMG.search(html):  # a live tag (its words as text are harmless)
            problems.append(f"the {kind} report shows the reply's markup unescaped")
    return problems


def run_hostile(h: Harness) -> Row:
    """Send the corpus, then check the log, the store and the reports."""
    started = time.monotonic()
    log_before = len(h.service.log())
    corpus = Corpus(h)
    cases = []
    for name, channel, send in corpus.cases():
        case = Case(name=name, channel=channel)
        try:
            case.outcome = send()
        except Exception as exc:
            case.outcome = f"PROBLEM: the suite could not send it: {type(exc).__name__}: {exc}"[:300]
        case.bad = case.outcome.startswith("PROBLEM") or case.outcome.startswith("accepted: HTTP")
        cases.append(case)
    h.quiet(limit=120)
    problems = [f"{c.name}: {c.outcome}" for c in cases if c.bad]
    problems += check_escaped(h)
    log = h.service.log()[log_before:]
    if "Traceback" in log:
        problems.append("a traceback in the service's log: " + log[log.index("Traceback"):][:600])
    wrongly = h.scalar('SELECT count(*) FROM "update" u JOIN inboundmessage m ON m.id = u.inbound_id '
                       "WHERE m.state IN ('quarantined', 'held', 'ignored', 'failed')")
    if wrongly:
        problems.append(f"{wrongly} updates recorded from messages that were refused, held or set aside")
    if "telegram: forged callback data" in {c.name for c in cases}:
        forged = next(c for c in cases if c.name == "telegram: forged callback data")
        if "; 0 updates recorded" not in forged.outcome:
            problems.append(f"a tap on someone else's action was recorded: {forged.outcome}")
    refused = sum(1 for c in cases if any(word in c.outcome for word in (
        "refused", "quarantined", "held", "failed", "; 0 updates recorded", "neutralises")))
    return Row(scenario="bad input", inputs=len(cases), refused=refused, lost=sum(1 for c in cases if c.bad),
               seconds=time.monotonic() - started, problems=tuple(problems),
               notes="; ".join(f"{c.name} -> {c.outcome}" for c in cases))
