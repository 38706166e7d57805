"""What a question asks for: the intents, the phrases that signal each, and the filler words.

Each intent is tried in order on the question's corrected reading, so the more specific phrase
wins ("not started" before "started", "at risk" before "late", "no due date" before "due").
"""

from __future__ import annotations

import re

INTENTS = (
    "more", "help", "indicator_status", "indicators_off_track", "indicators",
    "action_status", "not_replied", "replied", "most_overdue", "changes", "at_risk",
    "not_started", "open", "overdue", "slipping", "blocked", "complete", "on_track", "in_progress", "no_due_date",
    "due", "progress", "list", "unknown",
)  # fmt: skip

_REPLY = r"(?:replied|reply|replies|responded|response|answered|got back|updated|sent (?:an? |their |in )?updates?)"

# (intent, pattern): the first that matches names the intent.
INTENT_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (intent, re.compile(pattern))
    for intent, pattern in (
        ("more", r"^(?:(?:show|give|send|tell) (?:me )?)?(?:the )?(?:more|rest|next|next page|continue|go on)"
                 r"(?: please| pls| of them| results)?$"),
        ("help", r"^(?:help|\?+|what can (?:i|you) (?:ask|do|answer)|how do i (?:use|ask)|commands|menu)\b"),
        ("not_replied", rf"\b(?:not|yet to|never|no|still to|failed to|without) (?:yet |been |a )?{_REPLY}"
                        r"|\bnot heard (?:back )?from\b|\bno (?:reply|replies|response|answer)\b"
                        r"|\bwho (?:is|are) (?:still )?(?:outstanding|missing|silent)\b|\bstill owes?\b"
                        r"|\bwho (?:do|should) (?:we|i) (?:chase|need to chase)\b|\bnon.?responders?\b"
                        r"|\bwaiting (?:to hear|for (?:a )?(?:reply|replies|response|updates?)) from\b"
                        r"|\bbehind (?:on|with) (?:their |the )?(?:replies|updates|responses)\b"),
        ("replied", rf"\bwho (?:has |have )?(?:already )?{_REPLY}|\bwho (?:has|have) got back\b"),
        ("most_overdue", r"\bmost (?:overdue|late)\b|\b(?:overdue|late)\b.*\bmost\b|\bworst\b"
                         r"|\bwho (?:is|are) (?:the )?(?:furthest|most) behind\b"),
        ("changes", r"\b(?:changed|changes|change|new|happened|moved)\b"
                    r"|\b(?:updates|updated)\b.*\bsince\b|\bsince\b.*\b(?:updates|updated)\b"
                    r"|\b(?:recent|latest|any) updates\b"),
        ("at_risk", r"\bat risk\b|\brisks?\b|\brisky\b|\bexceptions?\b|\bproblems?\b|\bproblematic\b|\bissues?\b"
                    r"|\bconcerns?\b|\bconcerning\b|\btrouble\b|\bred\b|\bred flags?\b|\bwrong\b|\bworrying\b"
                    r"|\bin danger\b|\bneeds? attention\b"),
        ("not_started", r"\bnot (?:yet |been |even )*(?:started|begun|commenced|kicked off)\b"
                        r"|\byet to (?:start|begin)\b|\bunstarted\b|\bnot underway\b"),
        ("open", r"\bnot (?:yet |been )*(?:complete|completed|done|finished|closed)\b|\bincomplete\b"
                 r"|\boutstanding\b|\bopen\b|\bunfinished\b|\bstill to do\b|\bremaining\b|\bstill open\b"),
        ("overdue", r"\boverdue\b|\blate\b|\bpast (?:its |their |the )?(?:due|deadline)|\bmissed\b"
                    r"|\bafter (?:its |their |the )?deadlines?\b"),
        ("slipping", r"\bslipp?(?:ing|ed|age|s)?\b|\bdelayed\b|\bdelays?\b|\bbehind\b|\bpushed back\b"
                     r"|\brevised dates?\b"),
        ("blocked", r"\bblocked\b|\bblockers?\b|\bstuck\b|\bon hold\b|\bwaiting (?:on|for)\b|\bcan not proceed\b"
                    r"|\bdependent on\b|\bparked\b|\bstalled\b"),
        ("complete", r"\bcompleted?\b|\bdone\b|\bfinished\b|\bachieved\b|\bclosed\b|\bdelivered\b|\bsigned off\b"),
        ("on_track", r"\bon (?:track|target|schedule|course)\b|\bgreen\b|\bgoing (?:well|fine|ok)\b"),
        ("in_progress", r"\bin progress\b|\bongoing\b|\bunderway\b|\bunder way\b|\bbeing worked on\b"),
        ("no_due_date", r"\bno (?:due |target |end )?(?:dates?|deadlines?)\b"
                        r"|\bwithout (?:a |any )?(?:due |target )?(?:dates?|deadlines?)\b"
                        r"|\btbc\b|\btbd\b|\bundated\b|\bnot dated\b|\bmissing (?:due )?dates?\b"
                        r"|\bdates? (?:to be confirmed|unknown|not set)\b"),
        ("due", r"\bdue\b|\bdeadlines?\b|\bcoming up\b|\bexpected\b|\bscheduled\b|\bto be (?:done|completed|finished)\b"
                r"|\bupcoming\b"),
        ("progress", r"\bprogress\b|\bhow (?:is|are)\b.*\b(?:doing|going|getting on|looking|progressing)\b"
                     r"|\bsummary\b|\boverview\b|\bstatus\b|\bhow (?:is|are) (?:we|things)\b|\bbreakdown\b"),
        ("list", r"\blist\b|\bshow\b|\bwhat (?:is|are)\b|\bwhich\b|\ball\b|\bactions?\b|\bgive me\b"),
    )
)

