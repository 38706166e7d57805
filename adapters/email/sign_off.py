"""Remove the sign-off an email ends with ("Thanks, Sue", "Kind regards / Chris Doyle", "Sent from my
iPhone"), which the reply parser keeps when it is short: a name there is not part of the message
(a question signed "Chris" is not about Chris's actions)."""

from __future__ import annotations

import re

VALEDICTIONS = frozenset((
    "thanks", "thank", "you", "many", "ta", "thx", "tx", "cheers", "regards", "kind", "best", "warm", "warmest",
    "wishes", "all", "the", "yours", "sincerely", "faithfully", "rgds", "kr", "br", "speak", "soon", "again",
    # other languages' closings ("Met vriendelijke groet", "Mit freundlichen Grüßen", "Cordialement")
    "met", "vriendelijke", "groet", "groeten", "mvg", "mit", "freundlichen", "grüßen", "grüssen", "gruß", "gruss",
    "viele", "grüße", "lg", "mfg", "cordialement", "bien", "à", "vous", "salutations", "bonne", "journée",
    "saludos", "atentamente", "un", "saludo", "cordiales", "cordiali", "saluti", "distinti", "grazie",
    "med", "vänlig", "vänliga", "hälsning", "hälsningar", "vennlig", "hilsen", "venlig", "pozdrawiam",
    "ystävällisin", "terveisin", "mvh", "hälsn", "obrigado", "obrigada", "atenciosamente", "merci", "danke",
    "dank", "je", "bedankt",
))
MOBILE_FOOTER = re.compile(r"^\s*(sent from my \w[\w ]*|get outlook for \w+|sent from (outlook|mail) for \w+)\s*$",
                           re.IGNORECASE)
WORD = re.compile(r"[^\W\d_][\w'’-]*")
MAX_LINES = 4
MAX_LINE_LENGTH = 40


def name_words(display_name: str, address: str) -> frozenset[str]:
    """The words and initials a sender may sign with, from the From header's name and address."""
    words = [w.lower() for w in WORD.findall(display_name)]
    if not words:
        words = [w.lower() for w in re.split(r"[._+-]+", address.split("@", 1)[0]) if w.isalpha()]
    initials = "".join(w[0] for w in words if w)
    return frozenset([*words, initials] if len(words) > 1 else words)


def _is_sign_off(line: str, names: frozenset[str]) -> bool:
    stripped = line.strip().strip("-–—,.!").strip()
    if not stripped:
        return True
    if MOBILE_FOOTER.match(stripped):
        return True
    if len(stripped) > MAX_LINE_LENGTH or any(ch.isdigit() for ch in stripped):
        return False
    words = [w.lower() for w in WORD.findall(stripped)]
    return bool(words) and all(w in VALEDICTIONS or w in names for w in words)


def strip_sign_off(text: str, *, names: frozenset[str]) -> str:
    """``text`` without its closing sign-off lines; unchanged if nothing else would be left."""
    lines = text.rstrip().splitlines()
    dropped = 0
    while lines and dropped <= MAX_LINES and _is_sign_off(lines[-1], names):
        if lines[-1].strip():
            dropped += 1
        lines.pop()
    kept = "\n".join(lines).rstrip()
    return kept if kept and dropped <= MAX_LINES else text.strip()
