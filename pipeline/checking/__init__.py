"""Stage 2, check: cross-references between the inputs and the frames; yields the immutable Plan.

Uses `reading`, `model` and `base`.
"""
from __future__ import annotations

from dataclasses import replace

from pipeline.base.collation import sorted_names
from pipeline.base.errors import Severity
from pipeline.base.problems import Problems, quoted_list, unknown
from pipeline.checking.figures import figures, organisations
from pipeline.checking.frames import check_frames
from pipeline.checking.leaks import find_typed_secrets
from pipeline.checking.reactions import check_reactions, check_round
from pipeline.model.audience import Audience
from pipeline.model.identity import new_case_id
from pipeline.model.plan import HarvestItem, Outcome, Plan, Reaction, Source
from pipeline.reading import Inputs
from pipeline.reading.sheets import norm

PLENARY = "Plenair"


def check(inputs: Inputs, audience: Audience = Audience.ALL) -> tuple[Plan, Problems]:
    """The checked plan and the warnings; raises InputProblems listing every problem found."""
    problems = inputs.problems
    # chapters that exist but could not be read are known too; with none at all (reported), nothing to check
    chapter_ids = [c.id for c in inputs.texts.chapters] + list(inputs.texts.unread_ids) or None
    org_names = sorted_names(inputs.organisations) if inputs.organisations is not None else None
    harvest = _check_harvest(inputs, chapter_ids, org_names, audience, problems)
    for line in inputs.budget.costs:
        _check_chapter(line.chapter, line.source.at("Onderdeel"), chapter_ids, problems)
    _check_advice(inputs, chapter_ids, problems)
    reactions = check_reactions(inputs, chapter_ids, audience, problems)
    check_round(inputs, audience, problems)
    if inputs.config is not None:
        check_frames(inputs.config.frames, inputs.budget, problems, inputs.budget_complete)
        _check_secrecy(inputs, problems)
    problems.raise_if_errors()
    plan = _plan(inputs, harvest, reactions)
    find_typed_secrets(plan, problems)
    problems.raise_if_errors()
    return plan, problems


def _check_chapter(chapter: str | None, where, chapter_ids: list[str] | None, problems: Problems) -> None:
    """`chapter_ids` is None when there are no chapters to hold references against (reported already)."""
    if chapter is not None and chapter_ids is not None and chapter not in chapter_ids:
        problems.error(where, unknown("onbekend hoofdstuk", chapter, chapter_ids,
                                      f"; bekend zijn {quoted_list(chapter_ids)}"))


def _check_harvest(inputs: Inputs, chapter_ids, org_names, audience: Audience,
                   problems: Problems) -> tuple[HarvestItem, ...]:
    days = list(dict.fromkeys(d.day for d in inputs.config.days)) if inputs.config else None
    by_id: dict[str, HarvestItem] = {}
    checked: list[HarvestItem] = []
    spaced = {" ".join(n.split()): n for n in org_names or ()}
    known = set(org_names or ())
    for item in inputs.harvest:
        at = item.source.at
        if item.id in by_id:
            problems.error(at("ID"), f"ID '{item.id}' komt al voor in {by_id[item.id].source.at('ID')}")
        by_id.setdefault(item.id, item)
        if days is not None and item.day not in days:
            problems.error(at("Dag"), f"dag {item.day} is geen werkdag uit voordracht.toml "
                                      f"(werkdagen: {', '.join(map(str, days))})")
        if norm(item.organisation) == norm(PLENARY):  # a closed vocabulary value: any case
            item = replace(item, organisation=PLENARY)
        elif item.organisation not in known and " ".join(item.organisation.split()) in spaced:
            # the same name but for its spaces (a non-breaking one, a double one): the same organisation
            name = spaced[" ".join(item.organisation.split())]
            problems.warn(at("Ingebracht door"), f"'{item.organisation}' is gelezen als '{name}' (de spaties "
                                                 "wijken af van deelnemers.xlsx)")
            item = replace(item, organisation=name)
        elif org_names is not None and item.organisation not in known:  # None: reported already
            problems.error(at("Ingebracht door"), unknown(
                "onbekende organisatie", item.organisation, org_names + [PLENARY],
                "; zet haar in deelnemers.xlsx of gebruik 'Plenair'"))
        _check_chapter(item.chapter, at("Onderdeel"), chapter_ids, problems)
        if item.outcome is Outcome.OPEN and audience is Audience.ALL:
            problems.error(at("Verwerking"), "nog niet besloten wat er met deze inbreng gebeurt; de voordracht "
                                             "vraagt een besluit over elke inbreng (alleen de reviewset "
                                             "kan met open punten: make review)")
        checked.append(item)
    return tuple(_resolve_merge(item, by_id, inputs.unread_harvest_ids, problems) for item in checked)