# Words that carry no filter: question words, verbs, articles and the like.
FILLER: frozenset[str] = frozenset(
    """a an the is are was were be been being am do does did has have had having will would can could
    should shall may might must what which who whom whose when where why how any anything anyone
    something everything all every each some there here this that these those it its it's they them
    their theirs we us our you your he she his her i me please pls thanks thank tell show give list
    find get got see let know want need like just only also still yet now currently right so then
    than and or but not no nor of to at with into onto about as via per item items thing things
    action actions task tasks stuff one ones many much number count total lot lots look looking
    status state currently presently moment point going doing getting on up out over under down
    happen happening happened ok okay hi hello hey dear chaser bot quick quickly please kindly
    overdue late missed deadline deadlines blocked stuck hold waiting delayed slipping slipped slippage
    behind complete completed finished done achieved started progress ongoing underway replied reply
    replies responded response answered heard update updates updated changed changes change since
    risk risks exceptions exception problems problem issues issue concerns concern trouble red flags
    flag week weeks month months next coming fortnight tomorrow today days day due expected scheduled
    summary overview most worst incomplete outstanding open date dates undated unstarted tbc tbd
    help more before until till end yet begun commenced kicked off closed delivered signed new
    in by for from led owned run managed assigned lead leads leading owner owners responsible
    whom whose person anybody somebody everyone everybody name named called
    plan plans section sections part parts area areas
    """.split()  # noqa: SIM905 - a word block reads better than 300 quoted strings
)
# Words that mean "the asker's own": "my actions", "anything for me?", "what do I lead?".
MINE = re.compile(r"\bmy\b|\bmine\b|\bfor me\b|\bto me\b|\bi (?:lead|own|have|am leading|am responsible)\b")
# Words after which come a person: "for Tony Geeson", "led by SF", "assigned to HoPP".
LEAD_MARKERS = frozenset({"for", "by", "led", "owned", "run", "managed", "assigned", "lead", "leads", "from",
                          "whose", "responsible"})
# Words after which comes a place in the plan: "in the children and young people section".
PLACE_MARKERS = frozenset({"in", "on", "under", "within", "about", "across", "regarding", "re"})
# Words that join the words of one name or title without ending it ("head of policy and performance").
JOINERS = frozenset({"and", "&", "of", "the", "for"})
