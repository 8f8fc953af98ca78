"""begroting.xlsx (Lasten, Dekking, Locaties) and the shared workbook rules, each broken once.

The sample (casebuilder.small_case), rows 1-based with the header as row 1:
  Lasten   A Post, B Categorie, C Onderdeel, D 2021, E 2022, F Toelichting
           row 2 Huur 400.000 / 500.000, row 3 Begeleiders 300.000 / 350.000, row 4 Totaal 700.000 / 850.000
  Dekking  A Bron, B 2021, C 2022, D Toelichting; row 2 Gemeente 500.000 / 600.000, row 3 Rijk 200.000 / 250.000
  Locaties A Locatie, B Stadsdeel, C Plaatsen, D Doelgroep, E Max. verblijf (maanden); 60 + 40 places
Frames: 100 places, 12 months, budget 2021 € 1.000.000, 2022 € 1.200.000.
"""
from __future__ import annotations

import zipfile
from decimal import Decimal

import openpyxl
import pytest

from casebuilder import changed, with_cached_values

FILE = "begroting.xlsx"


def test_the_valid_budget_passes(case, passes, plan_of):
    assert passes(case) == []
    budget = plan_of(case).budget
    assert [(line.post, [a.amount for a in line.amounts]) for line in budget.costs] == [
        ("Huur", [400_000, 500_000]), ("Begeleiders", [300_000, 350_000])]  # the Totaal row is no line
    assert [loc.places for loc in budget.locations] == [60, 40]


# --- workbook-level rules, the same for every workbook --------------------------------------------

@pytest.mark.parametrize("rel", ["begroting.xlsx", "adviezen.xlsx", "deelnemers.xlsx"])
def test_missing_workbook(case, check_messages, rel):
    del case[rel]
    assert check_messages(case) == [f"{rel}: bestand ontbreekt"]


