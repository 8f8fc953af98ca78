"""One definition of the input workbooks (pipeline/model/schema.py), and four places that must agree with it:
the readers, a blank set (`python -m pipeline new`), the sample in inputs/ and the advisers' guide.

Each comparison is a function that names every difference; each is shown to fail on a doctored copy, so that
a column added, dropped or renamed in one place and not the others is caught.
"""
from __future__ import annotations

import ast
import datetime as dt
import re
from pathlib import Path

import openpyxl
import pytest

from pipeline.model import schema
from pipeline.model.schema import ColumnKind, Sheet
from pipeline.starting import new_inputs

ROOT = Path(__file__).resolve().parents[1]
READING = ROOT / "pipeline" / "reading"
GUIDE = ROOT / "docs" / "invoerhandleiding.md"
SAMPLE = ROOT / "inputs"
SAMPLE_YEARS = (2019, 2020)
SHEETS = {s.name: s for book in schema.WORKBOOKS for s in book.sheets}
# The reactions' reader is being built on another branch; when it lands, it reads Reacties from the schema
# and this set becomes empty.
NOT_READ_YET: set[str] = set()
ACCESSORS = {"text": {ColumnKind.TEXT}, "whole": {ColumnKind.NUMBER}, "amount": {ColumnKind.AMOUNT, ColumnKind.YEARS},
             "choice": {ColumnKind.CHOICE}, "yes_no": {ColumnKind.CHOICE}, "date": {ColumnKind.DATE}}


# --- the readers ------------------------------------------------------------------------------------------

