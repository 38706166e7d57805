"""Questions and their expected answers (intent and matching refs, in plan order) over the fixed plan.

Today is Wednesday 14 June 2006. The expected refs follow from tests/ask/plan_fixture.py:
overdue = 1.2, 4.2, 6.3, 7.4, 7.5, 7.6; blocked = 1.3, 7.2e; delayed = 1.2, 6.2, 7.4.
"""

from __future__ import annotations

import pytest

OVERDUE = ["1.2", "4.2", "6.3", "7.4", "7.5", "7.6"]
AT_RISK = ["1.2", "1.3", "4.2", "6.2", "6.3", "7.2e", "7.4", "7.5", "7.6"]
SLIPPING = ["1.2", "6.2", "7.4"]
BLOCKED = ["1.3", "7.2e"]
NOT_STARTED = ["6.3", "7.7", "10.2"]
COMPLETE = ["1.1", "7.1", "7.2a", "7.3", "10.3"]
IN_PROGRESS = ["4.1", "4.2", "6.1", "7.2", "7.5", "7.6", "10.1"]
OPEN = ["1.2", "1.3", "4.1", "4.2", "6.1", "6.2", "6.3", "7.2", "7.2e", "7.4", "7.5", "7.6", "7.7", "10.1", "10.2"]
SECTION_7 = ["7.1", "7.2", "7.2a", "7.2e", "7.3", "7.4", "7.5", "7.6", "7.7"]
NOT_REPLIED = ["1.2", "1.3", "4.1", "4.2", "7.2", "7.2e", "7.4", "7.5", "10.1"]
TONY = ["6.3", "7.5", "7.6", "7.7"]

