"""The programme team's own outputs: the accounting workbook keeps text exactly as typed."""
from __future__ import annotations

import zipfile

from casebuilder import changed
from pipeline.build import build


def test_text_that_looks_like_an_excel_escape_is_escaped_itself(case, write, tmp_path):
    case = changed(case, "oogst/dag-1.xlsx", "Oogst", 2, "Inbreng", "code _x000B_ zoals getypt")
    result = build(write(case), None, pdf=False)
    with zipfile.ZipFile(__import__("io").BytesIO(result.files["intern/verantwoording.xlsx"])) as z:
        xml = b"".join(z.read(n) for n in z.namelist() if n.startswith("xl/")).decode()
    assert "code _x005F_x000B_ zoals getypt" in xml
    assert "code _x000B_ zoals" not in xml
