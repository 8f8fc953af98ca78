"""PDFs converted ahead (issue 14): LibreOffice kept running for the whole build, handed each document as soon as
it is rendered, the costliest first; `convert_to_pdf` takes what was converted from the same bytes and
converts only the rest; a killed build leaves no LibreOffice client behind."""
from __future__ import annotations

import hashlib
import io
import os
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
import zipfile
from pathlib import Path

import docx
import openpyxl
import pikepdf
import pytest

import pipeline.build
from casebuilder import small_case, write_case
from clients import require
from processes import processes
from pipeline.build import build
from pipeline.documents import office as office_module
from pipeline.documents.front import front_docx
from pipeline.documents.soffice_profile import installed_version
from pipeline.base.programs import Programs
from pipeline.reading.recalc import recalculated_copy
from pipeline.documents.office import Office
from pipeline.documents import pdf as pdf_module
from pipeline.documents.pdf import convert_ahead, convert_to_pdf

CONCEPT = "review/concept-uitvoeringsplan.docx"

# A stand-in for soffice: for each document, a one-page PDF titled with the file's name (the office names a
# file after its content), and a line in the log beside this script.
LOGGING_SOFFICE = r'''#!{python}
import sys
from pathlib import Path
args = sys.argv[1:]
out = Path(args[args.index("--outdir") + 1])
for name in [a for a in args if a.endswith(".docx")]:
    stem = Path(name).stem
    with open({log!r}, "a") as log:
        log.write(stem + "\n")
    objects = ["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>", f"<< /Title ({{stem}}) >>"]
    body, offsets = b"%PDF-1.6\n", []
    for n, text in enumerate(objects, 1):
        offsets.append(len(body))
        body += f"{{n}} 0 obj {{text}} endobj\n".encode()
    xref = len(body)
    body += f"xref\n0 5\n0000000000 65535 f \n".encode() + "".join(f"{{o:010d}} 00000 n \n" for o in offsets).encode()
    body += f"trailer << /Size 5 /Root 1 0 R /Info 4 0 R >>\nstartxref\n{{xref}}\n%%EOF\n".encode()
    (out / (stem + ".pdf")).write_bytes(body)
'''


def small_docx(text: str) -> bytes:
    document = docx.Document()
    document.add_paragraph(text)
    document.core_properties.title = text
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.fixture
def logging_soffice(tmp_path, monkeypatch) -> Path:
    """The stand-in as soffice (no soffice.bin beside it: each batch is a run of its own); its log."""
    script, log = tmp_path / "bin" / "soffice", tmp_path / "converted.log"
    script.parent.mkdir()
    script.write_text(LOGGING_SOFFICE.format(python=sys.executable, log=str(log)))
    script.chmod(0o755)
    monkeypatch.setattr(office_module, "_soffice", lambda: str(script))
    return log


def converted(log: Path) -> list[str]:
    return log.read_text().split() if log.exists() else []


def title(pdf: Path) -> str:
    with pikepdf.open(pdf) as document:
        return str(document.docinfo.Title)


def test_what_was_converted_ahead_is_taken_and_only_the_rest_converted(logging_soffice, tmp_path):
    first, second, changed = small_docx("een"), small_docx("twee"), small_docx("twee, gewijzigd")
    a, b = tmp_path / "a.docx", tmp_path / "b.docx"
    a.write_bytes(first)
    b.write_bytes(changed)  # rendered again after it was handed over: its PDF is of these bytes
    with Office() as office:
        convert_ahead(office, {"x/a.docx": first, "x/b.docx": second, "x/c.xlsx": b"not a document"}, {})
        deadline = time.monotonic() + 120
        while len(converted(logging_soffice)) < 2:  # both converted before they are asked for
            assert time.monotonic() < deadline
            time.sleep(0.01)
        pdfs = convert_to_pdf([a, b], office=office)
    log = converted(logging_soffice)
    assert sorted(log) == sorted(map(name, (first, second, changed)))  # een once
    assert [title(pdf) for pdf in pdfs] == [name(first), name(changed)]
    assert pdfs == [a.with_suffix(".pdf"), b.with_suffix(".pdf")]


