"""adviezen.xlsx (Juridisch, Financieel) and deelnemers.xlsx (Deelnemers), every rule broken once.

adviezen.xlsx: A ID, B Onderwerp, C Advies, D Status, E Onderdeel, F Vertrouwelijk, G Adviseur;
  Juridisch rows 2 J-1, 3 J-2 (vertrouwelijk); Financieel row 2 F-1.
deelnemers.xlsx: A Naam, B Organisatie, C E-mail, D Naam vermelden, E Reviewexemplaar;
  row 2 Anne de Vries (Stichting Noord), rows 3, 4 Stichting Zuid.
"""
from __future__ import annotations

import pytest

from casebuilder import changed

ADVICE, PEOPLE = "adviezen.xlsx", "deelnemers.xlsx"


def test_the_valid_advice_and_participants_pass(case, passes, plan_of):
    assert passes(case) == []
    plan = plan_of(case)
    assert [(a.id, a.kind.value, a.confidential) for a in plan.advice] == [
        ("J-1", "Juridisch", False), ("J-2", "Juridisch", True), ("F-1", "Financieel", False)]
    assert [(p.name, p.may_be_named, p.wants_review_copy) for p in plan.participants] == [
        ("Anne de Vries", True, True), ("Piet Bakker", False, True), ("Kees Mol", True, False)]


# --- adviezen.xlsx ----------------------------------------------------------------------------------

def test_advice_id_unique_over_both_sheets(case, check_messages):
    assert check_messages(changed(case, ADVICE, "Financieel", 2, "ID", "J-1")) == [
        "adviezen.xlsx!Financieel!A2: ID 'J-1' komt al voor in adviezen.xlsx!Juridisch!A2"]


def test_advice_id_unique_within_a_sheet(case, check_messages):
    assert check_messages(changed(case, ADVICE, "Juridisch", 3, "ID", "J-1")) == [
        "adviezen.xlsx!Juridisch!A3: ID 'J-1' komt al voor in adviezen.xlsx!Juridisch!A2"]


@pytest.mark.parametrize("typed, hint", [("akord", "; bedoelt u 'akkoord'?"), ("prima", "")])
def test_advice_status_vocabulary(case, check_messages, typed, hint):
    assert check_messages(changed(case, ADVICE, "Juridisch", 2, "Status", typed)) == [
        f"adviezen.xlsx!Juridisch!D2: onbekende waarde '{typed}' voor 'Status'; kies uit 'akkoord', "
        f"'akkoord onder voorwaarden', 'niet akkoord'{hint}"]


def test_advice_vertrouwelijk_vocabulary(case, check_messages):
    assert check_messages(changed(case, ADVICE, "Financieel", 2, "Vertrouwelijk", "geheim")) == [
        "adviezen.xlsx!Financieel!F2: onbekende waarde 'geheim' voor 'Vertrouwelijk'; kies uit 'ja', 'nee'"]


def test_advice_vertrouwelijk_required(case, check_messages):
    assert check_messages(changed(case, ADVICE, "Juridisch", 3, "Vertrouwelijk", None)) == [
        "adviezen.xlsx!Juridisch!F3: 'Vertrouwelijk' is leeg; dit veld is verplicht"]


def test_advice_onderdeel_must_be_a_chapter(case, check_messages):
    assert check_messages(changed(case, ADVICE, "Juridisch", 2, "Onderdeel", "inleidng")) == [
        "adviezen.xlsx!Juridisch!E2: onbekend hoofdstuk 'inleidng'; bedoelt u 'inleiding'?"]


@pytest.mark.parametrize("column, letter", [("ID", "A"), ("Onderwerp", "B"), ("Advies", "C"), ("Status", "D")])
def test_advice_required_cell_empty(case, check_messages, column, letter):
    assert check_messages(changed(case, ADVICE, "Financieel", 2, column, None)) == [
        f"adviezen.xlsx!Financieel!{letter}2: '{column}' is leeg; dit veld is verplicht"]


def test_advice_sheet_missing(case, check_messages):
    del case[ADVICE]["Financieel"]
    assert check_messages(case) == ["adviezen.xlsx: werkblad 'Financieel' ontbreekt"]


def test_advice_adviseur_and_onderdeel_are_optional(case, passes):
    for row in case[ADVICE]["Juridisch"]:
        del row[6], row[4]
    assert passes(case) == []


# --- deelnemers.xlsx --------------------------------------------------------------------------------

@pytest.mark.parametrize("column, letter, typed", [
    ("Naam vermelden", "D", "ok"), ("Reviewexemplaar", "E", "jawel")])
def test_participant_yes_no_columns(case, check_messages, column, letter, typed):
    # the participant cannot be read; their organisation is not reported as unknown on top of that
    assert check_messages(changed(case, PEOPLE, "Deelnemers", 2, column, typed)) == [
        f"deelnemers.xlsx!Deelnemers!{letter}2: onbekende waarde '{typed}' voor '{column}'; kies uit 'ja', 'nee'"]


@pytest.mark.parametrize("column, letter", [("Naam vermelden", "D"), ("Reviewexemplaar", "E")])
def test_participant_yes_no_required(case, check_messages, column, letter):
    assert check_messages(changed(case, PEOPLE, "Deelnemers", 4, column, None)) == [
        f"deelnemers.xlsx!Deelnemers!{letter}4: '{column}' is leeg; dit veld is verplicht"]


@pytest.mark.parametrize("typed, expected", [("JA", True), (" Nee\u00a0", False), ("Ja", True)])
def test_participant_yes_no_any_case(case, plan_of, typed, expected):
    plan = plan_of(changed(case, PEOPLE, "Deelnemers", 2, "Naam vermelden", typed))
    assert plan.participants[0].may_be_named is expected


@pytest.mark.parametrize("column, letter", [("Naam", "A"), ("Organisatie", "B")])
def test_participant_required_cell_empty(case, check_messages, column, letter):
    assert check_messages(changed(case, PEOPLE, "Deelnemers", 4, column, None)) == [
        f"deelnemers.xlsx!Deelnemers!{letter}4: '{column}' is leeg; dit veld is verplicht"]


def test_participant_email_is_optional(case, passes):
    for row in case[PEOPLE]["Deelnemers"]:
        del row[2]
    assert passes(case) == []


def test_missing_participants_file_is_one_problem(case, check_messages):
    """Without deelnemers.xlsx the organisations cannot be checked; that is not one problem per item."""
    del case[PEOPLE]
    assert check_messages(case) == ["deelnemers.xlsx: bestand ontbreekt"]


def test_a_broken_participant_row_does_not_hide_an_unknown_organisation(case, check_messages):
    case = changed(case, PEOPLE, "Deelnemers", 2, "Naam vermelden", "ok")
    case = changed(case, "oogst/dag-2.xlsx", "Oogst", 3, "Ingebracht door", "Stichting West")
    # 'Stichting Noord' (on the broken row) is still known; 'Stichting West' is not
    assert check_messages(case) == [
        "deelnemers.xlsx!Deelnemers!D2: onbekende waarde 'ok' voor 'Naam vermelden'; kies uit 'ja', 'nee'",
        "oogst/dag-2.xlsx!Oogst!F3: onbekende organisatie 'Stichting West'; bedoelt u 'Stichting Zuid'?"]
