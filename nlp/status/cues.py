"""The words leads use to say where an action stands, as data for the cue matcher.

Each cue has a category and a weight. Strong cues (weight >= 3) decide a status on their own;
weak ones ("approved", "drafted") only lean. ``DATE_PAST`` and ``DATE_FUTURE`` words tell the
date reader whether a nearby date is when something happened or when it is now expected.
"""

from __future__ import annotations

STRONG = 3.0
WEAK_DONE = 1.5  # the weight of a step told as done ("approved", "in place")

# category -> weight -> phrases (matched case-insensitively on whole tokens)
STATUS_CUES: dict[str, dict[float, tuple[str, ...]]] = {
    "complete": {
        3.0: (
            "completed", "complete", "done", "finished", "achieved", "all sorted", "sorted", "signed off",
            "signed-off", "closed", "now closed", "concluded", "fully operational", "went live",
            "gone live", "is live", "now live", "delivered in full", "accomplished", "no further action",
            "nothing more to do", "no more to do", "nothing further to do", "nothing left to do",
            "nothing else to do", "nothing outstanding", "nothing left outstanding", "nothing else outstanding",
            "no outstanding issues", "no outstanding actions", "target met", "targets met", "met the target",
            "target achieved",
            "marked as complete", "mark as complete", "marked complete", "mark it as complete",
            "can be closed", "can be signed off", "can now be closed", "can now be signed off", "ready for closure",
            "ready to be closed", "recommend closure", "recommended for closure", "propose closure",
            "achieved on schedule", "completed on schedule",
            "completed on time", "delivered on time", "done on time", "finished on time",
            "achieved on time", "complete on time", "wrapped up", "all wrapped up", "finalised",
            "finalized", "rubber-stamped", "rubber stamped", "go-ahead", "go ahead", "closed off",
            "got approval", "green light", "up and running", "now operational", "is operational",
            "are operational", "in operation", "actioned", "live since", "been live", "fully embedded",
            "fully implemented", "ticked off", "done and dusted",
            # a target reached, when the target is the deliverable
            "target reached", "targets reached", "target was reached", "target has been reached",
            "reached the target", "reached our target", "reached its target", "hit the target",
            "hit our target", "target hit", "met our target", "met its target", "exceeded the target",
            "target exceeded", "which was the target", "that was the target", "which was the aim",
            "aim achieved",
            # a service running since a date is in place
            "running since", "been running since", "operating since", "been operating since",
            "operational since", "in operation since",
            # an action or a requirement told as met ("Action met.")
            "action met", "actions met", "action now met", "objective met", "objectives met",
            "requirement met", "requirements met", "recommendation met", "fully met", "met in full",
            "have been met", "has been met",
            # handed over to the service as its normal work
            "business as usual", "transferred to bau", "now bau", "into bau", "moved to bau", "mainstreamed",
        ),
        WEAK_DONE: (
            "approved", "agreed", "endorsed", "adopted", "issued", "published", "launched", "implemented",
            "in place", "now in place", "established", "appointed", "delivered", "incorporated",
            "confirmed", "signed", "rolled out", "printed", "reviewed", "conducted", "written", "briefed",
            "gained", "undertaken", "exists", "held", "already exists", "ready for implementation",
            "set up", "took place", "taken place", "sign-off", "sign off", "went ahead", "has gone ahead",
            "accepted", "ratified", "in post", "embedded", "in use", "now in use", "successful", "live from",
            "introduced", "working well", "came into force", "come into force", "came into effect",
            "took effect", "in force",
        ),
    },
    "in_progress": {
        3.0: (
            "in progress", "ongoing", "on going", "on-going", "underway", "under way", "progressing",
            "on track", "on schedule", "back on track", "on target", "continuing", "continues", "being",
            "still working", "working on", "making progress", "good progress", "going well",
            "nearly done", "nearly there", "nearly finished", "almost done", "almost there",
            "almost finished", "about halfway", "halfway", "half way", "not far off",
            "close to completion", "well advanced", "has begun", "have begun", "has started",
            "have started", "commenced", "started", "begun", "is beginning", "are beginning", "piloting",
            "being finalised", "still in progress", "on it", "in hand", "preparations", "currently",
            "developing", "drafting", "reviewing", "negotiating", "undertaking", "collating",
            "at the drafting stage", "remains under review", "under development", "in development",
            "being developed", "in the middle of", "midway", "mid-way", "part way", "partway",
            "partially done", "partly done", "part done", "steady progress", "progress being made",
            "some progress", "progress made", "wip", "w.i.p.", "work in progress", "getting there",
            "cracking on", "ticking along", "in train", "kicked off", "on course", "to plan",
            "still some", "progressing to plan", "headway", "still going", "moving forward",
            "moving ahead", "plodding on", "pressing on", "chipping away", "going ok", "going okay",
            "going fine", "going smoothly", "writing up", "writing it up",
            "analysing now", "analysing the", "analysis under way",
            "writing this up", "writing them up", "being written up", "partially met", "partly met",
            "coming along", "coming on", "under review", "making headway", "plugging away",
            "still vacant", "only partly", "partially complete", "partly complete",
            "nearly complete", "almost complete", "nearly completed", "almost completed",
            "virtually complete", "largely complete", "mostly complete", "substantially complete",
            "mostly done", "largely done", "not quite done", "not quite finished", "completed to date",
            "done to date", "done so far", "completed so far", "agreed in principle", "approved in principle",
        ),
        1.0: (
            "draft", "drafts", "drafted", "initial", "interim", "submitted", "submission", "agenda",
            "going to", "goes to", "will go to", "to go to", "meeting held", "met with",
            "timetable in place", "prepared", "developed", "identified", "scoped", "produced",
            "considered", "discussed", "met", "meeting", "consultation", "planning", "requested",
            "proposals", "proposal", "first draft", "outline", "timetable", "timetabled",
            "preferred candidate", "shortlisted", "recruiting", "out to tender", "expect", "expected",
            "should be", "will be", "due", "scheduled", "planned", "aim", "aiming", "target", "close",
            "partly", "partially", "some", "majority", "commissioned",
        ),
    },
    "delayed": {
        3.0: (
            "delayed", "delay", "delays", "slipped", "slippage", "slipping", "slip", "behind",
            "behind schedule", "running late", "late", "revised date", "revised target",
            "revised completion date", "revised end date", "revised delivery date", "revised implementation date",
            "revised target date", "revised completion",
            "revised timetable", "revised timescales",
            "revised deadline", "revised timescale", "new date", "new target date", "new deadline",
            "new target", "now promised", "pushed back", "put back", "moved back", "moved to",
            "postponed", "rescheduled", "deferred to", "missed", "overrun", "overran", "not now",
            "will now be", "won't happen until", "will not happen until", "later than planned",
            "later than expected", "longer than planned", "longer than expected", "taking longer",
            "taken longer", "take longer", "extended to", "deadline extended", "extension to the deadline",
            "extension of time", "time extension", "deadline extension", "an extension until",
            "now looking at", "overdue", "timescales have moved", "timescale has moved", "have moved",
            "has moved", "knocked back", "more likely", "further delay", "running behind", "revised to",
            "been revised", "has been revised", "changed to", "amended to", "will now", "now going",
            "now go", "not as planned", "timescale moved", "deadline missed", "won't be met",
            "will not be met", "not be met", "not going to be met", "won't make", "not on track",
            "off track", "now to be", "now expected", "now due", "now scheduled", "now planned",
            "now aiming", "now aim", "now targeting", "now promise", "now promising", "will not meet",
            "won't meet", "not going to meet",
            "will not be ready", "won't be ready", "not be ready in time", "not going to be ready", "deferred",
            "more realistic", "realistically",
            "not until", "rearranged", "re-arranged", "not progressed", "hasn't progressed",
            "has not progressed", "haven't progressed", "have not progressed", "not been progressed",
            "back burner", "did not take place", "didn't take place", "did not happen", "didn't happen",
            "has not taken place", "have not taken place", "hasn't taken place", "held over",
            "carried forward", "carried over", "rolled forward", "rolled over to",
            # a date moved in everyday words
            "shifted to", "shifted back", "been shifted", "put off", "bumped", "pushed out", "pushed to",
            "rescheduled for", "rearranged for", "moved out", "been moved", "had to move", "have moved it",
            "now taking place", "now takes place", "now happening", "now be", "slid", "new timetable",
            # time lost, told as such
            "lost a few weeks", "lost a couple of weeks", "lost a month", "lost some time", "lost time",
            "later than we hoped", "later than hoped", "later than we thought", "later than intended",
            "a hold-up", "been a hold-up", "missed the deadline", "lagging behind",
            # re-programmed with approval: the plan's own word for a date moved
            "reprogrammed", "re-programmed", "reprofiled", "re-profiled", "rephased", "re-phased",
        ),
    },
    "blocked": {
        3.0: (
            "awaiting", "waiting", "await", "awaits", "dependent on", "depends on", "dependant on",
            "contingent on", "on hold", "blocked", "stuck", "stalled", "held up", "paused",
            # money or a decision not yet received ("the grant hasn't come through")
            "hasn't come through", "has not come through", "haven't come through", "have not come through",
            "not come through yet", "yet to come through", "still not come through",
            "can't proceed", "cannot proceed", "can not proceed", "can't progress", "cannot progress",
            "unable to proceed", "unable to progress", "unable to start", "can't start", "cannot start",
            "can't move", "cannot move", "need a decision", "needs a decision", "need sign-off",
            "needs sign-off", "need sign off", "needs sign off", "with ministers", "pending",
            "once we have", "deferred pending", "deferred until the", "can't go any further", "cannot go any further",
            "can't go further", "cannot go further", "no further until", "nothing i can do",
            "nothing we can do", "out of our hands", "blocked on", "blocked by", "held until",
            "held pending", "on hold until", "hold off until", "hold off till", "holding off until",
            "hold fire until", "reliant on", "relying on", "parked", "waiting to hear",
            "in the hands of", "in their hands", "in their court",
            "before we can", "still with", "held back", "now up to the", "it's up to the", "it is up to the",
            "in the court of", "no go-ahead", "awaited", "need approval",
            "needs approval", "not been able to start", "not able to start", "haven't been able to start",
            "have not been able to start", "hasn't been able to start", "has not been able to start",
            "still no reply", "still no response", "wait for", "waits for", "wait on", "waits on",
            "no reply from", "no response from", "not heard back",
            "haven't heard back", "have not heard back", "no word from", "still no word",
            "dependent upon", "depends upon", "dependant upon", "contingent upon", "reliant upon",
            "subject to approval", "subject to the approval", "subject to agreement",
            "subject to the agreement", "subject to the decision", "subject to decision",
            "subject to a decision", "subject to cabinet", "subject to the outcome", "subject to outcome",
            "subject to funding", "subject to sign off", "subject to sign-off", "subject to confirmation",
            "subject to members", "subject to consent", "subject to ratification", "subject to endorsement",
        ),
    },
    "not_started": {
        3.0: (
            "not started", "not yet started", "not been started", "haven't started", "hasn't started",
            "have not started", "has not started", "not begun", "not yet begun", "yet to start",
            "yet to begin", "yet to be started", "no work", "no progress yet", "not commenced",
            "not yet commenced", "due to begin", "due to start", "will start", "will begin",
            "to be asked", "to be requested", "not begun yet", "not kicked off", "hasn't been started",
            "haven't been started", "hasn't begun", "haven't begun", "hasn't commenced",
            "haven't commenced", "isn't started", "not yet been started", "haven't got round",
            "not got round", "hasn't got round", "still to start", "nothing done", "no action taken",
            "nothing has been done", "nothing's been done", "nothing has happened", "haven't been able to get to",
            "not been able to get to", "haven't got to", "haven't had time", "have not had time", "not had time",
            "no action yet", "not yet actioned", "not actioned", "not due to start", "to commence",
            "to start", "to begin", "will commence", "not due to begin", "not scheduled to start",
            "will be picked up", "to be picked up", "haven't had a chance", "have not had a chance",
            "hasn't had a chance", "not had a chance", "not had time", "haven't had time", "haven't looked at",
            "have not looked at", "not looked at", "haven't got to", "not got to",
            # "No progress (to date)": nothing done yet ("no further progress" is no news)
            "no progress", "no progress to date", "no progress made", "no progress so far", "not yet due",
            "haven't touched", "have not touched", "not touched", "zero progress", "not yet looked at",
            "not due yet", "neither started", "neither has started", "neither have started",
            "neither has been started", "neither begun", "none started", "none of them started",
            "none have started", "none has started",
            "not made a start", "haven't made a start", "have not made a start", "hasn't made a start",
            "has not made a start", "not yet made a start", "yet to make a start", "not yet under way",
            "not yet underway", "not under way yet", "not underway yet",
        ),
    },
    # Work still to do: whatever else the reply says, the action is not complete.
    "remaining": {
        3.0: (
            "further work required", "further discussion required", "further work", "outstanding",
            "remaining", "still to do", "more to do", "left to do", "to be finalised", "to be completed",
            "the rest", "the remainder", "remainder", "still to be", "but not all", "not for all",
            "but not yet", "not yet all", "to be addressed", "to be agreed", "to be implemented",
            "to be developed", "still required", "still needed", "yet to be", "further action",
            "next steps", "next stage", "further discussion", "remains to be", "still has to",
            "bar the", "apart from", "except for", "with the exception of",
            "other than the", "save for", "except the", "planned for", "scheduled for", "booked for", "is planned",
            "are planned", "is scheduled", "are scheduled", "remain vacant", "remains vacant",
            "remain outstanding", "remains outstanding", "remain to be",
            # the one thing left, named as such
            "thing left", "things left", "bit left", "step left", "all that remains", "all that's left",
            "all that is left", "still to go", "left to go",
            # the next part named after one done ("north area finished, south area next")
            "is next", "are next", "next up", "area next", "follow in",
            "follows in", "follow on", "follows on", "now rolling out", "rolling out to", "now the consultation",
            # one partner's share done, another's not ("ours is done, the Trust are drafting theirs")
            "our part's done", "our part is done", "ours is done", "our bit is done", "our bit's done",
            "our side is done", "our side's done",
        ),
    },
    # Phrases that contain a cue word but say nothing about status; matching them first keeps
    # the cue inside from counting ("as being in place", "a late update", "due to sickness").
    "neutral": {
        0.0: (
            "as being", "late update", "late reply", "late response", "sorry for the late", "late return",
            "apologies for the late", "since the last meeting", "since last meeting", "since our last meeting",
            "due to",
            # the reply is late, not the work; and the NHS measures named after delays
            "this is late", "sorry this is late", "reply is late", "update is late", "this is a bit late",
            "delayed days", "delayed transfers of care",
            "delay in replying", "delay in responding", "delay in getting back", "delay in coming back",
            "delay in answering", "delay in my reply", "delayed reply", "delayed response", "slow reply",
            "slow response", "delayed transfers", "delayed transfer", "delayed discharges", "delayed discharge",
            "waiting list", "waiting lists", "waiting time", "waiting times", "in late", "not clear",
            "if not", "whether or not", "not just", "subject to", "closes", "no issues", "no problems",
            "no material issues", "nothing has moved", "nothing's moved", "has not moved", "hasn't moved",
            "not moved on", "than expected", "than planned", "than anticipated", "than forecast",
        ),
    },
    # "with the Director for sign off" is waiting on someone; "goes to SMT for approval" is a step.
    "for_decision": {
        0.0: (
            "for sign off", "for sign-off", "for approval", "for final approval", "for decision",
            "for a decision", "for agreement", "for checking", "for consideration", "for their consideration",
            "for final sign off", "for final sign-off", "for their decision",
        ),
    },
    # "as planned" is good news, unless the clause says it did *not* go as planned.
    "as_planned": {0.0: ("as planned", "as scheduled", "as intended")},
    # "until"/"till": after "won't"/"can't" a delay when a date follows, otherwise a dependency.
    "until": {0.0: ("until", "till", "til")},
    # "was due in June but …": an expectation that has passed, a hint of delay.
    "delayed_hint": {
        2.0: ("was due", "were due", "had been due", "originally due", "was meant to", "was supposed to"),
    },
    # Replies that say nothing about the work: out-of-office notes, "will reply properly tomorrow".
    "away": {
        0.0: (
            "on leave", "annual leave", "out of the office", "out of office", "away from the office",
            "limited access to email", "limited access to e-mail", "automatic reply", "auto-reply",
            "autoreply", "will reply", "reply properly", "will send an update", "will update you",
            "get back to you", "come back to you", "resend", "re-send", "which action", "not sure which",
            "update to follow", "will respond", "send an update", "will let you know",
            "will update", "been off sick", "off sick", "been away", "send something", "send you something",
            "proper update", "fuller update", "full update", "can we discuss",
            "forwarded to", "passed this to", "passed it to", "passed your query", "passed your email",
            "passed this on", "passed it on", "not the person to ask", "not the right person to ask",
            "should have the latest", "will have the latest", "not sure this one is mine", "isn't mine",
            "is not mine", "not mine any more", "no longer mine", "now leads on", "no longer sits with",
            "no longer with me", "please ask", "please contact", "see my email", "see my e-mail", "see email",
            "see e-mail", "see attached", "see the attached", "see my previous email", "as per my email",
            "off till", "off until", "off now till", "off now until", "currently out of the office",
            "currently out of office", "currently on leave", "currently away", "currently on annual leave",
            "what action", "which one is this", "what is this about", "what's this about",
            "ooo", "o.o.o", "pls contact", "details in my email", "details in my e-mail", "please ring",
            "not the right person", "no longer the right person",
            "can't give you a proper update until", "can't give you an update until",
            "cannot give you a proper update until", "cannot give you an update until",
            "i'm covering for", "i am covering for", "covering for", "don't know where he", "don't know where she",
            "do not know where he", "do not know where she", "query should go to", "this should go to",
            "forwarded your email", "forwarded your e-mail", "forwarded your query", "forwarded your message",
            # not had a chance to find out where the work is (not: to look at the work itself)
            *(
                f"{had} {chance} to {verb}"
                for had in ("had", "not had", "haven't had", "have not had", "hasn't had", "has not had")
                for chance in ("a chance", "time")
                for verb in ("check", "find out", "ask", "confirm", "chase")
            ),
            "will ring you", "will ring u", "ring you later", "ring u later", "will call you", "call you later",
            "office closed", "office is closed", "offices closed", "offices are closed", "office will be closed",
            "offices will be closed",
            # the action is someone else's now, or the lead will answer later
            "wrong person", "can you ask", "could you ask", "it's his now", "its his now", "it's hers now",
            "its hers now", "it's theirs now", "its theirs now", "in a mtg", "in meetings all day",
            "in a meeting at the moment", "in a meeting now", "stuck in a meeting", "msg you later",
            "message you later", "text you later", "will msg you", "will message you",
        ),
    },
    "no_change": {
        3.0: (
            "no change", "no changes", "nothing to report", "nothing new", "nothing further",
            "nothing to add", "nothing more", "no update", "no updates", "no further update", "no news",
            "no further progress", "as before", "same as last time", "same as last month",
            "same as before", "as per last update", "as per last month", "no progress to report", "skip",
            "n/a", "no movement", "unchanged", "nothing significant", "as previous", "update as previous",
            "as previously reported", "as last month", "as last time", "still the same",
            "nothing has changed", "nothing's changed", "as reported last time", "as reported previously",
            "same position", "position unchanged",
        ),
    },
}  # fmt: skip