def name(document: bytes) -> str:
    """The name a whole document gets in the office's folder: its content's."""
    return "d" + hashlib.sha256(document).hexdigest()[:40]


def test_the_same_bytes_twice_are_converted_once(logging_soffice, tmp_path):
    same = small_docx("een")
    with Office() as office:
        convert_ahead(office, {"a.docx": same, "b/a.docx": same}, {})
        paths = []
        for name in ("a.docx", "b.docx"):
            paths.append(tmp_path / name)
            paths[-1].write_bytes(same)
        pdfs = convert_to_pdf(paths, office=office)
    assert len(converted(logging_soffice)) == 1
    assert pdfs[0].read_bytes() == pdfs[1].read_bytes()


def test_the_costliest_document_waiting_goes_first_and_small_ones_go_together():
    office = Office()  # not entered: no soffice started, the queue only
    try:
        for name, cost in [("klein-1", 50_000), ("groot", 900_000), ("klein-2", 50_000), ("middel", 300_000),
                           ("klein-3", 45_000), ("klein-4", 45_000)]:
            office.convert(name, b"", cost, lambda pdf: pdf)
        batches = [[c.name for c in office._next()] for _ in range(4)]
    finally:
        office.__exit__()
    assert batches == [["groot"], ["middel"], ["klein-1", "klein-2", "klein-3"], ["klein-4"]]


def test_a_running_soffice_converts_one_batch_after_another(tmp_path):
    """Without the document it holds open, LibreOffice ends after its first files: each later batch would
    start one of its own, a second of CPU each."""
    require("soffice")
    with Office() as office:
        first = office.convert("een", small_docx("een"), 1, lambda pdf: pdf.read_bytes()).result(timeout=120)
        server = office.servers[0]
        time.sleep(0.5)  # a soffice that ends after its files has ended by now
        assert server.poll() is None
        second = office.convert("twee", small_docx("twee"), 1, lambda pdf: pdf.read_bytes()).result(timeout=120)
        assert office.servers[0] is server and server.poll() is None
        folder, pipe = office.tmp, office.pipes[0]
        assert pipe.exists()
    assert first.startswith(b"%PDF") and second.startswith(b"%PDF")
    assert server.poll() is not None and not folder.exists()  # ended with the office, its folder removed
    assert not pipe.exists()  # killed, LibreOffice leaves the socket of its pipe behind (in /tmp)


def test_a_soffice_never_seen_listening_is_ended_and_each_batch_starts_its_own(monkeypatch):
    """A started soffice whose pipe does not show within the time given is not handed files through its
    launcher (they would reach a soffice that never ends): each batch then starts a LibreOffice of its own."""
    require("soffice")
    monkeypatch.setattr(office_module, "_pipe", lambda pid: None)
    monkeypatch.setattr(office_module, "LISTENS_WITHIN", 0.5)
    with Office() as office:
        pdf = office.convert("een", small_docx("een"), 1, lambda pdf: pdf.read_bytes()).result(timeout=120)
        assert office.servers == {}
    assert pdf.startswith(b"%PDF")


