"""Recognising the parts of a reply that are not the lead's words: quote headers in the layouts and
languages mail clients write them, banners, disclaimers, image placeholders and mobile footers.

mail-parser-reply's header patterns (every language it knows) are used first; the patterns here add
what it misses: "On ... wrote:" split over three lines, Outlook blocks with blank lines between the
fields (HTML converted to text), translated "Original Message" rules, Zoho's "---- On ... wrote ----"."""

from __future__ import annotations

import re
from functools import lru_cache

from mailparser_reply.constants import MAIL_LANGUAGES
from mailparser_reply.parser import EmailMessage as LibraryMessage

# Outlook's header fields, in the languages Outlook writes them.
FIELD_NAMES = (
    "from|sent|to|cc|bcc|subject|date|reply-to|replyto|importance|attachments"
    "|von|gesendet|an|betreff|datum|kopie"  # German
    "|de|envoyé|envoye|à|a|objet|cc|date|répondre à"  # French
    "|van|verzonden|aan|onderwerp|datum"  # Dutch
    "|da|inviato|oggetto|data|inviato il"  # Italian
    "|para|enviado|asunto|fecha|enviado el|assunto|data"  # Spanish, Portuguese
    "|från|skickat|till|ämne|fra|sendt|til|emne|dato"  # Swedish, Norwegian, Danish
    "|od|wysłano|do|temat|data|odesláno|komu|předmět"  # Polish, Czech
    "|lähettäjä|lähetetty|vastaanottaja|aihe|päivämäärä"  # Finnish
    "|от|отправлено|кому|тема|дата"  # Russian
    "|kimden|gönderildi|kime|konu|tarih"  # Turkish
    "|feladó|elküldve|címzett|tárgy"  # Hungarian
)
FIELD = re.compile(rf"^\s*[*]?(?:{FIELD_NAMES})[*]?\s*:\s*[*]?(.*)$", re.IGNORECASE)
CONTINUED = re.compile(r"^\s*(<[^>\s]+@[^>\s]*>|\[mailto:[^\]]+\]|[\w.+-]+@[\w.-]+)\s*[>\])]*\s*$")  # a wrapped address
FROM_FIELD = re.compile(r"^\s*[*]?(?:from|von|de|van|da|från|fra|od|lähettäjä|от|kimden|feladó)[*]?\s*:",
                        re.IGNORECASE)
ANY_FIELD = re.compile(r"^\s*[*]?[^\W\d_][\w .'-]{0,24}[*]?\s*:\s+\S")  # "Word: value", any language
# "-----Original Message-----" and its translations; "-------- Forwarded message ---------".
RULE_HEADER = re.compile(
    r"^\s*[-=_*‐‑‒–—―]{2,}\s*(original message|ursprüngliche nachricht|originalnachricht|message d'origine"
    r"|message original|oorspronkelijk bericht|origineel bericht|messaggio originale|mensaje original"
    r"|mensagem original|originalmeddelande|ursprungligt meddelande|opprinnelig melding|oprindelig meddelelse"
    r"|wiadomość oryginalna|oryginalna wiadomość|původní zpráva|alkuperäinen viesti|исходное сообщение"
    r"|orijinal ileti|eredeti üzenet|forwarded message|reply message|original|回复的原邮件|原始邮件)"
    r"\s*[-=_*‐‑‒–—―]{2,}\s*$",
    re.IGNORECASE)
UNDERSCORE_RULE = re.compile(r"^\s*_{8,}\s*$")
# any other "-------- Words --------" rule a client writes above the quoted message, in any language
WORDED_RULE = re.compile(r"^\s*[-=_*‐‑‒–—―]{2,}\s*[^\W\d_][^\d\-=_*‐‑‒–—―]{2,40}?\s*[-=_*‐‑‒–—―]{2,}\s*$")
# "---- On Mon, 12 Jun 2006 09:00:00 +0100 Chaser <...> wrote ----" (Zoho)
DASHED_WROTE = re.compile(r"^\s*-{2,}\s*\S.*\s(wrote|a écrit|schrieb|schreef|escribió|ha scritto|skrev)\s*-{2,}\s*$",
                          re.IGNORECASE)
