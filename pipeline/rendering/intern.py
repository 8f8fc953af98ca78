"""Stage 3c, render for the programme team: the accounting workbook with every item and its internal note."""
from __future__ import annotations

import datetime as dt
import io
from copy import copy

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.table import Table, TableStyleInfo

from pipeline.documents.xlsx import TYPED_AS_FORMULA, as_typed, stable_xlsx
from pipeline.model.plan import Plan
from pipeline.model.public import public_view

COLUMNS = (("ID", 10), ("Dag", 6), ("Sessie", 14), ("Thema", 18), ("Inbreng", 60), ("Ingebracht door", 24),
           ("Soort", 10), ("Draagvlak", 12), ("Binnen kaders", 8), ("Verwerking", 18), ("Onderdeel", 18),
           ("Samengevoegd met", 12), ("Toelichting", 40), ("Waar of waarom", 50), ("Interne notitie", 40),
           ("Bron", 28))


def accounting_workbook(plan: Plan) -> bytes:
    """verantwoording.xlsx: one row per harvest item, as an Excel table with filters."""
    where = {i.id: i.where for i in public_view(plan).harvest}
    book = Workbook()
    sheet = book.active
    sheet.title = "Verantwoording"
    sheet.append([name for name, _ in COLUMNS])
    for item in plan.harvest:
        sheet.append([as_typed(v) for v in (
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
    return stable_xlsx(buffer.getvalue())
