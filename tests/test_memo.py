"""The test run's memo (tests/memo.py): a result is reused only for the very same bytes, and a tool put in
place by a test is run."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import memo


@pytest.fixture(autouse=True)
def _own_memo(monkeypatch):
    """Each test counts the tool's runs from an empty memo, apart from the run's."""
    monkeypatch.setattr(memo, "_kept", {})
    monkeypatch.setattr(memo, "_folder", lambda: None)


def test_a_reading_is_done_again_for_other_bytes_only(tmp_path):
    path, reads = tmp_path / "a.docx", []

    def read() -> str:
        reads.append(path.read_bytes())
        return path.read_text()

    path.write_text("een")
    assert memo.remembered("test-reading", path, read) == "een"
    assert memo.remembered("test-reading", path, read) == "een"
    path.write_text("twee")
    assert memo.remembered("test-reading", path, read) == "twee"
    assert reads == [b"een", b"twee"]


def _pandoc_in(folder: Path, text: str, runs: list, warnings: list[str]):
    """A stand-in for run_pandoc, its Markdown file and its arguments, in `folder`."""
    folder.mkdir()
    (folder / "in.md").write_text(text)
    (folder / "ref.docx").write_bytes(b"reference")

    def run_pandoc(files, to, where, extra=()):
        runs.append(where)
        Path(where, "out.docx").write_bytes(b"converted " + Path(where, files[0]).read_bytes())
        return b"", list(warnings)
    return run_pandoc, [Path("in.md")], ["--reference-doc=ref.docx", "--output=out.docx"]


def test_a_conversion_is_kept_by_what_pandoc_reads_and_its_file_written_again(tmp_path):
    runs: list = []
    first, files, extra = _pandoc_in(tmp_path / "a", "# Kop", runs, [])
    remembered = memo.pandoc_remembered(first)
    assert remembered(files, "docx", tmp_path / "a", extra) == (b"", [])
    _pandoc_in(tmp_path / "b", "# Kop", runs, [])  # the same text and reference, in another folder
    assert remembered(files, "docx", tmp_path / "b", extra) == (b"", [])
    assert (tmp_path / "b" / "out.docx").read_bytes() == b"converted # Kop"
    (tmp_path / "b" / "ref.docx").write_bytes(b"another reference")
    remembered(files, "docx", tmp_path / "b", extra)
    assert runs == [tmp_path / "a", tmp_path / "b"]  # the same texts, another template: converted again


def test_a_conversion_with_warnings_is_not_kept(tmp_path):
    runs: list = []
    run, files, extra = _pandoc_in(tmp_path / "a", "![foto](/ergens)", runs, ["kon /ergens niet ophalen"])
    remembered = memo.pandoc_remembered(run)
    for _ in range(2):
        assert remembered(files, "docx", tmp_path / "a", extra) == (b"", ["kon /ergens niet ophalen"])
    assert len(runs) == 2


def test_a_comparison_is_kept_unless_a_test_put_another_engine_in_place():
    engines, calls = {"now": "the engine"}, []

    def compare(before, after, *, author, date, programs=None):
        calls.append(engines["now"])
        return before + after

    remembered = memo.compare_remembered(compare, lambda: engines["now"])
    for _ in range(2):
        assert remembered(b"voor", b"na", author="Team", date=dt.date(2021, 3, 2)) == b"voorna"
    remembered(b"voor", b"na", author="Ander team", date=dt.date(2021, 3, 2))
    engines["now"] = "a slow engine"
    remembered(b"voor", b"na", author="Team", date=dt.date(2021, 3, 2))
    assert calls == ["the engine", "the engine", "a slow engine"]
