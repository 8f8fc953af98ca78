"""Stage 3c, render for the programme team: the accounting workbook with every item and its internal note."""
from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from copy import copy

from lxml import etree
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.table import Table, TableStyleInfo

from pipeline.model.plan import Plan
from pipeline.model.public import PublicPlan, public_view

SHEET_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
# an underscore that would start an `_xHHHH_` escape (overlapping ones too: `_x005F_x000B_`)
ESCAPE_LIKE = re.compile(r"_(?=x[0-9A-Fa-f]{4}_)")
# What Excel and LibreOffice read as a formula when a cell is typed (or edited and entered) with it first:
# such a text gets Excel's leading apostrophe (quotePrefix), so that it stays text after an edit too
TYPED_AS_FORMULA = ("=", "+", "-", "@")
COLUMNS = (("ID", 10), ("Dag", 6), ("Sessie", 14), ("Thema", 18), ("Inbreng", 60), ("Ingebracht door", 24),
           ("Soort", 10), ("Draagvlak", 12), ("Binnen kaders", 8), ("Verwerking", 18), ("Onderdeel", 18),
           ("Samengevoegd met", 12), ("Toelichting", 40), ("Waar of waarom", 50), ("Interne notitie", 40),
           ("Bron", 28))


def accounting_workbook(plan: Plan, public: PublicPlan | None = None) -> bytes:
    """verantwoording.xlsx: one row per harvest item, as an Excel table with filters (`public`: the plan's
    public view, when it is made already)."""
    where = {i.id: i.where for i in (public or public_view(plan)).harvest}
    book = Workbook()
    sheet = book.active
    sheet.title = "Verantwoording"
    sheet.append([name for name, _ in COLUMNS])
    for item in plan.harvest:
        sheet.append([_as_typed(v) for v in (
            item.id, item.day, item.session, item.theme, item.text, item.organisation, item.kind.value,
            item.support.value, "ja" if item.within_frames else "nee", item.outcome.label, item.chapter,
            item.merged_with, item.explanation, where[item.id], item.internal_note, str(item.source))])
    for n, (name, width) in enumerate(COLUMNS, 1):
        sheet.column_dimensions[sheet.cell(1, n).column_letter].width = width
        sheet.cell(1, n).font = Font(bold=True)
    wrapped = quoted = None  # every data cell has one of two styles: made once, then copied (fast)
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if wrapped is None:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
                wrapped, quoted = cell._style, copy(cell._style)
                quoted.quotePrefix = 1
            text = isinstance(cell.value, str)
            if text:  # openpyxl stores a text that starts with `=` as a formula: `=HYPERLINK(...)` in a note
                cell.data_type = "s"  # would be a live link, `= meer plaatsen` an Err:509; text stays text
            cell._style = copy(quoted if text and cell.value.startswith(TYPED_AS_FORMULA) else wrapped)
    sheet.freeze_panes = "A2"
    table = Table(displayName="Verantwoording", ref=f"A1:{sheet.cell(1, len(COLUMNS)).column_letter}"
                                                    f"{max(len(plan.harvest) + 1, 2)}")
    table.tableStyleInfo = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
    sheet.add_table(table)
    stamp = dt.datetime.combine(plan.proposal.college_date, dt.time())
    book.properties.created = book.properties.modified = stamp
    book.properties.creator = "Plan A"
    book.properties.title = f"Verantwoording: {plan.proposal.subject}"
    buffer = io.BytesIO()
    book.save(buffer)
    return _fixed_zip(buffer.getvalue())


def _as_typed(value: object) -> object:
    """Excel reads `_x000B_` in a cell as an escaped character; text typed like that is escaped itself."""
    return ESCAPE_LIKE.sub("_x005F_", value) if isinstance(value, str) else value


def _fixed_zip(data: bytes) -> bytes:
    """openpyxl stamps zip entries with the clock; rewrite them with one fixed time."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            data = zin.read(info)
            if info.filename == "docProps/core.xml":  # openpyxl sets `modified` to the clock on save
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                              rb"\g<1>" + re.search(rb"<dcterms:created[^>]*>([^<]*)<", data).group(1) + rb"\g<2>",
                              data)
            zout.writestr(fixed, _font_order(data) if info.filename == "xl/styles.xml" else data)
    return out.getvalue()


# The order Excel writes a font's properties in, which the OOXML validator demands; openpyxl writes
# `name` and `color` first.
FONT_ORDER = "b i strike condense extend outline shadow u vertAlign sz color name family charset scheme".split()


def _font_order(styles_xml: bytes) -> bytes:
    root = etree.fromstring(styles_xml)
    rank = {name: n for n, name in enumerate(FONT_ORDER)}
    for font in root.iter(f"{{{SHEET_NS}}}font"):
        font[:] = sorted(font, key=lambda el: rank.get(etree.QName(el).localname, len(FONT_ORDER)))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