def test_the_build_hands_libreoffice_each_half_as_soon_as_it_is_rendered(tmp_path, monkeypatch):
    """The concept before the college's documents are rendered, the college's documents before the plan with
    tracked changes is waited for; each document converted once, and the PDFs those of convert_to_pdf alone."""
    require("soffice")
    require("pdftotext")
    events: list[str] = []
    real_ahead, real_college, real_convert = pdf_module.convert_ahead, pipeline.build.render_proposal, Office.convert

    def ahead(office, files, fronts):
        events.extend(f"ahead {path}" for path in sorted(files) if path.endswith(".docx"))
        return real_ahead(office, files, fronts)

    def college(*args, **kwargs):
        events.append("render college")
        return real_college(*args, **kwargs)

    names: list[str] = []

    def convert(self, name, *args):
        names.append(name)
        return real_convert(self, name, *args)

    monkeypatch.setattr(pdf_module, "convert_ahead", ahead)
    monkeypatch.setattr(pipeline.build, "render_proposal", college)
    monkeypatch.setattr(Office, "convert", convert)
    inputs = write_case(small_case(), tmp_path / "inputs")
    result = build(inputs, tmp_path / "build")
    assert events.index(f"ahead {CONCEPT}") < events.index("render college") < \
        events.index("ahead college/voordracht.docx")
    documents = sorted(p for p in result.files if p.endswith(".docx"))
    assert len(names) == len(set(names)) == len(documents)  # each document (or a copy's front) once
    plain = tmp_path / "plain"
    for path in documents:
        (plain / path).parent.mkdir(parents=True, exist_ok=True)
        (plain / path).write_bytes(result.files[path])
    copies = {plain / p: plain / CONCEPT for p in documents if "/organisaties/" in p}
    assert copies
    monkeypatch.undo()
    alone = convert_to_pdf([plain / p for p in documents], fronts=copies)
    differ = [p for p, pdf in zip(documents, alone) if pdf.read_bytes() !=
              (tmp_path / "build" / p).with_suffix(".pdf").read_bytes()]
    assert differ == []


CLIENT = textwrap.dedent("""
    import sys
    sys.path.insert(0, {root!r})
    from pipeline.base.programs import Programs
    Programs().run(["sh", "-c", "echo $$ > {pid}; exec sleep 60"], 120)
""")


def test_a_program_run_for_the_build_ends_when_the_build_is_killed(tmp_path):
    """A LibreOffice client (`soffice --convert-to`) waits for the running LibreOffice: killed outright, the
    build must not leave it behind."""
    pid = tmp_path / "pid"
    script = CLIENT.format(root=str(Path(__file__).resolve().parents[1]), pid=str(pid))
    runner = subprocess.Popen([sys.executable, "-c", script])
    try:
        deadline = time.monotonic() + 60
        while not (pid.exists() and pid.read_text().strip()):
            assert runner.poll() is None and time.monotonic() < deadline
            time.sleep(0.01)
        program = int(pid.read_text())
        os.kill(runner.pid, signal.SIGKILL)
        runner.wait()
        for _ in range(100):
            if program not in processes():
                break
            time.sleep(0.05)
        assert program not in processes()
    finally:
        if runner.poll() is None:
            runner.kill()
            runner.wait()


def test_a_copy_s_front_is_the_same_bytes_whenever_it_is_cut(tmp_path, monkeypatch):
    """Its bytes name its conversion: a front cut again a second later (the clock in the zip's dates) would be
    converted twice."""
    out = tmp_path / "build"
    build(write_case(small_case(), tmp_path / "inputs"), out, pdf=False)
    copy = sorted((out / "review" / "organisaties").glob("*.docx"))[0]
    first = front_docx(copy, out / CONCEPT)
    later = time.localtime(time.time() + 3600)
    monkeypatch.setattr(time, "localtime", lambda *seconds: later)
    assert first is not None and front_docx(copy, out / CONCEPT) == first


def tracked_docx(author: str) -> bytes:
    """A document with one tracked insertion by `author`."""
    data = small_docx("Wijziging")
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            part = source.read(info)
            if info.filename == "word/document.xml":
                part = part.replace(b"<w:r><w:t>Wijziging</w:t></w:r>", f'<w:r><w:t>Wijziging </w:t></w:r><w:ins w:id="1" '
                                    f'w:author="{author}" w:date="2018-12-11T00:00:00Z"><w:r><w:t>ingevoegd'
                                    f'</w:t></w:r></w:ins>'.encode(), 1)
                assert b"<w:ins " in part
            target.writestr(info, part)
    return out.getvalue()


