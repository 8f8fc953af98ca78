"""Cheap per-organisation copies: render the concept once with markers, then fill each copy by string (the
feedback after the decision too, feedback.py: a `Shape` says what a kind of copy holds).

The marked concept is cut at its markers once (`SharedParts`) and every piece that is the same in all
copies is compressed once; a copy compresses only its own text (its name, its contributions) and is
packed from the ready pieces, so that a copy costs about the same whatever the size of the plan.
"""
from __future__ import annotations

import html
import re
import secrets
from dataclasses import dataclass, fields

from pipeline.documents.packing import END, Piece, crc_shift, zip_members
from pipeline.model.public import PublicItem


@dataclass(frozen=True)
class OrganisationCopy:
    """What a template may say about the organisation a copy is for."""

    name: str
    participants: int
    intro: str
    items: tuple[PublicItem, ...]


@dataclass(frozen=True)
class Shape:
    """What a kind of copy holds: its fields (a dataclass), and the one field whose rows fill a table."""

    copy: type  # OrganisationCopy
    rows: str  # "items"
    row: type  # PublicItem


CONCEPT_COPY = Shape(OrganisationCopy, "items", PublicItem)


class Marker:
    """Stands in for a copy (an OrganisationCopy, or what `shape` says) during the one shared render; prints
    as a unique token."""

    def __init__(self, token: str, path: str = "organisatie", kind: type | None = None,
                 missing: list[str] | None = None, shape: Shape = CONCEPT_COPY):
        self._token, self._path, self._kind, self._shape = token, path, kind or shape.copy, shape
        self._missing = missing if missing is not None else []

    def __getattr__(self, name: str) -> Marker:
        names = {f.name: f.type for f in fields(self._kind)}
        if name.startswith("_") or name not in names:
            self._missing.append(f"{self._path}.{name}")
            return Marker(self._token, f"{self._path}.{name}", None, self._missing, self._shape)
        kind = self._shape.row if name == self._shape.rows else None
        return Marker(self._token, f"{self._path}.{name}", kind, self._missing, self._shape)

    def __iter__(self):
        yield Marker(self._token, f"{self._path}[]", self._kind, self._missing, self._shape)

    def __str__(self) -> str:
        return f"{self._token}[{self._path}]"

    def __html__(self) -> str:
        return str(self)

    def __len__(self) -> int:
        return 1


def new_token() -> str:
    return "PLANA" + secrets.token_hex(8).upper()


def _text(value: object) -> str:
    """Text as docxtpl would have written it: escaped, line breaks as breaks, tabs as tabs."""
    text = "" if value is None else str(value)
    # html.escape without quotes escapes what xml.sax.saxutils.escape does (&, <, >), without importing
    # urllib.request and the HTTP and e-mail modules with it
    return (html.escape(text, quote=False).replace("\n", '</w:t><w:br/><w:t xml:space="preserve">')
            .replace("\t", '</w:t><w:tab/><w:t xml:space="preserve">'))


OWN_PARTS = ("docProps/core.xml", "docProps/custom.xml")  # each copy has its own: its title, whose it is


class SharedParts:
    """The finished parts of the marked concept, cut at the markers, the shared pieces compressed once."""

    def __init__(self, parts: dict[str, bytes], token: str, shape: Shape = CONCEPT_COPY):
        self.token, self.shape = token, shape
        self.entries: list[tuple[str, list[Piece | _Hole] | None]] = []  # None: a part of the copy's own
        self.shared = {name: b"" if name in OWN_PARTS else data for name, data in parts.items()}
        self.paragraphs: dict[str, list[list[str | _Hole]]] = {}  # per part: the paragraphs that hold holes
        for name, data in parts.items():
            if name in OWN_PARTS:
                self.entries.append((name, None))
            elif token.encode() in data:
                cut = _cut(data.decode("utf-8"), token, shape)
                self.entries.append((name, [p if isinstance(p, _Hole) else Piece(p.encode("utf-8")) for p in cut]))
                self.paragraphs[name] = _paragraphs_with_holes(cut)
            else:
                self.entries.append((name, [Piece(data)]))

    def own(self, copy, title_xml: bytes, properties_xml: bytes | None = None) -> dict[str, bytes]:
        """What one copy holds of its own, for the leak guard: per part the paragraphs with a hole, filled,
        and its own parts (core.xml, and custom.xml when it has them); everything else in it is `shared`
        (packing.Assembled)."""
        values = _Values(copy, self.shape)
        own = {name: "".join(p.fill(self.token, values) if isinstance(p, _Hole) else p
                             for paragraph in paragraphs for p in paragraph).encode("utf-8")
               for name, paragraphs in self.paragraphs.items()}
        parts = {"docProps/core.xml": title_xml, "docProps/custom.xml": properties_xml}
        return own | {name: parts[name] for name, pieces in self.entries if pieces is None}

    def fill(self, copy, title_xml: bytes, properties_xml: bytes | None = None) -> bytes:
        """One organisation's copy: a .docx (zip) with the same fixed metadata as the concept, its own
        core properties (`title_xml`) and, when the concept has them, its own custom properties."""
        members, values = [], _Values(copy, self.shape)
        own = {"docProps/core.xml": title_xml, "docProps/custom.xml": properties_xml}
        for name, pieces in self.entries:
            if pieces is None:
                pieces = [Piece(own[name])]
            chunks, crc, size = [], 0, 0
            for piece in pieces:
                if isinstance(piece, _Hole):
                    piece = Piece(piece.fill(self.token, values).encode("utf-8"))
                crc = crc_shift(crc, piece.size) ^ piece.crc
                chunks.append(piece.compressed)
                size += piece.size
            chunks.append(END)
            members.append((name, b"".join(chunks), crc, size))
        return zip_members(members)


