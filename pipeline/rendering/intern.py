"""Stage 3c, render for the programme team: the accounting workbook with every item and its internal note."""
from __future__ import annotations

import datetime as dt

from pipeline.documents.workbook import TableSheet, table_workbook
from pipeline.model.plan import Plan
from pipeline.model.public import PublicPlan, public_view

COLUMNS = (("ID", 10), ("Dag", 6), ("Sessie", 14), ("Thema", 18), ("Inbreng", 60), ("Ingebracht door", 24),
           ("Soort", 10), ("Draagvlak", 12), ("Binnen kaders", 8), ("Verwerking", 18), ("Onderdeel", 18),
           ("Samengevoegd met", 12), ("Toelichting", 40), ("Waar of waarom", 50), ("Interne notitie", 40),
           ("Bron", 28))


def accounting_workbook(plan: Plan, public: PublicPlan | None = None) -> bytes:
    """verantwoording.xlsx: one row per harvest item, as an Excel table with filters (`public`: the plan's
    public view, when it is made already)."""
    where = {i.id: i.where for i in (public or public_view(plan)).harvest}
    rows = [(item.id, item.day, item.session, item.theme, item.text, item.organisation, item.kind.value,
             item.support.value, "ja" if item.within_frames else "nee", item.outcome.label, item.chapter,
             item.merged_with, item.explanation, where[item.id], item.internal_note, str(item.source))
            for item in plan.harvest]
    return table_workbook([TableSheet("Verantwoording", COLUMNS, rows)],
                          title=f"Verantwoording: {plan.proposal.subject}",
                          created=dt.datetime.combine(plan.proposal.college_date, dt.time()))
