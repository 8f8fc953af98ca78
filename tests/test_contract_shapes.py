"""Input sets the pipeline must hold that differ from the sample, as PRODUCT.md "Inputs" allows:
other column order, title rows, header and vocabulary spelling, other years and chapter ids,
extra columns and sheets, empty rows, lock files, and formulas (cached, recalculated or neither)."""
from __future__ import annotations

import copy
import shutil

import openpyxl
import pytest

from casebuilder import changed, with_cached_values
from pipeline.reading import workbooks as sheets
from pipeline.model.plan import AdviceStatus, Outcome

WORKBOOKS = ("oogst/dag-1.xlsx", "oogst/dag-2.xlsx", "begroting.xlsx", "adviezen.xlsx", "deelnemers.xlsx")


def every_sheet(case: dict):
    for rel in WORKBOOKS:
        for name, rows in case[rel].items():
            yield rel, name, rows


def reordered(rows: list[list], order: list[str]) -> list[list]:
    index = [rows[0].index(name) for name in order]
    return [[row[i] for i in index] for row in rows]


def test_other_column_order(case, passes, plan_of):
    for _, _, rows in every_sheet(case):
        rows[:] = reordered(rows, list(reversed(rows[0])))
    assert passes(case) == []
    plan = plan_of(case)
    assert plan.harvest[0].organisation == "Stichting Noord"
    assert [a.amount for a in plan.budget.costs[0].amounts] == [400_000, 500_000]


def test_title_row_and_note_above_the_header(case, passes, plan_of):
    for rel, name, rows in every_sheet(case):
        rows[:0] = [[f"{name}: invullen per regel"], [], [None, "Let op: bedragen in euro's", None, "concept"]]
    assert passes(case) == []
    assert len(plan_of(case).harvest) == 5


def test_header_names_in_other_case_and_with_spaces(case, passes):
    for _, _, rows in every_sheet(case):
        rows[0] = [f"\u00a0 {name.upper()}  " if not name.isdigit() else f" {name}\u00a0" for name in rows[0]]
    assert passes(case) == []


def test_year_headers_typed_as_numbers(case, plan_of):
    for name in ("Lasten", "Dekking"):
        header = case["begroting.xlsx"][name][0]
        header[:] = [int(h) if h.isdigit() else h for h in header]
    assert plan_of(case).frames.years == (2021, 2022)


def test_vocabulary_values_in_other_case(case, plan_of):
    harvest = case["oogst/dag-1.xlsx"]["Oogst"]
    harvest[1][6:10] = [" IDEE\u00a0", "Consensus", "JA", "Overgenomen"]
    harvest[2][9] = "SAMENGEVOEGD"
    case["oogst/dag-2.xlsx"]["Oogst"][1][9] = "Deels Overgenomen"
    case["adviezen.xlsx"]["Juridisch"][2][3:6] = ["Akkoord Onder Voorwaarden", "opvang", "Ja"]
    case["deelnemers.xlsx"]["Deelnemers"][1][3:5] = ["JA", "Nee"]
    plan = plan_of(case)
    assert [i.outcome for i in plan.harvest][:2] == [Outcome.ADOPTED, Outcome.MERGED]
    assert plan.harvest[3].outcome is Outcome.PARTLY_ADOPTED
    assert (plan.advice[1].status, plan.advice[1].confidential) == (AdviceStatus.CONDITIONAL, True)
    assert (plan.participants[0].may_be_named, plan.participants[0].wants_review_copy) == (True, False)


