"""The sample case carries a whole review round (tools/sample/round.py): the record of what was sent, four
returned copies, reactions by e-mail and letter (one late), all answered; the generator makes exactly the
committed files, and `make proposal` shows the whole loop."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.build import check_inputs
from pipeline.model.public import public_view

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "inputs"


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def sample():
    if not (SAMPLE / "verzonden").is_dir():
        pytest.skip("the sample has no review round")
    plan, warnings = check_inputs(SAMPLE)
    return plan, warnings


def test_the_generator_makes_exactly_the_committed_sample(tmp_path):
    """From the hand-written texts and settings, the generator writes every workbook, the record, the returned
    copies and reacties.xlsx: the same bytes as committed (so also the same bytes every run)."""
    out = tmp_path / "inputs"
    out.mkdir()
    shutil.copy2(SAMPLE / "voordracht.toml", out / "voordracht.toml")
    shutil.copytree(SAMPLE / "tekst", out / "tekst")
    subprocess.run([sys.executable, str(ROOT / "tools" / "make_sample.py"), "--out", str(out), "--quiet"],
                   check=True, capture_output=True, timeout=600)
    made, committed = _files(out), _files(SAMPLE)
    assert sorted(made) == sorted(committed)
    assert [rel for rel in made if made[rel] != committed[rel]] == []


def test_the_sample_round_has_every_kind_of_reaction_and_change(sample):
    plan, warnings = sample
    public = public_view(plan)
    round_ = public.review_round
    assert (round_.reactions, round_.organisations, round_.changed, round_.late) == (10, 6, 3, 1)
    assert {r.consequence for r in public.reactions} == {"plan aangepast", "niet aangepast", "vervolgagenda",
                                                         "ter kennisname"}
    assert {r.sender for r in public.reactions if r.organisation == "We Are Here"} == {"We Are Here"}  # no consent
    assert "Marieke van Dijk" in {r.sender for r in public.reactions}  # consent: named
    assert {r.chapter_id for r in public.reactions} >= {"algemeen", "doelgroep", "kwetsbare-groepen"}
    changes = public.changes
    assert [i.id for i in changes.items] == ["D1-036", "D2-009", "D2-047"]
    assert [c.id for c in changes.chapters] == ["doelgroep", "kwetsbare-groepen"]
    assert [c.name for c in changes.costs] == ["Zorg en GGZ-consulent"]
    assert [f.name for f in changes.funding] == ["Gemeentelijk budget"]
    assert [d.after_number for d in changes.decisions] == [2]
    assert [str(w) for w in warnings] == [
        "reacties.xlsx!Reacties!B11: waarschuwing: ontvangen op 3 december 2018, na de reactietermijn (tot en met "
        "30 november 2018); de reactie telt gewoon mee"]


def test_the_returned_copies_are_real_copies_with_comments_and_a_tracked_change():
    import zipfile
    copies = sorted((SAMPLE / "reacties").glob("*.docx"))
    assert len(copies) == 4
    parts = {p.name: zipfile.ZipFile(p).namelist() for p in copies}
    assert all("word/comments.xml" in names and "docProps/custom.xml" in names for names in parts.values())
    changed = [p.name for p in copies if b"<w:del " in zipfile.ZipFile(p).read("word/document.xml")]
    assert changed == ["Reactie VluchtelingenWerk op concept.docx"]
