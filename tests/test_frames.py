"""PRODUCT.md "Checks against the frames": places, longest stay, costs per year, funding against costs.

Frames in the sample: 100 places, 12 months, budget 2021 € 1.000.000 and 2022 € 1.200.000.
Sample budget: costs 2021 € 700.000 (D2 400.000 + D3 300.000, Totaal D4), 2022 € 850.000;
funding 2021 € 700.000 (B2 500.000 + B3 200.000), 2022 € 850.000; places 60 (C2) + 40 (C3).
"""
from __future__ import annotations

from casebuilder import changed

FILE = "begroting.xlsx"


def with_costs_2021(case: dict, huur: int) -> dict:
    """The 2021 rent set to `huur`, with the Totaal row and the funding following, so only costs change."""
    case = changed(case, FILE, "Lasten", 2, "2021", huur)
    case = changed(case, FILE, "Lasten", 4, "2021", huur + 300_000)
    return changed(case, FILE, "Dekking", 2, "2021", huur + 100_000)


def test_exactly_at_every_frame_passes_without_warnings(case, passes):
    assert passes(case) == []


def test_places_over_frame_is_a_problem(case, check_messages):
    assert check_messages(changed(case, FILE, "Locaties", 2, "Plaatsen", 61)) == [
        "begroting.xlsx!Locaties: 101 plaatsen gepland, 1 meer dan het kader van 100"]


def test_places_under_frame_is_a_warning(case, check_messages):
    assert check_messages(changed(case, FILE, "Locaties", 2, "Plaatsen", 35)) == [
        "begroting.xlsx!Locaties: waarschuwing: 75 plaatsen gepland, 25 minder dan het kader van 100; "
        "de voordracht vermeldt dit"]


def test_max_stay_over_frame_is_a_problem_at_that_cell(case, check_messages):
    assert check_messages(changed(case, FILE, "Locaties", 3, "Max. verblijf (maanden)", 13)) == [
        "begroting.xlsx!Locaties!E3: maximaal verblijf van 13 maanden is langer dan het kader van 12 maanden"]


def test_max_stay_at_frame_passes(case, passes):
    assert passes(changed(case, FILE, "Locaties", 3, "Max. verblijf (maanden)", 12)) == []


def test_costs_over_budget_names_the_excess(case, check_messages):
    assert check_messages(with_costs_2021(case, 800_000)) == [
        "begroting.xlsx!Lasten: de lasten 2021 (€ 1.100.000) gaan € 100.000 over het budget van € 1.000.000"]


def test_costs_over_budget_by_cents(case, check_messages):
    case = changed(case, FILE, "Lasten", 2, "2022", 850_000.01)
    case = changed(case, FILE, "Lasten", 4, "2022", 1_200_000.01)
    case = changed(case, FILE, "Dekking", 2, "2022", 950_000.01)
    assert check_messages(case) == [
        "begroting.xlsx!Lasten: de lasten 2022 (€ 1.200.000,01) gaan € 0,01 over het budget van € 1.200.000,00"]


def test_costs_over_budget_in_two_years_are_both_reported(case, check_messages):
    case = with_costs_2021(case, 800_000)
    case = changed(case, FILE, "Lasten", 2, "2022", 1_000_000)
    case = changed(case, FILE, "Lasten", 4, "2022", 1_350_000)
    case = changed(case, FILE, "Dekking", 2, "2022", 1_100_000)
    assert check_messages(case) == [
        "begroting.xlsx!Lasten: de lasten 2021 (€ 1.100.000) gaan € 100.000 over het budget van € 1.000.000",
        "begroting.xlsx!Lasten: de lasten 2022 (€ 1.350.000) gaan € 150.000 over het budget van € 1.200.000"]


def test_costs_at_budget_pass(case, passes):
    assert passes(with_costs_2021(case, 700_000)) == []


def test_funding_below_costs_is_a_problem(case, check_messages):
    assert check_messages(changed(case, FILE, "Dekking", 2, "2021", 499_000)) == [
        "begroting.xlsx!Dekking: de dekking 2021 (€ 699.000) is € 1.000 lager dan de lasten (€ 700.000)"]


def test_funding_above_costs_is_a_warning(case, check_messages):
    assert check_messages(changed(case, FILE, "Dekking", 3, "2022", 251_000)) == [
        "begroting.xlsx!Dekking: waarschuwing: de dekking 2022 (€ 851.000) is € 1.000 hoger dan de lasten "
        "(€ 850.000)"]


