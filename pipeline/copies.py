"""Cheap per-organisation copies: render the concept once with markers, then fill each copy by string."""
from __future__ import annotations

import io
import re
import secrets
import zipfile
from dataclasses import dataclass, fields
from xml.sax.saxutils import escape

from .views import PublicItem


@dataclass(frozen=True)
class OrganisationCopy:
    """What a template may say about the organisation a copy is for."""

    name: str
    participants: int
    intro: str
    items: tuple[PublicItem, ...]


class Marker:
    """Stands in for an OrganisationCopy during the one shared render; prints as a unique token."""

    def __init__(self, token: str, path: str = "organisatie", kind: type = OrganisationCopy,
                 missing: list[str] | None = None):
        self._token, self._path, self._kind = token, path, kind
        self._missing = missing if missing is not None else []

    def __getattr__(self, name: str) -> Marker:
        names = {f.name: f.type for f in fields(self._kind)}
        if name.startswith("_") or name not in names:
            self._missing.append(f"{self._path}.{name}")
            return Marker(self._token, f"{self._path}.{name}", OrganisationCopy, self._missing)
        kind = PublicItem if name == "items" else OrganisationCopy
        return Marker(self._token, f"{self._path}.{name}", kind, self._missing)

    def __iter__(self):
        yield Marker(self._token, f"{self._path}[]", self._kind, self._missing)

    def __str__(self) -> str:
        return f"{self._token}[{self._path}]"

    def __html__(self) -> str:
        return str(self)

    def __len__(self) -> int:
        return 1


def new_token() -> str:
    return "PLANA" + secrets.token_hex(8).upper()


def _text(value: object) -> str:
    """Text as docxtpl would have written it: escaped, line breaks as breaks."""
    text = "" if value is None else str(value)
    return escape(text).replace("\n", '</w:t><w:br/><w:t xml:space="preserve">')


def fill_copy(parts: dict[str, bytes], token: str, copy: OrganisationCopy, title_xml: bytes) -> bytes:
    """One organisation's copy from the shared, already finished parts of the marked concept."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            if name == "docProps/core.xml":
                data = title_xml
            elif token.encode() in data:
                data = _fill_xml(data.decode("utf-8"), token, copy).encode("utf-8")
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)
    return out.getvalue()


def _fill_xml(xml: str, token: str, copy: OrganisationCopy) -> str:
    row_marker = f"{token}[organisatie.items[]."
    while row_marker in xml:
        at = xml.index(row_marker)
        start = max(xml.rfind("<w:tr>", 0, at), xml.rfind("<w:tr ", 0, at))
        end = xml.index("</w:tr>", at) + len("</w:tr>")
        row = xml[start:end]
        xml = xml[:start] + "".join(_fill_row(row, token, item) for item in copy.items) + xml[end:]
    for f in fields(OrganisationCopy):
        xml = xml.replace(f"{token}[organisatie.{f.name}]", _text(getattr(copy, f.name)))
    if token in xml:
        raise AssertionError(f"marker left in copy: {re.search(token + r'[^<]*', xml).group(0)}")
    return xml


def _fill_row(row: str, token: str, item: PublicItem) -> str:
    for f in fields(PublicItem):
        row = row.replace(f"{token}[organisatie.items[].{f.name}]", _text(getattr(item, f.name)))
    return row
