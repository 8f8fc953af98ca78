"""`python -m pipeline new DIR` (`make nieuw MAP=DIR`): a blank input set that advisers can fill at once, and
`make check` on it as a to-do list that shrinks as the team fills it in, down to a build that succeeds."""
from __future__ import annotations

import datetime as dt
import re
import tomllib
import zipfile
from pathlib import Path

import openpyxl
import pytest

from casebuilder import with_cached_values
from clients import ooxml_errors_many, require
from conftest import check_inputs
from pipeline.__main__ import main
from pipeline.base.errors import InputProblems, OutputRefused
from pipeline.build import build
from pipeline.model import schema
from pipeline.model.schema import ColumnKind, in_team_order
from pipeline.reading.recalc import recalculated_copy
from pipeline.starting import new_inputs, parse_days, parse_years
from pipeline.starting.workbooks import AMOUNT_FORMAT, DATE_FORMAT, TEXT_FORMAT

YEARS = [2027, 2028]
TODAY = dt.date(2026, 9, 1)
FILES = ["adviezen.xlsx", "begroting.xlsx", "deelnemers.xlsx", "oogst/dag-1.xlsx", "oogst/dag-2.xlsx", "reacties.xlsx",
         "tekst/plan/01-inleiding.md", "tekst/voordracht/achtergrond.md", "tekst/voordracht/onderbouwing.md",
         "voordracht.toml"]
BLANK_TODO = [
    "voordracht.toml: voordracht: nog in te vullen: onderwerp, portefeuille, portefeuillehouder, datum_college, "
    "behandeld_door en gemeente",
    "voordracht.toml: kaders: nog in te vullen: plaatsen, max_verblijf_maanden, budget.2027 en budget.2028",
    "voordracht.toml: werkdag: nog in te vullen: datum en thema (blok 1 en 2)",
    "voordracht.toml: besluit: nog in te vullen: tekst",
    "voordracht.toml: vervolgstap: nog in te vullen: datum en stap",
    "voordracht.toml: review: nog in te vullen: verzonden, reactie_tot en contact",
    "deelnemers.xlsx!Deelnemers: nog in te vullen: de deelnemers, één rij per deelnemer",
    "oogst/dag-1.xlsx!Oogst: nog in te vullen: de inbreng van deze werkdag, één rij per inbreng",
    "oogst/dag-2.xlsx!Oogst: nog in te vullen: de inbreng van deze werkdag, één rij per inbreng",
    "tekst/plan/01-inleiding.md:3: nog in te vullen: waarom dit plan er is, voor wie, en hoe het tot stand kwam",
    "begroting.xlsx!Lasten: nog in te vullen: de kostenposten, één rij per post met het bedrag per jaar",
    "begroting.xlsx!Dekking: nog in te vullen: de bronnen van dekking, één rij per bron met het bedrag per jaar",
    "tekst/voordracht/achtergrond.md:1: nog in te vullen: de bestuurlijke achtergrond: welk akkoord of besluit aan "
    "dit plan voorafging",
    "tekst/voordracht/onderbouwing.md:1: nog in te vullen: de onderbouwing van het besluit: waarom het college dit "
    "zou moeten besluiten",
]

