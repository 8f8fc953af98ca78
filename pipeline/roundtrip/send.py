"""`make verzenden`: builds the review set and records what was sent in inputs/verzonden/."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pipeline.base.dutch import date
from pipeline.base.problems import Problems
from pipeline.build import BuildResult, build
from pipeline.model.audience import Audience
from pipeline.reading.folder import outside_inputs
from pipeline.reading.record import CONCEPT, EARLIER, FOLDER, PLAN, has_record, read_record
from pipeline.rendering.plan_json import plan_json
from pipeline.roundtrip.adding import add_record


@dataclass(frozen=True)
class Sent:
    build: BuildResult  # the review set's build
    recorded: tuple[str, ...]  # the record's files, by path under the inputs folder
    earlier: str | None  # `verzonden/eerder-N` when the previous record was moved there


def send(inputs: Path, out: Path, again: bool = False, progress: Callable[[int, int], None] | None = None,
         pdf: bool = True) -> Sent:
    """Builds the review set into `out/review` (as `--audience review`) and records the plan model and the
    concept as sent. A record already there is never overwritten: without `again` this refuses (before
    building), with it the old record first moves to verzonden/eerder-N/. Raises InputProblems."""
    earlier = _earlier(inputs, again)
    result = build(inputs, out, Audience.REVIEW, progress=progress, pdf=pdf)
    record = {PLAN: plan_json(result.plan), CONCEPT: result.files[CONCEPT]}
    add_record(inputs / FOLDER, record, earlier and earlier.removeprefix(f"{FOLDER}/"))
    return Sent(result, tuple(f"{FOLDER}/{name}" for name in record), earlier)


def _earlier(inputs: Path, again: bool) -> str | None:
    """Where the record already there goes (`verzonden/eerder-N`), None when there is none; problems
    (raised) when there is one and `again` was not asked, or verzonden/ cannot take a record."""
    problems = Problems()
    if not inputs.is_dir():
        problems.error(str(inputs), "de map met invoer bestaat niet")
    elif outside_inputs(inputs, FOLDER, problems):
        pass
    elif (inputs / FOLDER).exists() and not (inputs / FOLDER).is_dir():
        problems.error(FOLDER, "dit is een bestand, geen map; haal het weg of geef het een andere naam: hier "
                               "komt de vastgelegde verzending")
    elif has_record(inputs) and not again:
        record = read_record(inputs, Problems())
        sent = f" (verzonden op {date(record.sent)})" if record is not None else ""
        problems.error(f"{FOLDER}/", f"hier staat al een vastgelegde verzending{sent}; Plan A overschrijft die "
                                     "nooit. Verzendt u opnieuw, gebruik dan make verzenden OPNIEUW=1: de vorige "
                                     f"gaat dan naar {FOLDER}/eerder-{_next(inputs)}/")
    problems.raise_if_errors()
    return f"{FOLDER}/eerder-{_next(inputs)}" if has_record(inputs) else None


def _next(inputs: Path) -> int:
    """The first N after every `eerder-N` there (a file of that name too: it is never overwritten)."""
    taken = [int(m.group(1)) for p in (inputs / FOLDER).iterdir() if (m := EARLIER.match(p.name))]
    return max(taken, default=0) + 1
