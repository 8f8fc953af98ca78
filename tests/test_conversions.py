"""Pandoc's conversions started ahead (pipeline/documents/conversions.py, rendering/ahead.py): as soon as the
texts are read, one per template styles, used by the renders of both halves of the build, the same bytes as a
conversion inside the render; a build that fails or is interrupted after starting them leaves no pandoc and
no temporary folder behind."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

import pipeline.reading
from casebuilder import small_case, write_case
from pipeline.base import parallel
from pipeline.base.errors import InputProblems
from pipeline.base.parallel import Beside
from pipeline.base.problems import Problems
from pipeline.build import TEMPLATES, build
from pipeline.documents import conversions, markdown, pandoc, templates as rendering
from test_templates import _templates_changed

START_AHEAD = conversions.Conversions.start  # as collected: conftest.py leaves it out for the suite's builds
FORKS = parallel._can_fork  # the suite builds in one process (conftest.py); one test here forks as a build does


@pytest.fixture
def ahead(monkeypatch):
    """Conversions started ahead, as in a build run as a command; the conversions started and the pandoc runs
    that renders made themselves, recorded."""
    started, run = [], []
    monkeypatch.setattr(conversions.Conversions, "start", START_AHEAD)
    monkeypatch.setattr(rendering, "_prepared", {})  # no concept with its chapters kept from another build
    new = conversions._Conversion.__init__

    def recording(self, reference, texts, shift_headings):
        started.append((reference.name, len(texts), shift_headings))
        new(self, reference, texts, shift_headings)

    monkeypatch.setattr(conversions._Conversion, "__init__", recording)
    own = markdown.run_pandoc

    def counted(files, to, folder, extra=()):
        run.append(to)
        return own(files, to, folder, extra)

    monkeypatch.setattr(markdown, "run_pandoc", counted)
    return started, run


@pytest.fixture
def inputs(tmp_path) -> Path:
    return write_case(small_case(), tmp_path / "inputs")


def test_the_texts_are_converted_ahead_once_per_styles_and_every_render_uses_them(ahead, inputs, tmp_path,
                                                                                monkeypatch):
    """The concept and the college's plan have the same styles (their pages differ): one conversion of the
    chapters for both, one of the proposal's sections; no render runs pandoc itself; the same bytes."""
    started, run = ahead
    result = build(inputs, tmp_path / "ahead", pdf=False)
    assert started == [("concept.docx", 2, 0), ("voordracht.docx", 2, 1)]
    assert run == []
    monkeypatch.setattr(conversions.Conversions, "start", lambda self, *args: None)
    rendering._prepared.clear()
    assert build(inputs, tmp_path / "in-render", pdf=False).files == result.files
    assert run == ["docx", "docx", "docx"]  # without: the concept's, the plan's and the proposal's conversions


def test_templates_whose_styles_differ_share_no_conversion(ahead, inputs, tmp_path, monkeypatch):
    templates = _templates_changed(tmp_path, "uitvoeringsplan.docx", lambda xml: xml.replace(
        '<w:spacing w:before="0" w:after="40"/>', '<w:spacing w:before="0" w:after="80"/>', 1), "word/styles.xml")
    started, run = ahead
    result = build(inputs, tmp_path / "ahead", templates=templates, pdf=False)
    assert started == [("concept.docx", 2, 0), ("uitvoeringsplan.docx", 2, 0), ("voordracht.docx", 2, 1)]
    assert run == []
    monkeypatch.setattr(conversions.Conversions, "start", lambda self, *args: None)
    rendering._prepared.clear()
    assert build(inputs, tmp_path / "in-render", templates=templates, pdf=False).files == result.files


def test_the_review_set_converts_only_its_own_texts(ahead, inputs, tmp_path):
    from pipeline.model.audience import Audience
    started, run = ahead
    build(inputs, tmp_path / "review", audience=Audience.REVIEW, pdf=False)
    assert started == [("concept.docx", 2, 0)]
    assert run == []


def test_check_converts_nothing(ahead, inputs):
    started, run = ahead
    build(inputs, None, pdf=False)
    assert started == run == []