# The least a team fills in for a build: settings by key (`werkdag[2].datum`), one row per sheet that may not
# stay empty, and the texts.
SETTINGS = {
    "voordracht.onderwerp": '"Vaststellen Uitvoeringsplan opvang"', "voordracht.portefeuille": '"Opvang"',
    "voordracht.portefeuillehouder": '"Wethouder B. de Boer"', "voordracht.datum_college": "2027-12-14",
    "voordracht.behandeld_door": '"Programmateam Opvang"', "voordracht.gemeente": '"Utrecht"',
    "kaders.plaatsen": "50", "kaders.max_verblijf_maanden": "12", "kaders.budget": "{ 2027 = 100_000, 2028 = 120_000 }",
    "werkdag[1].datum": "2027-03-01", "werkdag[1].thema": '"Verkennen"',
    "werkdag[2].datum": "2027-03-08", "werkdag[2].thema": '"Uitwerken"',
    "besluit[1].tekst": '"in te stemmen met het Uitvoeringsplan opvang."',
    "vervolgstap[1].datum": "2027-12-14", "vervolgstap[1].stap": '"Besluit college van B&W"',
    "review.verzonden": "2027-11-01", "review.reactie_tot": "2027-11-15", "review.contact": '"opvang@example.org"',
}
ROWS = {
    ("deelnemers.xlsx", "Deelnemers"): [["Anne de Vries", "Stichting Noord", "anne@example.org", "ja", "ja"]],
    ("oogst/dag-1.xlsx", "Oogst"): [["D1-1", 1, None, "Opvang", "Kleine locaties", "Stichting Noord", "idee",
                                     "consensus", "ja", "overgenomen", "inleiding", None, None, None]],
    ("oogst/dag-2.xlsx", "Oogst"): [["D2-1", 2, None, "Geld", "Meer plaatsen", "Plenair", "voorstel", "breed", "nee",
                                     "vervolgagenda", None, None, "Buiten het kader.", None]],
    ("begroting.xlsx", "Lasten"): [["Huur", "Huisvesting", "inleiding", 60_000, 70_000.5, None]],
    ("begroting.xlsx", "Dekking"): [["Gemeente", 60_000, 70_000.5, None]],
}
TEXTS = {"tekst/plan/01-inleiding.md": "Dit plan regelt de opvang.", "tekst/voordracht/achtergrond.md":
         "Het college wil een nieuwe aanpak.", "tekst/voordracht/onderbouwing.md": "De aanpak volgt uit de werkdagen."}


@pytest.fixture
def blank(tmp_path) -> Path:
    folder = tmp_path / "ons-traject"
    assert new_inputs(folder, 2, YEARS, TODAY) == FILES
    return folder


def fill_settings(folder: Path, values: dict[str, str]) -> None:
    """voordracht.toml with the placeholders of the keys in `values` replaced, as a team types them."""
    path = folder / "voordracht.toml"
    lines, section, blocks = [], "", {}
    for line in path.read_text(encoding="utf-8").split("\n"):
        header = re.match(r"^\[(\[)?([a-z_]+)\]", line)
        if header:
            section = header.group(2)
            blocks[section] = blocks.get(section, 0) + 1
            section = f"{section}[{blocks[section]}]" if header.group(1) else section
        key = re.match(r"^([a-z_]+ = )(.*?)(\s+#.*)?$", line)
        if key and f"{section}.{key.group(1)[:-3]}" in values:
            line = key.group(1) + values[f"{section}.{key.group(1)[:-3]}"] + (key.group(3) or "")
        lines.append(line)
    path.write_text("\n".join(lines), encoding="utf-8")


def fill_rows(folder: Path, rel: str, sheet: str, rows: list[list], cache: bool = True) -> None:
    """Rows typed below the header (above a Totaal row); with `cache`, the totals' values are saved too, as
    Excel does (openpyxl drops them: without, the pipeline has LibreOffice recalculate them)."""
    path = folder / rel
    book = openpyxl.load_workbook(path)
    for n, row in enumerate(rows, 2):
        for col, value in enumerate(row, 1):
            book[sheet].cell(n, col, value)
    book.save(path)
    if cache:
        with_cached_values(path, {(ws.title, c.coordinate): sum(ws.cell(r, c.column).value or 0
                                                                for r in range(2, c.row))
                                  for ws in book.worksheets for row in ws.iter_rows() for c in row
                                  if c.data_type == "f"})


def fill_text(folder: Path, rel: str) -> None:
    path = folder / rel
    path.write_text(re.sub(r"^Nog in te vullen:.*$", TEXTS[rel], path.read_text(encoding="utf-8"),
                           flags=re.MULTILINE), encoding="utf-8")


def fill_everything(folder: Path, cache: bool = True) -> None:
    fill_settings(folder, SETTINGS)
    for (rel, sheet), rows in ROWS.items():
        fill_rows(folder, rel, sheet, rows, cache)
    for rel in TEXTS:
        fill_text(folder, rel)


# --- the set --------------------------------------------------------------------------------------------

def test_a_blank_set_gives_the_to_do_list_in_the_order_a_team_works(blank, capsys):
    assert main(["check", "--inputs", str(blank)]) == 2
    lines = capsys.readouterr().err.splitlines()
    assert lines == [*BLANK_TODO, "14 punten nog in te vullen; er is niets geschreven."]


