"""Golden files: the text of every output, extracted, compared with the committed text in tests/golden/.

For each case (the small test case, the small case after a review round, and the sample in inputs/) the
build's outputs are read back: a .docx through pandoc (plain text, lines unwrapped) plus its headers,
footers and core properties, or, when it holds tracked changes, each changed paragraph with its deletions
as `[-text-]` and insertions as `{+text+}`;
the .xlsx as rows of cell text; plan.json and rapport.txt as they are. An organisation's copy is stored
as a unified diff against the concept, which it repeats: the diff is what the copy adds.

After an intended change, `make golden` (PLAN_A_REFRESH_GOLDEN=1) rewrites the files; review the
change with `git diff tests/golden` before committing it.
"""
from __future__ import annotations

import difflib
import os
from pathlib import Path

import pytest

from casebuilder import small_case, write_case
from clients import require
from round_case import answered_round
from docx_text import document_text
from pipeline.build import build

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).resolve().parent / "golden"
SAMPLE = ROOT / "inputs"
CONCEPT = "review/concept-uitvoeringsplan.docx"
REFRESH = os.environ.get("PLAN_A_REFRESH_GOLDEN", "").strip() not in ("", "0")
MAX_DIFF_LINES = 120  # per file, in a failure message


def _copy_diff(concept: str, copy: str, name: str) -> str:
    lines = difflib.unified_diff(concept.splitlines(), copy.splitlines(), fromfile=CONCEPT, tofile=name,
                                 lineterm="", n=1)
    return "\n".join(lines) + "\n"


def golden_texts(out: Path) -> dict[str, str]:
    """Golden file name (relative to the case's folder) -> text, for every output but the PDFs."""
    texts = {}
    files = sorted(p for p in out.rglob("*") if p.is_file() and p.suffix != ".pdf")
    concept = document_text(out / CONCEPT) if (out / CONCEPT).exists() else ""
    for path in files:
        rel = path.relative_to(out).as_posix()
        if rel.startswith("review/organisaties/"):
            texts[rel + ".diff"] = _copy_diff(concept, document_text(path), rel)
        else:
            texts[rel + ".txt"] = document_text(path)
    return texts


def _build_small(folder: Path) -> Path:
    build(write_case(small_case(), folder / "inputs"), folder / "build", pdf=False)
    return folder / "build"


def _build_sample(folder: Path) -> Path:
    if not (SAMPLE / "oogst").is_dir():
        pytest.skip("the sample inputs (inputs/oogst) are not there")
    build(SAMPLE, folder / "build", pdf=False)
    return folder / "build"


ROUND_OUTPUTS = ("college/voordracht.docx", "college/nota-van-beantwoording.docx",
                 "college/uitvoeringsplan-wijzigingen.docx")


def _build_round(folder: Path) -> Path:
    """The small case after a review round (tests/round_case.py) and the college's decision; only what the round
    adds or changes is kept: the nota, the plan with tracked changes, the proposal and the feedback."""
    inputs = answered_round(folder)
    toml = inputs / "voordracht.toml"
    decided = toml.read_text(encoding="utf-8").replace('agendapunt = "7"', 'agendapunt = "7"\nbesloten = 2021-03-02')
    toml.write_text(decided, encoding="utf-8")
    build(inputs, folder / "build", pdf=False)
    for path in [p for p in (folder / "build").rglob("*") if p.is_file()]:
        rel = path.relative_to(folder / "build").as_posix()
        if rel not in ROUND_OUTPUTS and not rel.startswith(("terugkoppeling/", "intern/verzending/terugkoppeling/")):
            path.unlink()
    return folder / "build"


CASES = {"small": _build_small, "round": _build_round, "sample": _build_sample}


def _stored(folder: Path) -> dict[str, str]:
    if not folder.is_dir():
        return {}
    return {p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _refresh(folder: Path, texts: dict[str, str]) -> None:
    for rel in set(_stored(folder)) - set(texts):
        (folder / rel).unlink()
    for rel, text in texts.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        with open(folder / rel, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    for empty in sorted((p for p in folder.rglob("*") if p.is_dir()), reverse=True):
        if not any(empty.iterdir()):
            empty.rmdir()


def _differences(case: str, stored: dict[str, str], texts: dict[str, str]) -> list[str]:
    report = []
    for rel in sorted(set(stored) - set(texts)):
        report.append(f"tests/golden/{case}/{rel}: the build no longer makes this output")
    for rel in sorted(set(texts) - set(stored)):
        report.append(f"tests/golden/{case}/{rel}: a new output without a golden file")
    for rel in sorted(set(stored) & set(texts)):
        if stored[rel] != texts[rel]:
            diff = list(difflib.unified_diff(stored[rel].splitlines(), texts[rel].splitlines(),
                                             fromfile=f"tests/golden/{case}/{rel}", tofile=f"built {rel}",
                                             lineterm="", n=2))
            if len(diff) > MAX_DIFF_LINES:
                diff = diff[:MAX_DIFF_LINES] + [f"... ({len(diff) - MAX_DIFF_LINES} more lines of diff)"]
            report.append("\n".join(diff))
    return report


@pytest.mark.parametrize("case", sorted(CASES))
def test_the_text_of_every_output_matches_its_golden_file(case, tmp_path):
    require("pandoc")
    texts = golden_texts(CASES[case](tmp_path))
    folder = GOLDEN / case
    if REFRESH:
        _refresh(folder, texts)
        return
    differences = _differences(case, _stored(folder), texts)
    assert not differences, (
        f"the outputs of the {case} case differ from tests/golden/{case}; if the change is intended, run "
        "`make golden` and review `git diff tests/golden`:\n\n" + "\n\n".join(differences))


def test_a_copy_golden_holds_only_what_the_copy_adds():
    """The stored diff of a copy starts at the cover and holds its own section, not the whole concept."""
    stored = _stored(GOLDEN / "small")
    diff = stored.get("review/organisaties/stichting-zuid.docx.diff")
    if diff is None:
        pytest.skip("no golden files yet: run `make golden`")
    added = [line[1:] for line in diff.splitlines() if line.startswith("+") and not line.startswith("+++")]
    assert "Exemplaar voor Stichting Zuid" in added
    assert "Uw inbreng" in added
    assert len(added) < 40
