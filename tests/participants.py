"""What participants do with their copy: comment in Word, change the text with Track Changes on, save it
again in LibreOffice, rename it; and what the team does: type answers into reacties.xlsx.

Comments are made with python-docx 1.2 (`Document.add_comment`), tracked changes as Word writes them
(`w:del` with `w:delText`, `w:ins`), each with an author and a date.
"""
from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import docx
import openpyxl
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from clients import require

_ids = iter(range(9000, 100000))


def paragraph(document, starts: str):
    """The first paragraph (also in a table) whose text starts with `starts`."""
    for p in document.element.body.iter(qn("w:p")):
        found = docx.text.paragraph.Paragraph(p, document._body)
        if found.text.startswith(starts):
            return found
    raise AssertionError(f"no paragraph starts with {starts!r}")


def comment(document, starts: str, text: str, author: str = "Piet Bakker", date: str = "2021-02-20T10:00:00Z"):
    """A Word comment on the whole paragraph that starts with `starts`."""
    p = paragraph(document, starts)
    made = document.add_comment(p.runs, text=text, author=author, initials="PB")
    made._comment_elm.set(qn("w:date"), date)
    return made


def tracked_change(document, starts: str, old: str, new: str, author: str = "Anne de Vries",
                   date: str = "2021-02-21T09:30:00Z") -> None:
    """Replaces `old` by `new` (either may be '') in the paragraph that starts with `starts`, with Track
    Changes on: the text before and after stays, `old` goes into a w:del, `new` into a w:ins."""
    p = paragraph(document, starts)
    run = next(r for r in p.runs if old in r.text) if old else p.runs[-1]
    before, _, after = run.text.partition(old) if old else (run.text, "", "")
    run.text = before
    anchor = run._r
    for kind, text in (("w:del", old), ("w:ins", new)):
        if not text:
            continue
        mark = OxmlElement(kind)
        mark.set(qn("w:id"), str(next(_ids)))
        mark.set(qn("w:author"), author)
        mark.set(qn("w:date"), date)
        r = OxmlElement("w:r")
        t = OxmlElement("w:delText" if kind == "w:del" else "w:t")
        t.set(qn("xml:space"), "preserve")
        t.text = text
        r.append(t)
        mark.append(r)
        anchor.addnext(mark)
        anchor = mark
    if after:
        rest = OxmlElement("w:r")
        t = OxmlElement("w:t")
        t.set(qn("xml:space"), "preserve")
        t.text = after
        rest.append(t)
        anchor.addnext(rest)


def new_paragraph(document, after: str, text: str, author: str = "Anne de Vries",
                  date: str = "2021-02-21T09:40:00Z") -> None:
    """A whole new paragraph after the one that starts with `after`, typed with Track Changes on: its
    paragraph mark and its text are insertions."""
    p = paragraph(document, after)._p
    new, ppr, rpr = OxmlElement("w:p"), OxmlElement("w:pPr"), OxmlElement("w:rPr")
    mark, ins = (OxmlElement("w:ins", {qn("w:id"): str(next(_ids)), qn("w:author"): author, qn("w:date"): date})
                 for _ in range(2))
    rpr.append(mark)
    ppr.append(rpr)
    new.append(ppr)
    run, t = OxmlElement("w:r"), OxmlElement("w:t")
    t.text = text
    run.append(t)
    ins.append(run)
    new.append(ins)
    p.addnext(new)


def returned(copy: Path, folder: Path, name: str, edit) -> Path:
    """A participant's copy with their edits (`edit(document)`), saved under `name` in `folder`."""
    document = docx.Document(copy)
    edit(document)
    folder.mkdir(parents=True, exist_ok=True)
    document.save(folder / name)
    return folder / name


def resaved_by_libreoffice(path: Path) -> Path:
    """`path` opened and saved again as .docx by LibreOffice, in its place."""
    require("soffice")
    with tempfile.TemporaryDirectory() as out, tempfile.TemporaryDirectory() as profile:
        subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to",
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
