"""Adaptive Cards for requests: per action, the quick choices and a Details... form; built with the Teams SDK."""

from __future__ import annotations

from typing import Any

from microsoft_teams.cards import (
    ActionSet,
    AdaptiveCard,
    Container,
    DateInput,
    Fact,
    FactSet,
    NumberInput,
    OpenUrlAction,
    ShowCardAction,
    SubmitAction,
    TextBlock,
    TextInput,
)

from bot.ports import QUICK_CHOICES, ActionPrompt, FigurePrompt, OutboundMessage

CARD_VERSION = "1.5"  # the newest version Teams renders on desktop, web and mobile
ASK = ("Choose an answer beside each action (Details... adds a revised date, percent complete or a note), "
       "or reply here in your own words, for example \"7.4 complete on 12 June; 7.6 delayed to July\".")
DATE_FIELD, PERCENT_FIELD, NOTE_FIELD = "revised_date", "percent", "note"


def input_id(field: str, action_id: int) -> str:
    """The id of one action's input on the card (a card holds inputs for several actions)."""
    return f"{field}-{action_id}"


def _choices(prompt: ActionPrompt, *, with_details: bool) -> list[Any]:
    buttons: list[Any] = [
        SubmitAction(title=label, data={"action_id": prompt.action_id, "ref": prompt.ref, "status": status})
        for status, label in QUICK_CHOICES]
    if with_details:
        buttons.append(SubmitAction(title="Save details only",
                                    data={"action_id": prompt.action_id, "ref": prompt.ref, "status": None}))
    return buttons


def _details(prompt: ActionPrompt) -> AdaptiveCard:
    """The Details... form: a revised date, percent complete and a note, then the choices."""
    return AdaptiveCard(version=CARD_VERSION, body=[
        DateInput(id=input_id(DATE_FIELD, prompt.action_id), label="Revised date (if it has moved)"),
        NumberInput(id=input_id(PERCENT_FIELD, prompt.action_id), label="Percent complete (0 to 100)",
                    min=0, max=100),
        TextInput(id=input_id(NOTE_FIELD, prompt.action_id), label="Note (in your own words)", is_multiline=True,
                  max_length=2000),
        ActionSet(actions=_choices(prompt, with_details=True)),
    ])


def _action_block(prompt: ActionPrompt) -> Container:
    facts = [Fact(title="Due", value=prompt.due or "no date"), Fact(title="Status now", value=prompt.status)]
    if prompt.last_update:
        facts.append(Fact(title="Last update", value=prompt.last_update))
    buttons: list[Any] = _choices(prompt, with_details=False)
    buttons.append(ShowCardAction(title="Details...", card=_details(prompt)))
    if prompt.link:
        buttons.append(OpenUrlAction(title="Open on the web", url=prompt.link))
    return Container(separator=True, spacing="Medium", items=[
        TextBlock(text=f"{prompt.ref}: {prompt.title}", wrap=True, weight="Bolder"),
        FactSet(facts=facts),
        ActionSet(actions=buttons),
    ])


def _figures_block(figures: tuple[FigurePrompt, ...]) -> Container:
    """The indicators a request asks figures for, each with its period, last figure and target."""
    items: list[Any] = [TextBlock(text=f"Your indicators: reply here with each figure in your own words, for example "
                                       f"\"{figures[0].code} 201 for {figures[0].period}\".", wrap=True,
                                  weight="Bolder")]
    for f in figures:
        items.append(TextBlock(text=f"{f.code}" + (f": {f.title}" if f.title else "") + f" — the figure for "
                               f"{f.period}?", wrap=True))
        facts = [Fact(title="Last", value=f.last)] if f.last else []
        facts += [Fact(title="Target", value=f.target)] if f.target else []
        if facts:
            items.append(FactSet(facts=facts))
    return Container(separator=True, spacing="Medium", items=items)


def message_card(message: OutboundMessage) -> AdaptiveCard:
    """The card for ``message``: its words, then each listed action with its choices.

    A request lists the lead's open actions; after a submit the same card is replaced by one whose
    words say what was recorded (and which still offers choices for any actions left open).
    """
    body: list[Any] = []
    if message.kind in ("request", "reminder") and message.actions:
        # The request's words list the actions again; the card draws them once, with their choices.
        # A card redrawn after a submit leads with its first line instead: what was recorded.
        body.append(TextBlock(text=message.subject, wrap=True, weight="Bolder", size="Medium"))
        headline = message.text.strip().splitlines()[0] if message.replace and message.text.strip() else ASK
        body.append(TextBlock(text=headline, wrap=True))
    else:
        body += [TextBlock(text=paragraph, wrap=True) for paragraph in _paragraphs(message.text)]
    body += [_action_block(prompt) for prompt in message.actions]
    if message.actions and message.figures:  # (without actions the words above already list the figures)
        body.append(_figures_block(message.figures))
    actions: list[Any] = []
    if message.link:
        actions.append(OpenUrlAction(title="Update on the web", url=message.link))
    return AdaptiveCard(version=CARD_VERSION, body=body, actions=actions or None)


def _paragraphs(text: str) -> list[str]:
    """Paragraphs of plain text; a card's TextBlock reads Markdown, so lines keep their breaks."""
    blocks = [block.strip("\n") for block in text.replace("\r\n", "\n").split("\n\n")]
    return ["\n\n".join(line for line in block.splitlines() if line.strip()) for block in blocks if block.strip()]
