"""What one input may cost (issue 15): a workbook that would unpack to far more than any real one (a
decompression bomb) is refused before it is parsed, in one line that names the file, quickly and without
the memory; a cell longer than Excel holds is a problem at the cell; a text file is never read past its
cap. The caps are in pipeline/reading/packages.py and the guide's section "Grenzen"."""
from __future__ import annotations

import resource
import subprocess
import sys
import time
import tracemalloc
import zipfile
from pathlib import Path

import openpyxl
import pytest

from bad_inputs.craft import add_parts, one_cell_sheet, replace_part_streamed, rewrite_part, sheet_part
from casebuilder import changed
from pipeline.base.problems import Problems
from pipeline.reading.packages import DOCUMENT, MB, TEXT_BYTES, WORKBOOK, PackageLimits, package_refusal
from pipeline.reading.workbooks import Workbook

ROOT = Path(__file__).resolve().parents[1]
DAY1 = "oogst/dag-1.xlsx"
ADVICE_TAIL = ("Plan A leest het niet; open het in Excel, Word of LibreOffice en sla het opnieuw op, of vraag de "
               "maker om een gewoon bestand")


def bomb(folder: Path, characters: int) -> Path:
    """The harvest workbook of day 1 with its sheet replaced by one cell of `characters` letters."""
    path = folder / DAY1
    replace_part_streamed(path, sheet_part(path, "Oogst"), one_cell_sheet(characters))
    return path


def test_the_400_million_character_cell_of_the_issue_is_refused_at_once_in_one_line(case, write, check_messages):
    folder = write(case)
    path = bomb(folder, 400_000_000)
    assert path.stat().st_size < 1 * MB  # some 400 KB, as reported
    tracemalloc.start()
    start = time.process_time()
    problems = Problems()
    book = Workbook(path, DAY1, problems)
    spent = time.process_time() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert book.book is None
    assert [str(p) for p in problems.items] == [
        f"{DAY1}: kan het bestand niet lezen: het deel 'xl/worksheets/sheet1.xml' wordt uitgepakt 400 MB, meer "
        f"dan de 32 MB die Plan A per deel leest: {ADVICE_TAIL}"]
    assert spent < 0.2 and peak < 16 * MB  # only the zip's directory was read (old: 10 s, 1.3 GB)
    # the whole check: that one line for the workbook, nothing about empty cells around the cell
    lines = check_messages(folder)
    assert [line for line in lines if line.startswith("oogst/")] == [str(problems.items[0])]


def test_the_bomb_costs_the_real_command_neither_time_nor_memory(case, write):
    folder = write(case)
    bomb(folder, 400_000_000)
    # The peak of the child's own memory: Linux's VmHWM. Its ru_maxrss also counts the parent's memory at the
    # fork (kept across exec), which is a pytest worker's: some 300 MB after the round trip's tests.
    script = ("import resource, sys, time\n"
              "from pathlib import Path\n"
              "from pipeline.reading import read_inputs\n"
              "start = time.process_time()\n"
              "read_inputs(Path(sys.argv[1]))\n"
              "status = Path('/proc/self/status')\n"
              "peak = [int(line.split()[1]) for line in status.read_text().splitlines() if line.startswith('VmHWM:')]"
              " if status.exists() else [resource.getrusage(resource.RUSAGE_SELF).ru_maxrss]\n"
              "print(time.process_time() - start, peak[0])\n")
    done = subprocess.run([sys.executable, "-c", script, str(folder)], capture_output=True, text=True,
                          cwd=ROOT, timeout=120)
    seconds, peak_kb = done.stdout.split()
    assert float(seconds) < 1.0  # the whole reading, pandoc's link check included
    assert int(peak_kb) < 250_000  # the interpreter with openpyxl and the small case: some 120 MB


def test_a_part_that_packs_more_than_100_times_is_refused(case, write, check_messages):
    path = bomb(write(case), 5_000_000)  # 5 MB, under the cap per part, from some 5 KB
    problems = Problems()
    Workbook(path, DAY1, problems)
    info = zipfile.ZipFile(path).getinfo("xl/worksheets/sheet1.xml")
    ratio = f"{info.file_size // info.compress_size:,}".replace(",", ".")
    packed = f"{round(info.compress_size / 1000)} kB"
    assert [str(p) for p in problems.items] == [
        f"{DAY1}: kan het bestand niet lezen: het deel 'xl/worksheets/sheet1.xml' wordt uitgepakt 5 MB uit {packed} "
        f"({ratio} keer zo groot), zo ver laat een echte werkmap zich niet inpakken: {ADVICE_TAIL}"]


def test_a_workbook_of_very_many_parts_is_refused(case, write):
    folder = write(case)
    add_parts(folder / DAY1, WORKBOOK.parts)
    problems = Problems()
    Workbook(folder / DAY1, DAY1, problems)
    count = len(zipfile.ZipFile(folder / DAY1).infolist())
    assert [str(p) for p in problems.items] == [
        f"{DAY1}: kan het bestand niet lezen: het bestand bestaat uit {count:_} delen, meer dan de 2.000 van een "
        f"echte werkmap: {ADVICE_TAIL}".replace("_", ".")]


