"""Which actions a question is about: the plan, the section, the lead, and what the asker may see.

Access: coordinators and directors (``Person.roles``) and the command line see everything; a
lead sees their own actions, and their sections' progress. Anything else gets a polite refusal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, exists, false, func, or_
from sqlmodel import Session, col, select

from bot.answers.data import Match, PersonRow, PlanView, load_people, load_plan_view, load_plans, select_matches
from bot.answers.format import short
from bot.answers.resolve import Lead, leads_of, match_leads, match_plans, match_sections
from nlp.questions.parser import Query, Term
from store.access import sees_everything
from store.errors import ChaserError
from store.models import Action, ActionPerson, Plan, Section


class Refusal(Exception):
    """The question cannot be answered as asked; the message says why and what to ask instead."""


@dataclass
class Scope:
    """A question's plan and filters, resolved, and the actions the asker may see."""

    session: Session
    view: PlanView
    today: date
    asker: PersonRow | None
    full_access: bool
    sections: list[Section] = field(default_factory=list)
    leads: list[Lead] = field(default_factory=list)
    access: ColumnElement[bool] | None = None  # which actions the leads named (or the asker) have; None: all
    own_sections: set[int] = field(default_factory=set)
    ignored: list[str] = field(default_factory=list)
    filters: dict[str, Any] = field(default_factory=dict)
    link_base: str | None = None  # the web app's address (CHASER_PUBLIC_URL), for a link to a long list

    @property
    def plan_id(self) -> int:
        """The plan's id."""
        return self.view.plan.id or 0

    def criteria(self, *, people: bool = True) -> list[ColumnElement[bool]]:
        """The scope as WHERE clauses on ``Action``: its sections and (unless ``people`` is False) its access."""
        clauses: list[ColumnElement[bool]] = []
        if self.sections:
            clauses.append(col(Action.section_id).in_([s.id for s in self.sections]))
        if people and self.access is not None:
            clauses.append(self.access)
        return clauses

    def actions(self, *where: ColumnElement[bool]) -> list[Match]:
        """The plan's actions within the filters, the asker's access and ``where``, in plan order (no titles)."""
        return select_matches(self.session, plan_id=self.plan_id, where=[*self.criteria(), *where])

    def where(self, *, people: bool = True) -> str:
        """The filters in words: " in section 7 (Improved services…) for Tony Geeson"."""
        words = ""
        if self.sections:
            words += " in " + ", ".join(section_label(s.number, short(s.title, 60)) for s in self.sections)
        if not people:
            return words
        if self.leads:
            names = ["you" if self.asker is not None and lead.person_id == self.asker.id else lead.label
                     for lead in self.leads]
            words += " for " + " or ".join(names)
        elif not self.full_access:
            words += " for you"
        return words


def has_full_access(person: PersonRow | None) -> bool:
    """The command line (no person), coordinators and directors may ask about everything."""
    return person is None or sees_everything(person.roles)


def lead_clause(view: PlanView, lead: Lead) -> ColumnElement[bool]:
    """The actions ``lead`` leads, as a WHERE clause: linked to the person, or naming them in the lead cell."""
    clauses: list[ColumnElement[bool]] = []
    if lead.person_id is not None:
        linked = select(ActionPerson.action_id).where(ActionPerson.person_id == lead.person_id)
        clauses.append(col(Action.id).in_(linked))
    cells = view.cells_naming(lead.names)
    if cells:
        clauses.append(col(Action.lead_text).in_(cells))
    return or_(*clauses) if clauses else false()


def _section_list(view: PlanView) -> str:
    return "; ".join(f"{s.number} {s.title}".strip() for s in view.sections) or "none yet"


def visible_plans(session: Session, asker: PersonRow | None) -> list[Plan]:
    """The plans the asker may ask about: all of them with full access, else those with an action
    linked to the asker (deny by default: a lead is never told the names of other plans)."""
    plans = load_plans(session)
    if has_full_access(asker) or asker is None:
        return plans
    linked = set(session.exec(
        select(Action.plan_id).join(ActionPerson, col(ActionPerson.action_id) == col(Action.id))
        .where(ActionPerson.person_id == asker.id).distinct()
    ))
    return [p for p in plans if p.id in linked]


def pick_plan(session: Session, query: Query, plan_name: str | None,
              asker: PersonRow | None = None) -> tuple[Plan, list[Term]]:
    """The plan asked about, and the question's terms that did not name it."""
    plans = visible_plans(session, asker)
    if not plans:
        if not has_full_access(asker) and load_plans(session):
            raise Refusal("You lead no actions in any plan Chaser keeps, so there is nothing to answer; "
                          "the plan coordinator can help.")
        raise Refusal("No plan has been imported yet: import one with `chaser import PATH`.")
    terms = list(query.filters.terms)
    if plan_name is not None:
        chosen = [p for p in plans if p.name.lower() == plan_name.strip().lower()]
        if not chosen:
            raise ChaserError(f"--plan {plan_name!r}: no such plan; the plans are: {', '.join(p.name for p in plans)}")
        return chosen[0], terms
    for term in terms:
        named = match_plans(term, plans) if term.hint == "plan" or term.text in {p.name.lower() for p in plans} else []
        if len(named) == 1:
            return named[0], [t for t in terms if t is not term]
    if len(plans) == 1:
        return plans[0], terms
    candidates = plans
    if query.filters.section or query.filters.refs:
        views = [load_plan_view(session, plan=p) for p in plans]
        candidates = [
            v.plan for v in views
            if (not query.filters.section or any(s.number.lower() == query.filters.section for s in v.sections))
            and all(_has_ref(session, v.plan, r) for r in query.filters.refs)
        ]
        if len(candidates) == 1:
            return candidates[0], terms
    names = ", ".join(f"{p.name} ({p.title})" if p.title else p.name for p in (candidates or plans))
    raise Refusal(f"Which plan do you mean: {names}? Name it in the question (\"... in the {plans[0].name} plan\")"
                  " or give --plan NAME.")


