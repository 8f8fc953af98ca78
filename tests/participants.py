"""What participants do with their copy: comment in Word, change the text with Track Changes on, save it
again in LibreOffice, rename it; and what the team does: type answers into reacties.xlsx.

The Word edits are shared with the sample generator (tools/sample/word.py); LibreOffice and the workbook
are the tests' own.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import openpyxl

from clients import profile_argument, require

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))

from sample.word import comment, new_paragraph, paragraph, returned, tracked_change  # noqa: E402

__all__ = ["answer", "comment", "new_paragraph", "paragraph", "resaved_by_libreoffice", "returned", "rows",
           "tracked_change"]


def resaved_by_libreoffice(path: Path) -> Path:
    """`path` opened and saved again as .docx by LibreOffice, in its place."""
    require("soffice")
    with tempfile.TemporaryDirectory() as out, tempfile.TemporaryDirectory() as profile:
        subprocess.run(["soffice", profile_argument(Path(profile)), "--headless", "--convert-to",
                        "docx:MS Word 2007 XML", "--outdir", out, str(path)],
                       check=True, capture_output=True, timeout=300)
        shutil.move(Path(out) / (path.stem + ".docx"), path)
    return path


def answer(workbook: Path, answers: dict[str, tuple]) -> None:
    """The team types Antwoord, Gevolg (and Wijziging) for reactions by ID, with openpyxl."""
    book = openpyxl.load_workbook(workbook)
    sheet = book["Reacties"]
    header = {cell.value: cell.column for cell in sheet[1]}
    for row in sheet.iter_rows(min_row=2):
        values = answers.get(row[header["ID"] - 1].value)
        if values is None:
            continue
        for column, value in zip(("Antwoord", "Gevolg", "Wijziging"), values):
            sheet.cell(row[0].row, header[column], value)
    book.save(workbook)


def rows(workbook: Path) -> list[tuple]:
    """The rows of the sheet Reacties below the header, as values."""
    sheet = openpyxl.load_workbook(workbook)["Reacties"]
    return [tuple(r) for r in sheet.iter_rows(min_row=2, values_only=True) if any(v is not None for v in r)]