def test_a_file_larger_than_any_workbook_is_refused_unread(case, write):
    folder = write(case)
    with open(folder / DAY1, "r+b") as handle:
        handle.truncate(40 * MB)  # sparse: nothing is written, the size is what counts
    problems = Problems()
    Workbook(folder / DAY1, DAY1, problems)
    assert [str(p) for p in problems.items] == [
        f"{DAY1}: kan het bestand niet lezen: het bestand is 40 MB groot; Plan A leest een werkmap tot 32 MB: "
        f"{ADVICE_TAIL}"]


def test_the_total_unpacked_is_capped_too(tmp_path):
    path = tmp_path / "x.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for n in range(3):
            z.writestr(f"part{n}.xml", bytes(range(256)) * 4000)  # 1 MB each, packs some 250 times
    small = PackageLimits("werkmap", "een echte werkmap", file=1 * MB, part=2 * MB, total=2_500_000, ratio=1000, parts=10)
    assert package_refusal(path, small) == (
        f"het bestand wordt uitgepakt 3,1 MB, meer dan de 2,5 MB die Plan A per bestand leest: {ADVICE_TAIL}")
    assert package_refusal(path, PackageLimits("werkmap", "een echte werkmap", 1 * MB, 2 * MB, 4 * MB, 1000, 10)) is None


def test_a_real_workbook_of_the_largest_size_passes_with_room(tmp_path):
    """10,000 items in one harvest workbook (a real one has some 700 a day): well under every cap."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["ID", "Dag", "Thema", "Inbreng", "Ingebracht door", "Toelichting"])
    for n in range(10_000):
        sheet.append([f"D1-{n:05d}", 1, f"Thema {n % 14}", f"Inbreng nummer {n} over opvang en begeleiding " * 3,
                      f"Organisatie {n % 300}", "Een toelichting van enige lengte." * 2])
    book.save(tmp_path / "groot.xlsx")
    assert package_refusal(tmp_path / "groot.xlsx", WORKBOOK) is None
    largest = max(zipfile.ZipFile(tmp_path / "groot.xlsx").infolist(), key=lambda i: i.file_size)
    assert largest.file_size * 2 < WORKBOOK.part


def test_a_returned_document_bomb_is_refused_with_the_same_check(tmp_path):
    path = tmp_path / "terug.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", b"<Types/>")
        with z.open("word/document.xml", "w", force_zip64=True) as handle:
            for _ in range(200):
                handle.write(b"<w:t>" + b"a" * 1_000_000 + b"</w:t>")
    assert package_refusal(path, DOCUMENT).startswith(
        "het deel 'word/document.xml' wordt uitgepakt 200 MB, meer dan de 25 MB die Plan A per deel leest")


# --- a cell longer than Excel holds ------------------------------------------------------------------------

@pytest.mark.parametrize("characters", [32_768, 40_000])
def test_a_cell_over_32767_characters_is_a_problem_at_that_cell(characters, case, write, check_messages):
    """openpyxl cuts a longer text when it writes one, so the file is made as another program could."""
    folder = write(changed(case, DAY1, "Oogst", 2, "Inbreng", "LANG"))
    path = folder / DAY1
    rewrite_part(path, sheet_part(path, "Oogst"), lambda xml: xml.replace(b">LANG<", b">" + b"x" * characters + b"<"))
    shown = f"{characters:,}".replace(",", ".")
    assert check_messages(folder) == [
        f"{DAY1}!Oogst!E2: de cel bevat {shown} tekens, meer dan de 32.767 die Excel in één cel toelaat; het bestand "
        "is niet met Excel gemaakt of beschadigd: kort de tekst in"]


def test_a_cell_of_exactly_32767_characters_is_read(case, passes, plan_of):
    text = "y" * 32_767
    changed_case = changed(case, DAY1, "Oogst", 2, "Inbreng", text)
    assert passes(changed_case) == []
    assert any(item.text == text for item in plan_of(changed_case).harvest)


# --- text files are never read past their cap ----------------------------------------------------------

@pytest.mark.parametrize("rel", ["tekst/plan/01-aanleiding.md", "tekst/voordracht/achtergrond.md", "voordracht.toml"])
def test_a_500_mb_text_file_is_refused_unread(rel, case, write, check_messages):
    folder = write(case)
    path = next(folder.glob(rel.replace("01-aanleiding", "01-*")))
    with open(path, "r+b") as handle:
        handle.truncate(500 * MB)  # sparse: reading it whole would take half a gigabyte
    start = time.process_time()
    lines = check_messages(folder)
    assert time.process_time() - start < 5
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss < 450_000
    rel = path.relative_to(folder).as_posix()
    assert f"{rel}: het bestand is groter dan 1 MB, meer dan een tekst voor een voordracht of plan ooit is, en " \
           "wordt niet gelezen; is het het goede bestand? Verdeel een lange tekst over meer hoofdstukken" in lines


def test_a_text_of_exactly_the_cap_is_read(case, write, plan_of):
    folder = write(case)
    path = next((folder / "tekst" / "plan").glob("*.md"))
    head = path.read_text(encoding="utf-8")
    path.write_text(head + "\n" + "a" * (TEXT_BYTES - len(head.encode("utf-8")) - 1), encoding="utf-8")
    assert path.stat().st_size == TEXT_BYTES
    assert len(plan_of(folder).chapters[0].body.markdown) > 900_000