def reader_sheets(source: str) -> list[Sheet]:
    """The sheets a reader module takes from the schema (by the names it imports)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module == "pipeline.model.schema":
            for alias in node.names:
                value = getattr(schema, alias.name)
                if isinstance(value, Sheet):
                    found.append(value)
                elif isinstance(value, schema.Workbook):
                    found.extend(value.sheets)
                elif isinstance(value, tuple) and all(isinstance(v, Sheet) for v in value):
                    found.extend(value)
    return list({s.name: s for s in found}.values())


def _literal(node: ast.expr) -> object:
    return node.value if isinstance(node, ast.Constant) else None


def reader_differences(source: str) -> list[str]:
    """How a reader's use of its columns differs from the schema: a column it reads that the schema lacks,
    one read as another kind, with another vocabulary or another need, or a schema column it never reads."""
    sheets = reader_sheets(source)
    columns = {c.name: c for s in sheets for c in s.columns}
    read: set[str] = set()
    wrong = []
    for call in (n for n in ast.walk(ast.parse(source)) if isinstance(n, ast.Call)):
        func = call.func
        if not (isinstance(func, ast.Attribute) and call.args and isinstance(_literal(call.args[0]), str)):
            continue
        name, method = _literal(call.args[0]), func.attr
        if method in ("get", "at") or method in ACCESSORS:
            if name not in columns:
                wrong.append(f"reads column '{name}', which no sheet of {[s.name for s in sheets]} has")
                continue
            read.add(name)
        if method not in ACCESSORS or name not in columns:
            continue
        column = columns[name]
        if column.kind not in ACCESSORS[method]:
            wrong.append(f"reads '{name}' with .{method}(), but the schema says it is {column.kind.name}")
        if method in ("choice", "yes_no"):
            vocabulary = "YesNo" if method == "yes_no" else getattr(call.args[1], "id", None)
            if column.vocabulary is None or column.vocabulary.__name__ != vocabulary:
                wrong.append(f"reads '{name}' with the vocabulary {vocabulary}, the schema has "
                             f"{getattr(column.vocabulary, '__name__', None)}")
        if method in ("text", "choice"):
            position = 1 if method == "text" else 2
            flag = call.args[position] if len(call.args) > position else \
                next((k.value for k in call.keywords if k.arg == "required"), ast.Constant(True))
            if _literal(flag) is not column.required:
                wrong.append(f"reads '{name}' as {'required' if _literal(flag) else 'optional'}, the schema says "
                             f"need '{column.need}'")
    for column in columns.values():
        if column.kind is not ColumnKind.YEARS and column.name not in read:
            wrong.append(f"never reads '{column.name}'")
    return wrong


READERS = sorted(p for p in READING.glob("*.py") if reader_sheets(p.read_text(encoding="utf-8")))


@pytest.mark.parametrize("path", READERS, ids=lambda p: p.name)
def test_each_reader_reads_exactly_the_columns_of_the_schema(path):
    assert reader_differences(path.read_text(encoding="utf-8")) == []


def test_every_sheet_of_the_schema_has_a_reader():
    read = {s.name for path in READERS for s in reader_sheets(path.read_text(encoding="utf-8"))}
    assert set(SHEETS) - read == NOT_READ_YET


def test_a_reader_that_drifts_from_the_schema_is_named():
    source = (READING / "harvest.py").read_text(encoding="utf-8")
    assert reader_differences(source.replace('cells.text("Thema")', 'cells.text("Thema\'s")')) == [
        "reads column 'Thema's', which no sheet of ['Oogst'] has", "never reads 'Thema'"]
    assert reader_differences(source.replace('cells.choice("Draagvlak", Support)', 'cells.choice("Draagvlak", Kind)')) \
        == ["reads 'Draagvlak' with the vocabulary Kind, the schema has Support"]
    assert reader_differences(source.replace('cells.text("Sessie", required=False)', 'cells.text("Sessie")')) == [
        "reads 'Sessie' as required, the schema says need 'nee'"]
    assert reader_differences(source.replace('cells.whole("Dag")', 'cells.text("Dag")')) == [
        "reads 'Dag' with .text(), but the schema says it is NUMBER"]


# --- the workbooks: a blank set and the sample ------------------------------------------------------------

def workbook_differences(path: Path, sheets: tuple[Sheet, ...], years) -> list[str]:
    """How a workbook's header rows (and its Toelichting) differ from the schema's sheets."""
    book = openpyxl.load_workbook(path)
    wrong = []
    for sheet in sheets:
        if sheet.name not in book.sheetnames:
            wrong.append(f"{path.name}: no sheet {sheet.name}")
            continue
        rows = [[c for c in row if c is not None] for row in book[sheet.name].iter_rows(values_only=True)]
        header = next((row for row in rows if set(sheet.required) <= set(map(str, row))), [])
        expected = list(sheet.headers(years))
        if [str(h) for h in header] != expected:
            wrong.append(f"{path.name}!{sheet.name}: header {header}, the schema {expected}")
    if "Toelichting" not in book.sheetnames:
        wrong.append(f"{path.name}: no sheet Toelichting")
        return wrong
    explained = {str(row[0]).split(": ")[-1] for row in book["Toelichting"].iter_rows(values_only=True) if row[0]}
    for sheet in sheets:
        for column in sheet.columns:
            name = ", ".join(map(str, years)) if column.kind is ColumnKind.YEARS else column.name
            if name not in explained:
                wrong.append(f"{path.name}!Toelichting: no row for '{name}'")
    return wrong


@pytest.fixture(scope="module")
def blank_set(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("nieuw") / "set"
    new_inputs(folder, 2, [2027, 2028], dt.date(2026, 9, 1))
    return folder


def _books(folder: Path, days: int):
    for book in schema.WORKBOOKS:
        names = [book.file.format(dag=d) for d in range(1, days + 1)] if "{dag}" in book.file else [book.file]
        for name in names:
            yield folder / name, book


def test_a_new_set_has_the_columns_of_the_schema(blank_set):
    wrong = [w for path, book in _books(blank_set, 2) for w in workbook_differences(path, book.sheets, (2027, 2028))]
    assert wrong == []


def test_the_sample_has_the_columns_of_the_schema():
    books = [(path, book) for path, book in _books(SAMPLE, 3) if book is not schema.REACTIONS_BOOK]
    wrong = [w for path, book in books for w in workbook_differences(path, book.sheets, SAMPLE_YEARS)]
    assert wrong == []


def test_a_workbook_that_drifts_from_the_schema_is_named(tmp_path):
    path = tmp_path / "deelnemers.xlsx"
    book = openpyxl.load_workbook(SAMPLE / "deelnemers.xlsx")
    book["Deelnemers"].cell(1, 3).value = "Mail"
    book["Deelnemers"].cell(1, 6).value = "Telefoon"
    book.save(path)
    wrong = workbook_differences(path, (schema.PARTICIPANTS,), SAMPLE_YEARS)
    assert wrong == ["deelnemers.xlsx!Deelnemers: header ['Naam', 'Organisatie', 'Mail', 'Naam vermelden', "
                     "'Reviewexemplaar', 'Telefoon'], the schema ['Naam', 'Organisatie', 'E-mail', 'Naam vermelden', "
                     "'Reviewexemplaar']"]


# --- the guide --------------------------------------------------------------------------------------------

# the heading above each sheet's table of columns in the guide's section 3
GUIDE_HEADINGS = {"Oogst": "### 3.3 ", "Lasten": "#### Werkblad `Lasten`", "Dekking": "#### Werkblad `Dekking`",
                  "Locaties": "#### Werkblad `Locaties`", "Juridisch": "### 3.5 ", "Financieel": "### 3.5 ",
                  "Deelnemers": "### 3.6 ", "Reacties": "### 3.7 "}


def guide_table(text: str, sheet: str) -> list[list[str]]:
    """The cells of the first `| Kolom | Verplicht |` table below the sheet's heading."""
    lines = text.splitlines()
    start = next(n for n, line in enumerate(lines) if line.startswith(GUIDE_HEADINGS[sheet]))
    top = next(n for n in range(start, len(lines)) if lines[n].startswith("| Kolom | Verplicht |"))
    rows = []
    for line in lines[top + 2:]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip().strip("|").split(" | ")])
    return rows


