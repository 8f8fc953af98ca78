"""The public view of the plan: an allow-list of fields, the only thing college and review templates see."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from pipeline.base.collation import sorted_by, sorted_names
from pipeline.model.changes import Changes, changes_since
from pipeline.model.plan import (
    Advice,
    Consequence,
    Count,
    Decision,
    Figures,
    Frames,
    HarvestItem,
    NextStep,
    Outcome,
    Participant,
    Plan,
    Proposal,
    Reaction,
    ReviewSettings,
    Support,
    WorkshopDay,
    YearAmount,
)


@dataclass(frozen=True)
class PublicItem:
    id: str
    day: int
    session: str | None
    theme: str
    text: str
    organisation: str
    kind: str
    support: str
    within_frames: bool
    outcome: str
    chapter_id: str | None
    merged_with: str | None
    explanation: str | None
    where: str  # where it went, or why not


@dataclass(frozen=True)
class PublicChapter:
    id: str
    number: int
    title: str
    body: object  # Markdown here; the renderer swaps in the converted text
    items: tuple[PublicItem, ...]  # what was taken from the harvest into this chapter


@dataclass(frozen=True)
class PublicLine:
    name: str
    category: str
    amounts: tuple[YearAmount, ...]
    explanation: str | None


@dataclass(frozen=True)
class District:
    name: str
    places: int
    locations: int
    target_groups: str


@dataclass(frozen=True)
class PublicAdvice:
    number: int  # numbered on its own: the inputs' IDs have gaps where confidential advice is
    kind: str
    subject: str
    text: str
    status: str
    chapter_id: str | None


@dataclass(frozen=True)
class NamedParticipant:
    name: str
    organisation: str


@dataclass(frozen=True)
class PublicOrganisation:
    name: str
    slug: str
    participants: int
    wants_review_copy: bool
    items: tuple[PublicItem, ...]


@dataclass(frozen=True)
class PublicReaction:
    """A reaction of the review round as public documents show it: never its internal note or source."""

    id: str
    received: dt.date
    sender: str  # the organisation, or a participant's name only with consent (else their organisation)
    organisation: str  # the sender's organisation, as public documents name it
    chapter_id: str  # a chapter id, or 'algemeen'
    chapter: str  # `hoofdstuk 2 Opvang`, or 'algemeen'
    passage: str | None
    text: str
    answer: str | None
    consequence: str  # the Gevolg's label ("in behandeling" while open)
    change: str | None
    late: bool  # received after the deadline


@dataclass(frozen=True)
class ReviewRound:
    """The review round in figures: from the day the concept was sent (`make verzenden`) on."""

    sent: dt.date  # as recorded
    deadline: dt.date
    reactions: int
    organisations: int  # that the reactions came from
    changed: int  # reactions that led to a change of the plan (`plan aangepast`)
    late: int  # received after the deadline
    per_consequence: tuple[Count, ...]  # every consequence, in the order of the vocabulary, 0 included


@dataclass(frozen=True)
class PublicPlan:
    proposal: Proposal
    frames: Frames
    days: tuple[WorkshopDay, ...]
    decisions: tuple[Decision, ...]
    next_steps: tuple[NextStep, ...]
    review: ReviewSettings
    background: str
    reasoning: str
    chapters: tuple[PublicChapter, ...]
    harvest: tuple[PublicItem, ...]
    follow_up: tuple[PublicItem, ...]
    minority: tuple[PublicItem, ...]
    costs: tuple[PublicLine, ...]
    funding: tuple[PublicLine, ...]
    categories: tuple[tuple[str, tuple[YearAmount, ...]], ...]
    districts: tuple[District, ...]
    advice: tuple[PublicAdvice, ...]
    named_participants: tuple[NamedParticipant, ...]
    unnamed_participants: int
    organisations: tuple[PublicOrganisation, ...]
    figures: Figures
    has_confidential: bool
    secrecy_decision: int | None  # the number of the decision point that imposes secrecy
    open_items: int
    places_short: int  # places below the frame (0 when the frame is met)
    reactions: tuple[PublicReaction, ...] = ()
    # from `make verzenden` on (None before): the round in figures, what changed since the concept as sent,
    # and the plan as it was sent, in its public view (to render it again and compare)
    review_round: ReviewRound | None = None
    changes: Changes | None = None
    as_sent: PublicPlan | None = None

    @property
    def steps_after_decision(self) -> tuple[NextStep, ...]:
        """The next steps dated after the day the college decided (`besloten`); none before it decided."""
        decided = self.proposal.decided
        return () if decided is None else tuple(s for s in self.next_steps if s.date > decided)

    def reactions_from(self, organisation: str) -> tuple[PublicReaction, ...]:
        """The reactions of one organisation (by its public name, as PublicOrganisation.name has it)."""
        return tuple(r for r in self.reactions if r.organisation == organisation)


def public_view(plan: Plan) -> PublicPlan:
    """Copies only the public fields; confidential ones are never read here."""
    titles = chapter_titles(plan.chapters)
    by_id = {i.id: i for i in plan.harvest}
    items = tuple(_item(i, titles, by_id) for i in plan.harvest)
    shown = {o.name: o.shown_as for o in plan.organisations}
    items = tuple(replace(i, organisation=shown.get(i.organisation, i.organisation)) for i in items)
    public_items = {i.id: i for i in items}
    chapters = tuple(PublicChapter(c.id, n, c.title, c.body.markdown,
                                   tuple(i for i in items if i.chapter_id == c.id
                                         and i.outcome in (Outcome.ADOPTED.label, Outcome.PARTLY_ADOPTED.label)))
                     for n, c in enumerate(plan.chapters, 1))
    costs = tuple(PublicLine(l.post, l.category, l.amounts, l.explanation) for l in plan.budget.costs)
    funding = tuple(PublicLine(f.name, "", f.amounts, f.explanation) for f in plan.budget.funding)
    reactions = tuple(_reaction(r, plan, shown, titles) for r in plan.reactions)
    record = plan.record
    return PublicPlan(
        proposal=plan.proposal, frames=plan.frames, days=plan.days, decisions=plan.decisions,
        next_steps=plan.next_steps, review=plan.review,
        background=plan.background.markdown, reasoning=plan.reasoning.markdown,
        chapters=chapters,
        harvest=items,
        # an item merged with one on the follow-up agenda is on it too, as its own voice
        follow_up=tuple(p for i, p in zip(plan.harvest, items) if (i.final_outcome or i.outcome) is Outcome.FOLLOW_UP),
        minority=tuple(i for i in items if i.support == Support.MINORITY.value),
        costs=costs,
        funding=funding,
        categories=plan.figures.costs_per_category,
        districts=_districts(plan),
        advice=tuple(_advice(n, a) for n, a in enumerate((a for a in plan.advice if not a.confidential), 1)),
        named_participants=named_participants(plan.participants, shown),
        unnamed_participants=len({p.person for p in plan.participants if not p.named}),
        organisations=tuple(PublicOrganisation(o.shown_as, o.slug, o.participants, o.wants_review_copy,
                                               tuple(public_items[i] for i in o.item_ids))
                            for o in plan.organisations),
        figures=plan.figures,
        has_confidential=plan.has_confidential,
        secrecy_decision=next((d.number for d in plan.decisions if d.imposes_secrecy), None),
        open_items=sum(i.outcome is Outcome.OPEN for i in plan.harvest),
        places_short=max(plan.frames.places - plan.figures.places_planned, 0),
        reactions=reactions,
        review_round=None if record is None else _round(record.sent, plan.review.deadline, reactions),
        changes=None if record is None else changes_since(record, items, chapters, costs, funding, plan.decisions),
        as_sent=None if record is None else public_view(record.plan),
    )


def _round(sent: dt.date, deadline: dt.date, reactions: tuple[PublicReaction, ...]) -> ReviewRound:
    counts = {c.label: sum(r.consequence == c.label for r in reactions) for c in Consequence if c.value}
    return ReviewRound(
        sent=sent, deadline=deadline, reactions=len(reactions),
        organisations=len({r.organisation for r in reactions}),
        changed=counts[Consequence.CHANGED.label], late=sum(r.late for r in reactions),
        per_consequence=tuple(Count(label, n) for label, n in counts.items()))


def chapter_titles(chapters) -> dict[str, str]:
    """How the documents refer to a chapter, by id: `hoofdstuk 2 Opvang`."""
    return {c.id: f"hoofdstuk {n} {c.title}" for n, c in enumerate(chapters, 1)}


def whereabouts(harvest: tuple[HarvestItem, ...], chapters) -> dict[str, str]:
    """Where each item went, or why not, as the documents print it, by item id."""
    titles, by_id = chapter_titles(chapters), {i.id: i for i in harvest}
    return {i.id: _where(i, titles, by_id) for i in harvest}


def named_participants(participants: tuple[Participant, ...], shown: dict[str, str]) -> tuple[NamedParticipant, ...]:
    """Each person who may be named, once per organisation, in Dutch order of organisation and name."""
    unnamed = {p.person for p in participants if not p.named}
    once = {(p.person, p.organisation): p for p in reversed(participants) if p.person not in unnamed}
    return tuple(NamedParticipant(p.name, shown[p.organisation])
                 for p in sorted_by(once.values(), lambda p: shown[p.organisation], lambda p: p.name))


def _item(item: HarvestItem, titles: dict[str, str], by_id: dict[str, HarvestItem]) -> PublicItem:
    return PublicItem(
        id=item.id, day=item.day, session=item.session, theme=item.theme, text=item.text,
        organisation=item.organisation, kind=item.kind.value, support=item.support.value,
        within_frames=item.within_frames, outcome=item.outcome.label, chapter_id=item.chapter,
        merged_with=item.merged_with, explanation=item.explanation, where=_where(item, titles, by_id))


def _where(item: HarvestItem, titles: dict[str, str], by_id: dict[str, HarvestItem]) -> str:
    """Where an item went, or why not, in one readable line."""
    outcome = item.outcome
    if outcome is Outcome.MERGED:
        target = by_id[item.merged_with]
        verb = {Outcome.FOLLOW_UP: "staat op de", Outcome.OPEN: "is nog"}.get(target.outcome, "is")
        return (f"samengevoegd met {target.id} (‘{_gist(target.text)}’), een punt over hetzelfde; dat punt "
                f"{verb} {_where(target, titles, by_id)}")
    if outcome is Outcome.ADOPTED:
        return f"overgenomen in {titles[item.chapter]}"
    if outcome is Outcome.PARTLY_ADOPTED:
        return f"deels overgenomen in {titles[item.chapter]}: {item.explanation}"
    if outcome is Outcome.OPEN:
        return "in behandeling"
    return f"{outcome.label}: {item.explanation}"


def _gist(text: str, words: int = 8, chars: int = 60) -> str:
    """The first few words of an item, so a reader knows which one is meant."""
    found = text.split()
    gist = " ".join(found[:words])
    if len(gist) > chars:
        gist = gist[:chars].rsplit(" ", 1)[0] if " " in gist[:chars] else gist[:chars]
    shortened = len(gist) < len(" ".join(found))
    return gist.rstrip(".,;: ") + ("…" if shortened else "")


def _reaction(reaction: Reaction, plan: Plan, shown: dict[str, str], titles: dict[str, str]) -> PublicReaction:
    """`Van` naming a participant without consent is shown as that participant's organisation."""
    organisation = shown.get(reaction.organisation, reaction.organisation or "")
    person = next((p for p in plan.participants if p.name == reaction.sender), None)
    if reaction.sender in shown:
        sender = shown[reaction.sender]
    else:
        sender = reaction.sender if person is not None and person.named else organisation
    return PublicReaction(
        id=reaction.id, received=reaction.received, sender=sender, organisation=organisation,
        chapter_id=reaction.chapter, chapter=titles.get(reaction.chapter, reaction.chapter),
        passage=reaction.passage, text=reaction.text, answer=reaction.answer,
        consequence=reaction.consequence.label, change=reaction.change,
        late=reaction.received > plan.review.deadline)


def _districts(plan: Plan) -> tuple[District, ...]:
    names = sorted_names({loc.district for loc in plan.budget.locations})
    result = []
    for name in names:
        here = [loc for loc in plan.budget.locations if loc.district == name]
        groups = sorted_names({loc.target_group for loc in here if loc.target_group})
        result.append(District(name, sum(l.places for l in here), len(here), ", ".join(groups)))
    return tuple(result)


def _advice(number: int, advice: Advice) -> PublicAdvice:
    return PublicAdvice(number, advice.kind.value, advice.subject, advice.text, advice.status.value,
                        advice.chapter)