CASES: list[tuple[str, str, list[str]]] = [
    # overdue, with paraphrases and typos
    ("what's overdue?", "overdue", OVERDUE),
    ("What is overdue", "overdue", OVERDUE),
    ("whats late", "overdue", OVERDUE),
    ("anything past its deadline?", "overdue", OVERDUE),
    ("which actions have missed their due date", "overdue", OVERDUE),
    ("how many actions are overdue?", "overdue", OVERDUE),
    ("overdeu actions", "overdue", OVERDUE),
    ("what's overdue in section 7?", "overdue", ["7.4", "7.5", "7.6"]),
    ("whats overdue in sec 7", "overdue", ["7.4", "7.5", "7.6"]),
    ("overdue items section seven", "overdue", ["7.4", "7.5", "7.6"]),
    ("Overdue in section 4?", "overdue", ["4.2"]),
    ("whats overdue in sec 4", "overdue", ["4.2"]),
    ("late stuff in sect. 6", "overdue", ["6.3"]),
    ("anything overdue in section 10?", "overdue", []),
    ("what's overdue in the children and young people section?", "overdue", ["7.4", "7.5", "7.6"]),
    ("overdue in vulnerable adults", "overdue", ["6.3"]),
    ("whats overdue in the childrens section", "overdue", ["7.4", "7.5", "7.6"]),
    # people by name, initials, role alias and role title
    ("anything late for Tony Geeson?", "overdue", ["6.3", "7.5", "7.6"]),
    ("anything late for tony geeson", "overdue", ["6.3", "7.5", "7.6"]),
    ("anything late for tony geesen?", "overdue", ["6.3", "7.5", "7.6"]),
    ("is SF late on anything?", "overdue", ["7.4", "7.5"]),
    ("overdue for DoCS", "overdue", ["7.4", "7.5"]),
    ("what's overdue for Sue Fisher in section 7", "overdue", ["7.4", "7.5"]),
    ("what is overdue for HoPP", "overdue", ["4.2"]),
    ("what's overdue for the head of policy and performance?", "overdue", ["4.2"]),
    ("overdue actions led by Alan McLaughlin", "overdue", ["6.3", "7.6"]),
    ("what is Tony Geeson leading?", "list", TONY),
    ("list actions for HoSH", "list", TONY),
    ("show me everything for TG", "list", TONY),
    ("what's at risk for HoITCS", "at_risk", ["1.2", "1.3", "6.2"]),
    # due soon windows
    ("what's due this week?", "due", ["4.1"]),
    ("what is due next week", "due", ["6.1", "7.7"]),
    ("what's due in the next two weeks?", "due", ["4.1", "6.1", "7.7", "10.1"]),
    ("due in the next fortnight", "due", ["4.1", "6.1", "7.7", "10.1"]),
    ("what's coming up in the next 2 weeks", "due", ["4.1", "6.1", "7.7", "10.1"]),
    ("whats due soon", "due", ["4.1", "6.1", "7.7", "10.1"]),
    ("what is due this month", "due", ["4.1", "6.1", "7.4", "7.7", "10.1"]),
    ("what's due by the end of July?", "due", ["1.2", "4.1", "6.1", "6.2", "7.2", "7.2e", "7.4", "7.7", "10.1"]),
    ("due before the end of july", "due", ["1.2", "4.1", "6.1", "6.2", "7.2", "7.2e", "7.4", "7.7", "10.1"]),
    ("what's due by 30 June", "due", ["4.1", "6.1", "7.4", "7.7", "10.1"]),
    ("anything due before 28 June?", "due", ["4.1", "6.1", "7.7"]),
    ("what's due next week in section 7", "due", ["7.7"]),
    ("what's due next week for Tony Geeson", "due", ["7.7"]),
    ("deadlines this week", "due", ["4.1"]),
    ("what is due in July", "due", ["1.2", "6.2", "7.2", "7.2e"]),
    ("due next month", "due", ["1.2", "6.2", "7.2", "7.2e"]),
    ("what's due today", "due", []),
    # at risk / exceptions / problems
    ("what's at risk?", "at_risk", AT_RISK),
    ("show me the exceptions", "at_risk", AT_RISK),
    ("any problems?", "at_risk", AT_RISK),
    ("what are the issues in section 1", "at_risk", ["1.2", "1.3"]),
    ("what's at risk in the children and young people section?", "at_risk", ["7.2e", "7.4", "7.5", "7.6"]),
    ("whats at rsik in section 6", "at_risk", ["6.2", "6.3"]),
    # statuses
    ("what's slipping?", "slipping", SLIPPING),
    ("which actions have slipped", "slipping", SLIPPING),
    ("what is delayed in section 6", "slipping", ["6.2"]),
    ("what's behind?", "slipping", SLIPPING),
    ("what's blocked?", "blocked", BLOCKED),
    ("anything stuck or on hold", "blocked", BLOCKED),
    ("blokced items", "blocked", BLOCKED),
    ("what hasn't started yet?", "not_started", NOT_STARTED),
    ("which actions are not started", "not_started", NOT_STARTED),
    ("what's not been started in section 10", "not_started", ["10.2"]),
    ("what's complete?", "complete", COMPLETE),
    ("what have we finished", "complete", COMPLETE),
    ("which actions are done in section 7", "complete", ["7.1", "7.2a", "7.3"]),
    ("what's completed in section 10", "complete", ["10.3"]),
    ("what is in progress", "in_progress", IN_PROGRESS),
    ("what's still outstanding", "open", OPEN),
    ("what has no due date?", "no_due_date", ["1.3", "10.2"]),
    ("which actions are TBC", "no_due_date", ["1.3", "10.2"]),
    ("actions without a deadline", "no_due_date", ["1.3", "10.2"]),
    # one action by ref
    ("how is 7.6 going?", "action_status", ["7.6"]),
    ("what's the latest on 7.4", "action_status", ["7.4"]),
    ("status of 7.2e", "action_status", ["7.2e"]),
    ("7.2 e?", "action_status", ["7.2e"]),
    ("is 1.3 overdue", "action_status", ["1.3"]),
    ("how are 4.1 and 4.2 doing", "action_status", ["4.1", "4.2"]),
    ("any news on 7.6, 1.3 and 7.2a?", "action_status", ["1.3", "7.2a", "7.6"]),
    ("how is 7.9 going?", "action_status", []),
    # sections and progress
    ("how is section 7 doing?", "progress", SECTION_7),
    ("progress in the children and young people section", "progress", SECTION_7),
    ("show me section 4", "list", ["4.1", "4.2"]),
    ("list the actions in section 10", "list", ["10.1", "10.2", "10.3"]),
    ("what's overdue in section 12?", "overdue", []),
    ("section 3 progress", "progress", []),
    # people questions
    ("who hasn't replied this week?", "not_replied", NOT_REPLIED),
    ("who hasnt replied", "not_replied", NOT_REPLIED),
    ("who has not responded yet?", "not_replied", NOT_REPLIED),
    ("who do we need to chase?", "not_replied", NOT_REPLIED),
    ("who has replied?", "replied", ["6.2", "6.3", "7.6", "7.7", "10.3"]),
    ("who has the most overdue actions?", "most_overdue", ["6.3", "7.5", "7.6"]),
    ("who is the worst for late actions", "most_overdue", ["6.3", "7.5", "7.6"]),
    # changes
    ("what changed since Monday?", "changes", ["7.4", "7.6", "10.3"]),
    ("what's changed since monday", "changes", ["7.4", "7.6", "10.3"]),
    ("any updates since 1 June?", "changes", ["1.2", "1.3", "6.2", "7.4", "7.6", "10.3"]),
    ("what's new since 13/06/2006", "changes", ["7.6", "10.3"]),
    ("what changed in section 7 since last week", "changes", ["7.4", "7.6"]),
    ("what has changed in the last 7 days", "changes", ["1.2", "1.3", "7.4", "7.6", "10.3"]),
    # a person or a section alone lists their actions; "on track" is Green and not yet complete
    ("Tony Geeson", "list", TONY),
    ("section 7", "list", SECTION_7),
    ("the vulnerable adults section", "list", ["6.1", "6.2", "6.3"]),
    ("what's on track?", "on_track", ["4.1", "6.1", "7.2", "7.7", "10.1", "10.2"]),
    ("who is behind on replies", "not_replied", NOT_REPLIED),
    ("what's running late?", "overdue", OVERDUE),
    ("which of SF's actions are overdue", "overdue", ["7.4", "7.5"]),
    ("what does Tony Geeson have due next week?", "due", ["7.7"]),
    ("anything due w/c 19 June?", "due", ["6.1", "7.7"]),
    ("tell me about action 7.5", "action_status", ["7.5"]),
    ("who still owes us an update?", "not_replied", NOT_REPLIED),
    # shorthand, several people, several statuses at once
    ("what's due nxt wk", "due", ["6.1", "7.7"]),
    ("what's overdue for sue fisher and tony geeson", "overdue", ["6.3", "7.4", "7.5", "7.6"]),
    ("what's overdue for SF or HoPP?", "overdue", ["4.2", "7.4", "7.5"]),
    ("what is blocked or overdue", "overdue", ["1.2", "1.3", "4.2", "6.3", "7.2e", "7.4", "7.5", "7.6"]),
    ("list the blocked and not started actions", "not_started", ["1.3", "6.3", "7.2e", "7.7", "10.2"]),
    # not understood
    ("what's the weather like?", "unknown", []),
    ("hello", "unknown", []),
    ("help", "help", []),
]


def test_at_least_eighty_questions() -> None:
    assert len(CASES) >= 80


@pytest.mark.parametrize(("question", "intent", "refs"), CASES, ids=[c[0] for c in CASES])
def test_question(ask, question: str, intent: str, refs: list[str]) -> None:
    answer = ask(question)
    assert (answer.intent, answer.actions) == (intent, refs), answer.text
    assert answer.text.splitlines()[0]
