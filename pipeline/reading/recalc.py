"""Recalculates a workbook's formulas through LibreOffice, on a copy: inputs are never modified."""
from __future__ import annotations

import shutil
import subprocess
import tempfile
import warnings
from pathlib import Path

import openpyxl

from pipeline.base.programs import Programs
from pipeline.documents.soffice_profile import write_settings

TIMEOUT_SECONDS = 120


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
        write_settings(profile, soffice)  # no graphics tests first: 0.65 s of CPU
        try:
            result = Programs().run(  # a Ctrl-C while it runs ends LibreOffice too
                [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--calc",
                 "--convert-to", "xlsx", "--outdir", str(out), str(copy)], TIMEOUT_SECONDS)
        except (subprocess.TimeoutExpired, OSError):  # a hanging or broken LibreOffice: as if it were absent
            return None
        converted = out / path.name
        if result.returncode != 0 or not converted.is_file():
            return None
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                return openpyxl.load_workbook(converted, data_only=True)
        except Exception:  # noqa: BLE001 (whatever LibreOffice wrote, the cells stay unresolved and reported)
            return None
