"""The build's forked half (pipeline/base/parallel.py) and the organisation copies' shared pieces
(pipeline/rendering/copies.py, pipeline/documents/packing.py): faster, and the same results as the plain way."""
from __future__ import annotations

import io
import os
import zipfile
import zlib

import dataclasses

import pytest

from casebuilder import small_case, write_case
from pipeline.build import TEMPLATES
from pipeline.checking import check
from pipeline.checking.leaks import LeakGuard
from pipeline.model.audience import Audience
from pipeline.model.public import public_view
from pipeline.reading import read_inputs
from pipeline.rendering import review
from pipeline.documents import packing
from pipeline.rendering import copies
from pipeline.build import build
from pipeline.base.parallel import Beside
from pipeline.base.problems import Problems
from pipeline.model.public import PublicItem
from pipeline.base import parallel

FORKS = parallel._can_fork  # the suite builds in one process (conftest.py); these tests fork as a build does


@pytest.fixture(autouse=True)
def _forking(monkeypatch):
    monkeypatch.setattr(parallel, "_can_fork", FORKS)


def test_the_forked_half_gives_the_same_files_and_warnings_as_one_process(tmp_path, monkeypatch):
    inputs = write_case(small_case(), tmp_path / "inputs")
    forked = build(inputs, tmp_path / "forked", pdf=False)
    monkeypatch.setenv("PLAN_A_SERIAL", "1")
    serial = build(inputs, tmp_path / "serial", pdf=False)
    assert forked.files == serial.files
    assert forked.warnings == serial.warnings


@pytest.mark.parametrize("serial", [False, True])
def test_a_failure_in_the_forked_half_is_raised_by_the_build(monkeypatch, serial):
    if serial:
        monkeypatch.setenv("PLAN_A_SERIAL", "1")

    def broken(problems):
        raise ValueError("kapot")

    with pytest.raises(ValueError, match="kapot"):
        Beside(broken).result(Problems())


def test_problems_of_the_forked_half_follow_those_found_here():
    problems = Problems()
    problems.warn("hier", "eerst")

    def work(found):
        found.warn("daar", "daarna")
        return os.getpid()

    pid = Beside(work).result(problems)
    assert [p.location for p in problems.items] == ["hier", "daar"]
    assert pid != os.getpid() or os.environ.get("PLAN_A_SERIAL") == "1"


@pytest.fixture(params=[False, True], ids=["forked", "serial"])
def serial(request, monkeypatch) -> bool:
    """Beside forked, and in one process (PLAN_A_SERIAL=1)."""
    if request.param:
        monkeypatch.setenv("PLAN_A_SERIAL", "1")
    return request.param


def test_what_the_forked_half_sends_early_reaches_the_parent_before_its_result(serial):
    """The college's documents go to LibreOffice while the forked half still waits for the tracked changes."""
    got: list = []

    def work(found, send):
        send({"college/voordracht.docx": b"x" * 200_000})  # more than a pipe holds
        send(os.getpid())
        return len(got) if serial else "done"  # in one process, `early` has run before the work ends

    result = Beside(work, early=got.append).result(Problems())
    assert got[0] == {"college/voordracht.docx": b"x" * 200_000}
    assert (got[1] != os.getpid()) != serial
    assert result == (2 if serial else "done")


def test_a_failure_after_an_early_send_is_raised_by_the_build(serial):
    got: list = []

    def broken(found, send):
        send("vooruit")
        raise ValueError("kapot")

    with pytest.raises(ValueError, match="kapot"):
        Beside(broken, early=got.append).result(Problems())
    assert got == ["vooruit"]


def test_shifting_a_crc_joins_the_crcs_of_two_pieces():
    for a, b in [(b"", b"x"), (b"abc", b""), (os.urandom(1000), os.urandom(70_000))]:
        assert packing.crc_shift(zlib.crc32(a), len(b)) ^ zlib.crc32(b) == zlib.crc32(a + b)


