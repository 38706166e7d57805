"""Inbound: replies on every channel, a share delivered more than once, while `chaser serve` is
SIGKILLed (and PostgreSQL restarted) at random moments. Afterwards every reply must be stored once,
recorded as one update, and confirmed once: checked in the database and at the platforms."""

from __future__ import annotations

import copy
import random
import threading
import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import make_msgid
from typing import Any

from adapters.telegram.keyboard import CODES
from benchmarks.faults import senders
from benchmarks.faults.harness import Harness, wait_until
from benchmarks.faults.report import Row
from benchmarks.faults.world import Lead
from tests.cycle.world import reply_to
from tests.slack.conftest import find_button

KINDS = {  # kind -> (share of the replies, the channel its lead uses)
    "imap": (0.22, "email"), "pipe": (0.03, "email"), "web": (0.15, "email"),
    "slack_words": (0.10, "slack"), "slack_tap": (0.10, "slack"),
    "telegram_words": (0.10, "telegram"), "telegram_tap": (0.10, "telegram"),
    "teams_words": (0.10, "teams"), "teams_card": (0.10, "teams"),
}
STATUSES = ("in_progress", "delayed", "blocked")  # ("complete" closes the action: its one-tap link is then gone)
SENDERS = 8  # deliveries in flight at once, as several platforms deliver at once


@dataclass
class Reply:
    """One logical reply: what the lead said, how many times the platform delivered it, its stored id."""

    n: int
    kind: str
    lead: Lead
    ref: str
    copies: int
    stored_channel: str
    message_id: str = ""
    conversation: str = ""
    error: str = ""


@dataclass
class Requests:
    """What the round sent each lead, read back from the platforms: what a reply answers."""

    mail: dict[str, EmailMessage] = field(default_factory=dict)
    slack: dict[str, Any] = field(default_factory=dict)
    telegram: dict[int, dict[str, Any]] = field(default_factory=dict)


def read_requests(h: Harness) -> Requests:
    found = Requests()
    for mail in h.platforms.smtp.mails:
        if not str(mail.message["Subject"]).startswith("Re:"):
            found.mail[str(mail.message["To"])] = mail.message
    for call in h.platforms.slack.posts():
        if call.params.get("blocks"):
            found.slack[str(call.params["channel"])] = call
    for (chat, _), message in sorted(h.platforms.telegram.messages.items()):
        if message.get("reply_markup"):
            found.telegram[chat] = copy.deepcopy(message)  # (answers redraw it in the fake as they come)
    return found


def plan_replies(h: Harness, *, replies: int, duplicate_share: float, rng: random.Random) -> list[Reply]:
    """``replies`` replies spread over the kinds by share, leads taken in turn; some to be sent 2-3 times."""
    kinds = [k for k, (share, _) in KINDS.items() for _ in range(max(1, round(share * replies)))]
    rng.shuffle(kinds)
    kinds = kinds[:replies]
    turn: Counter[str] = Counter()
    planned = []
    for n, kind in enumerate(kinds):
        channel = KINDS[kind][1]
        leads = h.world.on(channel)
        lead = leads[turn[channel] % len(leads)]
        turn[channel] += 1
        copies = rng.choice((2, 2, 3)) if rng.random() < duplicate_share else 1
        stored = {"imap": "email", "pipe": "email", "web": "web"}.get(kind, channel)
        planned.append(Reply(n=n, kind=kind, lead=lead, ref=lead.refs[n % len(lead.refs)], copies=copies,
                             stored_channel=stored))
    return planned


