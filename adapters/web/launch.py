"""What `chaser serve` prints before it starts: the one-time setup link, or (``--example``) where to click."""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import quote

from adapters.web.auth import SigninTokens, signing_secret
from adapters.web.example import a_lead_request, coordinator, load_example
from adapters.web.first_run import people_count, setup_token
from bot.bootstrap import answer_links
from store.clock import ShiftedClock

if TYPE_CHECKING:
    from bot.bootstrap import Chaser


def setup_lines(*, chaser: Chaser) -> list[str]:
    """One line with the setup link while Chaser knows no people; nothing once set up."""
    if people_count(engine=chaser.engine):
        return []
    token = setup_token(signing_secret(chaser.settings))
    return [f"Chaser has no people yet. To set it up, open {chaser.settings.link_base()}/setup?token={token}"]


def example_lines(*, chaser: Chaser) -> list[str]:
    """Load the example (plan, people, one round of requests) and say where to click."""
    loaded = load_example(chaser=chaser)
    base = chaser.settings.link_base()
    lines = ["Loaded the example:", f"  {loaded.people}", f"  {loaded.plan}"]
    lines += [f"  {line}" for line in loaded.cycle.splitlines()[:1]]
    if isinstance(chaser.clock, ShiftedClock):  # `serve --example` on its own clock
        lines.append(
            f"  running as of {chaser.clock.now():%A %-d %B %Y, %H:%M}, the week the council chased this plan "
            "(its clock moves on from there; plain `chaser serve` runs on today's date)"
        )
    lead = coordinator(chaser=chaser)
    if lead is not None and lead.id is not None:
        tokens = SigninTokens(secret=signing_secret(chaser.settings), clock=chaser.clock)
        lines.append(f"Dashboard, as the coordinator {lead.name} (this sign-in link works once, for 30 minutes):")
        lines.append(f"  {base}/signin/{quote(tokens.issue(lead.id))}")
    found = a_lead_request(chaser=chaser)
    if found is not None:
        name, request_id, person_id = found
        lines.append(f"Answer a request as the lead {name} (the link in their request email):")
        lines.append(f"  {answer_links(chaser).page(request_id=request_id, person_id=person_id)}")
    if chaser.settings.smtp_url is None:
        lines.append(f"Every message Chaser sent is on the Outbox page: {base}/outbox")
    return lines
