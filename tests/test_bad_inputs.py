"""The bad-input corpus: hostile files and conditions, through `python -m pipeline build --no-pdf`.

Each test is named for what it breaks. A refused input set must give exit 2, every problem as one
`LOCATION: message` line an adviser understands (asserted exactly), no traceback, and must leave the
earlier complete build untouched (a good build is made first; its bytes and times are compared after).
Input sets the contract accepts (spaces around values, lock files, a header far down, chart sheets,
images, ten thousand formatted rows) must build with exit 0.

Hidden rows and sheets are read with a warning; here each is combined with one real problem, so the
warning is asserted beside the problem on a refused build (exit 2), and the build stays untouched.

The rule tests (tests/test_rules_*.py) break every input rule once against the check; this corpus is
about the files themselves and the conditions around them. The sample: casebuilder.small_case().
"""
from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import shutil
import time
import warnings
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest
from lxml import etree

from bad_inputs.craft import ENCRYPTED, OLD_XLS, as_excel_saves, excel_escaped, rewrite_part, sheet_part
from casebuilder import changed, small_case, write_case
from clients import require
from pipeline.__main__ import main

DAY1, DAY2 = "oogst/dag-1.xlsx", "oogst/dag-2.xlsx"
BUDGET, ADVICE, PARTICIPANTS = "begroting.xlsx", "adviezen.xlsx", "deelnemers.xlsx"
NOTHING_WRITTEN = "er is niets geschreven."
DAMAGED = ("kan het bestand niet lezen: het is beschadigd of geen Excel-werkmap; open het in Excel of "
           "LibreOffice en sla het opnieuw op als Excel-werkmap (.xlsx)")