# --- cutting the marked XML at the markers ------------------------------------------------------------

@dataclass(frozen=True)
class _Hole:
    """A place that differs per copy: one organisation field, or a table whose row is repeated for each
    item; without items the table is left out (the intro says so), never printed as a bare header."""

    field: str | None = None
    row: str | None = None
    table: tuple[str, str] = ("", "")  # the table's XML before and after the repeated row

    def fill(self, token: str, values: _Values) -> str:
        if self.field is not None:
            return values[self.field]
        found = getattr(values.copy, values.shape.rows)
        if not found:
            return ""
        rows = "".join(_fill_fields(_fill_row(self.row, token, row, values.shape), token, values) for row in found)
        return _fill_fields(self.table[0], token, values) + rows + _fill_fields(self.table[1], token, values)


class _Values(dict):
    """A copy's fields as document text, each made when first asked for."""

    def __init__(self, copy, shape: Shape):
        super().__init__()
        self.copy, self.shape = copy, shape

    def __missing__(self, name: str) -> str:
        self[name] = _text(getattr(self.copy, name))
        return self[name]


def _cut(xml: str, token: str, shape: Shape) -> list[str | _Hole]:
    """The XML as shared text and holes: each row that holds a row marker, each field marker."""
    row_marker = f"{token}[organisatie.{shape.rows}[]."
    pieces: list[str | _Hole] = []
    done = 0
    while (at := xml.find(row_marker, done)) >= 0:
        start = max(xml.rfind("<w:tr>", done, at), xml.rfind("<w:tr ", done, at))
        table = max(xml.rfind("<w:tbl>", done, at), xml.rfind("<w:tbl ", done, at))
        if start < 0 or table < 0:
            raise AssertionError(f"marker outside a table row: {xml[at:at + 60]}")
        end = xml.index("</w:tr>", at) + len("</w:tr>")
        table_end = xml.index("</w:tbl>", end) + len("</w:tbl>")
        pieces += [xml[done:table], _Hole(row=xml[start:end], table=(xml[table:start], xml[end:table_end]))]
        done = table_end
    pieces.append(xml[done:])
    names = "|".join(re.escape(f.name) for f in fields(shape.copy))
    field = re.compile(rf"{re.escape(token)}\[organisatie\.({names})\]")
    result: list[str | _Hole] = []
    for piece in pieces:
        if isinstance(piece, _Hole):
            result.append(piece)
            continue
        for n, part in enumerate(field.split(piece)):
            result.append(_Hole(field=part) if n % 2 else part)
    for piece in result:
        if isinstance(piece, str) and token in piece:
            raise AssertionError(f"marker left in copy: {re.search(token + r'[^<]*', piece).group(0)}")
    return [p for p in result if p != ""]


def _paragraphs_with_holes(cut: list[str | _Hole]) -> list[list[str | _Hole]]:
    """The stretches of a cut part that hold holes, each widened to whole paragraphs: from just after the
    `</w:p>` before it to the `</w:p>` after it (the guard searches a part paragraph by paragraph)."""
    stretches: list[list[str | _Hole]] = []
    n = 0
    while n < len(cut):
        if not isinstance(cut[n], _Hole):
            n += 1
            continue
        before = cut[n - 1] if n and isinstance(cut[n - 1], str) else ""
        stretch: list[str | _Hole] = [before[before.rfind("</w:p>") + 6:] if "</w:p>" in before else before]
        while n < len(cut) and (isinstance(cut[n], _Hole) or "</w:p>" not in cut[n]):
            stretch.append(cut[n])  # holes, and text between them within one paragraph
            n += 1
        if n < len(cut):  # the text with the paragraph's end: up to it; the rest may start the next stretch
            stretch.append(cut[n][:cut[n].find("</w:p>") + 6])
        stretches.append(stretch)
        n += 1
    return stretches


def _fill_fields(xml: str, token: str, values: _Values) -> str:
    for f in fields(values.shape.copy):
        marker = f"{token}[organisatie.{f.name}]"
        if marker in xml:
            xml = xml.replace(marker, values[f.name])
    return xml


def _fill_row(row: str, token: str, item: object, shape: Shape) -> str:
    for f in fields(shape.row):
        row = row.replace(f"{token}[organisatie.{shape.rows}[].{f.name}]", _text(getattr(item, f.name)))
    return row
