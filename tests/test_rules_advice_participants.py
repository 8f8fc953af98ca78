"""adviezen.xlsx (Juridisch, Financieel) and deelnemers.xlsx (Deelnemers), every rule broken once.

adviezen.xlsx: A ID, B Onderwerp, C Advies, D Status, E Onderdeel, F Vertrouwelijk, G Adviseur;
  Juridisch rows 2 J-1, 3 J-2 (vertrouwelijk); Financieel row 2 F-1.
deelnemers.xlsx: A Naam, B Organisatie, C E-mail, D Naam vermelden, E Reviewexemplaar;
  row 2 Anne de Vries (Stichting Noord), rows 3, 4 Stichting Zuid.
"""
from __future__ import annotations

import dataclasses

import pytest

from casebuilder import changed
from pipeline.base.collation import sorted_names
from pipeline.model.public import PublicAdvice, public_view

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


# --- one person, one count, one answer (issue 10, item 8) ---------------------------------------------

def _with_people(case, *rows):
    case[PEOPLE]["Deelnemers"] += [list(r) for r in rows]
    return case


@pytest.mark.parametrize("row", [
    ("Anne de Vries", "Stichting Noord", " ANNE@example.org", "ja", "nee"),  # the same e-mail, any case
    ("anne  de vries", "Stichting Noord", None, "ja", "nee"),  # no e-mail: the same name, any case and spacing
])
def test_one_person_on_two_rows_is_counted_and_named_once(case, plan_of, row):
    plan = plan_of(_with_people(case, row))
    public = public_view(plan)
    assert plan.figures.participants == 3
    assert [(o.name, o.participants) for o in plan.organisations] == [("Stichting Noord", 1), ("Stichting Zuid", 2)]
    assert [(p.name, p.organisation) for p in public.named_participants] == [
        ("Anne de Vries", "Stichting Noord"), ("Kees Mol", "Stichting Zuid")]
    assert public.unnamed_participants == 1


def test_conflicting_consent_of_one_person_is_a_problem_at_both_cells(case, check_messages):
    case = _with_people(case, ("A. de Vries", "Stichting Noord", "Anne@Example.org", "nee", "ja"))
    assert check_messages(case) == [
        "deelnemers.xlsx!Deelnemers!D2: dezelfde deelnemer (zelfde e-mailadres) staat ook op "
        "deelnemers.xlsx!Deelnemers!D5 met 'Naam vermelden' = 'nee'; geef op elke rij van deze persoon hetzelfde "
        "antwoord",
        "deelnemers.xlsx!Deelnemers!D5: dezelfde deelnemer (zelfde e-mailadres) staat ook op "
        "deelnemers.xlsx!Deelnemers!D2 met 'Naam vermelden' = 'ja'; geef op elke rij van deze persoon hetzelfde "
        "antwoord"]


def test_conflicting_consent_by_name_when_a_row_has_no_e_mail(case, check_messages):
    case = _with_people(case, ("Piet Bakker", "Stichting Noord", "piet@example.org", "ja", "nee"))
    assert check_messages(case) == [
        "deelnemers.xlsx!Deelnemers!D3: dezelfde deelnemer (zelfde naam) staat ook op deelnemers.xlsx!Deelnemers!D5 "
        "met 'Naam vermelden' = 'ja'; geef op elke rij van deze persoon hetzelfde antwoord",
        "deelnemers.xlsx!Deelnemers!D5: dezelfde deelnemer (zelfde naam) staat ook op deelnemers.xlsx!Deelnemers!D3 "
        "met 'Naam vermelden' = 'nee'; geef op elke rij van deze persoon hetzelfde antwoord"]


def test_a_namesake_who_consented_is_not_named_either(case, check_messages, plan_of):
    case[PEOPLE]["Deelnemers"][2][2] = "piet@zuid.example.org"
    case = _with_people(case, ("Piet Bakker", "Stichting Noord", "piet@noord.example.org", "ja", "ja"))
    assert check_messages(case) == [
        "deelnemers.xlsx!Deelnemers!D5: waarschuwing: een naamgenoot (deelnemers.xlsx!Deelnemers!A3) wil niet bij "
        "naam genoemd worden; daarom wordt ook deze deelnemer niet bij naam genoemd"]
    plan = plan_of(case)
    assert plan.figures.participants == 4  # two people of the same name
    assert "Piet Bakker" not in [p.name for p in public_view(plan).named_participants]
    assert public_view(plan).unnamed_participants == 2