class Deliverer:
    """Delivers one reply on its platform, ``copies`` times."""

    def __init__(self, h: Harness, requests: Requests) -> None:
        self.h = h
        self.requests = requests
        self.action_ids = h.action_ids()

    def __call__(self, reply: Reply) -> None:
        try:
            getattr(self, reply.kind)(reply)
        except Exception as exc:  # recorded against the reply: the check reports it
            reply.error = f"{type(exc).__name__}: {exc}"[:300]

    def _words(self, reply: Reply) -> str:
        return f"{reply.ref} is {1 + reply.n % 98}% complete."

    def _status(self, reply: Reply) -> str:
        return STATUSES[reply.n % len(STATUSES)]

    def _mail(self, reply: Reply) -> bytes:
        request = self.requests.mail[reply.lead.email]
        message_id = make_msgid(domain="council.example")
        reply.message_id, reply.conversation = message_id, reply.lead.email
        return reply_to(request, text=self._words(reply), sender=reply.lead.email, when=datetime.now(UTC),
                        message_id=message_id)

    def imap(self, reply: Reply) -> None:
        raw = self._mail(reply)
        for _ in range(reply.copies):  # re-sent mail: the same message again
            senders.imap_append(self.h, raw)

    def pipe(self, reply: Reply) -> None:
        raw = self._mail(reply)
        senders.pipe(self.h, raw)
        for _ in range(reply.copies - 1):  # a copy also arrives by the mailbox Chaser polls
            senders.imap_append(self.h, raw)

    def web(self, reply: Reply) -> None:
        token = senders.web_token(self.requests.mail[reply.lead.email])
        assert token, f"no one-tap link in the request to {reply.lead.email}"
        form = senders.web_open(self.h, token=token, action_id=self.action_ids[reply.ref],
                                choice=self._status(reply))
        reply.message_id = f"answer:{form.fields.get('form_id', '')}"
        try:
            for _ in range(reply.copies):  # a double tap on Confirm
                senders.web_confirm(self.h, form)
        finally:
            form.client.close()

    def slack_words(self, reply: Reply) -> None:
        reply.message_id = f"Ev{uuid.uuid4().hex[:16].upper()}"
        reply.conversation = "D" + reply.lead.slack_id[1:]
        body = senders.slack_event(user=reply.lead.slack_id, text=self._words(reply), event_id=reply.message_id)
        for retry in range(reply.copies):
            senders.slack_post(self.h, body, content_type="application/json", retry=retry)

    def slack_tap(self, reply: Reply) -> None:
        reply.conversation = "D" + reply.lead.slack_id[1:]
        post = self.requests.slack[reply.conversation]
        button = find_button(post.params["blocks"], self.action_ids[reply.ref], f"chaser_quick_{self._status(reply)}")
        body, reply.message_id = senders.slack_tap(user=reply.lead.slack_id, post=post, button=button, n=reply.n)
        for retry in range(reply.copies):
            senders.slack_post(self.h, body, content_type="application/x-www-form-urlencoded", retry=retry)

    def telegram_words(self, reply: Reply) -> None:
        user = reply.lead.telegram_id
        reply.conversation = str(user)
        reply.message_id = str(self.h.platforms.telegram.text(user_id=user, text=self._words(reply),
                                                              date=int(time.time()), copies=reply.copies))

    def telegram_tap(self, reply: Reply) -> None:
        user = reply.lead.telegram_id
        reply.conversation = str(user)
        message = self.requests.telegram[user]
        action_id, status = self.action_ids[reply.ref], self._status(reply)
        data = next(b["callback_data"] for row in message["reply_markup"]["inline_keyboard"] for b in row
                    if b["callback_data"].startswith(f"q:{action_id}:{CODES[status]}:"))
        reply.message_id = str(self.h.platforms.telegram.tap(user_id=user, data=data, message=message,
                                                             copies=reply.copies))

    def _teams(self, reply: Reply, activity: dict[str, Any]) -> None:
        reply.message_id = f"{activity['conversation']['id']}|{activity['id']}"
        reply.conversation = activity["conversation"]["id"]
        for _ in range(reply.copies):  # the Bot Connector retries an activity it saw no answer to
            senders.post_until_accepted(self.h, lambda: self.h.teams_post(activity))

    def teams_words(self, reply: Reply) -> None:
        user = self.h.teams_users[reply.lead.name]
        self._teams(reply, user.message(self._words(reply), id=f"f{reply.n}-{uuid.uuid4().hex[:8]}"))

    def teams_card(self, reply: Reply) -> None:
        user = self.h.teams_users[reply.lead.name]
        value = {"action_id": self.action_ids[reply.ref], "status": self._status(reply)}
        self._teams(reply, user.submit(value, reply_to="1:activity-1", id=f"f{reply.n}-{uuid.uuid4().hex[:8]}"))