def guide_differences(text: str) -> list[str]:
    """How the guide's column tables differ from the schema: names in order, need, and each vocabulary."""
    wrong = []
    for name, sheet in SHEETS.items():
        rows = guide_table(text, name)
        names = [("één kolom per jaar" if row[0].startswith("één kolom per jaar") else
                  re.match(r"`([^`]+)`", row[0]).group(1)) for row in rows]
        expected = [c.name for c in sheet.columns]
        if names != expected:
            wrong.append(f"{name}: the guide lists {names}, the schema {expected}")
            continue
        for column, row in zip(sheet.columns, rows):
            if row[1] != column.need:
                wrong.append(f"{name}.{column.name}: the guide says '{row[1]}', the schema '{column.need}'")
            if column.choices and re.findall(r"`([^`]+)`", row[2]) != column.choices:
                wrong.append(f"{name}.{column.name}: the guide allows {re.findall(r'`([^`]+)`', row[2])}, the "
                             f"schema {column.choices}")
    return wrong


def test_the_guide_lists_the_columns_of_the_schema():
    assert guide_differences(GUIDE.read_text(encoding="utf-8")) == []


def test_a_guide_that_drifts_from_the_schema_is_named():
    text = GUIDE.read_text(encoding="utf-8")
    dropped = re.sub(r"^\| `Doelgroep` .*\n", "", text, flags=re.MULTILINE)
    assert guide_differences(dropped) == [
        "Locaties: the guide lists ['Locatie', 'Stadsdeel', 'Plaatsen', 'Max. verblijf (maanden)'], the schema "
        "['Locatie', 'Stadsdeel', 'Plaatsen', 'Doelgroep', 'Max. verblijf (maanden)']"]
    status = text.replace("`akkoord`, `akkoord onder voorwaarden`, `niet akkoord`", "`akkoord`, `niet akkoord`")
    assert guide_differences(status) == [
        "Juridisch.Status: the guide allows ['akkoord', 'niet akkoord'], the schema ['akkoord', 'akkoord onder "
        "voorwaarden', 'niet akkoord']",
        "Financieel.Status: the guide allows ['akkoord', 'niet akkoord'], the schema ['akkoord', 'akkoord onder "
        "voorwaarden', 'niet akkoord']"]


def test_the_guide_describes_what_each_empty_sheet_still_needs():
    section = GUIDE.read_text(encoding="utf-8").split("## 5. ")[1]
    for sheet in SHEETS.values():
        if sheet.empty is not None:
            assert f"{sheet.name}: nog in te vullen: {sheet.empty}`" in section, sheet.name