def test_voordracht_toml_explains_every_key_and_holds_only_placeholders(blank):
    text = (blank / "voordracht.toml").read_text(encoding="utf-8")
    settings = tomllib.loads(text)
    assert [d["dag"] for d in settings["werkdag"]] == [1, 2]
    assert list(settings["kaders"]["budget"]) == ["2027", "2028"]
    lines = text.splitlines()
    keys = [n for n, line in enumerate(lines) if re.match(r"^(# )?[a-z_]+ = ", line)]
    assert len(keys) == 9 + 3 + 3 * 2 + 1 + 3 + 3  # every key that reading/config.py knows, werkdag twice
    unexplained = [lines[n] for n in keys
                   if "#" not in lines[n].split(" = ", 1)[1] and not lines[n - 1].startswith("#")]
    assert unexplained == []
    assert set(_leaves(settings)) == {1, 2, "nog in te vullen"}  # the days' numbers; else placeholders


def _leaves(value):
    if isinstance(value, dict):
        return [leaf for item in value.values() for leaf in _leaves(item)]
    if isinstance(value, list):
        return [leaf for item in value for leaf in _leaves(item)]
    return [value]


def test_each_workbook_is_laid_out_as_the_advisers_expect(blank):
    for rel, workbook in [(f, b) for b in schema.WORKBOOKS for f in _files(b)]:
        book = openpyxl.load_workbook(blank / rel)
        assert book.sheetnames == ["Toelichting", *[s.name for s in workbook.sheets]], rel
        for sheet in workbook.sheets:
            ws = book[sheet.name]
            assert ws.freeze_panes == "A2", (rel, sheet.name)
            written = [c for c in sheet.columns for _ in (YEARS if c.kind is ColumnKind.YEARS else [0])]
            for n, column in enumerate(written, 1):
                letter = openpyxl.utils.get_column_letter(n)
                assert ws.column_dimensions[letter].width == column.width, (rel, column.name)
                expected = {ColumnKind.TEXT: TEXT_FORMAT, ColumnKind.AMOUNT: AMOUNT_FORMAT,
                            ColumnKind.YEARS: AMOUNT_FORMAT, ColumnKind.DATE: DATE_FORMAT,
                            ColumnKind.NUMBER: "0"}.get(column.kind, "General")
                assert ws.column_dimensions[letter].number_format == expected, (rel, column.name)


def _validations(ws) -> dict[str, object]:
    """Column letter -> the data validation over that column's rows below the header."""
    found = {}
    for dv in ws.data_validations.dataValidation:
        for cells in dv.sqref.ranges:
            assert cells.min_col == cells.max_col and cells.min_row == 2 and cells.max_row >= 200
            found[openpyxl.utils.get_column_letter(cells.min_col)] = dv
    return found


def test_the_dropdowns_hold_exactly_the_vocabularies_the_readers_accept(blank):
    seen = set()
    for path, workbook in [(blank / f, b) for b in schema.WORKBOOKS for f in _files(b)]:
        book = openpyxl.load_workbook(path)
        for sheet in workbook.sheets:
            headers = [c.value for c in book[sheet.name][1]]
            checks = _validations(book[sheet.name])
            for column in sheet.columns:
                if not column.choices:
                    continue
                dv = checks[openpyxl.utils.get_column_letter(headers.index(column.name) + 1)]
                assert dv.type == "list" and dv.errorStyle == "stop" and dv.showErrorMessage
                assert dv.formula1.strip('"').split(",") == column.vocabulary.choices()
                seen.add((sheet.name, column.name))
    assert ("Oogst", "Verwerking") in seen and ("Reacties", "Gevolg") in seen and ("Juridisch", "Status") in seen
    assert len(seen) == sum(1 for b in schema.WORKBOOKS for s in b.sheets for c in s.columns if c.choices)


def test_an_amount_cell_refuses_text_as_excel_does_and_numbers_and_dates_too(blank):
    book = openpyxl.load_workbook(blank / "begroting.xlsx")
    for sheet, letters in (("Lasten", "DE"), ("Dekking", "BC")):
        checks = _validations(book[sheet])
        for letter in letters:
            dv = checks[letter]
            assert (dv.type, dv.operator, dv.formula1, dv.errorStyle, dv.allow_blank) == (
                "decimal", "greaterThanOrEqual", "0", "stop", True)
            assert "bedrag in euro's" in dv.error
    places = _validations(book["Locaties"])
    assert {letter: (dv.type, dv.formula1) for letter, dv in places.items()} == {"C": ("whole", "1"),
                                                                                 "E": ("whole", "1")}
    received = _validations(openpyxl.load_workbook(blank / "reacties.xlsx")["Reacties"])["B"]
    assert received.type == "date" and received.errorStyle == "stop"


