"""Recalculates a workbook's formulas through LibreOffice, on a copy: inputs are never modified."""
from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import openpyxl


def recalculated_copy(path: Path):
    """The workbook as LibreOffice recalculates it (values only), or None without LibreOffice."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return None
    with tempfile.TemporaryDirectory(prefix="plan-a-recalc-") as tmp:
        copy = Path(tmp) / "in" / path.name
        copy.parent.mkdir()
        shutil.copyfile(path, copy)
        out = Path(tmp) / "out"
        profile = Path(tmp) / "profile"
        result = subprocess.run(
            [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--calc",
             "--convert-to", "xlsx", "--outdir", str(out), str(copy)],
            capture_output=True, timeout=120, check=False)
        converted = out / path.name
        if result.returncode != 0 or not converted.is_file():
            return None
        return openpyxl.load_workbook(converted, data_only=True)
