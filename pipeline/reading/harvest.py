"""Reads the harvest workbooks (oogst/*.xlsx, sheet Oogst): one record per contribution."""
from __future__ import annotations

from pathlib import Path

from pipeline.base.parallel import Beside
from pipeline.base.problems import Problems
from pipeline.model.plan import HarvestItem, Kind, Outcome, Support
from pipeline.model.schema import HARVEST
from pipeline.reading.cells import Cells, cell_text, note_empty, rows
from pipeline.reading.folder import outside_inputs
from pipeline.reading.workbooks import Workbook

NEEDS_CHAPTER = (Outcome.ADOPTED, Outcome.PARTLY_ADOPTED)
NEEDS_REASON = (Outcome.PARTLY_ADOPTED, Outcome.FOLLOW_UP, Outcome.NOT_ADOPTED)


def harvest_files(inputs: Path) -> list[Path]:
    """The harvest workbooks, without Excel's `~$` lock files of open workbooks."""
    folder = inputs / "oogst"
    if not folder.is_dir():
        return []
    # DAG-1.XLSX (Windows) counts as well: a day must never go missing for the case of its name
    return sorted(p for p in folder.iterdir() if p.suffix.lower() == ".xlsx" and not p.name.startswith(("~$", ".")))


def _report_other_files(inputs: Path, problems: Problems) -> None:
    """A day saved in another format would silently go missing: nothing a participant said may."""
    folder = inputs / "oogst"
    if not folder.is_dir():
        return
    for path in sorted(folder.iterdir()):
        if path.is_file() and path.suffix.lower() != ".xlsx" and not path.name.startswith(("~$", ".")):
            problems.error(f"oogst/{path.name}", "alleen Excel-werkmappen (.xlsx) worden gelezen; sla dit "
                                                 "bestand op als .xlsx, of haal het uit de map oogst")


def read_harvest(inputs: Path, problems: Problems) -> tuple[tuple[HarvestItem, ...], frozenset[str]]:
    """The items read, and the IDs of rows that could not be read (reported already), so that a
    reference to such a row is not reported once more as an unknown ID."""
    if outside_inputs(inputs, "oogst", problems):
        return (), frozenset()
    files = harvest_files(inputs)
    _report_other_files(inputs, problems)
    if not files:
        problems.error("oogst", "geen oogst-werkmappen gevonden (oogst/*.xlsx)")
    # Many days' workbooks: the later half is read in a process beside this one, on the second core
    # (10,000 items in 15 workbooks: 1.3 s of openpyxl); its problems follow those of the first half.
    split = len(files) // 2 if sum(map(_size, files)) >= BESIDE_FROM_BYTES else len(files)
    later = Beside(lambda found: _read_files(files[split:], found)) if split < len(files) else None
    try:
        items, unread = _read_files(files[:split], problems)
        if later is not None:
            more, more_unread = later.result(problems)
            items, unread = items + more, unread | more_unread
    except BaseException:  # a failure or a Ctrl-C here: the other half is not wanted any more
        if later is not None:
            later.cancel()
        raise
    return tuple(items), frozenset(unread)


BESIDE_FROM_BYTES = 256_000  # the harvest workbooks together, packed: some 3,000 items (the sample: 60 KB)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:  # a link to nothing, say: the reader reports it
        return 0


def _read_files(files: list[Path], problems: Problems) -> tuple[list[HarvestItem], set[str]]:
    items: list[HarvestItem] = []
    unread: set[str] = set()
    for path in files:
        table = Workbook(path, f"oogst/{path.name}", problems).table(HARVEST.name, HARVEST.required, HARVEST.optional)
        note_empty(table, HARVEST, problems)
        for row in rows(table):
            item = _item(Cells(row, problems), problems)
            if item is not None:
                items.append(item)
            elif cell_text(row.get("ID")):
                unread.add(cell_text(row.get("ID")))
    return items, unread


def _item(cells: Cells, problems: Problems) -> HarvestItem | None:
    at = cells.row.source.at
    values = dict(
        id=cells.text("ID"), day=cells.whole("Dag"), session=cells.text("Sessie", required=False),
        theme=cells.text("Thema"), text=cells.text("Inbreng"), organisation=cells.text("Ingebracht door"),
        kind=cells.choice("Soort", Kind), support=cells.choice("Draagvlak", Support),
        within_frames=cells.yes_no("Binnen kaders"),
        outcome=cells.choice("Verwerking", Outcome, required=False) or Outcome.OPEN,
        chapter=cells.text("Onderdeel", required=False),
        merged_with=cells.text("Samengevoegd met", required=False),
        explanation=cells.text("Toelichting", required=False),
        internal_note=cells.text("Interne notitie", required=False))
    if cells.row.get("Verwerking") is not None and values["outcome"] is Outcome.OPEN:
        return None  # an unknown outcome, already reported
    outcome = values["outcome"]
    if outcome in NEEDS_CHAPTER and values["chapter"] is None:
        problems.error(at("Onderdeel"), f"'Onderdeel' is leeg; bij '{outcome.value}' hoort het hoofdstuk "
                                        "waarin de inbreng is verwerkt")
    if outcome is Outcome.MERGED and values["merged_with"] is None:
        problems.error(at("Samengevoegd met"), "'Samengevoegd met' is leeg; bij 'samengevoegd' hoort het ID "
                                               "van de inbreng waarmee is samengevoegd")
    if outcome in NEEDS_REASON and values["explanation"] is None:
        problems.error(at("Toelichting"), f"'Toelichting' is leeg; bij '{outcome.value}' hoort een uitleg "
                                          "waarom")
    if values["within_frames"] is False and outcome in NEEDS_CHAPTER:
        problems.error(at("Verwerking"), f"inbreng buiten de kaders kan niet '{outcome.value}' zijn; kies "
                                         "'vervolgagenda' of 'niet overgenomen'")
    if any(values[k] is None for k in ("id", "day", "theme", "text", "organisation", "kind", "support",
                                       "within_frames")):
        return None
    return HarvestItem(**values, source=cells.row.source)
