"""Checks the plan against the fixed frames: places, longest stay, budget per year, funding."""
from __future__ import annotations

from pipeline.base.dutch import euros
from pipeline.base.problems import Problems
from pipeline.model.plan import Budget, Frames, Source, year_total

ALL_SHEETS = frozenset({"Lasten", "Dekking", "Locaties"})


def check_frames(frames: Frames, budget: Budget, problems: Problems,
                 complete: frozenset[str] = ALL_SHEETS) -> None:
    """Each check runs only over sheets that were read completely (`complete`), so that a problem
    in one sheet does not hide the checks of the others, nor make a sum over it mislead."""
    _check_places(frames, budget, problems, "Locaties" in complete)
    for frame in frames.budget:
        if "Lasten" not in complete:
            break
        costs = year_total(budget.costs, frame.year)
        funding = year_total(budget.funding, frame.year)
        lasten, dekking = Source("begroting.xlsx", "Lasten"), Source("begroting.xlsx", "Dekking")
        if costs > frame.amount:
            shown, over, budgeted = euros(costs, costs - frame.amount, frame.amount)
            problems.error(lasten, f"de lasten {frame.year} ({shown}) gaan {over} over het budget van {budgeted}")
        if not budget.costs and not budget.funding or "Dekking" not in complete:
            continue
        if funding != costs:
            shown, difference, owed = euros(funding, abs(funding - costs), costs)
            message = (f"de dekking {frame.year} ({shown}) is {difference} "
                       f"{'lager' if funding < costs else 'hoger'} dan de lasten ({owed})")
            (problems.error if funding < costs else problems.warn)(dekking, message)


def _check_places(frames: Frames, budget: Budget, problems: Problems, complete: bool) -> None:
    planned = sum(loc.places for loc in budget.locations)
    where = Source("begroting.xlsx", "Locaties")
    if not complete:
        pass  # a location could not be read: its places are missing from the sum
    elif planned > frames.places:
        problems.error(where, f"{planned} plaatsen gepland, {planned - frames.places} meer dan het kader "
                              f"van {frames.places}")
    elif planned < frames.places:
        problems.warn(where, f"{planned} plaatsen gepland, {frames.places - planned} minder dan het kader "
                             f"van {frames.places}; de voordracht vermeldt dit")
    for loc in budget.locations:
        if loc.max_stay_months > frames.max_stay_months:
            problems.error(loc.source.at("Max. verblijf (maanden)"),
                           f"maximaal verblijf van {loc.max_stay_months} maanden is langer dan het kader "
                           f"van {frames.max_stay_months} maanden")