def test_a_conversion_that_failed_is_run_again_by_its_render(ahead, inputs, tmp_path, monkeypatch):
    """A pandoc started ahead that leaves no .docx (it failed, or was killed): the render runs pandoc itself,
    which says why when it fails too."""
    real = pandoc.pandoc_program()
    failing = tmp_path / "pandoc-failing-ahead"
    failing.write_text(f'#!/bin/sh\ncase "$PWD" in */{conversions.FOLDER}*) exit 3;; esac\nexec "{real}" "$@"\n')
    failing.chmod(0o755)
    monkeypatch.setattr(pandoc, "pandoc_program", lambda: str(failing))
    started, run = ahead
    result = build(inputs, tmp_path / "build", pdf=False)
    assert len(started) == 2 and run == ["docx", "docx", "docx"]
    monkeypatch.setattr(conversions.Conversions, "start", lambda self, *args: None)
    rendering._prepared.clear()
    assert build(inputs, tmp_path / "in-render", pdf=False).files == result.files


def _slow_pandoc(tmp_path: Path) -> Path:
    """A pandoc whose conversions to .docx take a minute (its other runs, the link check's, are pandoc's)."""
    real = pandoc.pandoc_program()
    slow = tmp_path / "pandoc-slow"
    slow.write_text(f'#!/bin/sh\ncase " $* " in *" --to=docx "*) exec sleep 60;; esac\nexec "{real}" "$@"\n')
    slow.chmod(0o755)
    return slow


def _running(program: Path) -> list[int]:
    """The processes started from `program` (the shell script, or the `sleep` it became) still alive."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
                environ = (entry / "environ").read_bytes()
            except OSError:
                continue
            if stat[stat.rindex(")") + 2] != "Z" and f"PLAN_A_SLOW={program}".encode() in environ:
                found.append(int(entry.name))
    return found


@pytest.mark.parametrize("how", ["problems", "ctrl-c"])
def test_a_build_that_leaves_after_starting_the_conversions_ends_them(ahead, inputs, tmp_path, monkeypatch, how):
    """The workbooks are read after the conversions started: a build that stops there (its inputs have
    problems, or Ctrl-C) ends the pandoc still converting and removes its folder, at once."""
    slow = _slow_pandoc(tmp_path)
    monkeypatch.setattr(pandoc, "pandoc_program", lambda: str(slow))
    monkeypatch.setenv("PLAN_A_SLOW", str(slow))  # marks the processes started from here
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    started, _ = ahead
    if how == "problems":
        (inputs / "begroting.xlsx").write_bytes(b"geen werkmap")
        expected = InputProblems
    else:
        def interrupted(*args, **kwargs):
            assert _running(slow), "the conversions run while the workbooks are read"
            raise KeyboardInterrupt
        monkeypatch.setattr(pipeline.reading, "read_harvest", interrupted)
        expected = KeyboardInterrupt
    with pytest.raises(expected):
        build(inputs, tmp_path / "build", pdf=False)
    assert len(started) == 2
    assert _running(slow) == []  # ended with the build, not after their minute
    assert list((tmp_path / "tmp").iterdir()) == []


def test_the_forked_half_waits_for_a_conversion_started_before_the_fork(ahead, monkeypatch):
    """The college's half of the build is forked after the conversions started: it is not pandoc's parent,
    yet it waits for the same conversion and gets the same .docx as this process."""
    monkeypatch.setattr(parallel, "_can_fork", FORKS)
    reference, texts = (TEMPLATES / "uitvoeringsplan.docx").resolve(), ["# Kop\n\nTekst met een [link](#kop).\n"]
    with conversions.Conversions() as started:
        started.start((TEMPLATES / "concept.docx").resolve(), texts, 0)
        child = Beside(lambda problems: (os.getpid(), conversions.converted(reference, texts, 0)))
        here = conversions.converted(reference, texts, 0)
        pid, there = child.result(Problems())
    assert pid != os.getpid()
    assert here is not None and there == here


def test_the_plan_as_sent_is_converted_ahead_for_the_tracked_changes(ahead, tmp_path, monkeypatch):
    """Once the concept was sent, the plan with tracked changes renders the plan as sent again: its chapters
    are converted before the college's half starts, so that the comparison (which ends last) starts at once."""
    from pipeline.documents import redline
    from round_case import recorded

    if not redline.available():
        pytest.skip("no tracked-changes engine on this platform")
    case = small_case()
    chapter = next(rel for rel in case if rel.startswith("tekst/plan/"))
    case[chapter] += "\nEen zin die na de verzending is toegevoegd.\n"
    inputs = write_case(recorded(case), tmp_path / "inputs")
    started, run = ahead
    result = build(inputs, tmp_path / "ahead", pdf=False)
    assert started == [("concept.docx", 2, 0), ("voordracht.docx", 2, 1), ("uitvoeringsplan.docx", 2, 0)]
    assert run == ["plain"]  # the changed paragraphs as plain text, for the nota: no conversion to .docx
    assert "college/uitvoeringsplan-wijzigingen.docx" in result.files
    monkeypatch.setattr(conversions.Conversions, "start", lambda self, *args: None)
    rendering._prepared.clear()
    assert build(inputs, tmp_path / "in-render", pdf=False).files == result.files