def test_the_blank_budget_has_totaal_rows_whose_formulas_carry_their_value(blank):
    formulas = openpyxl.load_workbook(blank / "begroting.xlsx")
    values = openpyxl.load_workbook(blank / "begroting.xlsx", data_only=True)
    found = {(ws.title, c.coordinate): c.value for ws in formulas.worksheets for row in ws.iter_rows() for c in row
             if c.data_type == "f"}
    assert found == {("Lasten", "D22"): "=SUM(D2:D21)", ("Lasten", "E22"): "=SUM(E2:E21)",
                     ("Dekking", "B10"): "=SUM(B2:B9)", ("Dekking", "C10"): "=SUM(C2:C9)",
                     ("Locaties", "C17"): "=SUM(C2:C16)"}
    assert {key: values[key[0]][key[1]].value for key in found} == {key: 0 for key in found}
    assert [formulas[s].cell(r, 1).value for s, r in (("Lasten", 22), ("Dekking", 10), ("Locaties", 17))] == \
        ["Totaal"] * 3


def test_the_toelichting_sheet_explains_every_column_in_dutch(blank):
    rows = list(openpyxl.load_workbook(blank / "oogst" / "dag-1.xlsx")["Toelichting"].iter_rows(values_only=True))
    table = {row[0]: row[1:4] for row in rows if row[0] in [c.name for c in schema.HARVEST.columns]}
    assert table["Verwerking"] == ("voor de voordracht", "keuze: overgenomen, deels overgenomen, samengevoegd, "
                                   "vervolgagenda, niet overgenomen", schema.HARVEST.column("Verwerking").explanation)
    assert len(table) == len(schema.HARVEST.columns)


def test_a_new_set_passes_the_ooxml_validator(blank):
    errors = ooxml_errors_many(sorted(blank.rglob("*.xlsx")))
    assert errors == {path: [] for path in errors}


def test_a_new_set_opens_in_libreoffice(blank):
    require("soffice")
    for path in sorted(blank.rglob("*.xlsx")):
        opened = recalculated_copy(path)  # LibreOffice opens it headless and saves it again
        assert opened is not None, path.name
        assert opened.sheetnames == openpyxl.load_workbook(path).sheetnames
    budget = recalculated_copy(blank / "begroting.xlsx")
    assert budget["Lasten"]["D22"].value == 0 and budget["Lasten"]["A22"].value == "Totaal"


# --- from blank to built ---------------------------------------------------------------------------------

def _lines(folder: Path) -> list[str]:
    """What `make check` prints before its last line: the to-dos last, in the order a team works."""
    try:
        _, warnings = check_inputs(folder)
    except InputProblems as exc:
        return [str(p) for p in in_team_order(exc.problems)]
    return [str(w) for w in warnings]


def _todo(folder: Path) -> list[str]:
    """The to-do lines of the check; there is no problem besides them (warnings may come)."""
    found = _lines(folder)
    assert [line for line in found if ": nog in te vullen: " not in line and ": waarschuwing: " not in line] == []
    return [line for line in found if ": nog in te vullen: " in line]


def _files(workbook: schema.Workbook) -> list[str]:
    return [f for f in FILES if re.fullmatch(re.escape(workbook.file).replace(r"\{dag\}", r"\d+"), f)]


def test_the_to_do_list_shrinks_as_the_team_fills_it_in(blank):
    steps = [
        lambda: fill_settings(blank, {k: v for k, v in SETTINGS.items() if k.startswith("voordracht.")}),
        lambda: fill_settings(blank, {k: v for k, v in SETTINGS.items() if k.startswith("kaders.")}),
        lambda: fill_settings(blank, SETTINGS),
        *[lambda key=key: fill_rows(blank, *key, ROWS[key]) for key in ROWS],
        *[lambda rel=rel: fill_text(blank, rel) for rel in TEXTS],
    ]
    before = _todo(blank)
    assert before == BLANK_TODO
    for step in steps:
        step()
        after = _todo(blank)
        assert len(after) < len(before) and set(after) < set(before), after
        before = after
    assert before == []
    assert _lines(blank) == ["begroting.xlsx!Locaties: waarschuwing: 0 plaatsen gepland, 50 minder dan het kader "
                               "van 50; de voordracht vermeldt dit"]  # the check passed: its warnings only