def test_tracked_changes_look_the_same_whichever_soffice_converts_them(tmp_path):
    """LibreOffice colours tracked changes by author, numbered as a soffice process meets them (the document it
    holds open included): a running soffice that converted another author's changes before would colour them
    differently from a fresh one."""
    require("soffice")
    ours, theirs = tracked_docx("Programmateam"), tracked_docx("Iemand anders")
    made = []
    with Office() as office:  # one soffice: another author's changes first, then ours
        office.convert("anders", theirs, 1, lambda pdf: pdf).result(timeout=120)
        made.append(office.convert("ons", ours, 1, lambda pdf: pdf.read_bytes()).result(timeout=120))
    with Office() as office:
        made.append(office.convert("ons", ours, 1, lambda pdf: pdf.read_bytes()).result(timeout=120))
    pages = []
    for pdf in made:
        with pikepdf.open(io.BytesIO(pdf)) as document:
            pages.append(document.pages[0].Contents.read_bytes())
    assert pages[0] == pages[1]


def test_a_soffice_started_for_the_build_does_not_test_its_graphics_first():
    """On a new profile LibreOffice's first start runs its graphics tests (0.65 s of CPU) unless the profile
    says the installed version ran before: the profile is new in every build, for each soffice."""
    require("soffice")
    version = installed_version(office_module._soffice())
    said = subprocess.run([office_module._soffice(), "--version"], capture_output=True, text=True, timeout=120)
    assert version is not None and said.stdout.startswith(f"LibreOffice {version}.")
    with Office() as office:
        office.convert("een", small_docx("een"), 1, lambda pdf: pdf).result(timeout=120)
        user = office.tmp / "profile-worker-0" / "user"
        assert (user / "registrymodifications.xcu").is_file()
        assert not (user / "GraphicsRenderTests.log").exists()


def test_a_recalculation_by_libreoffice_does_not_test_its_graphics_first(monkeypatch, tmp_path):
    """A workbook without cached values is recalculated by a soffice of its own, on a new profile too."""
    require("soffice")
    book = openpyxl.Workbook()
    book.active["A1"], book.active["A2"] = 2, "=A1*21"
    book.save(tmp_path / "som.xlsx")
    profiles = []
    real_run = Programs.run

    def run(self, command, *args, **kwargs):
        done = real_run(self, command, *args, **kwargs)
        [profile] = [Path(arg.split("file://", 1)[1]) for arg in command if arg.startswith("-env:UserInstallation=")]
        profiles.append(sorted(p.name for p in (profile / "user").iterdir()))
        return done

    monkeypatch.setattr(Programs, "run", run)
    assert recalculated_copy(tmp_path / "som.xlsx").active["A2"].value == 42
    assert len(profiles) == 1 and "registrymodifications.xcu" in profiles[0]
    assert "GraphicsRenderTests.log" not in profiles[0]


def test_the_libreoffice_folder_of_a_killed_build_goes_with_the_next_one(tmp_path, monkeypatch):
    """A build killed outright leaves LibreOffice's folder (its profiles, and a .docx and a PDF of every
    document, the confidential attachment's too); the next build's office removes those of a process that no
    longer runs, and leaves those of running ones (another build at the same time)."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    ended = subprocess.Popen(["true"])
    ended.wait()
    dead, alive = (tmp_path / f"{office_module.FOLDER}{pid}-abc" for pid in (ended.pid, 1))
    for folder in (dead, alive):
        (folder / "worker-0").mkdir(parents=True)
        (folder / "worker-0" / "bijlage-vertrouwelijk.docx").write_bytes(b"vertrouwelijk")
    office = Office()
    try:
        assert sorted(p.name for p in tmp_path.iterdir()) == sorted([alive.name, office.tmp.name])
        assert office.tmp.name.startswith(f"{office_module.FOLDER}{os.getpid()}-")
    finally:
        office.__exit__()
