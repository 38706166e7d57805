"""Outbound: one round of requests, one per lead across every channel, while the platforms answer a
share of calls 429 (with Retry-After) or 5xx. Each request must arrive exactly once, and no call may
come before the platform's Retry-After, or the channel's per-conversation pace, allowed it."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass

from benchmarks.faults.harness import Harness, wait_until
from benchmarks.faults.report import Row
from benchmarks.faults.service import run_chaser

SLACK_SENDS = ("chat.postMessage", "chat.update")
TELEGRAM_SENDS = ("sendMessage", "editMessageText")
SLACK, TELEGRAM = 1.0, 1.0  # the pace per conversation that the channels declare (seconds between messages)
TOLERANCE = 0.05  # clock granularity between the service's sleep and the fake's stamp


@dataclass(frozen=True)
class Attempt:
    """One call that reached a platform: where it went, when, and what it was answered."""

    channel: str
    conversation: str
    at: float
    status: int
    retry_after: float | None


def attempts(h: Harness) -> list[Attempt]:
    """Every message-sending call the chat fakes answered, in time order."""
    found = [Attempt("slack", str(c.params.get("channel")), c.at, c.status,
                     float(c.headers["Retry-After"]) if "Retry-After" in c.headers else None)
             for c in list(h.platforms.slack.calls) if c.method in SLACK_SENDS]
    found += [Attempt("telegram", str(c.params.get("chat_id")), c.at, c.status, c.retry_after)
              for c in list(h.platforms.telegram.calls) if c.method in TELEGRAM_SENDS]
    found += [Attempt("teams", r.path.split("/")[4], r.at, r.status, r.retry_after)
              for r in list(h.platforms.microsoft.sent) if "/activities" in r.path]
    return sorted(found, key=lambda a: a.at)


def too_early(calls: list[Attempt]) -> list[str]:
    """Calls that came before a Retry-After on their channel had passed."""
    early = []
    held: dict[str, tuple[float, float]] = {}  # channel -> (until, when asked)
    for call in calls:
        until = held.get(call.channel)
        if until is not None and call.at < until[0] - TOLERANCE:
            early.append(f"{call.channel} call to {call.conversation} {until[0] - call.at:.2f} s before the "
                         f"Retry-After given at {until[1]:.2f} ran out")
        if call.status == 429 and call.retry_after is not None:
            held[call.channel] = (max(call.at + call.retry_after, until[0] if until else 0.0), call.at)
    return early


def requests_received(h: Harness) -> Counter[str]:
    """How many requests each lead received, by name, counted at the platforms."""
    got: Counter[str] = Counter()
    by_address = {lead.email: lead.name for lead in h.world.on("email")}
    for mail in list(h.platforms.smtp.mails):
        name = by_address.get(str(mail.message["To"]))
        if name and not str(mail.message["Subject"]).startswith("Re:"):
            got[name] += 1
    by_channel = {"D" + lead.slack_id[1:]: lead.name for lead in h.world.on("slack")}
    for call in h.platforms.slack.posts():
        if call.params.get("blocks") and str(call.params.get("channel")) in by_channel:
            got[by_channel[str(call.params["channel"])]] += 1
    by_chat = {lead.telegram_id: lead.name for lead in h.world.on("telegram")}
    for sent in h.platforms.telegram.sent():
        if sent.params.get("reply_markup") and int(sent.params["chat_id"]) in by_chat:
            got[by_chat[int(sent.params["chat_id"])]] += 1
    by_conversation = {user.conversation: name for name, user in h.teams_users.items()}
    for record in h.platforms.microsoft.activities():
        conversation = record.path.split("/")[4]
        if record.method == "POST" and record.status == 201 and record.body.get("attachments") \
                and conversation in by_conversation:
            got[by_conversation[conversation]] += 1
    return got


def run_outbound(h: Harness, *, throttle: float, errors: float, limit: float = 900) -> Row:
    """Send one round with the faults switched on; check what the platforms received."""
    started = time.monotonic()
    h.platforms.chaos.throttle, h.platforms.chaos.errors = throttle, errors
    try:
        done = run_chaser(["cycle", "--plan", "faults"], env=h.service.env, cwd=h.folder, timeout=limit)
        problems = [] if done.returncode == 0 else [f"chaser cycle exited {done.returncode}: "
                                                    f"{done.stderr.decode(errors='replace')[-500:]}"]
        wait_until(lambda: h.scalar("SELECT count(*) FROM delivery WHERE key LIKE 'request:%' "
                                    "AND state IN ('pending', 'failed')") == 0, limit=limit, step=2.0)
    finally:
        h.platforms.chaos.throttle = h.platforms.chaos.errors = 0.0
    got = requests_received(h)
    leads = [lead.name for lead in h.world.leads]
    lost = [name for name in leads if got[name] == 0]
    doubled = {name: got[name] for name in leads if got[name] > 1}
    early = too_early(attempts(h))
    problems += [f"no request reached {name}" for name in lost[:10]]
    problems += [f"{name} got {n} requests" for name, n in list(doubled.items())[:10]]
    problems += early[:10]
    injected = h.platforms.chaos.injected
    smtp_refused = len(h.platforms.smtp.refused)
    return Row(scenario="outbound", inputs=len(leads), lost=len(lost),
               duplicated=sum(n - 1 for n in doubled.values()), refused=injected["429"] + injected["5xx"],
               seconds=time.monotonic() - started, problems=tuple(problems),
               notes=f"{injected['429']} answered 429 with Retry-After, {injected['5xx']} answered 5xx or 451 "
                     f"({smtp_refused} of them SMTP 451); {len(early)} calls came before a Retry-After allowed")