def build_scope(
    *, session: Session, query: Query, plan_name: str | None, asker: PersonRow | None, today: date,
    link_base: str | None = None,
) -> Scope:
    """Resolve the question's plan, section and lead, and apply the asker's access (``link_base``: the web app's
    address, or None when no link should be given)."""
    plan, terms = pick_plan(session, query, plan_name, asker)
    view = load_plan_view(session, plan=plan)
    scope = Scope(session=session, view=view, today=today, asker=asker, full_access=has_full_access(asker),
                  link_base=link_base)
    scope.filters["plan"] = plan.name
    if query.filters.section:
        found = [s for s in view.sections if s.number.lower() == query.filters.section]
        if not found:
            raise Refusal(f"There is no section {query.filters.section} in plan {plan.name}. "
                          f"Its sections are: {_section_list(view)}.")
        scope.sections = found
    needs_leads = bool(terms) or query.filters.mine or not scope.full_access
    leads = leads_of(load_people(session), view.lead_names) if needs_leads else []
    for term in terms:
        _resolve_term(scope, term, leads, view)
    if query.filters.mine:
        if asker is None:
            raise Refusal("On the command line you ask as the coordinator, who has no actions of their own: "
                          "give --as PERSON to ask about someone's actions.")
        scope.leads = [_asker_lead(asker, leads)]
    if scope.sections:
        scope.filters["section"] = ", ".join(s.number for s in scope.sections)
    if scope.leads:
        scope.filters["lead"] = ", ".join(lead.label for lead in scope.leads)
        scope.access = or_(*(lead_clause(view, lead) for lead in scope.leads))
    if not scope.full_access and asker is not None:
        own = lead_clause(view, _asker_lead(asker, leads))
        others = [lead.label for lead in scope.leads if lead.person_id != asker.id]
        if others:
            raise Refusal(f"Sorry, you can ask about your own actions and your section's progress, not "
                          f"{' or '.join(others)}'s. The plan coordinator can tell you more.")
        scope.access = own  # deny by default: a lead sees their own actions, whatever else was asked
        scope.own_sections = {section for section in session.exec(
            select(Action.section_id).where(Action.plan_id == plan.id, own, col(Action.section_id).is_not(None))
            .distinct()
        ) if section is not None}
    return scope


def _has_ref(session: Session, plan: Plan, ref: str) -> bool:
    """Whether ``plan`` has an action ``ref`` (any case)."""
    found = session.exec(select(exists().where(col(Action.plan_id) == plan.id, func.lower(Action.ref) == ref))).one()
    return bool(found)


def _asker_lead(asker: PersonRow, leads: list[Lead]) -> Lead:
    for lead in leads:
        if lead.person_id == asker.id:
            return lead
    raise Refusal(f"I couldn't find {asker.name} among the people Chaser knows.")


def _resolve_term(scope: Scope, term: Term, leads: list[Lead], view: PlanView) -> None:
    """Apply one term as a section or a lead filter; ask which when it names several.

    "Sue Fisher and Tony Geeson" names two people: a term that matches nothing as a whole is
    tried again split at "and"/"or".
    """
    if _apply_term(scope, term, leads, view):
        return
    parts = [p.split() for p in re.split(r"\s+(?:and|or|&)\s+", term.text) if p.strip()]
    if len(parts) > 1:
        pieces = [Term(text=" ".join(words), words=tuple(words), hint=term.hint) for words in parts]
        if all(_apply_term(scope, piece, leads, view) for piece in pieces):
            return
    if term.hint == "lead":
        raise Refusal(f"I don't know anyone called \"{term.text}\" in plan {view.plan.name}.")
    if term.hint == "section":
        raise Refusal(f"No section of plan {view.plan.name} is called \"{term.text}\". "
                      f"Its sections are: {_section_list(view)}.")
    scope.ignored.append(term.text)


def _apply_term(scope: Scope, term: Term, leads: list[Lead], view: PlanView) -> bool:
    """Add the lead or section ``term`` names to the scope; False when it names none."""
    sections = match_sections(term, view.sections) if term.hint != "lead" else []
    people = match_leads(term, leads) if term.hint not in ("section", "plan") else []
    if term.hint == "lead" and not people:
        sections = match_sections(term, view.sections)
    prefer_section = term.hint in ("section", "place") and bool(sections)
    if people and not prefer_section:
        if len(people) > 1:
            raise Refusal(f"Which {term.text} do you mean: {', '.join(p.label for p in people[:8])}?")
        if people[0] not in scope.leads:
            scope.leads.append(people[0])
        return True
    if sections:
        if len(sections) > 1:
            options = "; ".join(section_label(s.number, s.title) for s in sections)
            raise Refusal(f"Which section do you mean by \"{term.text}\": {options}?")
        if sections[0] not in scope.sections:
            scope.sections.append(sections[0])
        return True
    return False


def section_label(number: str, title: str) -> str:
    """``section 7 (Children and young people)``, or ``section 7`` when the plan gives no title."""
    return f"section {number} ({title})" if title.strip() else f"section {number}"
