"""The programme team's own outputs: the accounting workbook keeps text exactly as typed."""
from __future__ import annotations

import io
import zipfile
from dataclasses import replace

from pipeline.build import check_inputs
from pipeline.render_intern import accounting_workbook


def test_text_that_looks_like_an_excel_escape_is_escaped_itself(case, write):
    plan, _ = check_inputs(write(case))
    typed = replace(plan.harvest[0], text="code _x000B_ zoals getypt")
    data = accounting_workbook(replace(plan, harvest=(typed, *plan.harvest[1:])))
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        xml = b"".join(z.read(n) for n in z.namelist() if n.startswith("xl/")).decode()
    assert "code _x005F_x000B_ zoals getypt" in xml
    assert "code _x000B_ zoals" not in xml
