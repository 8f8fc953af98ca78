"""Stage 3d, render for the programme team: verzendlijst.xlsx, every participant and what they get, one sheet
per mailing, each a filterable Excel table."""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from pipeline.documents.workbook import TableSheet, table_workbook
from pipeline.model.plan import Plan
from pipeline.rendering.mailing import Mailing

COLUMNS = (("Naam", 24), ("Organisatie", 26), ("E-mailadres", 30), ("Reviewexemplaar", 10), ("E-mail klaar", 10),
           ("Bestand e-mail", 44), ("Document", 44), ("Waarom geen e-mail", 50), ("Bron", 28))


def mailing_list(plan: Plan, mailings: Sequence[Mailing]) -> bytes:
    """One row per row of deelnemers.xlsx, in its order: whether a draft is ready, which file(s) go with
    it (also where there is none: to be sent another way), and why there is none."""
    sheets = [TableSheet(m.round.name.capitalize(), COLUMNS, [(
        line.participant.name, line.participant.organisation, line.participant.email,
        "ja" if line.participant.wants_review_copy else "nee", "ja" if line.draft else "nee",
        line.draft, "\n".join(line.documents) or None, line.reason, str(line.participant.source))
        for line in m.lines]) for m in mailings]
    return table_workbook(sheets, title=f"Verzendlijst: {plan.proposal.subject}",
                          created=dt.datetime.combine(plan.proposal.college_date, dt.time()))
