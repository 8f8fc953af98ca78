"""Stage 3d, the feedback after the decision (terugkoppeling/SLUG.docx), one per organisation of the review
round: what the college decided and when, the organisation's own reactions with their answers, what changed
since the concept as sent, and what happens next. From the public view only: a participant without consent is
named as their organisation.

Rendered like the review copies (copies.py): the template once, with markers where the organisation's own
text goes, then each organisation's document filled in by string; only a decision date and a record of what
was sent (`make verzenden`, for the changes since) make it.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pipeline.base.dutch import date
from pipeline.base.problems import Problems
from pipeline.documents.finalize import core_properties_xml
from pipeline.documents.templates import Renderer
from pipeline.model.public import PublicOrganisation, PublicPlan, PublicReaction
from pipeline.rendering.changes import change_tables
from pipeline.rendering.context import common
from pipeline.rendering.copies import Marker, SharedParts, Shape, new_token

FOLDER = "terugkoppeling"
TEMPLATE = "terugkoppeling.docx"
TITLE = "Terugkoppeling"


@dataclass(frozen=True)
class ReactionRow:
    """One reaction of the organisation in ready Dutch text: a document's rows are filled as text."""

    id: str
    sender: str  # the organisation, or a participant's name only with consent
    received: str  # `20 februari 2021`, and `(na de reactietermijn)` on a line of its own when late
    about: str  # `Hoofdstuk 2 Opvang` or `Algemeen`, and the passage on a line of its own
    text: str
    answer: str  # the answer, `Gevolg: ...` and, with a change, `Wijziging: ...`, each on its own line


@dataclass(frozen=True)
class FeedbackCopy:
    """What the feedback template may say about the organisation it is for (`organisatie`)."""

    name: str
    intro: str  # how many reactions it sent, or that it sent none (then the table is left out)
    own_reactions: tuple[ReactionRow, ...]


FEEDBACK_COPY = Shape(FeedbackCopy, "own_reactions", ReactionRow)


def render_feedback(public: PublicPlan, templates: Path, problems: Problems,
                    markdown: bool = True) -> dict[str, bytes]:
    """The feedback by path under build/, once the college decided (`besloten`) and the concept's sending is
    recorded; for every organisation that had a review copy, wants one, or reacted (see `receivers`).
    `markdown=False`: the changed paragraphs as typed, for `check`."""
    decided = public.proposal.decided
    if decided is None or public.changes is None:
        return {}
    context = common(public) | {"wijzigingen": change_tables(public.changes, plain=markdown)}
    token, missing = new_token(), []
    marked = Renderer(templates, TEMPLATE, problems).render_parts(
        context | {"organisatie": Marker(token, missing=missing, shape=FEEDBACK_COPY)},
        title=f"{TITLE}: {public.proposal.subject}", created=decided, author=public.proposal.municipality)
    for field in dict.fromkeys(missing):
        problems.error(f"templates/{TEMPLATE}", f"het sjabloon gebruikt een onbekend veld '{field}'")
    if marked is None or missing:
        return {}
    shared = SharedParts(marked, token, FEEDBACK_COPY)
    files = {}
    for org in receivers(public):
        core = core_properties_xml(f"{TITLE} voor {org.name}: {public.proposal.subject}", decided,
                                   author=public.proposal.municipality)
        files[f"{FOLDER}/{org.slug}.docx"] = shared.fill(feedback_copy(org, public.reactions_from(org.name)), core)
    return files


def receivers(public: PublicPlan) -> tuple[PublicOrganisation, ...]:
    """Every organisation of the review round: that had a copy of the concept as sent, wants one now (a
    participant added since), or sent a reaction (by letter, say, without a copy); none is left out."""
    had = {o.name for o in public.as_sent.organisations if o.wants_review_copy} if public.as_sent else set()
    reacted = {r.organisation for r in public.reactions}
    return tuple(o for o in public.organisations if o.wants_review_copy or o.name in had | reacted)


def feedback_copy(org: PublicOrganisation, reactions: tuple[PublicReaction, ...]) -> FeedbackCopy:
    if reactions:
        count = "één reactie" if len(reactions) == 1 else f"{len(reactions)} reacties"
        intro = (f"Van {org.name} kwam{'' if len(reactions) == 1 else 'en'} {count} op het concept. Hieronder "
                 f"staat bij {'de' if len(reactions) == 1 else 'elke'} reactie het antwoord en wat de reactie in "
                 "het plan heeft veranderd.")
    else:
        intro = (f"Van {org.name} kwam geen reactie op het concept. Wat er met de reacties van anderen is gedaan, "
                 "staat in de nota van beantwoording bij het besluit.")
    return FeedbackCopy(org.name, intro, tuple(_row(r) for r in reactions))


def _row(r: PublicReaction) -> ReactionRow:
    chapter = r.chapter[:1].upper() + r.chapter[1:]
    answer = "\n".join(filter(None, [r.answer, f"Gevolg: {r.consequence}", r.change and f"Wijziging: {r.change}"]))
    return ReactionRow(
        id=r.id, sender=r.sender, received=date(r.received) + ("\n(na de reactietermijn)" if r.late else ""),
        about=chapter + (f"\nOver: ‘{r.passage}’" if r.passage else ""), text=r.text, answer=answer)
