"""The build's forked half (pipeline/base/parallel.py) and the organisation copies' shared pieces
(pipeline/rendering/copies.py, pipeline/documents/packing.py): faster, and the same results as the plain way."""
from __future__ import annotations

import io
import os
import zipfile
import zlib

import pytest

from casebuilder import small_case, write_case
from pipeline.documents import packing
from pipeline.rendering import copies
from pipeline.build import build
from pipeline.base.parallel import Beside
from pipeline.base.problems import Problems
from pipeline.model.public import PublicItem


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