def test_a_harvest_filled_before_the_participants_is_no_wall_of_unknown_organisations(blank):
    fill_settings(blank, SETTINGS)
    fill_rows(blank, "oogst/dag-1.xlsx", "Oogst", ROWS[("oogst/dag-1.xlsx", "Oogst")])
    assert "oogst/dag-1.xlsx!Oogst: nog in te vullen: de inbreng van deze werkdag, één rij per inbreng" \
        not in _todo(blank)  # and no problem about 'Stichting Noord': the participants are still a to-do


def test_a_section_half_filled_names_what_is_left_of_it(blank):
    fill_settings(blank, {"werkdag[1].datum": SETTINGS["werkdag[1].datum"], "voordracht.gemeente": '"Utrecht"'})
    assert _todo(blank)[:3] == [
        "voordracht.toml: voordracht: nog in te vullen: onderwerp, portefeuille, portefeuillehouder, datum_college "
        "en behandeld_door",
        "voordracht.toml: kaders: nog in te vullen: plaatsen, max_verblijf_maanden, budget.2027 en budget.2028",
        "voordracht.toml: werkdag: nog in te vullen: datum (blok 2) en thema (blok 1 en 2)"]


def test_filled_with_the_minimum_by_openpyxl_a_new_set_builds(blank, tmp_path):
    require("soffice")  # the totals lost their cached values when openpyxl saved: LibreOffice recalculates them
    fill_everything(blank, cache=False)
    out = tmp_path / "build"
    result = build(blank, out, pdf=False)
    assert {"college/voordracht.docx", "review/concept-uitvoeringsplan.docx", "intern/plan.json"} <= set(result.files)
    with zipfile.ZipFile(out / "college" / "voordracht.docx") as docx:
        core = docx.read("docProps/core.xml").decode()
    assert "<dc:creator>Gemeente Utrecht</dc:creator>" in core
    assert [line for line in map(str, result.warnings)] == [
        "begroting.xlsx!Locaties: waarschuwing: 0 plaatsen gepland, 50 minder dan het kader van 50; de voordracht "
        "vermeldt dit"]


def test_a_mistake_is_listed_above_the_to_do_list(blank, capsys):
    fill_settings(blank, {"kaders.plaatsen": "-5"})
    fill_rows(blank, "deelnemers.xlsx", "Deelnemers", [["Anne", "Noord", None, "misschien", "ja"]])
    assert main(["check", "--inputs", str(blank)]) == 2
    lines = capsys.readouterr().err.splitlines()
    assert lines[:2] == ["voordracht.toml: kaders.plaatsen: moet een geheel getal groter dan 0 zijn, niet -5",
                         "deelnemers.xlsx!Deelnemers!D2: onbekende waarde 'misschien' voor 'Naam vermelden'; kies uit "
                         "'ja', 'nee'"]
    assert lines[2].startswith("voordracht.toml: voordracht: nog in te vullen: ")
    assert lines[-1] == "2 problemen in de invoer en 13 punten nog in te vullen; er is niets geschreven."


def test_a_placeholder_left_in_a_filled_set_is_a_to_do_not_a_type_error(blank):
    fill_everything(blank)
    fill_settings(blank, {"review.verzonden": '"nog in te vullen"', "kaders.budget":
                          '{ 2027 = "Nog in te  vullen", 2028 = 120_000 }'})
    assert _todo(blank) == ["voordracht.toml: kaders: nog in te vullen: budget.2027",
                            "voordracht.toml: review: nog in te vullen: verzonden"]


# --- refusing, and the command line --------------------------------------------------------------------

@pytest.mark.parametrize("existing", ["empty folder", "folder", "file"])
def test_an_existing_folder_or_file_is_refused_and_left_as_it_was(tmp_path, capsys, existing):
    target = tmp_path / "ons-traject"
    if existing == "file":
        target.write_text("van iemand anders")
    else:
        target.mkdir()
        if existing == "folder":
            (target / "voordracht.toml").write_text("van iemand anders")
    before = sorted(p.name for p in tmp_path.rglob("*"))
    assert main(["new", str(target)]) == 2
    what = "hier staat al een bestand" if existing == "file" else "deze map bestaat al"
    assert capsys.readouterr().err.splitlines() == [
        f"{target}: {what}; een nieuwe invoerset komt alleen in een map die nog niet bestaat: kies een nieuwe naam"]
    assert sorted(p.name for p in tmp_path.rglob("*")) == before


