"""Opens an input workbook: tells a damaged, encrypted or foreign file from a workbook, fills in formula values."""
from __future__ import annotations

import warnings
import zipfile
from collections.abc import Sequence
from pathlib import Path, PurePosixPath

import openpyxl

from pipeline.base.problems import Problems, suggestion, unreadable
from pipeline.reading.folder import outside_inputs
from pipeline.reading.packages import WORKBOOK, package_refusal
from pipeline.reading.recalc import recalculated_copy
from pipeline.reading.sheets import Table, norm, read_table, stored_cells

OLE_SIGNATURE = b"\xd0\xcf\x11\xe0"
# stream names in an OLE container (UTF-16 in its directory): an encrypted .xlsx, or a BIFF .xls
ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
XLS_STREAMS = ("Workbook".encode("utf-16-le"), "Book".encode("utf-16-le"))
STRICT_NAMESPACE = b"http://purl.oclc.org/ooxml/spreadsheetml/main"


class Workbook:
    """An opened .xlsx with cached formula values; problems go to the shared collector. `rel` is the
    path under the inputs folder (`oogst/dag-1.xlsx`), so `path` minus `rel` is that folder."""

    def __init__(self, path: Path, rel: str, problems: Problems):
        self.rel = rel
        self.problems = problems
        inputs = path.parents[len(PurePosixPath(rel).parts) - 1]
        if outside_inputs(inputs, rel, problems):
            self.book, self.unresolved = None, frozenset()
        else:
            self.book, self.unresolved = _load(path, rel, problems)

    def sheet(self, name: str):
        if self.book is None:
            return None
        by_norm = {norm(s): s for s in self.book.sheetnames}
        if norm(name) not in by_norm:
            self.problems.error(self.rel, f"werkblad '{name}' ontbreekt{suggestion(name, self.book.sheetnames)}")
            return None
        sheet = self.book[by_norm[norm(name)]]
        if not hasattr(sheet, "_cells"):  # a chart sheet holds a chart, no cells
            self.problems.error(f"{self.rel}!{sheet.title}", "dit is een grafiekblad, geen werkblad met een "
                                f"tabel; zet de gegevens op een gewoon werkblad met de naam '{name}'")
            return None
        return sheet

    def table(self, sheet: str, required: Sequence[str], optional: Sequence[str] = (),
              years: bool = False) -> Table | None:
        ws = self.sheet(sheet)
        if ws is None:
            return None
        return read_table(ws, self.rel, list(required), list(optional), years, self.problems,
                           self.unresolved)


DAMAGED = "kan het bestand niet lezen: het is beschadigd of geen Excel-werkmap; open het in Excel of " \
          "LibreOffice en sla het opnieuw op als Excel-werkmap (.xlsx)"


def _load(path: Path, rel: str, problems: Problems):
    """The workbook with cached values, and the formula cells that have no value (already reported)."""
    if path.is_dir():
        problems.error(rel, "dit is een map, geen Excel-werkmap")
        return None, frozenset()
    if not path.is_file():
        problems.error(rel, unreadable(FileNotFoundError()) if path.is_symlink() else "bestand ontbreekt")
        return None, frozenset()
    try:
        refused = package_refusal(path, WORKBOOK)  # before anything reads more than the zip's directory
        data = path.read_bytes() if refused is None else b""
    except OSError as exc:
        problems.error(rel, unreadable(exc))
        return None, frozenset()
    if refused is not None:
        problems.error(rel, f"kan het bestand niet lezen: {refused}")
        return None, frozenset()
    kind = _foreign_kind(path, data)
    if kind is not None:
        problems.error(rel, kind)
        return None, frozenset()
    try:  # a file openpyxl cannot parse is the file's fault, whatever openpyxl raises for it
        book = _open(path, data_only=True)
        formulas = _open(path, data_only=False) if _has_formulas(path) else None
    except Exception:  # noqa: BLE001
        problems.error(rel, DAMAGED)
        return None, frozenset()
    unresolved = _fill_missing_cached_values(book, formulas, path, rel, problems) if formulas else frozenset()
    return book, unresolved


def _foreign_kind(path: Path, data: bytes) -> str | None:
    """Why a file is no workbook that can be read (a message), or None when it looks like one."""
    if data.startswith(OLE_SIGNATURE):
        if ENCRYPTED_STREAM in data:
            return ("kan het bestand niet lezen: het is met een wachtwoord beveiligd; open het in Excel, haal "
                    "het wachtwoord weg (Bestand > Info > Werkmap beveiligen) en sla het opnieuw op")
        if any(name in data for name in XLS_STREAMS):
            return ("kan het bestand niet lezen: het is een oud Excel-bestand (.xls) met de naam .xlsx; open "
                    "het in Excel of LibreOffice en sla het op als Excel-werkmap (.xlsx)")
        return ("kan het bestand niet lezen: het is met een wachtwoord beveiligd of een oud Excel-bestand "
                "(.xls); sla het op als Excel-werkmap (.xlsx) zonder wachtwoord")
    if not zipfile.is_zipfile(path):
        if data.startswith(b"PK"):  # a zip archive cut short: a damaged workbook, not a text file
            return DAMAGED
        kind = "leeg" if not data else "geen Excel-werkmap (misschien CSV of tekst)"
        return f"kan het bestand niet lezen: het is {kind}; sla het op als Excel-werkmap (.xlsx)"
    try:
        with zipfile.ZipFile(path) as z:
            workbook = z.read("xl/workbook.xml") if "xl/workbook.xml" in z.namelist() else b""
    except (zipfile.BadZipFile, OSError, RuntimeError, ValueError):
        return DAMAGED
    if STRICT_NAMESPACE in workbook:
        return ("kan het bestand niet lezen: het is opgeslagen als 'Strict Open XML-werkmap'; sla het op als "
                "gewone Excel-werkmap (.xlsx)")
    return None


def _open(path: Path, data_only: bool):
    with warnings.catch_warnings():  # openpyxl warns about Excel features it drops; they are not ours
        warnings.simplefilter("ignore")
        return openpyxl.load_workbook(path, data_only=data_only)


def _has_formulas(path: Path) -> bool:
    with zipfile.ZipFile(path) as z:  # raises on a damaged archive; the caller reports that
        return any(b"<f>" in xml or b"<f " in xml
                   for xml in (z.read(n) for n in z.namelist() if n.startswith("xl/worksheets/")))


def _fill_missing_cached_values(book, formulas, path: Path, rel: str, problems: Problems) -> frozenset:
    """A formula without a cached value is recalculated (on a copy) where possible, else reported;
    returns the (sheet, cell) pairs still without a value, which must not be read as empty (0)."""
    missing = [(ws.title, cell.coordinate) for ws in formulas.worksheets for cell in stored_cells(ws)
               if cell.data_type == "f" and book[ws.title][cell.coordinate].value is None]
    if not missing:
        return frozenset()
    fresh = recalculated_copy(path)
    unresolved = set()
    for title, coordinate in missing:
        value = _fresh_value(fresh, title, coordinate)
        if value is None:
            problems.error(f"{rel}!{title}!{coordinate}",
                           "formule zonder opgeslagen uitkomst; open het bestand in Excel of LibreOffice "
                           "en sla het opnieuw op")
            unresolved.add((title, coordinate))
        book[title][coordinate].value = value
    return frozenset(unresolved)


def _fresh_value(fresh, title: str, coordinate: str) -> object:
    if fresh is None or title not in fresh.sheetnames or not hasattr(fresh[title], "_cells"):
        return None
    return fresh[title][coordinate].value