# Words before a completion that make it a step on the way ("Initial draft prepared").
PARTIAL = (
    "initial",
    "interim",
    "first",
    "draft",
    "outline",
    "preliminary",
    "partial",
    "partly",
    "provisional",
    "most",
    "bulk",
    "majority",
    "partially",
)

# Words that turn the next cue around ("not complete", "no longer delayed").
NEGATORS = ("not", "n't", "no longer", "never", "nor", "without", "no")

# Cues that mean a *previous* problem is over ("the delay has been resolved").
RESOLVED = ("resolved", "overcome", "cleared", "lifted", "sorted", "fixed", "received", "arrived")
PAST_MARKERS = frozenset({"was", "were", "had", "earlier", "previously", "initially", "originally"})

DATE_PAST = (
    "completed", "complete", "done", "finished", "achieved", "signed", "approved", "agreed", "held",
    "issued", "launched", "published", "met", "submitted", "produced", "presented", "received",
    "endorsed", "confirmed", "implemented", "adopted", "established", "appointed", "printed", "sent",
    "circulated", "briefed", "made", "took", "taken", "commenced", "started", "began", "was", "were",
    "last", "ago", "yesterday", "since", "from", "visited", "delivered", "went", "closed", "concluded",
    "reviewed", "selected", "requested", "prepared", "drafted", "stamped", "finalised", "finalized",
    "wrapped", "accepted", "sorted", "ratified", "rolled", "reported", "installed", "trained", "purchased",
    "introduced", "distributed", "devised", "actioned", "came",
    # more ways of telling a piece of work as done at a time
    "given", "carried", "handed", "filled", "recruited", "replaced", "inspected", "surveyed", "transferred",
    "opened", "built", "reached", "hit", "exceeded", "passed", "paid", "posted", "trialled", "tested",
)  # fmt: skip

DATE_FUTURE = (
    "by", "due", "expected", "expect", "target", "deadline", "until", "till", "before", "now", "revised",
    "will", "should", "planned", "scheduled", "aim", "aiming", "promised", "next", "to", "slipped",
    "moved", "pushed", "delayed", "postponed", "going", "be", "finish", "complete", "completion",
    "realistic", "realistically", "latest", "within", "launch", "on",
)  # fmt: skip

# Date-role words that look back at the date *after* them win over those before ("Done by 07 03 06"
# is a completion because of "Done", even though "by" sits closer).
PAST_DATE_VERBS = frozenset(DATE_PAST) - {"since", "from", "last", "was", "were"}
