"""Test helpers around outside checkers: OOXML validation, PDF/UA checks, text extraction.

The checkers are installed by scripts/install-clients.sh (`make clients`).
A test that needs one calls `require(NAME)` first: when the checker is
missing, the test is skipped on a developer's machine and fails under
CI=true, so that CI never passes by skipping.
"""

from __future__ import annotations

import atexit
import functools
import importlib.util
import json
import os
import re
import shutil
import select
import subprocess
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest

import memo
from pipeline.documents.soffice_profile import write_settings

ROOT = Path(__file__).resolve().parents[1]
OOXML_VALIDATE = ROOT / "node_modules" / ".bin" / "ooxml-validate"
OFFICE_VERSION = "Microsoft365"
NODE_MAJOR = 20  # @ooxml-tools/validate's CLI (yargs 18) needs node 20 or newer
TIMEOUT_SECONDS = 600
INSTALL_HINT = "run `make clients` (scripts/install-clients.sh)"



def in_ci() -> bool:
    """True when running under CI (CI=true), where missing checkers are failures."""
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def _has_module(name: str) -> Callable[[], bool]:
    return lambda: importlib.util.find_spec(name) is not None


@functools.cache
def _node_major() -> int:
    """Node's major version, 0 when node is missing (the validator needs 20+)."""
    if shutil.which("node") is None:
        return 0
    version = subprocess.run(["node", "--version"], capture_output=True, text=True).stdout
    match = re.match(r"v(\d+)", version.strip())
    return int(match.group(1)) if match else 0


TOOLS: dict[str, Callable[[], bool]] = {
    "soffice": lambda: shutil.which("soffice") is not None,
    "pdftotext": lambda: shutil.which("pdftotext") is not None,
    "node": lambda: _node_major() >= NODE_MAJOR,
    "ooxml-validate": lambda: _node_major() >= NODE_MAJOR and OOXML_VALIDATE.exists(),
    "pdfua": _has_module("page"),
    "pandoc": _has_module("pypandoc"),
}


def profile_argument(folder: Path) -> str:
    """soffice's -env:UserInstallation for a new profile in `folder`, set up as the pipeline sets up its own
    (without it, LibreOffice's first start tests its graphics: 0.65 s of CPU)."""
    write_settings(Path(folder), shutil.which("soffice"))
    return f"-env:UserInstallation={Path(folder).as_uri()}"


def require(tool: str) -> None:
    """Skip the calling test when `tool` is missing; fail instead under CI=true."""
    if tool not in TOOLS:
        raise KeyError(f"unknown client {tool!r}; known: {sorted(TOOLS)}")
    if TOOLS[tool]():
        return
    message = f"{tool} is not installed: {INSTALL_HINT}"
    if in_ci():
        pytest.fail(f"{message} (CI=true: a missing client fails the run)", pytrace=False)
    pytest.skip(message)


def _format_ooxml_error(error: dict) -> str:
    where = error.get("path") or {}
    return (
        f"{where.get('partUri', '?')} {where.get('xpath', '?')}: "
        f"{error.get('id', '?')}: {error.get('description', '')}"
    )


def _read_ooxml_result(result: object) -> list[str]:
    if isinstance(result, dict) and "error" in result:
        return [f"cannot open the package: {result['error'].splitlines()[0]}"]
    if not isinstance(result, list):
        raise RuntimeError(f"unexpected ooxml-validate output: {result!r}")
    return [_format_ooxml_error(error) for error in result]


_PACKAGE_TRACE = "DocumentFormat.OpenXml"


def ooxml_errors(path: Path) -> list[str]:
    """Validate one .docx/.xlsx/.pptx against the OOXML schemas; [] when valid (in this test process's one
    validator, see _Validator; test_clients.py shows it agrees with the command, ooxml_cli_errors)."""
    path = Path(path).resolve(strict=True)
    return ooxml_errors_many([path])[path]


def ooxml_cli_errors(path: Path) -> list[str]:
    """Validate one .docx/.xlsx/.pptx against the OOXML schemas with the validator's command; [] when valid.

    Runs `ooxml-validate --output-format json`, which exits 0 whether or not
    it finds errors: the JSON list is the verdict. A package that cannot be
    opened at all gives one 'cannot open' error.
    """
    require("ooxml-validate")
    path = Path(path).resolve(strict=True)
    done = subprocess.run(
        [str(OOXML_VALIDATE), "--output-format", "json", "--office-version", OFFICE_VERSION,
         str(path)],
        capture_output=True, text=True, timeout=TIMEOUT_SECONDS, cwd=ROOT,
    )
    try:
        result = json.loads(done.stdout)
    except json.JSONDecodeError:
        if _PACKAGE_TRACE in done.stderr:  # the .NET validator could not open the file
            return [f"cannot open the package: {_last_error_line(done.stderr)}"]
        raise RuntimeError(
            f"ooxml-validate failed (exit {done.returncode}):\n{done.stderr}"
        ) from None
    return _read_ooxml_result(result)