def test_frames_are_not_held_against_a_budget_that_could_not_be_read(case, check_messages):
    """A broken amount would make every sum wrong: only the broken cell is reported."""
    assert check_messages(changed(case, FILE, "Dekking", 2, "2021", "n.t.b.")) == [
        "begroting.xlsx!Dekking!B2: 'n.t.b.' is geen bedrag; typ een getal (euro's, zonder tekst)"]


def test_every_frame_problem_in_one_run(case, check_messages):
    case = with_costs_2021(case, 800_000)
    case = changed(case, FILE, "Dekking", 3, "2022", 240_000)
    case = changed(case, FILE, "Locaties", 2, "Plaatsen", 70)
    case = changed(case, FILE, "Locaties", 2, "Max. verblijf (maanden)", 24)
    assert check_messages(case) == [
        "begroting.xlsx!Locaties: 110 plaatsen gepland, 10 meer dan het kader van 100",
        "begroting.xlsx!Locaties!E2: maximaal verblijf van 24 maanden is langer dan het kader van 12 maanden",
        "begroting.xlsx!Lasten: de lasten 2021 (€ 1.100.000) gaan € 100.000 over het budget van € 1.000.000",
        "begroting.xlsx!Dekking: de dekking 2022 (€ 840.000) is € 10.000 lager dan de lasten (€ 850.000)"]


def test_a_problem_in_one_sheet_does_not_hide_the_frame_checks_of_the_others(case, check_messages):
    case = with_costs_2021(case, 800_000)
    case = changed(case, FILE, "Locaties", 3, "Plaatsen", 0)
    # the places are not summed (a location is missing), but the costs are held against the budget
    assert check_messages(case) == [
        "begroting.xlsx!Locaties!C3: 0 is te klein; minimaal 1",
        "begroting.xlsx!Lasten: de lasten 2021 (€ 1.100.000) gaan € 100.000 over het budget van € 1.000.000"]


def test_a_broken_funding_line_still_lets_costs_be_checked(case, check_messages):
    case = with_costs_2021(case, 800_000)
    case = changed(case, FILE, "Dekking", 3, "Bron", None)
    assert check_messages(case) == [
        "begroting.xlsx!Dekking!A3: 'Bron' is leeg; dit veld is verplicht",
        "begroting.xlsx!Lasten: de lasten 2021 (€ 1.100.000) gaan € 100.000 over het budget van € 1.000.000"]


def test_no_locations_at_all_is_below_the_frame(case, check_messages):
    del case[FILE]["Locaties"][1:]
    assert check_messages(case) == [
        "begroting.xlsx!Locaties: waarschuwing: 0 plaatsen gepland, 100 minder dan het kader van 100; "
        "de voordracht vermeldt dit"]


def test_places_are_not_summed_when_the_locations_sheet_is_missing(case, check_messages):
    del case[FILE]["Locaties"]
    assert check_messages(case) == ["begroting.xlsx: werkblad 'Locaties' ontbreekt"]


# --- like with like: sums of what Excel holds, compared as Excel shows them (issue 10, item 6) -----------

def with_fractions(case: dict, rent_2021: int, share: float) -> dict:
    """Lasten without the adviser's Totaal, rent 2021 set to `rent_2021`, plus three lines of `share`
    each in 2021: numbers with fractions of a cent, as formulas leave them."""
    rows = case[FILE]["Lasten"][:3]
    rows[1][3] = rent_2021
    case[FILE]["Lasten"] = rows + [[f"Schoonmaak {n}", "Huisvesting", None, share, 0, None] for n in (1, 2, 3)]
    return case


def test_funding_equal_to_costs_as_shown_is_no_difference(case, passes):
    """Three lines of 1000/3 show as € 333,33 each, and their sum as € 1.000,00, as in Excel."""
    assert passes(with_fractions(case, 399_000, 1000 / 3)) == []


def test_costs_at_the_budget_as_shown_are_not_over_it(case, passes):
    """Three lines of 2/3 (€ 0,67 each when shown) add up to € 2,00, not € 2,01."""
    case = with_fractions(case, 699_998, 2 / 3)  # 699.998 + 300.000 + 2 = the budget of € 1.000.000
    case = changed(case, FILE, "Dekking", 2, "2021", 800_000)
    assert passes(case) == []


def test_a_difference_in_cents_shows_every_amount_of_the_message_in_cents(case, check_messages):
    case = with_fractions(case, 399_000, 1000 / 3)
    assert check_messages(changed(case, FILE, "Dekking", 2, "2021", 499_999.99)) == [
        "begroting.xlsx!Dekking: de dekking 2021 (€ 699.999,99) is € 0,01 lager dan de lasten (€ 700.000,00)"]