def test_a_copy_is_a_valid_zip_with_every_marker_filled():
    token = copies.new_token()
    xml = (f'<w:tbl><w:tr><w:tc><w:t>{token}[organisatie.items[].id]</w:t></w:tc>'
           f'<w:tc><w:t>{token}[organisatie.items[].text]</w:t></w:tc></w:tr></w:tbl>'
           f'<w:p><w:t>{token}[organisatie.name] &amp; {token}[organisatie.name]</w:t></w:p>')
    parts = {"[Content_Types].xml": b"<Types/>", "word/document.xml": xml.encode(), "docProps/core.xml": b"x"}
    item = PublicItem(id="D1-01", day=1, session=None, theme="Opvang", text="Kleine locaties <en> rust",
                      organisation="Stichting A&B", kind="idee", support="consensus", within_frames=True,
                      outcome="overgenomen", chapter_id="opvang", merged_with=None, explanation=None,
                      where="overgenomen in hoofdstuk 1 Opvang")
    org = copies.OrganisationCopy("Stichting A&B", 2, "intro", (item, item))
    data = copies.SharedParts(parts, token).fill(org, b"<core/>")
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert z.testzip() is None
        document = z.read("word/document.xml").decode()
        assert z.read("docProps/core.xml") == b"<core/>"
    assert token not in document
    assert document.count("<w:tr>") == 2
    assert "Stichting A&amp;B &amp; Stichting A&amp;B" in document
    assert "Kleine locaties &lt;en&gt; rust" in document


# --- the leak guard searches a copy as what it shares and what it holds of its own (issue 15) -------------

def _paragraphs(xml: bytes) -> list[bytes]:
    return xml.split(b"</w:p>")


@pytest.mark.parametrize("xml", [
    # a field first in the part, two in one paragraph, a table of items, text after it
    "{t}[organisatie.name]<w:p><w:t>Exemplaar voor {t}[organisatie.name] ({t}[organisatie.participants])</w:t></w:p>"
    "<w:p><w:t>vast</w:t></w:p><w:tbl><w:tr><w:tc><w:p><w:t>{t}[organisatie.items[].id]</w:t></w:p></w:tc></w:tr>"
    "</w:tbl><w:p><w:t>erna</w:t></w:p><w:p><w:t>{t}[organisatie.intro]</w:t></w:p><w:p>slot</w:p>",
    # a field in the last paragraph, without a paragraph end after it
    "<w:p><w:t>begin</w:t></w:p><w:p><w:t>{t}[organisatie.intro]</w:t>",
])
def test_every_paragraph_of_a_copy_is_shared_or_its_own(xml):
    token = copies.new_token()
    parts = {"word/document.xml": xml.format(t=token).encode(), "docProps/core.xml": b"x"}
    item = PublicItem(id="D1-01", day=1, session=None, theme="Opvang", text="tekst", organisation="Stichting A",
                      kind="idee", support="consensus", within_frames=True, outcome="overgenomen",
                      chapter_id="opvang", merged_with=None, explanation=None, where="hoofdstuk 1")
    org = copies.OrganisationCopy("Stichting A", 2, "Een inleiding", (item,))
    shared = copies.SharedParts(parts, token)
    with zipfile.ZipFile(io.BytesIO(shared.fill(org, b"<core/>"))) as z:
        copy = z.read("word/document.xml")
    own = shared.own(org, b"<core/>")
    assert own["docProps/core.xml"] == b"<core/>"
    own_paragraphs = set(_paragraphs(own["word/document.xml"]))
    shared_paragraphs = {p for p in _paragraphs(shared.shared["word/document.xml"]) if token.encode() not in p}
    for paragraph in _paragraphs(copy):
        assert paragraph in own_paragraphs or paragraph in shared_paragraphs, paragraph
    assert b"Een inleiding" in own["word/document.xml"]