def test_a_conversion_started_ahead_gives_way_to_the_reading(ahead, tmp_path, monkeypatch):
    """It runs beside the link check, which the reading waits for: at a lower priority than the build's own."""
    slow = _slow_pandoc(tmp_path)
    monkeypatch.setattr(pandoc, "pandoc_program", lambda: str(slow))
    monkeypatch.setenv("PLAN_A_SLOW", str(slow))
    with conversions.Conversions() as started:
        started.start((TEMPLATES / "concept.docx").resolve(), ["# Kop\n"], 0)
        (pid,) = _running(slow)
        assert os.getpriority(os.PRIO_PROCESS, pid) == os.getpriority(os.PRIO_PROCESS, 0) + conversions.NICENESS
    assert _running(slow) == []


_FORK_HANDLERS_RUN: list[int] = []
os.register_at_fork(before=lambda: _FORK_HANDLERS_RUN.append(os.getpid()))  # for the test below; harmless after


def test_starting_a_conversion_runs_no_python_code_around_its_fork(ahead, tmp_path, monkeypatch):
    """The conversions start while the link check's thread runs: a Ctrl-C then is taken by that thread and
    raised in the main thread at its next line of Python, which must not be a fork handler (a traceback,
    'Exception ignored in _releaseLock', instead of the one Dutch line). pandoc is started as the conversions
    in the render start it, without Python code between the fork and the program."""
    slow = _slow_pandoc(tmp_path)
    monkeypatch.setattr(pandoc, "pandoc_program", lambda: str(slow))
    before = len(_FORK_HANDLERS_RUN)
    with conversions.Conversions() as started:
        started.start((TEMPLATES / "concept.docx").resolve(), ["# Kop\n"], 0)
    assert len(_FORK_HANDLERS_RUN) == before


def test_the_folders_of_a_killed_build_go_with_the_next_one(tmp_path, monkeypatch):
    """A build killed outright (SIGKILL) cannot remove its conversions' folders; the next build removes those
    of a process that no longer runs, and leaves those of running ones (another build at the same time)."""
    import subprocess

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    ended = subprocess.Popen(["true"])
    ended.wait()
    dead, alive, own = (tmp_path / f"{conversions.FOLDER}{pid}-abc" for pid in (ended.pid, 1, os.getpid()))
    for folder in (dead, alive, own):
        folder.mkdir()
        (folder / conversions.OUTPUT).write_bytes(b"half")
    other = tmp_path / "plana-md-abc"  # a folder of pandoc inside a render: not this module's
    other.mkdir()
    with conversions.Conversions():
        pass
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in (alive, own, other))


def _with_document_xml(source: Path, target: Path, change) -> Path:
    import zipfile
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            data = old.read(info.filename)
            new.writestr(info, change(data) if info.filename == "word/document.xml" else data)
    return target


def test_templates_share_a_conversion_only_with_the_same_page_width(tmp_path):
    """pandoc fits an image into the reference document's text width: a template with other margins gets its
    own conversion; one with other body text (which no converted text takes) shares it."""
    plan = TEMPLATES / "uitvoeringsplan.docx"
    margins = _with_document_xml(plan, tmp_path / "margins.docx",
                                 lambda xml: xml.replace(b'w:left="1417"', b'w:left="3000"'))
    text = _with_document_xml(plan, tmp_path / "text.docx",
                              lambda xml: xml.replace(b"<w:body>", b"<w:body><w:p><w:r><w:t>Anders</w:t></w:r></w:p>", 1))
    assert conversions._key(plan, ["# Een"], 0) == conversions._key(TEMPLATES / "concept.docx", ["# Een"], 0)
    assert conversions._key(margins, ["# Een"], 0) != conversions._key(plan, ["# Een"], 0)
    assert conversions._key(text, ["# Een"], 0) == conversions._key(plan, ["# Een"], 0)