@pytest.mark.parametrize("organisation", ["Joost Klaver", "JOOST  KLAVER"])
def test_an_organisation_that_is_the_name_of_a_person_without_consent_is_not_named(case, plan_of, organisation):
    case = _with_people(case, ("Joost Klaver", organisation, "joost@example.org", "nee", "ja"))
    case["oogst/dag-2.xlsx"]["Oogst"].append(
        ["D2-03", 2, None, "Werk", "Werk mogelijk maken", organisation, "idee", "breed", "ja", "niet overgenomen",
         None, None, "Geen ruimte.", None])
    plan = plan_of(case)
    own = next(o for o in plan.organisations if o.name == organisation)
    assert (own.shown_as, own.slug, own.item_ids) == ("Deelnemer op persoonlijke titel",
                                                      "deelnemer-op-persoonlijke-titel", ("D2-03",))
    public = public_view(plan)
    assert "klaver" not in repr(public).casefold()  # no public field, file name or figure names them
    assert next(i for i in public.harvest if i.id == "D2-03").organisation == "Deelnemer op persoonlijke titel"
    assert "Deelnemer op persoonlijke titel" in [c.label for c in public.figures.per_organisation]


def test_two_people_on_their_own_get_two_copies_with_plain_names(case, plan_of):
    case = _with_people(case, ("Joost Klaver", "Joost Klaver", None, "nee", "ja"),
                        ("Aïsha Amrani", "Aïsha Amrani", None, "nee", "ja"))
    plan = plan_of(case)
    assert sorted(o.slug for o in plan.organisations if o.shown_as != o.name) == [
        "deelnemer-op-persoonlijke-titel", "deelnemer-op-persoonlijke-titel-2"]


# --- one order for names (issue 10, item 19) ----------------------------------------------------------

DUTCH_ORDER = ["Ärzte zonder Grenzen", "askv", "de Regenboog", "Ideaal", "IJsselgroep", "Stichting Noord",
               "Stichting Zuid", "Zorgnet"]


def test_names_are_in_one_dutch_order_everywhere(case, plan_of):
    """Case and accents break ties only; the same order for organisations, figures and named people."""
    added = [o for o in DUTCH_ORDER if not o.startswith("Stichting")]
    for n, name in enumerate(reversed(added)):
        case = _with_people(case, (f"Persoon {n}", name, None, "ja", "ja"))
        case["oogst/dag-2.xlsx"]["Oogst"].append(
            [f"D2-1{n}", 2, None, "Werk", "Iets", name, "idee", "breed", "ja", "niet overgenomen", None, None,
             "Geen ruimte.", None])
    case = _with_people(case, ("anna Zwart", "Stichting Zuid", None, "ja", "nee"))
    plan = plan_of(case)
    public = public_view(plan)
    assert [o.name for o in plan.organisations] == DUTCH_ORDER
    assert [o.name for o in public.organisations] == DUTCH_ORDER  # the copies are made in this order
    assert [c.label for c in plan.figures.per_organisation] == [*DUTCH_ORDER[:5], "Plenair", *DUTCH_ORDER[5:]]
    assert [(p.organisation, p.name) for p in public.named_participants] == [
        ("Ärzte zonder Grenzen", "Persoon 5"), ("askv", "Persoon 4"), ("de Regenboog", "Persoon 3"),
        ("Ideaal", "Persoon 2"), ("IJsselgroep", "Persoon 1"), ("Stichting Noord", "Anne de Vries"),
        ("Stichting Zuid", "anna Zwart"), ("Stichting Zuid", "Kees Mol"), ("Zorgnet", "Persoon 0")]


@pytest.mark.parametrize("names, expected", [
    (["Zeeburg", "één", "Een", "een", "Eén"], ["een", "Een", "Eén", "één", "Zeeburg"]),
    (["Stichting 2", "Stichting-1", "Stichting 10", "Øst", "Oost", "Ölmühle"],
     ["Ölmühle", "Oost", "Øst", "Stichting 10", "Stichting 2", "Stichting-1"]),
])
def test_the_collation_breaks_ties_by_accent_then_case(names, expected):
    assert sorted_names(names) == expected


# --- public advice is numbered on its own (issue 10, item 24) -------------------------------------------

def test_public_advice_is_numbered_without_the_gaps_of_confidential_advice(case, plan_of):
    public = public_view(plan_of(case))  # J-1 public, J-2 confidential, F-1 public
    assert [(a.number, a.subject) for a in public.advice] == [(1, "Aanbesteding"), (2, "Dekking")]
    assert "id" not in {f.name for f in dataclasses.fields(PublicAdvice)}


def test_public_advice_numbering_starts_at_one_after_confidential_advice(case, plan_of):
    case = changed(case, ADVICE, "Juridisch", 2, "Vertrouwelijk", "ja")
    public = public_view(plan_of(case))
    assert [(a.number, a.subject) for a in public.advice] == [(1, "Dekking")]