class Faults:
    """Kills `chaser serve` (and restarts PostgreSQL) when the deliveries pass chosen points."""

    def __init__(self, h: Harness, *, total: int, kills: int, pg_restarts: int, rng: random.Random) -> None:
        self.h = h
        points = sorted(rng.sample(range(total // 10, max(total * 9 // 10, total // 10 + kills + pg_restarts + 1)),
                                   kills + pg_restarts))
        kinds = ["kill"] * kills + ["pg"] * pg_restarts
        rng.shuffle(kinds)
        self.plan = list(zip(points, kinds, strict=True))
        self.done = 0
        self.kills = self.restarts = 0
        self.lock = threading.Lock()
        self.events: list[str] = []

    def delivered(self) -> None:
        with self.lock:
            self.done += 1
            due = [(p, k) for p, k in self.plan if p <= self.done]
            self.plan = [(p, k) for p, k in self.plan if p > self.done]
        for _, kind in due:
            if kind == "kill":
                time.sleep(random.random() * 0.5)  # somewhere inside whatever the service is doing
                self.h.service.restart_after_kill()
                self.kills += 1
            else:
                self.h.database.restart()
                self.restarts += 1
            self.events.append(f"{kind} after {self.done} replies")


def check(h: Harness, planned: list[Reply]) -> tuple[int, int, Counter[str], list[str]]:
    """(lost, duplicated, in doubt by channel, problems): every reply stored, processed, recorded and confirmed
    exactly once. A confirmation at the platform twice counts as "in doubt", not duplicated, only when
    Chaser counted a resend of it (its sender was killed while the platform had it)."""
    stored = {(c, m): (int(i), s) for c, m, i, s in h.rows("SELECT channel, message_id, id, state FROM inboundmessage")}
    updates = {int(i): int(n) for i, n in h.rows('SELECT inbound_id, count(*) FROM "update" '
                                                "WHERE inbound_id IS NOT NULL GROUP BY inbound_id")}
    confirmed: Counter[int] = Counter()
    resent: Counter[int] = Counter()
    for key, state, again in h.rows("SELECT key, state, resent_in_doubt FROM delivery WHERE key LIKE 'reply:%'"):
        if state == "sent" and key.endswith(":0"):
            confirmed[int(key.split(":")[1])] += 1
        resent[int(key.split(":")[1])] += int(again)
    at_platform = platform_confirmations(h)
    expected: Counter[tuple[str, str]] = Counter()
    explained: Counter[tuple[str, str]] = Counter()  # resends Chaser counted, by where they went
    lost = duplicated = 0
    in_doubt: Counter[str] = Counter()
    problems: list[str] = []
    for reply in planned:
        label = f"reply {reply.n} ({reply.kind}, {reply.message_id or 'no id'})"
        if reply.error:
            lost += 1
            problems.append(f"{label}: delivery failed: {reply.error}")
            continue
        row = stored.get((reply.stored_channel, reply.message_id))
        if row is None:
            lost += 1
            problems.append(f"{label}: never stored")
            continue
        inbound_id, state = row
        recorded = updates.get(inbound_id, 0)
        if state != "processed" or recorded == 0:
            lost += 1
            problems.append(f"{label}: state {state}, {recorded} updates; {_what_happened(h, inbound_id)}")
        elif recorded > 1:
            duplicated += recorded - 1
            problems.append(f"{label}: {recorded} updates")
        if reply.stored_channel != "web" and confirmed[inbound_id] != 1:
            problems.append(f"{label}: confirmation delivery rows sent: {confirmed[inbound_id]}")
        if reply.stored_channel != "web":  # (a web answer's confirmation is the page that took it)
            where = (reply.stored_channel, reply.conversation if reply.stored_channel != "email"
                     else reply.message_id)
            expected[where] += 1
            explained[where] += resent[inbound_id]
    for where, want in expected.items():
        got = at_platform[where]
        if got < want:
            lost += want - got
            problems.append(f"{where}: {want} confirmations expected at the platform, {got} arrived")
        elif got > want:
            counted = min(got - want, explained[where])
            in_doubt[where[0]] += counted
            duplicated += got - want - counted
            if got - want > counted:
                problems.append(f"{where}: {want} confirmations expected at the platform, {got} arrived "
                                f"({counted} of the extra resent in doubt after a kill)")
    return lost, duplicated, in_doubt, problems


def _what_happened(h: Harness, inbound_id: int) -> str:
    """For a reply that recorded nothing: its words, the reason stored with it, and what Chaser answered."""
    said = [(body, reason) for body, reason in h.rows("SELECT body, reason FROM inboundmessage WHERE id = :id",
                                                        id=inbound_id)]
    answered = [payload for (payload,) in h.rows("SELECT payload FROM delivery WHERE key LIKE :key",
                                                 key=f"reply:{inbound_id}:%")]
    texts = [str((p if isinstance(p, dict) else {}).get("text", ""))[:200] for p in answered]
    body, reason = said[0] if said else ("?", "?")
    return f"said {str(body)[:120]!r}, reason {reason!r}, Chaser answered {texts!r}"


def platform_confirmations(h: Harness) -> Counter[tuple[str, str]]:
    """Confirmations as the platforms received them: by replied Message-ID for mail, by conversation in chat."""
    found: Counter[tuple[str, str]] = Counter()
    for mail in h.platforms.smtp.mails:
        if str(mail.message["Subject"]).startswith("Re:") and mail.message["In-Reply-To"]:
            found[("email", str(mail.message["In-Reply-To"]).strip())] += 1
    for call in h.platforms.slack.posts():
        if str(call.params.get("text", "")).startswith("Thanks"):
            found[("slack", str(call.params["channel"]))] += 1
    for sent in h.platforms.telegram.sent():
        if str(sent.params.get("text", "")).startswith("Thanks"):
            found[("telegram", str(sent.params["chat_id"]))] += 1
    for record in h.platforms.microsoft.activities():
        if record.method == "POST" and record.status == 201 and str(record.body.get("text", "")).startswith("Thanks"):
            found[("teams", record.path.split("/")[4])] += 1
    return found


def run_inbound(h: Harness, *, replies: int, kills: int, pg_restarts: int, duplicate_share: float,
                seed: int, settle_limit: float = 1200) -> Row:
    """Deliver the replies under the faults, let the service settle, then check."""
    started = time.monotonic()
    rng = random.Random(seed)
    planned = plan_replies(h, replies=replies, duplicate_share=duplicate_share, rng=rng)
    deliver = Deliverer(h, read_requests(h))
    faults = Faults(h, total=len(planned), kills=kills, pg_restarts=pg_restarts, rng=rng)

    def one(reply: Reply) -> None:
        deliver(reply)
        faults.delivered()

    with ThreadPoolExecutor(SENDERS) as pool:
        list(pool.map(one, planned))
    wanted = {(r.stored_channel, r.message_id) for r in planned if not r.error}
    wait_until(lambda: wanted <= {(c, m) for c, m in h.rows("SELECT channel, message_id FROM inboundmessage")},
               limit=settle_limit, step=2.0)  # (mail still in the mailbox is not yet the service's to settle)
    settled = h.quiet(limit=settle_limit)
    lost, duplicated, in_doubt, problems = check(h, planned)
    if not settled:
        problems.insert(0, f"the service had not settled after {settle_limit:.0f} s")
    copies = sum(r.copies - 1 for r in planned)
    return Row(scenario="inbound", inputs=len(planned), duplicates=sum(1 for r in planned if r.copies > 1),
               kills=faults.kills, restarts=faults.restarts, lost=lost, duplicated=duplicated,
               in_doubt=sum(in_doubt.values()),
               seconds=time.monotonic() - started, problems=tuple(problems),
               notes=f"{copies} extra deliveries; by kind: "
                     + ", ".join(f"{k} {n}" for k, n in sorted(Counter(r.kind for r in planned).items()))
                     + "; " + "; ".join(faults.events)
                     + ("; resent in doubt: " + ", ".join(f"{c} {n}" for c, n in sorted(in_doubt.items()))
                        if in_doubt else ""))