def test_the_guard_finds_the_same_in_the_copies_with_and_without_unpacking_them(tmp_path, monkeypatch):
    """An e-mail address routed into each copy's name and introduction (its own text): the guard's search
    from the shared and own parts reports exactly what unpacking every copy reports (a value in the shared
    part: test_leaks.py, "everyone named")."""
    plan, _ = check(read_inputs(write_case(small_case(), tmp_path / "inputs")), Audience.ALL)
    email = next(p.email for p in plan.participants if p.email)
    real = review.organisation_copy
    monkeypatch.setattr(review, "organisation_copy", lambda org: dataclasses.replace(
        real(org), name=f"{org.name} ({email})", intro=f"Mail ons: {email}."))
    result = review.render_review(public_view(plan), TEMPLATES, Problems())
    assert result.copies is not None and len(result.copies.own) >= 2
    _found_both_ways(plan, result)


def test_the_guard_searches_each_copy_s_own_custom_properties_too(tmp_path, monkeypatch):
    """Each copy says whose it is in its own docProps/custom.xml (the review round trip): a part of its own,
    searched per copy as unpacking it would, never taken from the concept's placeholder."""
    from pipeline.rendering.plan_json import identity

    plan, _ = check(read_inputs(write_case(small_case(), tmp_path / "inputs")), Audience.ALL)
    email = next(p.email for p in plan.participants if p.email)
    real = review.copy_properties
    monkeypatch.setattr(review, "copy_properties", lambda found, slug=None, organisation=None: real(
        found, slug, organisation and f"{organisation} ({email})"))
    result = review.render_review(public_view(plan), TEMPLATES, Problems(), identity=identity(plan))
    assert result.copies is not None and len(result.copies.own) >= 2
    assert all("docProps/custom.xml" in own for own in result.copies.own.values())
    assert result.copies.shared["docProps/custom.xml"] == b""
    structured = _found_both_ways(plan, result)
    assert all("(docProps/custom.xml)" in p.message for p in structured)


# --- many days' harvest workbooks: the later half read beside (issue 15) -----------------------------------

def test_the_harvest_read_in_two_processes_gives_the_same_items_and_problems_in_order(tmp_path, monkeypatch):
    """A problem in each day's workbook, and unreadable rows: read in one process or with the later half
    beside it, the same items, the same IDs of unread rows, the same messages in the same order."""
    from casebuilder import changed
    from pipeline.reading import harvest

    case = changed(small_case(), "oogst/dag-1.xlsx", "Oogst", 2, "Soort", "ideeën")
    case = changed(case, "oogst/dag-2.xlsx", "Oogst", 2, "Draagvlak", "groot")
    case = changed(case, "oogst/dag-2.xlsx", "Oogst", 3, "Dag", "twee")
    inputs = write_case(case, tmp_path / "inputs")
    results = {}
    for name, threshold in (("one", 10**12), ("two", 0)):
        monkeypatch.setattr(harvest, "BESIDE_FROM_BYTES", threshold)
        problems = Problems()
        items, unread = harvest.read_harvest(inputs, problems)
        results[name] = (items, unread, [str(p) for p in problems.items])
    assert results["one"] == results["two"]
    assert len(results["one"][2]) >= 3 and results["one"][2][0].startswith("oogst/dag-1.xlsx")


def _found_both_ways(plan, result) -> list:
    """What the guard finds searching the copies' shared parts once and their own parts each, asserted equal
    to what it finds unpacking every copy whole, and found in every copy."""
    guard = LeakGuard(plan)
    structured, unpacked = Problems(), Problems()
    guard.check_documents(result.files, structured, result.copies)
    guard.check_documents(result.files, unpacked)
    assert [str(p) for p in structured.items] == [str(p) for p in unpacked.items]
    assert {p.location for p in structured.items} == set(result.copies.own)
    return structured.items


def test_a_message_cut_short_reads_as_no_message():
    """A child killed while it writes (the OOM killer): the build says the forked part ended without a
    result, not that a pickle was truncated."""
    import io
    import pickle
    data = pickle.dumps(("done", "x" * 1000, []))
    assert parallel._read(io.BytesIO(len(data).to_bytes(8, "little") + data)) == ("done", "x" * 1000, [])
    assert parallel._read(io.BytesIO(len(data).to_bytes(8, "little") + data[:100])) is None