def test_other_years_in_kaders_and_sheets(case, passes, plan_of):
    case["voordracht.toml"] = case["voordracht.toml"].replace(
        "budget = { 2021 = 1_000_000, 2022 = 1_200_000 }",
        "budget = { 2023 = 1_000_000, 2024 = 1_200_000, 2025 = 900_000 }")
    for name, extra in (("Lasten", [2025, 100_000, 0, 100_000]), ("Dekking", [2025, 100_000, 0])):
        rows = case["begroting.xlsx"][name]
        at = rows[0].index("2022") + 1
        rows[0][rows[0].index("2021")], rows[0][rows[0].index("2022")] = "2023", "2024"
        for row, value in zip(rows, extra):
            row.insert(at, str(value) if row is rows[0] else value)
    assert passes(case) == []
    plan = plan_of(case)
    assert plan.frames.years == (2023, 2024, 2025)
    assert [(y.year, y.costs, y.funding) for y in plan.figures.years] == [
        (2023, 700_000, 700_000), (2024, 850_000, 850_000), (2025, 100_000, 100_000)]


def test_other_chapter_ids_ordered_by_number(case, plan_of):
    del case["tekst/plan/01-inleiding.md"], case["tekst/plan/02-opvang.md"]
    case["tekst/plan/9-aanleiding.md"] = "# Aanleiding\n"
    case["tekst/plan/10-opvang-en-begeleiding-2025.md"] = "# Opvang en begeleiding\n"
    for rel, row, chapter in (("oogst/dag-1.xlsx", 2, "opvang-en-begeleiding-2025"),
                              ("oogst/dag-2.xlsx", 2, "aanleiding")):
        case = changed(case, rel, "Oogst", row, "Onderdeel", chapter)
    case = changed(case, "begroting.xlsx", "Lasten", 2, "Onderdeel", "aanleiding")
    case = changed(case, "adviezen.xlsx", "Juridisch", 3, "Onderdeel", "aanleiding")
    assert [c.id for c in plan_of(case).chapters] == ["aanleiding", "opvang-en-begeleiding-2025"]


def test_extra_unknown_column_is_only_a_warning(case, check_messages, plan_of):
    for row, value in zip(case["oogst/dag-1.xlsx"]["Oogst"], ["Opmerking facilitator", "x", None, "y"]):
        row.append(value)
    assert check_messages(case) == [
        "oogst/dag-1.xlsx!Oogst!O1: waarschuwing: onbekende kolom 'Opmerking facilitator' wordt genegeerd"]
    assert len(plan_of(case).harvest) == 5


def test_extra_sheets_are_ignored(case, passes):
    case["begroting.xlsx"]["Notities"] = [["Vrije tekst"], ["over de begroting"]]
    case["begroting.xlsx"] = {"Notities": case["begroting.xlsx"].pop("Notities"), **case["begroting.xlsx"]}
    case["oogst/dag-1.xlsx"]["Flip-over"] = [["foto's van de flip-overs"]]
    assert passes(case) == []


def test_empty_rows_in_the_middle_are_skipped(case, passes, plan_of):
    case["oogst/dag-1.xlsx"]["Oogst"][2:2] = [[], [None] * 14, ["", " ", "\u00a0"]]
    case["begroting.xlsx"]["Lasten"].insert(2, [None, None, None, None, None, None])
    case["begroting.xlsx"]["Locaties"].insert(2, [])
    assert passes(case) == []
    plan = plan_of(case)
    assert (len(plan.harvest), len(plan.budget.costs), len(plan.budget.locations)) == (5, 2, 2)


def test_excel_lock_file_beside_a_harvest_workbook_is_ignored(case, passes, write):
    folder = write(case)
    (folder / "oogst" / "~$dag-1.xlsx").write_bytes(b"\x0bAnne de Vries" + bytes(150))
    (folder / "oogst" / ".~lock.dag-2.xlsx#").write_text("Anne,host,2021\n")
    assert passes(folder) == []


def test_a_harvest_workbook_with_another_name(case, plan_of):
    case["oogst/Werkdag 3 (extra).xlsx"] = copy.deepcopy(case.pop("oogst/dag-2.xlsx"))
    assert {i.source.file for i in plan_of(case).harvest} == {"oogst/dag-1.xlsx", "oogst/Werkdag 3 (extra).xlsx"}


# --- formulas -----------------------------------------------------------------------------------------

