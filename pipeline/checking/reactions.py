"""Checks the reactions of the review round (reacties.xlsx) against the participants, the chapters and
the deadline, and resolves whose each reaction is."""
from __future__ import annotations

import re
from dataclasses import replace

from pipeline.base.dutch import date
from pipeline.base.problems import Problems, quoted_list, unknown
from pipeline.checking.leaks import prose_lines
from pipeline.model.audience import Audience
from pipeline.model.plan import GENERAL, Consequence, Reaction, Source
from pipeline.reading import Inputs

OPEN = ("de voordracht vraagt een antwoord op elke reactie (alleen de reviewset kan met open reacties: "
        "make review)")


def check_reactions(inputs: Inputs, chapter_ids: list[str] | None, audience: Audience,
                    problems: Problems) -> tuple[Reaction, ...]:
    """The reactions with their sender's organisation; every problem at its cell. `chapter_ids` is None
    when the chapters could not be read (reported already)."""
    first: dict[str, object] = {}
    checked = []
    for reaction in inputs.reactions:
        at = reaction.source.at
        if reaction.id in first:
            problems.error(at("ID"), f"ID '{reaction.id}' komt al voor in {first[reaction.id]}")
        first.setdefault(reaction.id, at("ID"))
        organisation = _organisation(reaction, inputs, problems)
        if chapter_ids is not None and reaction.chapter != GENERAL and reaction.chapter not in chapter_ids:
            problems.error(at("Onderdeel"), unknown("onbekend onderdeel", reaction.chapter, [*chapter_ids, GENERAL],
                                                    f"; kies een hoofdstuk-id ({quoted_list(chapter_ids)}) of "
                                                    f"'{GENERAL}'"))
        if inputs.config is not None and reaction.received > inputs.config.review.deadline:
            problems.warn(at("Ontvangen"), f"ontvangen op {date(reaction.received)}, na de reactietermijn (tot en "
                                           f"met {date(inputs.config.review.deadline)}); de reactie telt gewoon mee")
        if reaction.is_open and audience is Audience.ALL:
            _open(reaction, problems)
        checked.append(replace(reaction, organisation=organisation))
    return tuple(checked)


NOTA = re.compile(r"\bnota\s+van\s+beantwoording\b", re.IGNORECASE)
NO_NOTA = "er is geen verzending vastgelegd (make verzenden), dus er komt geen nota van beantwoording"


def check_round(inputs: Inputs, audience: Audience, problems: Problems) -> None:
    """Without a record of what was sent there is no nota van beantwoording and no feedback: reactions and a
    decision date are a warning, and so is a text of the proposal that speaks of the nota (the proposal must
    never claim one that is not there)."""
    if inputs.record is not None or audience is not Audience.ALL:
        return
    if inputs.config is not None and inputs.config.proposal.decided is not None:
        problems.warn(Source("voordracht.toml", key="voordracht.besloten"),
                      "het college heeft besloten, maar er is geen verzending vastgelegd (make verzenden), dus er "
                      "komt geen terugkoppeling: die zegt wat er sinds het verzonden concept is veranderd. Laat de "
                      "deelnemers het besluit op een andere manier weten")
    if inputs.reactions:
        problems.warn(inputs.reactions[0].source.file, f"er zijn reacties, maar {NO_NOTA} en de voordracht "
                                                       "noemt ze niet; is het concept verstuurd zonder make "
                                                       "verzenden, leg de verzending dan alsnog vast met make "
                                                       "verzenden")
    texts = [t for t in (inputs.texts.background, inputs.texts.reasoning) if t is not None]
    for prose in texts:
        for match in NOTA.finditer(prose.markdown):
            _claim(prose_lines(prose)(prose.markdown, match.start()), problems)
    for decision in inputs.config.decisions if inputs.config is not None else ():
        if NOTA.search(decision.text):
            _claim(decision.source, problems)


def _claim(where: Source, problems: Problems) -> None:
    problems.warn(where, f"deze tekst van de voordracht noemt de nota van beantwoording, maar {NO_NOTA}; haal "
                         "het weg tot de verzending is vastgelegd: de voordracht noemt de nota zelf, met de "
                         "aantallen, zodra die er is")


def _organisation(reaction: Reaction, inputs: Inputs, problems: Problems) -> str | None:
    """The organisation a reaction is from: `Van` itself, or the organisation of the participant it names."""
    if inputs.organisations is None:  # deelnemers.xlsx could not be read: reported already
        return None
    if reaction.sender in inputs.organisations:
        return reaction.sender
    person = next((p for p in inputs.participants if p.name == reaction.sender), None)
    if person is not None:
        return person.organisation
    names = sorted(inputs.organisations | {p.name for p in inputs.participants})
    problems.error(reaction.source.at("Van"), unknown(
        "onbekende afzender", reaction.sender, names,
        "; 'Van' is een organisatie of de naam van een deelnemer uit deelnemers.xlsx"))
    return None


def _open(reaction: Reaction, problems: Problems) -> None:
    """An open reaction blocks the proposal: a problem at its first empty answer cell."""
    if reaction.answer is None:
        what = "antwoord en geen gevolg" if reaction.consequence is Consequence.OPEN else "antwoord"
        problems.error(reaction.source.at("Antwoord"), f"deze reactie heeft nog geen {what}; {OPEN}")
    else:
        problems.error(reaction.source.at("Gevolg"), f"deze reactie heeft nog geen gevolg; {OPEN}")