def ooxml_errors_many(paths: Iterable[Path]) -> dict[Path, list[str]]:
    """Like ooxml_errors for several files, in this test process's one validator (see _Validator)."""
    require("ooxml-validate")
    files = [Path(p).resolve(strict=True) for p in paths]
    names = {path: memo.key("ooxml" + path.suffix.lower(), path.read_bytes()) for path in files}  # the schema by name
    found = {path: memo.recall(name) for path, name in names.items()}
    unread = [path for path in files if not found[path][0]]
    results = _validator().validate([str(path) for path in unread]) if unread else {}
    return {path: found[path][1] if found[path][0] else
            memo.keep(names[path], _read_ooxml_result(results[str(path)])) for path in files}


class _Validator:
    """One node process per test process, started at the first validation and kept for the next: the
    validator's start (.NET in WebAssembly) costs some 3.5 s of CPU, more than most files it checks. It reads
    a JSON list of paths per line and answers with one JSON line."""

    def __init__(self) -> None:
        self.stderr = tempfile.TemporaryFile()  # a file, not a pipe: what it says cannot fill a pipe and stall it
        self.process = subprocess.Popen(
            ["node", "--input-type=module", "-e", _SERVER_SCRIPT, OFFICE_VERSION], cwd=ROOT, text=True,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.stderr)

    def validate(self, paths: list[str]) -> dict[str, object]:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(json.dumps(paths) + "\n")
        self.process.stdin.flush()
        answered, _, _ = select.select([self.process.stdout], [], [], TIMEOUT_SECONDS)
        line = self.process.stdout.readline() if answered else ""
        if not line:
            _validator.cache_clear()  # the next validation starts a new one
            self.process.kill()
            self.stderr.seek(0)
            stderr = self.stderr.read().decode("utf-8", errors="replace")
            raise RuntimeError(f"ooxml validation crashed or hung (exit {self.process.wait()}):\n{stderr}")
        return json.loads(line)

    def close(self) -> None:
        if self.process.stdin is not None:
            self.process.stdin.close()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


@functools.cache
def _validator() -> _Validator:
    validator = _Validator()
    atexit.register(validator.close)
    return validator


_SERVER_SCRIPT = """
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import validate, { getFileFormatFromName } from "@ooxml-tools/validate";
const [version] = process.argv.slice(1);
for await (const line of createInterface({ input: process.stdin })) {
  const out = {};
  for (const p of JSON.parse(line)) {
    try { out[p] = await validate(readFileSync(p), getFileFormatFromName(p), version); }
    catch (e) { out[p] = { error: String(e && e.message || e) }; }
  }
  await new Promise((done) => process.stdout.write(JSON.stringify(out) + "\\n", done));
}
"""


def _last_error_line(stderr: str) -> str:
    lines = [line.strip() for line in stderr.splitlines() if line.strip().startswith("Error")]
    return lines[-1] if lines else ""


def pdfua_failures(pdf_path: Path) -> list[str]:
    """Check a PDF against PDF/UA-1 (ISO 14289-1) with `page`; [] when it conforms.

    `page` (PyPI: page-validation) is an offline Rust checker of veraPDF's
    PDF/UA-1 rules. Each failed rule gives one 'RULE-ID: message' line.
    """
    require("pdfua")
    import page  # noqa: PLC0415 (optional test client)

    def check() -> list[str]:
        report = page.validate_pdf(Path(pdf_path), profile=page.ValidationProfile.PDF_UA_1)
        failures = [f"{failure.rule_id}: {failure.message}" for failure in report.failures]
        if not report.is_compliant and not failures:
            failures.append("not PDF/UA-1 compliant (no rule named)")
        return failures

    return memo.remembered("pdfua", pdf_path, check)


def pdf_text(path: Path) -> str:
    """The text of a PDF in reading order, via poppler's pdftotext."""
    require("pdftotext")
    done = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"],
        capture_output=True, text=True, check=True, timeout=TIMEOUT_SECONDS,
    )
    return done.stdout


def text_pdf(path: Path, text: str) -> Path:
    """A one-page PDF with `text` in Helvetica, as pdftotext reads it (untagged, as any plain PDF writer)."""
    shown = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)").encode("latin-1")
    stream = b"BT /F1 12 Tf 72 720 Td (" + shown + b") Tj ET"
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
               b"/Contents 5 0 R >>",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
               b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream)]
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    table = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, table)
    path.write_bytes(out)
    return path