def tree(folder: Path) -> dict[str, tuple[str, int]]:
    """Every file under `folder`: relative path -> (sha256, mtime in ns)."""
    return {str(p.relative_to(folder)): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def good_build(tmp_path_factory) -> Path:
    """A complete build of the sample, made once; each test gets a copy as its earlier build/."""
    root = tmp_path_factory.mktemp("good")
    inputs = write_case(small_case(), root / "inputs")
    out = root / "build"
    assert main(["build", "--no-pdf", "--inputs", str(inputs), "--out", str(out)]) == 0
    return out


@pytest.fixture
def earlier(good_build, tmp_path) -> Path:
    """This test's build/: a copy of the good build (times kept), where the hostile build goes."""
    out = tmp_path / "out" / "build"
    shutil.copytree(good_build, out)
    return out


@pytest.fixture
def refused(earlier, capsys):
    """`refused(inputs)`: builds them through main(); asserts exit 2, no traceback, nothing on stdout,
    the earlier build/ untouched and no staging folder left; returns the lines on stderr."""
    def _refused(inputs: Path) -> list[str]:
        before = tree(earlier)
        status = main(["build", "--no-pdf", "--inputs", str(inputs), "--out", str(earlier)])
        captured = capsys.readouterr()
        assert "Traceback" not in captured.err
        assert status == 2, captured.err
        assert captured.out == ""
        assert tree(earlier) == before
        assert sorted(p.name for p in earlier.parent.iterdir()) == ["build"]
        return captured.err.splitlines()
    return _refused


@pytest.fixture
def accepted(earlier, capsys):
    """`accepted(inputs)`: builds them through main(); asserts exit 0 and no traceback; returns the lines
    on stderr (the warnings). The new build is in the `earlier` folder then."""
    def _accepted(inputs: Path) -> list[str]:
        status = main(["build", "--no-pdf", "--inputs", str(inputs), "--out", str(earlier)])
        captured = capsys.readouterr()
        assert "Traceback" not in captured.err
        assert status == 0, captured.err
        assert "geschreven: " in captured.out
        for path in sorted(earlier.rglob("*.docx")):
            assert_valid_docx(path.read_bytes())
        return captured.err.splitlines()
    return _accepted


def assert_valid_docx(data: bytes) -> None:
    """Opens with python-docx, and every XML part parses."""
    docx.Document(io.BytesIO(data))
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            if name.endswith((".xml", ".rels")):
                etree.fromstring(z.read(name))


def one(line: str) -> list[str]:
    return [line, f"1 probleem in de invoer; {NOTHING_WRITTEN}"]


def lines(*problems: str, count: int | None = None) -> list[str]:
    n = count if count is not None else sum("waarschuwing: " not in p for p in problems)
    return [*problems, f"{n} {'probleem' if n == 1 else 'problemen'} in de invoer; {NOTHING_WRITTEN}"]


def plan_json(build: Path) -> dict:
    return json.loads((build / "intern" / "plan.json").read_text(encoding="utf-8"))


def edit_workbook(path: Path, change) -> None:
    book = openpyxl.load_workbook(path)
    change(book)
    book.save(path)


# --- a workbook that is no workbook --------------------------------------------------------------

def test_corrupt_workbook_cut_short(case, write, refused):
    inputs = write(case)
    data = (inputs / DAY1).read_bytes()
    (inputs / DAY1).write_bytes(data[: len(data) * 2 // 3])  # a copy that broke off
    assert refused(inputs) == one(f"{DAY1}: {DAMAGED}")


def test_empty_workbook_of_zero_bytes(case, write, refused):
    inputs = write(case)
    (inputs / PARTICIPANTS).write_bytes(b"")
    assert refused(inputs) == one(f"{PARTICIPANTS}: kan het bestand niet lezen: het is leeg; sla het op als "
                                  "Excel-werkmap (.xlsx)")


def test_password_protected_workbook(case, write, refused):
    inputs = write(case)
    shutil.copyfile(ENCRYPTED, inputs / BUDGET)
    assert refused(inputs) == one(
        f"{BUDGET}: kan het bestand niet lezen: het is met een wachtwoord beveiligd; open het in Excel, haal het "
        "wachtwoord weg (Bestand > Info > Werkmap beveiligen) en sla het opnieuw op")


def test_old_xls_workbook_saved_as_xlsx(case, write, refused):
    inputs = write(case)
    shutil.copyfile(OLD_XLS, inputs / ADVICE)
    assert refused(inputs) == one(
        f"{ADVICE}: kan het bestand niet lezen: het is een oud Excel-bestand (.xls) met de naam .xlsx; open het "
        "in Excel of LibreOffice en sla het op als Excel-werkmap (.xlsx)")


def test_other_ole_file_saved_as_xlsx(case, write, refused):
    inputs = write(case)  # an OLE container that is neither: an old Word file, say
    (inputs / ADVICE).write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + "WordDocument".encode("utf-16-le"))
    assert refused(inputs) == one(
        f"{ADVICE}: kan het bestand niet lezen: het is met een wachtwoord beveiligd of een oud Excel-bestand "
        "(.xls); sla het op als Excel-werkmap (.xlsx) zonder wachtwoord")


def test_csv_saved_as_xlsx(case, write, refused):
    inputs = write(case)
    (inputs / DAY2).write_text("ID;Dag;Thema;Inbreng\nD2-01;2;Begeleiding;Een vaste begeleider\n",
                               encoding="utf-8")
    assert refused(inputs) == one(f"{DAY2}: kan het bestand niet lezen: het is geen Excel-werkmap (misschien "
                                  "CSV of tekst); sla het op als Excel-werkmap (.xlsx)")


def test_web_page_saved_as_xlsx(case, write, refused):
    inputs = write(case)  # Excel's "Webpagina" export, renamed
    (inputs / PARTICIPANTS).write_text("<html><body><table><tr><td>Naam</td></tr></table></body></html>")
    assert refused(inputs) == one(f"{PARTICIPANTS}: kan het bestand niet lezen: het is geen Excel-werkmap "
                                  "(misschien CSV of tekst); sla het op als Excel-werkmap (.xlsx)")


def test_word_document_renamed_to_xlsx(case, write, refused, good_build):
    inputs = write(case)
    shutil.copyfile(good_build / "college" / "voordracht.docx", inputs / ADVICE)
    assert refused(inputs) == one(f"{ADVICE}: {DAMAGED}")


def test_strict_open_xml_workbook(case, write, refused):
    inputs = write(case)
    strict = {b"http://schemas.openxmlformats.org/spreadsheetml/2006/main": b"http://purl.oclc.org/ooxml/spreadsheetml/main",
              b"http://schemas.openxmlformats.org/officeDocument/2006/relationships":
              b"http://purl.oclc.org/ooxml/officeDocument/relationships"}
    for part in ("xl/workbook.xml", sheet_part(inputs / PARTICIPANTS, "Deelnemers")):
        def change(data: bytes) -> bytes:
            for old, new in strict.items():
                data = data.replace(old, new)
            return data
        rewrite_part(inputs / PARTICIPANTS, part, change)
    assert refused(inputs) == one(
        f"{PARTICIPANTS}: kan het bestand niet lezen: het is opgeslagen als 'Strict Open XML-werkmap'; sla het "
        "op als gewone Excel-werkmap (.xlsx)")


def test_workbook_with_malformed_xml(case, write, refused):
    """A tool that wrote a raw control character into the sheet's XML: not well-formed, no traceback."""
    inputs = write(case)
    rewrite_part(inputs / DAY1, sheet_part(inputs / DAY1, "Oogst"),
                 lambda data: data.replace(b"Kleine locaties", b"Kleine\x0blocaties", 1))
    assert refused(inputs) == one(f"{DAY1}: {DAMAGED}")


def test_folder_named_like_a_workbook(case, write, refused):
    inputs = write(case)
    (inputs / "oogst" / "dag-3.xlsx").mkdir()
    assert refused(inputs) == one("oogst/dag-3.xlsx: dit is een map, geen Excel-werkmap")


def test_link_to_a_workbook_that_is_gone(case, write, refused, tmp_path):
    inputs = write(case)
    (inputs / "oogst" / "dag-3.xlsx").symlink_to(tmp_path / "verwijderd" / "dag-3.xlsx")
    assert refused(inputs) == one("oogst/dag-3.xlsx: kan het bestand niet openen (het is een verwijzing naar "
                                  "een bestand dat niet (meer) bestaat)")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file")
def test_workbook_without_read_rights(case, write, refused):
    inputs = write(case)
    (inputs / BUDGET).chmod(0)
    assert refused(inputs) == one(f"{BUDGET}: kan het bestand niet openen (geen leesrechten)")


def test_chart_sheet_in_place_of_a_table(case, write, refused):
    from openpyxl.chart import BarChart, Reference

    def chart_for_lasten(book):
        book["Lasten"].title = "Lasten (oud)"
        chart = BarChart()
        chart.add_data(Reference(book["Lasten (oud)"], min_col=4, min_row=1, max_row=3), titles_from_data=True)
        book.create_chartsheet("Lasten", 0).add_chart(chart)
    inputs = write(case)
    edit_workbook(inputs / BUDGET, chart_for_lasten)
    assert refused(inputs) == one(f"{BUDGET}!Lasten: dit is een grafiekblad, geen werkblad met een tabel; zet de "
                                  "gegevens op een gewoon werkblad met de naam 'Lasten'")


# --- the shape of a sheet ------------------------------------------------------------------------

def test_merged_header_cells_hiding_a_column(case, write, refused):
    inputs = write(case)  # 'Inbreng' stretched over the column of 'Ingebracht door'
    edit_workbook(inputs / DAY1, lambda book: book["Oogst"].merge_cells("E1:F1"))
    assert refused(inputs) == lines(
        f"{DAY1}!Oogst: kolom 'Ingebracht door' ontbreekt",
        f"{DAY1}!Oogst!E1: samengevoegde cellen in de kopregel (E1:F1); geef elke kolom een eigen kop")


def test_merged_cells_in_the_rows(case, write, refused):
    inputs = write(case)  # one theme for two rows, merged
    edit_workbook(inputs / DAY1, lambda book: book["Oogst"].merge_cells("D2:D3"))
    assert refused(inputs) == one(f"{DAY1}!Oogst!D2: samengevoegde cellen (D2:D3); maak de samenvoeging "
                                  "ongedaan en vul elke cel zelf in: elke rij wordt apart gelezen")


def test_hidden_row_is_read_with_a_warning(case, write, refused):
    broken = changed(case, DAY2, "Oogst", 3, "Soort", "vraagje")
    inputs = write(broken)
    edit_workbook(inputs / DAY1, lambda book: setattr(book["Oogst"].row_dimensions[3], "hidden", True))
    assert refused(inputs) == lines(
        f"{DAY1}!Oogst!A3: waarschuwing: rij is verborgen, maar wordt wel gelezen",
        f"{DAY2}!Oogst!G3: onbekende waarde 'vraagje' voor 'Soort'; kies uit 'idee', 'zorg', 'voorstel', "
        "'vraag'; bedoelt u 'vraag'?")


def test_hidden_sheet_is_read_with_a_warning(case, write, refused):
    inputs = write(changed(case, ADVICE, "Financieel", 2, "Status", "akord"))
    edit_workbook(inputs / ADVICE, lambda book: setattr(book["Financieel"], "sheet_state", "veryHidden"))
    assert refused(inputs) == lines(
        f"{ADVICE}!Financieel: waarschuwing: werkblad is verborgen, maar wordt wel gelezen",
        f"{ADVICE}!Financieel!D2: onbekende waarde 'akord' voor 'Status'; kies uit 'akkoord', 'akkoord onder "
        "voorwaarden', 'niet akkoord'; bedoelt u 'akkoord'?")


def test_duplicate_headers(case, write, refused):
    case[DAY1]["Oogst"][0][13] = " INBRENG\u00a0"  # 'Interne notitie' retyped as a second 'Inbreng'
    assert refused(write(case)) == one(
        f"{DAY1}!Oogst!N1: kolom 'Inbreng' staat twee keer in de kopregel (ook in E1)")


def test_header_row_far_down_is_accepted(case, write, accepted, earlier):
    rows = case[DAY2]["Oogst"]
    rows[:0] = [["Werkdag 2: oogst"]] + [[] for _ in range(37)] + [[None, "ingevuld door de facilitator"]]
    assert rows[39][0] == "ID"  # the header is on row 40
    assert accepted(write(case)) == []
    assert [i["source"] for i in plan_json(earlier)["harvest"]][3:] == [f"{DAY2}!Oogst!A41", f"{DAY2}!Oogst!A42"]


def test_sheet_of_notes_without_a_header_row(case, write, refused):
    case[BUDGET]["Locaties"] = [["Locaties volgen nog"], ["zie mail van 3 maart"]]
    assert refused(write(case)) == one(
        f"{BUDGET}!Locaties: geen kopregel gevonden met de kolommen 'Locatie', 'Stadsdeel', 'Plaatsen', "
        "'Max. verblijf (maanden)'")


# --- values of the wrong type --------------------------------------------------------------------

NUMBER_AS_TEXT = ("staat als tekst in de cel, niet als getal; maak er een getal van (in Excel: het "
                  "waarschuwingsteken naast de cel > Converteren naar getal)")


def test_amount_typed_as_text(case, write, refused):
    assert refused(write(changed(case, BUDGET, "Lasten", 2, "2021", "400000"))) == one(
        f"{BUDGET}!Lasten!D2: '400000' {NUMBER_AS_TEXT}")


def test_amount_with_thousands_dots_typed_as_text(case, write, refused):
    assert refused(write(changed(case, BUDGET, "Dekking", 3, "2022", "250.000"))) == one(
        f"{BUDGET}!Dekking!C3: '250.000' {NUMBER_AS_TEXT}")


def test_whole_number_typed_as_text(case, write, refused):
    assert refused(write(changed(case, BUDGET, "Locaties", 2, "Plaatsen", " 60 "))) == one(
        f"{BUDGET}!Locaties!C2: '60' {NUMBER_AS_TEXT}")


def test_date_typed_as_text_in_the_settings(case, write, refused):
    case["voordracht.toml"] = case["voordracht.toml"].replace("datum_college = 2021-03-02",
                                                              'datum_college = "2021-03-02"')
    assert refused(write(case)) == one("voordracht.toml: voordracht.datum_college: moet een datum (JJJJ-MM-DD, "
                                       "zonder aanhalingstekens) zijn, niet '2021-03-02'")


def test_date_typed_the_dutch_way_in_the_settings(case, write, refused):
    case["voordracht.toml"] = case["voordracht.toml"].replace("datum_college = 2021-03-02",
                                                              "datum_college = 2-3-2021")
    assert refused(write(case)) == one("voordracht.toml:5: de datum 2-3-2021 moet geschreven worden als "
                                       "JJJJ-MM-DD, zonder aanhalingstekens: 2021-03-02")


def test_date_cell_where_text_is_expected(case, write, refused):
    """Excel turns an ID typed as 1-3 into a date; what was typed is lost, so it cannot be used."""
    assert refused(write(changed(case, DAY2, "Oogst", 3, "ID", dt.datetime(2021, 3, 1)))) == one(
        f"{DAY2}!Oogst!A3: de cel bevat een datum (1-3-2021), geen tekst; typ er een apostrof vóór (zoals '1-3) "
        "of maak de cel op als Tekst")


def test_time_cell_where_text_is_expected(case, write, refused):
    assert refused(write(changed(case, DAY1, "Oogst", 2, "Sessie", dt.time(10, 30)))) == one(
        f"{DAY1}!Oogst!C2: de cel bevat een tijd (10:30), geen tekst; typ er een apostrof vóór (zoals '10:30) of "
        "maak de cel op als Tekst")


def test_date_cell_where_an_amount_is_expected(case, write, refused):
    assert refused(write(changed(case, BUDGET, "Lasten", 3, "2022", dt.datetime(2022, 1, 1)))) == one(
        f"{BUDGET}!Lasten!E3: de cel bevat een datum (1-1-2022), geen bedrag; maak de cel op als Getal")


def test_boolean_where_a_number_is_expected(case, write, refused):
    assert refused(write(changed(case, BUDGET, "Locaties", 3, "Plaatsen", True))) == one(
        f"{BUDGET}!Locaties!C3: de cel bevat de ja/nee-waarde WAAR, geen geheel getal; typ een getal")


def test_boolean_where_an_amount_is_expected(case, write, refused):
    assert refused(write(changed(case, BUDGET, "Dekking", 2, "2021", False))) == one(
        f"{BUDGET}!Dekking!B2: de cel bevat de ja/nee-waarde ONWAAR, geen bedrag; typ een getal")


def test_excel_error_ref_in_a_text_cell(case, write, refused):
    assert refused(write(changed(case, DAY1, "Oogst", 3, "Inbreng", "#REF!"))) == one(
        f"{DAY1}!Oogst!E3: foutwaarde #REF! in de cel; herstel de formule of de verwijzing")


def test_excel_error_div0_in_an_amount(case, write, refused):
    assert refused(write(changed(case, BUDGET, "Dekking", 3, "2021", "#DIV/0!"))) == one(
        f"{BUDGET}!Dekking!B3: foutwaarde #DIV/0! in de cel; herstel de formule of de verwijzing")


def test_excel_error_na_in_a_vocabulary_cell(case, write, refused):
    assert refused(write(changed(case, PARTICIPANTS, "Deelnemers", 3, "Naam vermelden", "#N/A"))) == one(
        f"{PARTICIPANTS}!Deelnemers!D3: foutwaarde #N/A in de cel; herstel de formule of de verwijzing")


# --- formulas --------------------------------------------------------------------------------------

@pytest.fixture
def no_libreoffice(monkeypatch):
    real = shutil.which
    monkeypatch.setattr(shutil, "which", lambda name, *a, **k: None if name in ("soffice", "libreoffice")
                        else real(name, *a, **k))


def test_formula_without_cached_value_and_no_libreoffice(case, write, refused, no_libreoffice):
    inputs = write(changed(case, BUDGET, "Lasten", 2, "2021", "=200000*2"))
    before = (inputs / BUDGET).read_bytes()
    assert refused(inputs) == one(f"{BUDGET}!Lasten!D2: formule zonder opgeslagen uitkomst; open het bestand in "
                                  "Excel of LibreOffice en sla het opnieuw op")
    assert (inputs / BUDGET).read_bytes() == before


def test_formula_without_cached_value_is_recalculated_by_libreoffice(case, write, accepted, earlier):
    require("soffice")
    inputs = write(changed(case, BUDGET, "Lasten", 2, "2021", "=200000*2"))
    before = (inputs / BUDGET).read_bytes()
    assert accepted(inputs) == []
    assert plan_json(earlier)["budget"]["costs"][0]["amounts"][0]["amount"] == 400_000
    assert (inputs / BUDGET).read_bytes() == before  # recalculated on a copy


def test_formula_recalculated_to_an_error_value(case, write, refused):
    require("soffice")
    inputs = write(changed(case, BUDGET, "Dekking", 2, "2022", "=600000/0"))
    assert refused(inputs) == one(
        f"{BUDGET}!Dekking!C2: foutwaarde #DIV/0! in de cel; herstel de formule of de verwijzing")


def test_formula_with_a_cached_text_result_is_accepted(case, write, accepted, earlier):
    inputs = write(changed(case, DAY1, "Oogst", 3, "Inbreng", '=CONCATENATE("Ook ", "kleine locaties")'))

    def cached(data: bytes) -> bytes:  # as Excel saves it: the formula with its text result
        return data.replace(b'<f>CONCATENATE("Ook ", "kleine locaties")</f><v></v>',
                            b'<f>CONCATENATE("Ook ", "kleine locaties")</f><v>Ook kleine locaties</v>'
                            ).replace(b'<c r="E3" t="str">', b'<c r="E3" t="str">')
    rewrite_part(inputs / DAY1, sheet_part(inputs / DAY1, "Oogst"),
                 lambda data: cached(data.replace(b'<c r="E3"><f>', b'<c r="E3" t="str"><f>')))
    assert accepted(inputs) == []
    assert plan_json(earlier)["harvest"][1]["text"] == "Ook kleine locaties"


# --- settings and prose ----------------------------------------------------------------------------

def test_settings_value_of_the_wrong_type(case, write, refused):
    case["voordracht.toml"] = case["voordracht.toml"].replace("plaatsen = 100", 'plaatsen = "honderd"')
    assert refused(write(case)) == one("voordracht.toml: kaders.plaatsen: moet een geheel getal groter dan 0 "
                                       "zijn, niet 'honderd'")


def test_settings_with_an_unknown_key(case, write, refused):
    case["voordracht.toml"] = case["voordracht.toml"].replace("plaatsen = 100", "plaatsen = 100\nplaats = 90")
    assert refused(write(case)) == one("voordracht.toml: kaders.plaats: onbekende instelling 'plaats'; bedoelt "
                                       "u 'plaatsen'?")


def test_settings_not_utf8(case, write, refused):
    case["voordracht.toml"] = case["voordracht.toml"].replace("Verkennen", "Caf\u00e9").encode("cp1252")
    assert refused(write(case)) == one("voordracht.toml: het bestand is geen UTF-8-tekst; sla het op als UTF-8")


def test_settings_file_of_zero_bytes(case, write, refused):
    case["voordracht.toml"] = b""
    assert refused(write(case)) == one("voordracht.toml: het bestand is leeg")


def test_chapter_file_not_utf8(case, write, refused):
    case["tekst/plan/01-inleiding.md"] = "# Inleiding\n\nDit plan regelt de opvang, \u00e9\u00e9n keer.\n".encode("cp1252")
    assert refused(write(case)) == one("tekst/plan/01-inleiding.md:3: het bestand is geen UTF-8-tekst; sla het "
                                       "op als UTF-8")


def test_chapter_file_saved_as_utf16(case, write, refused):
    case["tekst/plan/02-opvang.md"] = "# Opvang\n\nKleine locaties.\n".encode("utf-16")  # Notepad's "Unicode"
    assert refused(write(case)) == one("tekst/plan/02-opvang.md:1: het bestand is geen UTF-8-tekst; sla het op "
                                       "als UTF-8")


def test_markdown_with_raw_html(case, write, refused):
    case["tekst/voordracht/onderbouwing.md"] = "De aanpak volgt uit de werkdagen.\n\n<div align=center>\n"
    assert refused(write(case)) == one(
        "tekst/voordracht/onderbouwing.md:3: HTML in Markdown ('<div align=center>') wordt niet overgenomen; "
        "gebruik Markdown-opmaak of zet het tussen `backticks`")


def test_markdown_with_an_html_comment(case, write, refused):
    case["tekst/plan/02-opvang.md"] = "# Opvang\n\n<!-- nog aanvullen -->\nKleine locaties.\n"
    assert refused(write(case)) == one(
        "tekst/plan/02-opvang.md:3: HTML in Markdown ('<!--') wordt niet overgenomen; gebruik Markdown-opmaak "
        "of zet het tussen `backticks`")


def test_chapter_that_is_a_link_to_a_file_that_is_gone(case, write, refused, tmp_path):
    inputs = write(case)
    (inputs / "tekst" / "plan" / "03-extra.md").symlink_to(tmp_path / "weg.md")
    assert refused(inputs) == one("tekst/plan/03-extra.md: kan het bestand niet openen (het is een verwijzing "
                                  "naar een bestand dat niet (meer) bestaat)")


def _linked_from_elsewhere(inputs: Path, rel: str, elsewhere: Path) -> None:
    """`inputs/rel` (a file or a folder) moved to `elsewhere` and put back as a link to it."""
    target = elsewhere / rel.replace("/", "-")
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(inputs / rel, target)
    (inputs / rel).symlink_to(target, target_is_directory=target.is_dir())


def outside(rel: str, kind: str = "een bestand") -> str:
    what = "de map" if kind == "een map" else "het bestand"
    return (f"{rel}: is een snelkoppeling naar {kind} buiten de invoermap; Plan A leest alleen wat in de "
            f"invoermap staat: zet {what} zelf hier neer, of haal de snelkoppeling weg")


def test_chapter_that_is_a_link_to_a_file_outside_the_inputs(case, write, refused, tmp_path):
    inputs = write(case)
    secret = tmp_path / "thuismap" / "geheim.md"
    secret.parent.mkdir()
    secret.write_text("# Geheim\n\nHet wachtwoord van de gedeelde map is zomer2018.\n", encoding="utf-8")
    (inputs / "tekst" / "plan" / "03-extra.md").symlink_to(secret)
    assert refused(inputs) == one(outside("tekst/plan/03-extra.md"))


@pytest.mark.parametrize("rel, kind", [
    ("tekst/voordracht/achtergrond.md", "een bestand"), ("voordracht.toml", "een bestand"),
    (BUDGET, "een bestand"), (PARTICIPANTS, "een bestand"), (DAY2, "een bestand"),
    ("tekst/plan", "een map"), ("tekst/voordracht", "een map"), ("tekst", "een map"), ("oogst", "een map")])
def test_every_input_that_is_a_link_out_of_the_inputs_is_refused(case, write, refused, tmp_path, rel, kind):
    inputs = write(case)
    _linked_from_elsewhere(inputs, rel, tmp_path / "elders")
    assert refused(inputs) == one(outside(rel, kind))


def test_links_that_stay_inside_the_inputs_are_read(case, write, accepted, earlier):
    inputs = write(case)
    (inputs / "bronnen").mkdir()
    shutil.move(inputs / "tekst" / "plan" / "02-opvang.md", inputs / "bronnen" / "opvang.md")
    (inputs / "tekst" / "plan" / "02-opvang.md").symlink_to(Path("..", "..", "bronnen", "opvang.md"))
    shutil.move(inputs / "oogst", inputs / "bronnen" / "oogst")
    (inputs / "oogst").symlink_to(inputs / "bronnen" / "oogst", target_is_directory=True)
    shutil.move(inputs / BUDGET, inputs / "bronnen" / BUDGET)
    (inputs / BUDGET).symlink_to(Path("bronnen", BUDGET))
    assert accepted(inputs) == []
    assert [c["title"] for c in plan_json(earlier)["chapters"]] == ["Inleiding", "Opvang"]


def test_inputs_folder_that_is_itself_a_link_is_read(case, write, accepted, tmp_path):
    inputs = write(case)
    (tmp_path / "invoer").symlink_to(inputs, target_is_directory=True)
    assert accepted(tmp_path / "invoer") == []


# --- accepted as the contract says -----------------------------------------------------------------

def test_leading_trailing_and_non_breaking_spaces_are_accepted(case, write, accepted, earlier):
    """Matching ignores case and surrounding spaces: headers, sheet names, vocabularies, references."""
    case[DAY1]["Oogst "] = case[DAY1].pop("Oogst")
    harvest = case[DAY1]["Oogst "]
    harvest[0][3] = "\u00a0 Thema "
    harvest[1][5:11] = ["\u00a0Stichting Noord ", " IDEE", "consensus\u00a0", " ja ", "Overgenomen\u00a0", " opvang "]
    harvest[2][0], harvest[2][11] = " D1-02\u00a0", "\u00a0D1-01 "
    case[ADVICE]["Juridisch"][2][5] = "\u00a0ja\t"
    case[BUDGET]["Locaties"][1][1] = "  Centrum\u00a0"
    assert accepted(write(case)) == []
    plan = plan_json(earlier)
    first, merged = plan["harvest"][0], plan["harvest"][1]
    assert (first["organisation"], first["chapter"], first["theme"]) == ("Stichting Noord", "opvang", "Opvang")
    assert (merged["id"], merged["merged_with"]) == ("D1-02", "D1-01")
    assert plan["budget"]["locations"][0]["district"] == "Centrum"


def test_lock_file_beside_a_harvest_workbook_is_ignored(case, write, accepted):
    inputs = write(case)
    (inputs / "oogst" / "~$dag-1.xlsx").write_bytes(b"\x0bAnne de Vries".ljust(165, b"\x00"))  # Excel's
    (inputs / "oogst" / ".~lock.dag-2.xlsx#").write_text("Anne,host,anne,28.11.2026 10:12,file:///home;\n")
    assert accepted(inputs) == []


def test_lock_file_of_begroting_beside_begroting_is_ignored(case, write, accepted):
    inputs = write(case)
    (inputs / "~$begroting.xlsx").write_bytes(b"\x0bAnne de Vries".ljust(165, b"\x00"))
    (inputs / "~$adviezen.xlsx").write_bytes(b"")
    assert accepted(inputs) == []


def test_workbook_with_a_chart_sheet_is_accepted(case, write, accepted):
    from openpyxl.chart import BarChart, Reference

    def chart(book):
        bars = BarChart()
        bars.add_data(Reference(book["Lasten"], min_col=4, min_row=1, max_row=3), titles_from_data=True)
        book.create_chartsheet("Grafiek", 0).add_chart(bars)
    inputs = write(case)
    edit_workbook(inputs / BUDGET, chart)
    assert accepted(inputs) == []


def test_workbook_with_an_image_is_accepted(case, write, accepted, tmp_path):
    from openpyxl.drawing.image import Image
    from PIL import Image as Picture

    Picture.new("RGB", (40, 20), "orange").save(tmp_path / "logo.png")
    inputs = write(case)
    edit_workbook(inputs / DAY1, lambda book: book["Oogst"].add_image(Image(tmp_path / "logo.png"), "P1"))
    assert accepted(inputs) == []


def test_protected_sheet_is_read(case, write, accepted):
    def protect(book):
        book["Deelnemers"].protection.sheet = True
        book["Deelnemers"].protection.password = "geheim"
    inputs = write(case)
    edit_workbook(inputs / PARTICIPANTS, protect)
    assert accepted(inputs) == []


def test_ten_thousand_empty_formatted_rows_are_fast_and_raise_nothing(case, write, accepted):
    from openpyxl.styles import Border, PatternFill, Side

    def format_rows(book):
        sheet, fill, line = book["Oogst"], PatternFill("solid", fgColor="FFF2CC"), Side(style="thin")
        for row in range(5, 10_005):
            for column in range(1, 15):
                cell = sheet.cell(row, column)
                cell.fill, cell.border = fill, Border(bottom=line)
    inputs = write(case)
    edit_workbook(inputs / DAY1, format_rows)
    start = time.monotonic()
    assert accepted(inputs) == []
    assert time.monotonic() - start < 20


def test_a_formatted_cell_in_the_far_corner_of_the_sheet(case, write, accepted):
    """Ctrl+End lands on XFD1048576: one stored cell there must not make the reader walk 17 billion."""
    from openpyxl.styles import PatternFill

    inputs = write(case)
    edit_workbook(inputs / DAY2, lambda book: setattr(book["Oogst"]["XFD1048576"], "fill",
                                                      PatternFill("solid", fgColor="FFFF00")))
    start = time.monotonic()
    assert accepted(inputs) == []
    assert time.monotonic() - start < 20


def test_excel_features_openpyxl_drops_do_not_leak_warnings(case, write, accepted):
    """Conditional formats and data validation in Excel's extension lists make openpyxl warn; an adviser
    must not see those (UserWarning) lines between the messages."""
    ext = ('<extLst><ext uri="{78C0D931-6437-407d-A8EE-F0AAD7539E65}" '
           'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"><x14:conditionalFormattings>'
           '</x14:conditionalFormattings></ext><ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}" '
           'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"><x14:dataValidations '
           'count="0"></x14:dataValidations></ext></extLst>')
    inputs = write(case)

    def append_ext(data: bytes) -> bytes:
        return data.replace(b"</worksheet>", ext.encode() + b"</worksheet>")
    rewrite_part(inputs / DAY1, sheet_part(inputs / DAY1, "Oogst"), append_ext)
    with warnings.catch_warnings(record=True) as caught:  # outside pytest, a warning goes to stderr
        warnings.simplefilter("always")
        assert accepted(inputs) == []
    assert [str(w.message) for w in caught] == []


# --- characters XML cannot carry ---------------------------------------------------------------------

INVISIBLE_VT = "waarschuwing: onzichtbaar teken (U+000B) vervangen door '\ufffd'"


def test_invisible_character_in_a_cell_is_replaced_visibly(case, write, accepted, earlier):
    """Excel stores a vertical tab (pasted from Word) as `_x000B_` in its shared strings."""
    inputs = write(changed(case, DAY1, "Oogst", 2, "Inbreng", excel_escaped("Kleine\x0blocaties\x01")))
    as_excel_saves(inputs / DAY1)
    assert accepted(inputs) == [
        f"{DAY1}!Oogst!E2: waarschuwing: onzichtbare tekens (U+000B, U+0001) vervangen door '\ufffd'"]
    assert plan_json(earlier)["harvest"][0]["text"] == "Kleine\ufffdlocaties\ufffd"
    assert (earlier / "intern" / "rapport.txt").read_text(encoding="utf-8").splitlines() == [
        f"{DAY1}!Oogst!E2: waarschuwing: onzichtbare tekens (U+000B, U+0001) vervangen door '\ufffd'"]


def test_windows_line_ends_in_a_cell_become_line_breaks(case, write, accepted, earlier):
    inputs = write(changed(case, DAY1, "Oogst", 2, "Inbreng", excel_escaped("Kleine locaties\r\nmet tuin")))
    as_excel_saves(inputs / DAY1)
    assert accepted(inputs) == []
    assert plan_json(earlier)["harvest"][0]["text"] == "Kleine locaties\nmet tuin"


def test_invisible_character_in_markdown_is_replaced_visibly(case, write, accepted):
    case["tekst/plan/02-opvang.md"] = "# Opvang\n\nKleine\x0clocaties.\n"
    assert accepted(write(case)) == [f"tekst/plan/02-opvang.md:3: {INVISIBLE_VT.replace('000B', '000C')}"]


def test_invisible_character_in_a_settings_string_is_replaced_visibly(case, write, accepted, earlier):
    case["voordracht.toml"] = case["voordracht.toml"].replace('onderwerp = "Vaststellen Uitvoeringsplan opvang"',
                                                              'onderwerp = "Vaststellen\\u000bUitvoeringsplan"')
    assert accepted(write(case)) == [f"voordracht.toml: voordracht.onderwerp: {INVISIBLE_VT}"]
    assert plan_json(earlier)["proposal"]["subject"] == "Vaststellen\ufffdUitvoeringsplan"


def test_harvest_workbook_with_an_uppercase_extension_is_read(case, write, accepted, earlier):
    """Windows may save DAG-2.XLSX; that day must not go missing."""
    case["oogst/DAG-2.XLSX"] = case.pop(DAY2)
    assert accepted(write(case)) == []
    assert sorted(i["id"] for i in plan_json(earlier)["harvest"]) == ["D1-01", "D1-02", "D1-03", "D2-01", "D2-02"]


def test_a_line_break_in_a_value_keeps_its_message_on_one_line(case, write, refused):
    """Alt+Enter in a cell: the message that quotes the value is still one `LOCATION: message` line."""
    assert refused(write(changed(case, DAY2, "Oogst", 3, "Soort", "vraag\nof zorg"))) == one(
        f"{DAY2}!Oogst!G3: onbekende waarde 'vraag\u21b5of zorg' voor 'Soort'; kies uit 'idee', 'zorg', 'voorstel', "
        "'vraag'")
