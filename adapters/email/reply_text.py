"""The lead's own words in an email reply, and nothing else.

1. Quote headers are found in any layout or language (adapters.email.quoting, over mail-parser-reply).
2. Chaser's own sent text is found wherever it comes back (adapters.email.own_text): a backstop that
   works when the client or language is unknown, because Chaser knows what it sent.
3. The lead's words are the text above the first quote, plus lines the lead wrote between or below
   the quoted lines of Chaser's message (inline or bottom-posted answers). An inline answer is read
   against the action it sits under: it is prefixed with that action's ref ("7.6: still waiting").
4. Banners, disclaimers, image placeholders, mobile footers, contact blocks and sign-offs go.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from adapters.email.own_text import OwnText, cell_like, unquoted, words
from adapters.email.quoting import BANNER, CID, DISCLAIMER, MOBILE_FOOTER, header_lines
from adapters.email.sign_off import VALEDICTIONS, strip_sign_off
from bot.inbound.sent_text import SentText

REF = re.compile(r"(?<![\w.])\d{1,2}[a-z]?(?:\.\d{1,2}[a-z]?)+(?![\w.]*\d)", re.IGNORECASE)
BULLET = re.compile(r"^\s*([-•*·–]|\d{1,2}[.)])\s+\S")
RULE = re.compile(r"^\s*([-_=*~]{3,}|--)\s*$")
PHONE = re.compile(r"(?:(?:tel|t|m|mob|mobile|phone|direct|dd|office|fax|f|ext)\.?\s*:?\s*)?\+?\(?\d[\d ()./-]{7,}\d",
                   re.IGNORECASE)
EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(\.[\w-]+)+\b")
URL = re.compile(r"(https?://|www\.)\S+|\b[\w-]+\.(gov|org|com|net|nhs|police|ac|co)\.uk\b", re.IGNORECASE)
POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}\b")
ALT_TEXT = re.compile(r"^\s*(\[[^\]]{1,80}\]\s*)+$")
SOCIAL = re.compile(r"^\s*(follow us|find us|like us|twitter|facebook|linkedin|instagram|pronouns?)\b|\((she|he|they)/",
                    re.IGNORECASE)
SMALL_WORDS = frozenset(("of", "and", "the", "for", "&", "to", "in", "at", "on", "a", "an", "de", "du", "und"))
MAX_TITLE_WORDS = 8


@dataclass(frozen=True)
class _Line:
    depth: int
    text: str


def lead_words(body: str, *, sent: SentText | None, names: frozenset[str]) -> str:
    """The lead's words in a reply's decoded ``body`` (quoted lines marked ``>``), given what Chaser
    sent in the thread (None when unknown) and the words the sender signs with."""
    sent = sent or SentText()
    own = OwnText(sent)
    lines = [_Line(*unquoted(_tidy(x))) for x in body.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    content = [x.text for x in lines]
    headers = header_lines(content, addresses=sent.addresses, names=sent.names, subjects=sent.subjects)
    strict: dict[int, tuple[str | None, bool]] = {}
    loose: dict[int, tuple[str | None, bool]] = {}
    for run in own.runs(content):
        span = range(run.first, run.last + 1)
        # A short line that is all of one of Chaser's lines ("Thank you,") may be the lead's own: it
        # counts only where Chaser's text is expected (an unmarked quote), as do fragments of 3+ words.
        lines_in_run = sum(1 for i in span if content[i].strip())
        is_strict = (run.whole_line and run.word_count >= 3) or (lines_in_run >= 2 and run.word_count >= 4)
        is_loose = is_strict or run.whole_line or run.word_count >= 3
        for i in span:
            if content[i].strip() and is_loose:
                loose[i] = (run.ref, run.after_actions)
                if is_strict:
                    strict[i] = (run.ref, run.after_actions)
    for i, text in enumerate(content):
        if own.is_token_line(text) or own.is_reply_shape(text):
            strict[i] = loose[i] = (None, False)
    quote_start = next((i for i, x in enumerate(lines)
                        if i in headers or x.depth > 0 or i in strict), len(lines))
    kept: list[str] = _clean(content[:quote_start], names=names, top=True)
    regions = _regions(range(quote_start, len(lines)), headers)
    for region in regions:
        body_lines = [i for i in region if i not in headers]
        mine = [i for i in body_lines if i in loose]
        if not mine:
            continue  # someone else's message in the thread (or nothing of ours to go by): all quoted
        prefixed = sum(1 for i in mine if lines[i].depth > 0) * 2 > len(mine)
        matched = strict if prefixed else loose
        ref: str | None = None
        block: list[str] = []
        block_ref: str | None = None
        for i in body_lines:
            line = lines[i]
            ours = i in matched or (not prefixed and line.depth == 0 and cell_like(line.text))
            if line.depth > 0 or ours:
                if i in loose:
                    ref = None if loose[i][1] else loose[i][0] if loose[i][0] is not None else ref
                if block:
                    kept += _inline(block, block_ref, names=names)
                    block = []
                continue
            if not block:
                block_ref = ref
            block.append(line.text)
        if block:
            kept += _inline(block, block_ref, names=names)
    text = "\n".join(kept)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _tidy(line: str) -> str:
    return line.replace("\xa0", " ").replace("\u200b", "").replace("\ufeff", "").rstrip()


def _regions(indexes: range, headers: set[int]) -> list[list[int]]:
    """The quoted part cut at each quote header: one region per quoted message."""
    regions: list[list[int]] = [[]]
    previous_header = False
    for i in indexes:
        is_header = i in headers
        if is_header and not previous_header and regions[-1]:
            regions.append([])
        regions[-1].append(i)
        previous_header = is_header
    return [r for r in regions if r]


def _inline(block: list[str], ref: str | None, *, names: frozenset[str]) -> list[str]:
    """An answer written between or below quoted lines, read against the action above it."""
    cleaned = _clean(block, names=names, top=False)
    if not any(x.strip() for x in cleaned):
        return []
    if ref is not None and not REF.search("\n".join(cleaned)):
        first = next(n for n, x in enumerate(cleaned) if x.strip())
        cleaned[first] = f"{ref}: {cleaned[first].strip()}"
    return ["", *cleaned, ""]


def _paragraphs(lines: list[str]) -> list[list[str]]:
    out: list[list[str]] = [[]]
    for line in lines:
        if line.strip():
            out[-1].append(line)
        elif out[-1]:
            out.append([])
    return [p for p in out if p]


def _clean(lines: list[str], *, names: frozenset[str], top: bool) -> list[str]:
    """Banners, disclaimers, placeholders, footers and the trailing signature removed."""
    out = []
    for line in lines:
        stripped = CID.sub("", line).rstrip()
        if line.strip() and not stripped.strip():
            continue  # a line that was only an image placeholder
        if MOBILE_FOOTER.match(stripped):
            continue
        out.append(stripped)
    paragraphs = _paragraphs(out)
    if top and paragraphs and BANNER.search(paragraphs[0][0]):
        paragraphs = paragraphs[1:]
    paragraphs = [p for p in paragraphs if not DISCLAIMER.search(" ".join(p))]
    flat: list[str] = []
    for p in paragraphs:
        flat += [*p, ""]
    flat = _cut_signature(flat, names=names)
    text = strip_sign_off("\n".join(flat), names=names)
    return text.split("\n") if text.strip() else []


def _signature_like(line: str, names: frozenset[str]) -> tuple[bool, bool]:
    """(could be part of a signature, is a sure sign of one)."""
    text = line.strip()
    if not text:
        return True, False
    if RULE.match(text) or ALT_TEXT.match(text):
        return True, True
    if BULLET.match(text):
        return False, False
    if PHONE.search(text) or EMAIL.search(text) or URL.search(text) or POSTCODE.search(text) or SOCIAL.search(text):
        return True, True
    found = words(text)
    if found and all(w in names or w in VALEDICTIONS for w in found):
        return True, True
    if len(found) <= MAX_TITLE_WORDS and found[:2] and all(w in names for w in found[:2]) \
            and not re.search(r"[.?!;:]$", text):
        return True, True  # "Sue Fiennes | Director of Children's Services"
    if re.search(r"[.?!;:]$", text) or re.search(r"\d", text) or REF.search(text):
        return False, False
    tokens = text.replace(",", " ").replace("|", " ").split()
    capitalised = all(t[:1].isupper() or t.lower() in SMALL_WORDS or not t[:1].isalpha() for t in tokens)
    return capitalised and 2 <= len(tokens) <= MAX_TITLE_WORDS, False


def _cut_signature(lines: list[str], *, names: frozenset[str]) -> list[str]:
    """The lines without a trailing contact block (name, title, phone, email, web, logo text), which
    needs no "-- " line; kept when it has nothing that surely marks a signature."""
    for n, line in enumerate(lines):
        if line.strip() == "--":  # the standard delimiter: everything after is the signature
            return lines[:n]
    cut = len(lines)
    sure = False
    for n in range(len(lines) - 1, -1, -1):
        like, certain = _signature_like(lines[n], names)
        if not like:
            break
        cut, sure = n, sure or certain
    # The block starts at a sure sign (a name, a closing, a rule, a contact detail): a short line
    # above it ("Board approval next week") is the lead's last line, not a job title.
    while cut < len(lines) and not _signature_like(lines[cut], names)[1]:
        cut += 1
    if not sure or cut == len(lines):
        return lines
    kept = lines[:cut]
    return kept if any(x.strip() for x in kept) else lines