def with_sum_formulas(case: dict) -> dict:
    case = changed(case, "begroting.xlsx", "Lasten", 4, "2021", "=SUM(D2:D3)")
    return changed(case, "begroting.xlsx", "Lasten", 4, "2022", "=SUM(E2:E3)")


@pytest.fixture
def no_libreoffice(monkeypatch):
    """As on a machine without LibreOffice: formulas without a cached value cannot be recalculated."""
    real = shutil.which
    monkeypatch.setattr(shutil, "which", lambda name, *a, **k: None if name in ("soffice", "libreoffice")
                        else real(name, *a, **k))


def test_totaal_as_formula_with_cached_value(case, passes, write, no_libreoffice):
    folder = write(with_sum_formulas(case))
    with_cached_values(folder / "begroting.xlsx", {("Lasten", "D4"): 700000, ("Lasten", "E4"): 850000})
    assert passes(folder) == []


def test_totaal_as_formula_with_a_wrong_cached_value(case, check_messages, write, no_libreoffice):
    folder = write(with_sum_formulas(case))
    with_cached_values(folder / "begroting.xlsx", {("Lasten", "D4"): 700000, ("Lasten", "E4"): 800000})
    assert check_messages(folder) == [
        "begroting.xlsx!Lasten!E4: Totaal 2022 is € 800.000, maar de som van de regels is € 850.000 "
        "(verschil € -50.000)"]


def test_formula_without_cached_value_and_no_libreoffice_is_a_problem_at_that_cell(
        case, check_messages, write, no_libreoffice):
    folder = write(with_sum_formulas(case))
    assert check_messages(folder) == [
        "begroting.xlsx!Lasten!D4: formule zonder opgeslagen uitkomst; open het bestand in Excel of "
        "LibreOffice en sla het opnieuw op",
        "begroting.xlsx!Lasten!E4: formule zonder opgeslagen uitkomst; open het bestand in Excel of "
        "LibreOffice en sla het opnieuw op"]


def test_formula_without_cached_value_in_an_amount_is_not_read_as_zero(case, check_messages, write,
                                                                        no_libreoffice):
    """A line whose amount is unknown must not count as € 0 (which would pass the frames)."""
    folder = write(changed(case, "begroting.xlsx", "Lasten", 2, "2021", "=200000*2"))
    assert check_messages(folder) == [
        "begroting.xlsx!Lasten!D2: formule zonder opgeslagen uitkomst; open het bestand in Excel of "
        "LibreOffice en sla het opnieuw op"]


def test_formula_without_cached_value_is_recalculated_where_possible(case, passes, write, monkeypatch):
    """The recalculation itself is stubbed here (fast); the next test runs the real LibreOffice."""
    def recalculated(path):
        book = openpyxl.load_workbook(path)
        book["Lasten"]["D4"], book["Lasten"]["E4"] = 700000, 850000
        return book
    monkeypatch.setattr(sheets, "recalculated_copy", recalculated)
    folder = write(with_sum_formulas(case))
    before = (folder / "begroting.xlsx").read_bytes()
    assert passes(folder) == []
    assert (folder / "begroting.xlsx").read_bytes() == before  # recalculated on a copy


def test_formula_without_cached_value_recalculated_by_libreoffice(case, passes, write):
    if shutil.which("soffice") is None and shutil.which("libreoffice") is None:
        pytest.skip("LibreOffice is not installed")
    folder = write(with_sum_formulas(case))
    before = (folder / "begroting.xlsx").read_bytes()
    assert passes(folder) == []
    assert (folder / "begroting.xlsx").read_bytes() == before  # inputs are never modified


def test_hidden_sheet_is_read_with_a_warning(case, check_messages, write):
    folder = write(case)
    book = openpyxl.load_workbook(folder / "adviezen.xlsx")
    book["Financieel"].sheet_state = "hidden"
    book.save(folder / "adviezen.xlsx")
    assert check_messages(folder) == [
        "adviezen.xlsx!Financieel: waarschuwing: werkblad is verborgen, maar wordt wel gelezen"]
