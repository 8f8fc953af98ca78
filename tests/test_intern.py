"""The programme team's own outputs: the accounting workbook keeps text exactly as typed."""
from __future__ import annotations

import csv
import io
import subprocess
import zipfile
from dataclasses import replace

import openpyxl

from clients import ooxml_errors, profile_argument, require
from pipeline.build import check_inputs
from pipeline.rendering.intern import accounting_workbook


def test_text_that_looks_like_an_excel_escape_is_escaped_itself(case, write):
    plan, _ = check_inputs(write(case))
    typed = replace(plan.harvest[0], text="code _x000B_ zoals getypt")
    data = accounting_workbook(replace(plan, harvest=(typed, *plan.harvest[1:])))
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        xml = b"".join(z.read(n) for n in z.namelist() if n.startswith("xl/")).decode()
    assert "code _x005F_x000B_ zoals getypt" in xml
    assert "code _x000B_ zoals" not in xml


# Text that Excel or LibreOffice would take for a formula when typed: it must stay text in the workbook
FORMULA_LIKE = ("=HYPERLINK(\"https://example.org/phish\", \"klik hier\")", "= meer plaatsen in Noord",
                "=1+1", "+31 20 123 4567", "-5 plaatsen, zie notitie", "@SUM(A1:A3)", " =2*3")


def _accounting_with(case, write, texts: tuple[str, ...]) -> bytes:
    plan, _ = check_inputs(write(case))
    first = plan.harvest[0]
    items = tuple(replace(first, id=f"T-{n}", text=text, internal_note=text, explanation=text)
                  for n, text in enumerate(texts, 1))
    organisations = tuple(replace(o, item_ids=()) for o in plan.organisations)  # their items are replaced
    return accounting_workbook(replace(plan, harvest=items, organisations=organisations))


def test_text_that_starts_like_a_formula_is_stored_as_text(case, write):
    book = openpyxl.load_workbook(io.BytesIO(_accounting_with(case, write, FORMULA_LIKE)))
    sheet = book["Verantwoording"]
    headers = [c.value for c in sheet[1]]
    for row, text in enumerate(FORMULA_LIKE, 2):
        for column in ("Inbreng", "Toelichting", "Interne notitie"):
            cell = sheet.cell(row, headers.index(column) + 1)
            assert (cell.value, cell.data_type) == (text, "s")
            # Excel's leading apostrophe: the text stays text when someone edits the cell and presses Enter
            assert cell.quotePrefix == (text[0] in "=+-@")


def test_no_formula_reaches_the_xml_of_the_workbook(case, write):
    data = _accounting_with(case, write, FORMULA_LIKE)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        sheet_xml = z.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml and "<f " not in sheet_xml


def test_libreoffice_reads_formula_like_text_as_the_text_itself(case, write, tmp_path):
    require("soffice")
    path = tmp_path / "verantwoording.xlsx"
    path.write_bytes(_accounting_with(case, write, FORMULA_LIKE))
    subprocess.run(["soffice", profile_argument(tmp_path / "profiel"), "--headless",
                    "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir", str(tmp_path), str(path)],
                   capture_output=True, timeout=180, check=True)
    rows = list(csv.reader((tmp_path / "verantwoording.csv").read_text(encoding="utf-8").splitlines()))
    column = rows[0].index("Inbreng")
    assert [r[column] for r in rows[1:]] == list(FORMULA_LIKE)
    text = (tmp_path / "verantwoording.csv").read_text(encoding="utf-8")
    assert "Err:" not in text and "#NAME" not in text


def test_workbook_with_quoted_text_is_valid_ooxml(case, write, tmp_path):
    require("ooxml-validate")
    path = tmp_path / "verantwoording.xlsx"
    path.write_bytes(_accounting_with(case, write, FORMULA_LIKE))
    assert ooxml_errors(path) == []
