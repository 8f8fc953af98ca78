"""What a participant does with their review copy in Word: comment on a paragraph, change the text with
Track Changes on, add a paragraph; used by the sample generator (tools/sample/round.py) and the tests
(tests/participants.py), so that both act out the same participant.

Comments are made with python-docx 1.2 (`Document.add_comment`), tracked changes as Word writes them
(`w:del` with `w:delText`, `w:ins`), each with an author and a date.
"""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

ZIP_DATE = (1980, 1, 1, 0, 0, 0)

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
    initials = "".join(word[0] for word in author.split() if word[0].isupper())
    made = document.add_comment(p.runs, text=text, author=author, initials=initials)
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
    """A participant's copy with their edits (`edit(document)`), saved under `name` in `folder`; the same
    edits give the same bytes (python-docx stamps the zip entries with the clock)."""
    document = docx.Document(copy)
    edit(document)
    folder.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    document.save(buffer)
    (folder / name).write_bytes(_fixed_times(buffer.getvalue()))
    return folder / name


def _fixed_times(data: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(zipfile.ZipInfo(info.filename, date_time=ZIP_DATE), zin.read(info),
                          compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()