def test_a_folder_below_a_file_is_refused(tmp_path):
    (tmp_path / "plannen").write_text("")
    with pytest.raises(OutputRefused) as caught:
        new_inputs(tmp_path / "plannen" / "ons-traject", 1, YEARS, TODAY)
    assert [str(p) for p in caught.value.problems] == [
        f"{tmp_path / 'plannen' / 'ons-traject'}: kan de map niet maken: {tmp_path / 'plannen'} is een bestand, "
        "geen map"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plannen"]


def test_the_command_line_writes_the_set_and_says_what_next(tmp_path, capsys):
    target = tmp_path / "map met spatie"
    assert main(["new", str(target), "--dagen", "3", "--jaren", "2030, 2029"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-1] == f"Vul deze bestanden in; make check INPUTS='{target}' toont wat nog in te vullen is."
    assert f"geschreven: {target / 'oogst' / 'dag-3.xlsx'}" in out
    assert not list(tmp_path.glob(".*"))  # the hidden folder it was written in is gone
    assert openpyxl.load_workbook(target / "begroting.xlsx")["Lasten"]["D1"].value == "2029"


@pytest.mark.parametrize(("args", "line"), [
    (["--dagen", "0"], "--dagen: moet een geheel getal van 1 tot en met 20 zijn (het aantal werkdagen), niet '0'"),
    (["--dagen", "drie"], "--dagen: moet een geheel getal van 1 tot en met 20 zijn (het aantal werkdagen), niet "
                          "'drie'"),
    (["--jaren", "2027,28"], "--jaren: '28' is geen jaartal; geef de jaren van de begroting als 2027,2028"),
    (["--jaren", ","], "--jaren: ',' is geen jaartal; geef de jaren van de begroting als 2027,2028"),
])
def test_wrong_arguments_are_one_dutch_line(tmp_path, capsys, args, line):
    assert main(["new", str(tmp_path / "x"), *args]) == 64  # a wrong command line (EX_USAGE), as any other
    assert capsys.readouterr().err.splitlines() == [line]
    assert not (tmp_path / "x").exists()


def test_the_arguments_are_read_as_a_team_types_them():
    assert parse_years("2028,2027") == [2027, 2028] and parse_years("2027 2027;2028") == [2027, 2028]
    assert parse_days(" 3") == 3
    with pytest.raises(InputProblems):
        parse_days("21")


@pytest.mark.parametrize("command", ["check", "build", "send", "reactions"])
def test_a_folder_for_check_or_build_is_refused(capsys, tmp_path, command):
    with pytest.raises(SystemExit) as stopped:
        main([command, str(tmp_path)])
    assert stopped.value.code == 64  # a wrong command line (EX_USAGE)
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith("gebruik: python -m pipeline ")
    assert err[-1] == (f"python -m pipeline: onverwacht '{tmp_path}': alleen new krijgt een map; gebruik --inputs of "
                       "--out (python -m pipeline -h: hulp)")
    assert list(tmp_path.iterdir()) == []


def test_new_without_a_folder_says_how(capsys):
    assert main(["new"]) == 64
    assert capsys.readouterr().err.splitlines() == ["gebruik: python -m pipeline new MAP [--dagen 3] [--jaren 2027,2028]"]


def test_the_guides_example_of_the_to_do_list_is_what_a_new_set_gives(tmp_path):
    guide = (Path(__file__).resolve().parents[1] / "docs" / "invoerhandleiding.md").read_text(encoding="utf-8")
    example = guide.split("Op een nieuwe set is dat een **takenlijst**")[1].split("```")[1].strip().splitlines()
    new_inputs(tmp_path / "ons-traject", 3, YEARS, TODAY)  # as the guide's `make nieuw ... DAGEN=3 JAREN=2027,2028`
    with pytest.raises(InputProblems) as caught:
        check_inputs(tmp_path / "ons-traject")
    lines = [str(p) for p in in_team_order(caught.value.problems)] + [f"{caught.value}; er is niets geschreven."]
    assert [line for line in example if line not in lines] == []
    assert [line for line in lines if line in example] == example  # in the same order
