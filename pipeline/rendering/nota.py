"""Stage 3d, the nota van beantwoording for the college: the review round in figures, every reaction with
its answer and consequence per chapter, and what changed since the concept as sent. From the public view
only: a participant without consent is named as their organisation."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pipeline.base.problems import Problems
from pipeline.documents.templates import Renderer
from pipeline.model.public import PublicPlan, PublicReaction
from pipeline.rendering.changes import change_tables
from pipeline.rendering.context import common

PATH = "college/nota-van-beantwoording.docx"
TEMPLATE = "nota.docx"
GENERAL = "algemeen"


@dataclass(frozen=True)
class ReactionGroup:
    title: str  # `Algemeen`, `Hoofdstuk 2 Opvang`
    reactions: tuple[PublicReaction, ...]


def render_nota(public: PublicPlan, templates: Path, problems: Problems, markdown: bool = True) -> dict[str, bytes]:
    """The nota by its path under build/, from `make verzenden` on (with no reactions, it says so;
    `markdown=False`: the changed paragraphs as typed, for `check`)."""
    if public.review_round is None or public.changes is None:
        return {}
    context = common(public) | {"groepen": reaction_groups(public),
                                "wijzigingen": change_tables(public.changes, plain=markdown)}
    data = Renderer(templates, TEMPLATE, problems).render(
        context, title=f"Nota van beantwoording: {public.proposal.subject}", created=public.proposal.college_date,
        author=public.proposal.municipality)
    return {PATH: data} if data is not None else {}


def reaction_groups(public: PublicPlan) -> tuple[ReactionGroup, ...]:
    """The reactions about the plan as a whole first, then per chapter in the plan's order; only groups
    that have reactions."""
    order = [GENERAL] + [c.id for c in public.chapters]
    groups = []
    for chapter in order:
        found = tuple(r for r in public.reactions if r.chapter_id == chapter)
        if found:
            groups.append(ReactionGroup(found[0].chapter[:1].upper() + found[0].chapter[1:], found))
    return tuple(groups)
