"""Workbooks as an adviser makes them (title row, styled header, wrapped text, a Totaal formula with the
value Excel caches), written with fixed timestamps so that the same data give the same bytes."""
from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

STAMP = dt.datetime(2018, 11, 19, 9, 0, 0)
HEADER_FONT, TITLE_FONT = Font(bold=True), Font(bold=True, size=13)
HEADER_FILL = PatternFill("solid", start_color="DCE6F1", end_color="DCE6F1")
WRAP, TOP = Alignment(vertical="top", wrap_text=True), Alignment(vertical="top")


class Book:
    def __init__(self) -> None:
        self.wb = Workbook()
        self.wb.remove(self.wb.active)
        self.wb.properties.creator = "Plan A bench"
        self.wb.properties.created = self.wb.properties.modified = STAMP
        self.cached: dict[tuple[str, str], int] = {}

    def sheet(self, name: str, columns: Sequence[str], rows: Sequence[Sequence], title: str | None = None,
              wrap: Sequence[str] = (), total: Sequence[str] = ()) -> None:
        """A data sheet; `total` names the columns that get a `Totaal` row with =SUM below the data."""
        ws = self.wb.create_sheet(name)
        header = 1
        if title is not None:
            ws.cell(1, 1, title).font = TITLE_FONT
            header = 2
        for col, label in enumerate(columns, 1):
            cell = ws.cell(header, col, label)
            cell.font, cell.fill = HEADER_FONT, HEADER_FILL
            ws.column_dimensions[get_column_letter(col)].width = 50 if label in wrap else 14
        wrapped = {columns.index(c) for c in wrap}
        for r, values in enumerate(rows, header + 1):
            for c, value in enumerate(values):
                if value is not None:
                    ws.cell(r, c + 1, value).alignment = WRAP if c in wrapped else TOP
        ws.freeze_panes = ws.cell(header + 1, 1)
        if total:
            last = header + len(rows)
            ws.cell(last + 1, 1, "Totaal").font = HEADER_FONT
            for label in total:
                c = columns.index(label)
                letter = get_column_letter(c + 1)
                cell = ws.cell(last + 1, c + 1, f"=SUM({letter}{header + 1}:{letter}{last})")
                self.cached[(name, cell.coordinate)] = sum(row[c] or 0 for row in rows)

    def save(self, path: Path) -> None:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            ExcelWriter(self.wb, archive).save()
        paths = {ws.title: ws.path.lstrip("/") for ws in self.wb.worksheets}
        patches: dict[str, dict[str, int]] = {}
        for (title, coordinate), value in self.cached.items():
            patches.setdefault(paths[title], {})[coordinate] = value
        path.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(path, "w") as target:
            for info in source.infolist():
                data = source.read(info.filename)
                if info.filename in patches:
                    data = _cache_values(data, patches[info.filename])
                entry = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
                entry.compress_type, entry.external_attr = zipfile.ZIP_DEFLATED, 0o644 << 16
                target.writestr(entry, data)


def _cache_values(xml: bytes, values: dict[str, int]) -> bytes:
    """`<v>value</v>` beside each formula, as Excel writes it (openpyxl leaves it out)."""
    text = xml.decode("utf-8")
    for coordinate, value in values.items():
        pattern = re.compile(rf'(<c r="{coordinate}"(?: [^>]*)?>\s*<f>[^<]*</f>)\s*(?:<v\s*/>|<v>\s*</v>)?')
        text, count = pattern.subn(lambda m: f"{m.group(1)}<v>{value}</v>", text, count=1)
        assert count == 1, coordinate
    return text.encode("utf-8")