def _resolve_merge(item: HarvestItem, by_id: dict[str, HarvestItem], unread: frozenset[str],
                   problems: Problems) -> HarvestItem:
    if item.outcome is not Outcome.MERGED or item.merged_with is None:
        return item
    where = item.source.at("Samengevoegd met")
    target = by_id.get(item.merged_with)
    if target is None and item.merged_with in unread:
        pass  # the row it points at could not be read; that is reported at that row
    elif target is None:
        problems.error(where, unknown("onbekend ID", item.merged_with, by_id,
                                      "; dit ID staat in geen van de oogst-werkmappen"))
    elif target.id == item.id:
        problems.error(where, "een inbreng kan niet met zichzelf worden samengevoegd")
    elif target.outcome is Outcome.MERGED:
        problems.error(where, f"'{target.id}' is zelf samengevoegd (met '{target.merged_with}'); verwijs "
                              f"naar '{target.merged_with}'")
    else:
        if not item.within_frames and target.outcome in (Outcome.ADOPTED, Outcome.PARTLY_ADOPTED):
            # merged, it would share the adopted outcome: the frames rule holds through a merge
            problems.error(item.source.at("Verwerking"), f"inbreng buiten de kaders kan niet samengevoegd zijn met "
                           f"'{target.id}', want die is '{target.outcome.value}'; kies 'vervolgagenda' of 'niet "
                           "overgenomen', of voeg haar samen met een inbreng op de vervolgagenda")
        return replace(item, final_outcome=target.outcome, final_chapter=target.chapter)
    return item


def _check_advice(inputs: Inputs, chapter_ids, problems: Problems) -> None:
    seen: dict[str, object] = {}
    for advice in inputs.advice:
        if advice.id in seen:
            problems.error(advice.source.at("ID"), f"ID '{advice.id}' komt al voor in {seen[advice.id]}")
        seen.setdefault(advice.id, advice.source.at("ID"))
        _check_chapter(advice.chapter, advice.source.at("Onderdeel"), chapter_ids, problems)


SECRECY_EXAMPLE = ('tekst = "op grond van artikel 25, tweede lid, van de Gemeentewet geheimhouding op te leggen op '
                   'de vertrouwelijke bijlage;"')


def _check_secrecy(inputs: Inputs, problems: Problems) -> None:
    """A confidential attachment and a decision point that imposes secrecy on it go together."""
    secret = [d for d in inputs.config.decisions if d.imposes_secrecy]
    locations, advice = len(inputs.budget.locations), sum(a.confidential for a in inputs.advice)
    if (locations or advice) and not secret:
        what = " en ".join(filter(None, [_count(locations, "locatie", "locaties"),
                                         _count(advice, "vertrouwelijk advies", "vertrouwelijke adviezen")]))
        problems.error(Source("voordracht.toml", key="besluit"),
                       f"er komt een vertrouwelijke bijlage ({what}), maar geen besluitpunt legt er "
                       f"geheimhouding op; voeg een [[besluit]] toe, zoals: {SECRECY_EXAMPLE}")
    if secret and not (locations or advice) and not _unread_confidential(problems):
        for decision in secret:
            problems.error(decision.source, "dit besluitpunt legt geheimhouding op, maar er is geen vertrouwelijke "
                                            "bijlage (geen locaties in begroting.xlsx en geen advies met "
                                            "Vertrouwelijk = ja); haal het punt weg")


def _unread_confidential(problems: Problems) -> bool:
    """Problems in begroting.xlsx as a whole, its Locaties or adviezen.xlsx: rows that could not be read may
    be confidential, so 'no confidential content' cannot be told."""
    return any(p.severity is Severity.PROBLEM and (p.location == "begroting.xlsx" or p.location.startswith(
        ("begroting.xlsx!Locaties", "adviezen.xlsx"))) for p in problems.items)


def _count(n: int, one: str, more: str) -> str:
    return "" if n == 0 else f"{n} {one if n == 1 else more}"


def _plan(inputs: Inputs, harvest: tuple[HarvestItem, ...], reactions: tuple[Reaction, ...]) -> Plan:
    config, texts = inputs.config, inputs.texts
    orgs = organisations(inputs.participants, harvest)
    # a case keeps the id of its first record; before that, one made from the inputs (model/identity.py)
    case_id = inputs.record.case_id if inputs.record is not None else \
        new_case_id(config.proposal.subject, tuple(d.date for d in config.days))
    return Plan(
        proposal=config.proposal, frames=config.frames, days=config.days, decisions=config.decisions,
        next_steps=config.next_steps, review=config.review, background=texts.background,
        reasoning=texts.reasoning, chapters=texts.chapters, harvest=harvest, budget=inputs.budget,
        advice=inputs.advice, participants=inputs.participants, organisations=orgs,
        figures=figures(config, harvest, inputs.budget, inputs.participants, orgs),
        case_id=case_id, reactions=reactions, record=inputs.record)
