"""A reply that gives figures, perhaps with action progress beside them: the figures recorded and
read back, the rest read as progress, one answer for both."""

from __future__ import annotations

from sqlmodel import Session

from bot.inbound import router
from bot.inbound.extractor import refs_in
from bot.inbound.figures import confirmation, record_figures, says_more
from store.models import Indicator


def handle_figures(session: Session, *, work: router.Work) -> list[str]:
    """Record the figures of ``work`` (read before the transaction into ``work.figures``), then the
    progress its other words give, if any; mark the request answered."""
    figures = work.figures
    assert figures is not None
    outcome = record_figures(session, work=figures, person=work.person, channel=work.channel,
                             written_at=work.written_at, inbound_id=work.inbound_id, now=work.now,
                             request_id=work.request.id if work.request else None)
    plan_ids = {i.plan_id for key in {f.key for f in figures.reading.figures}
                if (i := session.get(Indicator, int(key))) is not None}
    texts = [confirmation(outcome)] if outcome.recorded or outcome.problems or outcome.question else []
    _every, open_actions = router.own_actions(session, work=work)
    if work.extraction is not None and says_more(figures.rest) and (open_actions or refs_in(figures.rest)):
        texts += router.handle_progress(session, work=work, text=figures.rest, extraction=work.extraction,
                                        inbound_id=work.inbound_id)
    router.mark_replied(session, work=work, plan_ids=plan_ids)
    return ["\n".join(t for t in texts if t)] if texts else []