def test_corrupt_workbook(case, check_messages, write):
    folder = write(case)
    data = (folder / FILE).read_bytes()
    (folder / FILE).write_bytes(data[: len(data) // 2])  # cut short, as by a failed copy
    assert check_messages(folder) == [
        "begroting.xlsx: kan het bestand niet lezen: het is beschadigd of geen Excel-werkmap; open het in "
        "Excel of LibreOffice en sla het opnieuw op als Excel-werkmap (.xlsx)"]


def test_zip_that_is_no_workbook(case, check_messages, write):
    folder = write(case)
    with zipfile.ZipFile(folder / FILE, "w") as z:
        z.writestr("leesmij.txt", "geen werkmap")
    assert check_messages(folder) == [
        "begroting.xlsx: kan het bestand niet lezen: het is beschadigd of geen Excel-werkmap; open het in "
        "Excel of LibreOffice en sla het opnieuw op als Excel-werkmap (.xlsx)"]


def test_csv_saved_as_xlsx(case, check_messages):
    case[FILE] = "Post;Categorie;2021\nHuur;Huisvesting;400000\n"
    assert check_messages(case) == [
        "begroting.xlsx: kan het bestand niet lezen: het is geen Excel-werkmap (misschien CSV of tekst); "
        "sla het op als Excel-werkmap (.xlsx)"]


def test_empty_file(case, check_messages):
    case[FILE] = b""
    assert check_messages(case) == [
        "begroting.xlsx: kan het bestand niet lezen: het is leeg; sla het op als Excel-werkmap (.xlsx)"]


def test_old_xls_or_password_protected(case, check_messages):
    case[FILE] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    assert check_messages(case) == [
        "begroting.xlsx: kan het bestand niet lezen: het is met een wachtwoord beveiligd of een oud "
        "Excel-bestand (.xls); sla het op als Excel-werkmap (.xlsx) zonder wachtwoord"]


def test_missing_sheet_with_suggestion(case, check_messages):
    case[FILE]["Lastne"] = case[FILE].pop("Lasten")
    assert check_messages(case) == ["begroting.xlsx: werkblad 'Lasten' ontbreekt; bedoelt u 'Lastne'?"]


def test_missing_sheet_without_a_close_one(case, check_messages):
    del case[FILE]["Locaties"]
    assert check_messages(case) == ["begroting.xlsx: werkblad 'Locaties' ontbreekt"]


def test_missing_required_column_with_suggestion(case, check_messages):
    assert check_messages(changed(case, FILE, "Lasten", 1, "Categorie", "Catgorie")) == [
        "begroting.xlsx!Lasten: kolom 'Categorie' ontbreekt; bedoelt u 'Catgorie'?"]


def test_no_header_row_at_all(case, check_messages):
    case[FILE]["Dekking"] = [["iets"], ["anders"]]
    assert check_messages(case) == ["begroting.xlsx!Dekking: geen kopregel gevonden met de kolommen 'Bron'"]


def test_unknown_column_is_a_warning(case, check_messages):
    assert check_messages(changed(case, FILE, "Lasten", 1, "Toelichting", "Opmerking")) == [
        "begroting.xlsx!Lasten!F1: waarschuwing: onbekende kolom 'Opmerking' wordt genegeerd"]


def test_unknown_column_close_to_a_known_one_is_suggested(case, check_messages):
    assert check_messages(changed(case, FILE, "Lasten", 1, "Toelichting", "Toelichtng")) == [
        "begroting.xlsx!Lasten!F1: waarschuwing: onbekende kolom 'Toelichtng' wordt genegeerd; "
        "bedoelt u 'Toelichting'?"]


def test_duplicate_header(case, check_messages):
    assert check_messages(changed(case, FILE, "Lasten", 1, "Toelichting", "post")) == [
        "begroting.xlsx!Lasten!F1: kolom 'Post' staat twee keer in de kopregel (ook in A1)"]


def test_excel_error_value(case, check_messages, write):
    folder = write(case)
    book = openpyxl.load_workbook(folder / FILE)
    cell = book["Lasten"]["D2"]
    cell.value, cell.data_type = "#REF!", "e"
    book.save(folder / FILE)
    assert check_messages(folder) == [
        "begroting.xlsx!Lasten!D2: foutwaarde #REF! in de cel; herstel de formule of de verwijzing"]


def test_excel_error_value_in_a_required_text_cell_is_one_problem(case, check_messages, write):
    folder = write(case)
    book = openpyxl.load_workbook(folder / FILE)
    cell = book["Locaties"]["B2"]
    cell.value, cell.data_type = "#N/A", "e"
    book.save(folder / FILE)
    assert check_messages(folder) == [
        "begroting.xlsx!Locaties!B2: foutwaarde #N/A in de cel; herstel de formule of de verwijzing"]


# --- amounts ----------------------------------------------------------------------------------------

def test_text_in_amount_cell(case, check_messages):
    assert check_messages(changed(case, FILE, "Lasten", 2, "2021", "veel")) == [
        "begroting.xlsx!Lasten!D2: 'veel' is geen bedrag; typ een getal (euro's, zonder tekst)"]


def test_amount_typed_with_euro_sign_is_text(case, check_messages):
    assert check_messages(changed(case, FILE, "Dekking", 3, "2022", "€ 250.000")) == [
        "begroting.xlsx!Dekking!C3: '€ 250.000' is geen bedrag; typ een getal (euro's, zonder tekst)"]


def test_negative_amount(case, check_messages):
    assert check_messages(changed(case, FILE, "Lasten", 2, "2021", -5)) == [
        "begroting.xlsx!Lasten!D2: bedrag -5 is negatief; bedragen zijn 0 of meer"]


def test_empty_amount_is_zero(case, plan_of):
    case = changed(case, FILE, "Lasten", 3, "2021", None)
    case = changed(case, FILE, "Lasten", 4, "2021", 400_000)
    case = changed(case, FILE, "Dekking", 3, "2021", None)
    case = changed(case, FILE, "Dekking", 2, "2021", 400_000)
    plan = plan_of(case)
    assert plan.budget.costs[1].amounts[0].amount == Decimal(0)
    assert (plan.figures.years[0].costs, plan.figures.years[0].funding) == (400_000, 400_000)


def test_cents_are_kept(case, plan_of):
    case = changed(case, FILE, "Lasten", 2, "2021", 399_999.5)
    case = changed(case, FILE, "Lasten", 3, "2021", 300_000.5)
    assert plan_of(case).budget.costs[0].amounts[0].amount == Decimal("399999.50")


def test_totaal_mismatch(case, check_messages):
    assert check_messages(changed(case, FILE, "Lasten", 4, "2021", 700_001)) == [
        "begroting.xlsx!Lasten!D4: Totaal 2021 is € 700.001, maar de som van de regels is € 700.000 "
        "(verschil € 1)"]


def test_totaal_row_is_matched_in_any_case(case, passes):
    assert passes(changed(case, FILE, "Lasten", 4, "Post", " TOTAAL ")) == []


def test_totaal_row_in_dekking(case, check_messages):
    case[FILE]["Dekking"].append(["Totaal", 700_000, 800_000, None])
    assert check_messages(case) == [
        "begroting.xlsx!Dekking!C4: Totaal 2022 is € 800.000, maar de som van de regels is € 850.000 "
        "(verschil € -50.000)"]


def test_years_not_matching_kaders(case, check_messages):
    assert check_messages(changed(case, FILE, "Lasten", 1, "2022", "2023")) == [
        "begroting.xlsx!Lasten: de jaarkolommen (2021, 2023) moeten precies de jaren van kaders.budget zijn "
        "(2021, 2022)"]


def test_year_column_missing(case, check_messages):
    for row in case[FILE]["Dekking"]:
        del row[2]
    assert check_messages(case) == [
        "begroting.xlsx!Dekking: de jaarkolommen (2021) moeten precies de jaren van kaders.budget zijn "
        "(2021, 2022)"]


@pytest.mark.parametrize("sheet, column, cell", [
    ("Lasten", "Post", "A3"), ("Lasten", "Categorie", "B3"), ("Dekking", "Bron", "A3"),
    ("Locaties", "Locatie", "A3"), ("Locaties", "Stadsdeel", "B3"), ("Locaties", "Max. verblijf (maanden)", "E3")])
def test_required_cell_empty(case, check_messages, sheet, column, cell):
    assert check_messages(changed(case, FILE, sheet, 3, column, None)) == [
        f"begroting.xlsx!{sheet}!{cell}: '{column}' is leeg; dit veld is verplicht"]


def test_optional_cells_may_be_empty(case, passes):
    case = changed(case, FILE, "Lasten", 3, "Toelichting", None)
    case = changed(case, FILE, "Dekking", 3, "Toelichting", None)
    assert passes(changed(case, FILE, "Locaties", 3, "Doelgroep", None)) == []


def test_onderdeel_of_a_cost_line_must_be_a_chapter(case, check_messages):
    assert check_messages(changed(case, FILE, "Lasten", 2, "Onderdeel", "opvnag")) == [
        "begroting.xlsx!Lasten!C2: onbekend hoofdstuk 'opvnag'; bedoelt u 'opvang'?"]


# --- locations ----------------------------------------------------------------------------------------

def test_plaatsen_not_whole(case, check_messages):
    assert check_messages(changed(case, FILE, "Locaties", 2, "Plaatsen", 60.5)) == [
        "begroting.xlsx!Locaties!C2: '60.5' is geen geheel getal"]


def test_plaatsen_text(case, check_messages):
    assert check_messages(changed(case, FILE, "Locaties", 2, "Plaatsen", "zestig")) == [
        "begroting.xlsx!Locaties!C2: 'zestig' is geen geheel getal"]


def test_plaatsen_zero(case, check_messages):
    assert check_messages(changed(case, FILE, "Locaties", 2, "Plaatsen", 0)) == [
        "begroting.xlsx!Locaties!C2: 0 is te klein; minimaal 1"]


def test_plaatsen_empty(case, check_messages):
    assert check_messages(changed(case, FILE, "Locaties", 2, "Plaatsen", None)) == [
        "begroting.xlsx!Locaties!C2: 'Plaatsen' is leeg; dit veld is verplicht"]


def test_whole_number_stored_as_float_is_whole(case, plan_of):
    assert plan_of(changed(case, FILE, "Locaties", 2, "Plaatsen", 60.0)).budget.locations[0].places == 60


def test_max_verblijf_zero(case, check_messages):
    assert check_messages(changed(case, FILE, "Locaties", 3, "Max. verblijf (maanden)", 0)) == [
        "begroting.xlsx!Locaties!E3: 0 is te klein; minimaal 1"]


# --- the adviser's own total rows, recognised by what they say (issue 10, item 5) -------------------------

@pytest.mark.parametrize("label", ["Totaal dekking", "TOTAAL", "totaal:", " Totaal  2021-2022 "])
def test_a_total_row_in_dekking_is_no_funding_source(case, passes, plan_of, label):
    case[FILE]["Dekking"].append([label, 700_000, 850_000, None])
    assert passes(case) == []  # not counted: the funding is not doubled, so no 'hoger dan de lasten'
    plan = plan_of(case)
    assert [f.name for f in plan.budget.funding] == ["Gemeente", "Rijk"]
    assert [(y.costs, y.funding) for y in plan.figures.years] == [(700_000, 700_000), (850_000, 850_000)]


def test_a_total_row_names_itself_in_its_message(case, check_messages):
    case[FILE]["Dekking"].append(["Totaal dekking", 1_400_000, 850_000, None])
    assert check_messages(case) == [
        "begroting.xlsx!Dekking!B4: Totaal dekking 2021 is € 1.400.000, maar de som van de regels is € 700.000 "
        "(verschil € 700.000)"]


def test_a_total_label_in_the_first_cell_counts_when_the_name_cell_is_empty(case, passes, plan_of):
    case[FILE]["Dekking"] = [[row[3], row[1], row[2], row[0]] for row in case[FILE]["Dekking"]]  # Toelichting first
    case[FILE]["Dekking"].append(["Totaal dekking", 700_000, 850_000, None])
    assert passes(case) == []
    assert len(plan_of(case).budget.funding) == 2


def test_a_toelichting_that_starts_with_totaal_makes_no_total(case, passes, plan_of):
    case[FILE]["Dekking"] = [[row[3], row[1], row[2], row[0]] for row in case[FILE]["Dekking"]]  # Toelichting first
    case[FILE]["Dekking"][2][0] = "Totaal van twee rijksregelingen"
    assert passes(case) == []
    assert [f.name for f in plan_of(case).budget.funding] == ["Gemeente", "Rijk"]


def subtotalled(case: dict, huisvesting: int = 400_000) -> dict:
    """Lasten with a Subtotaal under each line and the Totaal under all: the Subtotaal of rent is `huisvesting`."""
    case[FILE]["Lasten"] = [
        ["Post", "Categorie", "Onderdeel", "2021", "2022", "Toelichting"],
        ["Huur", "Huisvesting", "opvang", 400_000, 500_000, None],
        ["Subtotaal huisvesting", None, None, huisvesting, 500_000, None],
        ["Begeleiders", "Begeleiding", None, 300_000, 350_000, "4 fte"],
        ["SUBTOTAAL begeleiding", None, None, 300_000, 350_000, None],
        ["Totaal", None, None, 700_000, 850_000, None]]
    return case


def test_subtotal_rows_are_no_lines(case, passes, plan_of):
    assert passes(subtotalled(case)) == []
    assert [line.post for line in plan_of(case).budget.costs] == ["Huur", "Begeleiders"]


def test_a_subtotal_is_held_against_the_lines_since_the_previous_total_row(case, check_messages):
    assert check_messages(subtotalled(case, huisvesting=700_000)) == [
        "begroting.xlsx!Lasten!D3: Subtotaal huisvesting 2021 is € 700.000, maar de som van de regels erboven "
        "(vanaf de vorige totaal- of subtotaalregel) is € 400.000 (verschil € 300.000)"]


def test_a_total_row_in_locaties_is_no_location(case, passes, plan_of):
    case[FILE]["Locaties"].append(["Totaal", None, 100, None, None])
    assert passes(case) == []
    assert [loc.places for loc in plan_of(case).budget.locations] == [60, 40]


def test_a_total_row_in_locaties_is_checked(case, check_messages):
    case[FILE]["Locaties"].append(["Totaal plaatsen", None, 90, None, None])
    assert check_messages(case) == [
        "begroting.xlsx!Locaties!C4: Totaal plaatsen is 90 plaatsen, maar de som van de locaties is 100 (verschil -10)"]


def test_a_subtotal_in_locaties_is_held_against_the_locations_above_it(case, check_messages):
    case[FILE]["Locaties"].insert(2, ["Subtotaal Centrum", None, 61, None, None])
    assert check_messages(case) == [
        "begroting.xlsx!Locaties!C3: Subtotaal Centrum is 61 plaatsen, maar de som van de locaties erboven (vanaf "
        "de vorige totaal- of subtotaalregel) is 60 (verschil 1)"]


# --- fractions of a cent: what Excel holds, compared as Excel shows it (issue 10, item 6) -----------------

def thirds(case: dict, write, lines: int = 3, total: float | None = None):
    """`lines` cost lines of =1000/3 (cached as Excel does) in 2021 instead of € 1.000 of Begeleiders, with
    the adviser's own =SOM Totaal; the funding stays € 700.000 when the lines add up to € 1.000."""
    rows = case[FILE]["Lasten"]
    rows[2][3] = 300_000 - 1_000 * lines // 3
    body = [rows[1], rows[2]] + [[f"Schoonmaak {n}", "Huisvesting", None, "=1000/3", 0, None]
                                 for n in range(1, lines + 1)]
    last = len(body) + 1
    case[FILE]["Lasten"] = [rows[0], *body, ["Totaal", None, None, f"=SUM(D2:D{last})", 850_000, None]]
    folder = write(case)
    cached = {("Lasten", f"D{r}"): 1000 / 3 for r in range(4, last + 1)}
    excel_sum = 700_000 - 1_000 * lines // 3 + lines * (1000 / 3)  # as Excel adds the floats up
    cached[("Lasten", f"D{last + 1}")] = excel_sum if total is None else total
    with_cached_values(folder / FILE, cached)
    return folder


def test_fractions_of_a_cent_are_no_difference_with_the_advisers_total(case, write, passes, plan_of):
    folder = thirds(case, write)
    assert passes(folder) == []  # neither 'Totaal ... verschil € 0,01' nor 'dekking ... hoger dan de lasten'
    plan = plan_of(folder)
    assert [a.amounts[0].amount for a in plan.budget.costs[2:]] == [Decimal(str(1000 / 3))] * 3  # as Excel holds it
    assert plan.figures.years[0].costs == Decimal("700000.00")


def test_fractions_of_a_cent_over_six_lines(case, write, passes):
    """Six lines of € 333,33 as shown add up to € 1.999,98; Excel's =SOM shows € 2.000,00."""
    assert passes(thirds(case, write, lines=6)) == []


def test_a_real_difference_still_shows_in_cents(case, write, check_messages):
    assert check_messages(thirds(case, write, total=700_000.02)) == [
        "begroting.xlsx!Lasten!D7: Totaal 2021 is € 700.000,02, maar de som van de regels is € 700.000,00 "
        "(verschil € 0,02)"]


def test_an_amount_is_kept_as_the_cell_holds_it(case, plan_of):
    case = changed(case, FILE, "Lasten", 2, "2021", 399_999.995)
    case = changed(case, FILE, "Lasten", 3, "2021", 300_000.005)
    plan = plan_of(case)
    assert [line.amounts[0].amount for line in plan.budget.costs] == [Decimal("399999.995"), Decimal("300000.005")]
    assert plan.figures.years[0].costs == 700_000