WROTE_END = re.compile(
    r"(wrote|writes|a écrit|a ecrit|schrieb|schreef|escribió|escribio|ha scritto|scrisse|escreveu|skrev|skrev følgende"
    r"|napisał\(a\)|napisał|napisala|napsal\(a\)|kirjoitti|написал\(а\)|написал|yazdı|írta|έγραψε|wrote on|写道"
    r"|寫道|のメッセージ|님이 작성)\s*[:：]?\s*$",
    re.IGNORECASE)
WROTE_START = re.compile(
    r"^\s*(on|le|am|op|el|il|em|den|dne|w dniu|pe|в|el día|on behalf of)\b|^\s*\d{1,4}[./-]\d{1,2}[./-]\d{1,4}",
    re.IGNORECASE)
FORWARD_HEADER = re.compile(r"^\s*(begin forwarded message|début du message réexpédié|anfang der weitergeleiteten"
                            r" nachricht)\s*:\s*$", re.IGNORECASE)
# Banners that mail gateways put at the top of a message from outside the organisation.
BANNER = re.compile(
    r"^\s*[\[(*]*\s*(caution|external|warning|attention|notice|\[?ext\]?)\b.{0,40}"
    r"(external|outside|originated|phishing|sender|do not click|unless you recogni[sz]e)"
    r"|^\s*\[?external( email| sender)?\]?\s*:?\s*$"
    r"|^\s*this (e-?mail|message) (originated|was sent|came|has been sent) from outside",
    re.IGNORECASE)
DISCLAIMER = re.compile(
    r"(this (e-?mail|message|communication)( and any (files|attachments?)[^.]{0,40})? (is|are|may be|contains?)"
    r" (confidential|intended|privileged|for the (sole|exclusive) use)"
    r"|intended (solely )?(only )?for the (use of the )?(individual|addressee|person|named)"
    r"|if you (have received|are not the intended|received) this"
    r"|\b(disclaimer|confidentiality notice|privileged and confidential|legal notice)\b"
    r"|views (or opinions )?expressed in this (e-?mail|message)"
    r"|(scanned|checked) (for|by) .{0,30}(virus|viruses|malware)"
    r"|please consider the environment before printing"
    r"|all (e-?mails|communications?) (sent to|to and from) .{0,60}(monitored|recorded)"
    r"|freedom of information act)",
    re.IGNORECASE)
CID = re.compile(r"\[cid:[^\]\s]+\]|<cid:[^>\s]+>|\[image:[^\]]*\]|\[image\d*\.(?:png|jpe?g|gif)\]"
                 r"|<image\d+\.(?:png|jpe?g|gif)>", re.IGNORECASE)
MOBILE_FOOTER = re.compile(
    r"^\s*(sent from my [\w®™ .'-]{2,40}|sent from (outlook|mail|yahoo mail|typeapp|blue mail|bluemail"
    r"|samsung [\w ]+|my (iphone|ipad|android|blackberry)[\w ®™]*)( for [\w ]+)?"
    r"|get outlook for \w+|sent with [\w ]+ mail|sent with (proton ?mail|sparrow)[\w .]*"
    r"|sent (via|using) [\w ]+ (app|mail)"
    r"|envoyé de mon [\w ]+|von meinem [\w ]+ gesendet|gesendet von [\w ]+|verzonden vanaf mijn [\w ]+"
    r"|verstuurd vanaf mijn [\w ]+|inviato da[l]? mio [\w ]+|enviado desde mi [\w ]+|skickat från min [\w ]+"
    r"|sent from samsung mobile|sent on the go|this message has been sent from a mobile device)"
    r"[\s.!<>\w:/@-]*$",
    re.IGNORECASE)


@lru_cache(maxsize=1)
def library_header() -> re.Pattern[str]:
    """mail-parser-reply's header pattern for every language it knows."""
    return LibraryMessage(text="", languages=list(MAIL_LANGUAGES)).HEADER_REGEX


