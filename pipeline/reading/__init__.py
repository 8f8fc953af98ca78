"""Stage 1, read: every input file into typed records, collecting every problem on the way.

Uses `model`, `documents` (pandoc's reading of links) and `base`.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pipeline.base.problems import Problems
from pipeline.model.plan import Advice, Budget, HarvestItem, Participant, Reaction
from pipeline.model.record import SentRecord
from pipeline.reading.advice import read_advice
from pipeline.reading.budget import read_budget
from pipeline.reading.config import Config, read_config
from pipeline.reading.harvest import read_harvest
from pipeline.reading.participants import read_participants
from pipeline.reading.reactions import read_reactions
from pipeline.reading.record import read_record
from pipeline.reading.texts import Texts, read_texts


@dataclass(frozen=True)
class Inputs:
    """Everything read from `inputs/`, not yet checked against each other or the frames."""

    config: Config | None
    texts: Texts
    harvest: tuple[HarvestItem, ...]
    budget: Budget
    budget_complete: frozenset[str]  # the budget sheets whose every row was read, so their sums hold
    advice: tuple[Advice, ...]
    participants: tuple[Participant, ...]
    problems: Problems
    # every organisation deelnemers.xlsx names (also on unreadable rows); None: the sheet could not be read
    organisations: frozenset[str] | None = None
    unread_harvest_ids: frozenset[str] = frozenset()  # IDs of harvest rows that could not be read
    reactions: tuple[Reaction, ...] = ()  # reacties.xlsx, when there is one
    record: SentRecord | None = None  # what was last sent (verzonden/plan.json), when it was


def read_inputs(folder: Path, texts_read: Callable[[Texts], None] | None = None) -> Inputs:
    """`texts_read(texts)` is called once the texts are read, before the workbooks (the build starts pandoc's
    conversions of the texts then)."""
    problems = Problems()
    if not folder.is_dir():
        problems.error(str(folder), "de map met invoer bestaat niet")
        problems.raise_if_errors()
    config = read_config(folder, problems)
    years = config.frames.years if config is not None else None
    texts, links = read_texts(folder, problems)  # pandoc reads the texts' links while the workbooks are read
    if texts_read is not None:
        texts_read(texts)
    workbooks = Problems()  # reported after the links, in the order of reading
    harvest, unread_harvest_ids = read_harvest(folder, workbooks)
    budget, budget_complete = read_budget(folder, years, workbooks)
    advice = read_advice(folder, workbooks)
    participants, organisations = read_participants(folder, workbooks)
    links.report(problems)
    problems.items.extend(workbooks.items)
    return Inputs(
        config=config,
        texts=texts,
        harvest=harvest,
        budget=budget,
        budget_complete=budget_complete,
        advice=advice,
        participants=participants,
        problems=problems,
        organisations=organisations,
        unread_harvest_ids=unread_harvest_ids,
        reactions=read_reactions(folder, problems),
        record=read_record(folder, problems),
    )