def header_lines(lines: list[str], *, addresses: tuple[str, ...] = (), names: tuple[str, ...] = (),
                 subjects: tuple[str, ...] = ()) -> set[int]:
    """The indexes of the lines that introduce a quoted message (attribution lines, header blocks,
    separator rules), ``lines`` already without their ``>`` markers."""
    found: set[int] = set()
    text = "\n".join(lines)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    for match in library_header().finditer(text):
        if not match.group(0).strip():
            continue
        first = _line_at(starts, match.start() + len(match.group(0)) - len(match.group(0).lstrip()))
        last = _line_at(starts, match.end() - 1)
        block = range(first, last + 1)
        if any(FIELD.match(lines[i]) or RULE_HEADER.match(lines[i]) or WROTE_END.search(lines[i]) for i in block):
            found.update(i for i in block if lines[i].strip() and _header_like(lines[i]))
    ours = tuple(a.lower() for a in addresses) + tuple(s.lower() for s in subjects)
    for i, line in enumerate(lines):
        low = line.lower()
        if RULE_HEADER.match(line) or UNDERSCORE_RULE.match(line) or DASHED_WROTE.match(line) \
                or FORWARD_HEADER.match(line) or WORDED_RULE.match(line):
            found.add(i)
        elif WROTE_END.search(line) and len(line) < 250:
            found.update(_attribution(lines, i))
        elif low.rstrip().endswith((":", "：")) and (any(o in low for o in ours) or _names_us(line, names)):
            found.update(_attribution(lines, i))  # an attribution naming Chaser, in any language
        elif ANY_FIELD.match(line) and any(o in low for o in ours):
            found.add(i)  # "Field: Chaser's address or subject", in any language
    found |= _field_blocks(lines, ours)
    return found


def _line_at(starts: list[int], offset: int) -> int:
    lo, hi = 0, len(starts) - 1
    while lo < hi - 1:
        mid = (lo + hi) // 2
        if starts[mid] <= offset:
            lo = mid
        else:
            hi = mid
    return lo


def _header_like(line: str) -> bool:
    return bool(FIELD.match(line) or RULE_HEADER.match(line) or WROTE_END.search(line) or WROTE_START.match(line)
                or "@" in line or re.search(r"\d", line))


def _names_us(line: str, names: tuple[str, ...]) -> bool:
    return any(re.search(rf"\b{re.escape(n)}\b", line) for n in names) and bool(re.search(r"\d|@", line))


def _attribution(lines: list[str], end: int) -> list[int]:
    """An attribution ending at line ``end`` ("... wrote:"), with the one or two lines it started on
    when a client split it ("On Mon, 12 Jun 2006 at 09:00, Chaser <" / "chaser@x.org> wrote:")."""
    if WROTE_START.match(lines[end]):
        return [end]
    above = []
    for back in (1, 2):
        i = end - back
        if i < 0 or not lines[i].strip() or len(lines[i]) > 200:
            break
        above.append(i)
        if WROTE_START.match(lines[i]):
            return [end, *above]
    if above and (end - len(above) - 1 < 0 or not lines[end - len(above) - 1].strip()) \
            and any(re.search(r"\d", lines[i]) for i in above):
        return [end, *above]  # the lines since the last blank line, one with a date or time in it
    return [end]


def _field_blocks(lines: list[str], ours: tuple[str, ...]) -> set[int]:
    """Outlook-style blocks: a From-like field and at least one more field, blank lines allowed between
    them (HTML converted to text); or, in a language not listed, three or more "Word: value" lines one
    of which names Chaser's address or the request's subject."""
    found: set[int] = set()
    i = 0
    while i < len(lines):
        if not (FIELD.match(lines[i]) or ANY_FIELD.match(lines[i])):
            i += 1
            continue
        block: list[int] = []
        j = i
        while j < len(lines) and (FIELD.match(lines[j]) or ANY_FIELD.match(lines[j]) or not lines[j].strip()
                                  or (block and block[-1] == j - 1 and CONTINUED.match(lines[j]))):
            if lines[j].strip():
                block.append(j)
            j += 1
            if len(block) >= 8:
                break
        known = [k for k in block if FIELD.match(lines[k])]
        names_us = any(o in lines[k].lower() for k in block for o in ours)
        if (len(known) >= 2 and any(FROM_FIELD.match(lines[k]) for k in block)) or (len(block) >= 3 and names_us):
            found.update(block)
            # Outlook wraps a long Subject or To onto the next line
            nxt = block[-1] + 1
            if nxt < len(lines) and lines[nxt].strip() and names_us and any(
                    s in " ".join(lines[block[-1]:nxt + 1]).lower() for s in ours):
                found.add(nxt)
        i = max(j, i + 1)
    return found
