"""The rules for reacties.xlsx and the record in every build and check, each with its exact message."""
from __future__ import annotations

import copy
import datetime as dt
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from casebuilder import changed
from pipeline.base.problems import Problems
from pipeline.model.plan import Consequence
from pipeline.model.public import public_view
from pipeline.reading.reactions import read_reactions
from pipeline.roundtrip.workbook import Lists, NewRow, reactions_workbook
from round_case import recorded

FILE = "reacties.xlsx"
HEADER = ["ID", "Ontvangen", "Van", "Onderdeel", "Passage", "Reactie", "Bron", "Antwoord", "Gevolg", "Wijziging",
          "Interne notitie"]
OPEN = "de voordracht vraagt een antwoord op elke reactie (alleen de reviewset kan met open reacties: make review)"


def with_reactions(case: dict, *rows: list) -> dict:
    """`case` after `make verzenden` (with its record, as reactions come after it) with `rows` in reacties.xlsx."""
    case = copy.deepcopy(case)
    case[FILE] = {"Reacties": [list(HEADER), *map(list, rows)]}
    return recorded(case)


def row(**values) -> list:
    """A complete, answered reaction, with `values` (by column name) changed."""
    base = {"ID": "R-001", "Ontvangen": dt.datetime(2021, 2, 20), "Van": "Stichting Noord", "Onderdeel": "opvang",
            "Passage": "Kleine locaties", "Reactie": "Graag ook grote.", "Bron": "e-mail",
            "Antwoord": "Dat doen we niet.", "Gevolg": "niet aangepast", "Wijziging": None, "Interne notitie": None}
    return [values.get(k, base[k]) for k in HEADER]


def test_no_reacties_xlsx_no_record_and_the_plan_is_as_before(case, plan_of):
    plan = plan_of(case)
    assert plan.reactions == () and plan.record is None and public_view(plan).reactions == ()
    assert plan.case_id.startswith("PA-")


def test_answered_reactions_pass_and_reach_the_plan(case, plan_of):
    plan = plan_of(with_reactions(case, row(), row(ID="R-002", Van="Anne de Vries", Onderdeel="Algemeen",
                                                   Gevolg="plan aangepast", Wijziging="Zin toegevoegd.")))
    assert [(r.id, r.received, r.sender, r.organisation, r.chapter, r.consequence) for r in plan.reactions] == [
        ("R-001", dt.date(2021, 2, 20), "Stichting Noord", "Stichting Noord", "opvang", Consequence.NOT_CHANGED),
        ("R-002", dt.date(2021, 2, 20), "Anne de Vries", "Stichting Noord", "algemeen", Consequence.CHANGED)]


def test_required_columns(case, check_messages):
    case = with_reactions(case, row())
    case[FILE]["Reacties"] = [[c for c in r if c != "Reactie"] for r in case[FILE]["Reacties"]][:1]
    assert check_messages(case) == [f"{FILE}!Reacties: kolom 'Reactie' ontbreekt"]


def test_an_empty_required_cell(case, check_messages):
    assert check_messages(with_reactions(case, row(Reactie=None))) == [
        f"{FILE}!Reacties!F2: 'Reactie' is leeg; dit veld is verplicht"]


@pytest.mark.parametrize("typed, expected", [("20-2-2021", dt.date(2021, 2, 20)), ("2021-02-20", dt.date(2021, 2, 20)),
                                             (dt.datetime(2021, 2, 20, 14, 30), dt.date(2021, 2, 20))])
def test_ontvangen_a_date_or_a_date_typed_as_text(case, plan_of, typed, expected):
    assert plan_of(with_reactions(case, row(Ontvangen=typed))).reactions[0].received == expected


@pytest.mark.parametrize("typed", ["gisteren", "31-2-2021", 44250])
def test_ontvangen_that_is_no_date(case, check_messages, typed):
    assert check_messages(with_reactions(case, row(Ontvangen=typed))) == [
        f"{FILE}!Reacties!B2: '{typed}' is geen datum; typ een datum, zoals 26-2-2021"]


def test_a_reaction_after_the_deadline_is_a_warning(case, check_messages):
    assert check_messages(with_reactions(case, row(Ontvangen=dt.datetime(2021, 2, 27)))) == [
        f"{FILE}!Reacties!B2: waarschuwing: ontvangen op 27 februari 2021, na de reactietermijn (tot en met 26 "
        "februari 2021); de reactie telt gewoon mee"]
    assert check_messages(with_reactions(case, row(Ontvangen=dt.datetime(2021, 2, 26)))) == []  # on the day: fine


@pytest.mark.parametrize("values, expected", [
    ({"Antwoord": None, "Gevolg": None}, "H2: deze reactie heeft nog geen antwoord en geen gevolg; "),
    ({"Antwoord": None}, "H2: deze reactie heeft nog geen antwoord; "),
    ({"Gevolg": None}, "I2: deze reactie heeft nog geen gevolg; "),
])
def test_an_open_reaction_blocks_the_proposal_but_not_the_review_set(case, check_messages, values, expected):
    case = with_reactions(case, row(**values))
    assert check_messages(case) == [f"{FILE}!Reacties!{expected}{OPEN}"]
    assert check_messages(case, "review") == []


def test_van_must_be_an_organisation_or_a_participant(case, check_messages):
    assert check_messages(with_reactions(case, row(Van="Stichting Nord"), row(ID="R-002", Van="Gemeente"))) == [
        f"{FILE}!Reacties!C2: onbekende afzender 'Stichting Nord'; bedoelt u 'Stichting Noord'?",
        f"{FILE}!Reacties!C3: onbekende afzender 'Gemeente'; 'Van' is een organisatie of de naam van een deelnemer "
        "uit deelnemers.xlsx"]


def test_onderdeel_must_be_a_chapter_or_algemeen(case, check_messages):
    assert check_messages(with_reactions(case, row(Onderdeel="opvangen"), row(ID="R-002", Onderdeel="begroting"))) == [
        f"{FILE}!Reacties!D2: onbekend onderdeel 'opvangen'; bedoelt u 'opvang'?",
        f"{FILE}!Reacties!D3: onbekend onderdeel 'begroting'; kies een hoofdstuk-id ('inleiding', 'opvang') of "
        "'algemeen'"]


def test_gevolg_is_a_closed_vocabulary(case, check_messages):
    assert check_messages(with_reactions(case, row(Gevolg="aangepast"))) == [
        f"{FILE}!Reacties!I2: onbekende waarde 'aangepast' voor 'Gevolg'; kies uit 'plan aangepast', 'niet "
        "aangepast', 'vervolgagenda', 'ter kennisname'; bedoelt u 'plan aangepast'?"]


def test_plan_aangepast_needs_wijziging(case, check_messages):
    assert check_messages(with_reactions(case, row(Gevolg="plan aangepast"))) == [
        f"{FILE}!Reacties!J2: 'Wijziging' is leeg; bij 'plan aangepast' hoort wat er in het plan is veranderd"]
    assert check_messages(with_reactions(case, row(Gevolg="Plan Aangepast", Wijziging="Zin erbij."))) == []


def test_a_duplicate_id_is_a_problem_at_the_second_cell(case, check_messages):
    assert check_messages(with_reactions(case, row(), row(Reactie="Nog iets."), row(ID="R-003"))) == [
        f"{FILE}!Reacties!A3: ID 'R-001' komt al voor in {FILE}!Reacties!A2"]


def test_a_participant_without_consent_is_shown_as_their_organisation(case, plan_of):
    """Piet Bakker (Stichting Zuid) did not consent; Anne de Vries did."""
    plan = plan_of(with_reactions(case, row(Van="Piet Bakker", **{"Interne notitie": "Piet belt nog"}),
                                  row(ID="R-002", Van="Anne de Vries"), row(ID="R-003", Van="Stichting Zuid")))
    public = public_view(plan).reactions
    assert [(r.sender, r.organisation) for r in public] == [("Stichting Zuid", "Stichting Zuid"),
                                                            ("Anne de Vries", "Stichting Noord"),
                                                            ("Stichting Zuid", "Stichting Zuid")]
    assert "internal_note" not in public[0].__dataclass_fields__ and "origin" not in public[0].__dataclass_fields__
    assert plan.reactions[0].internal_note == "Piet belt nog"


def test_an_organisation_named_after_a_person_without_consent_is_not_named(case, plan_of):
    case = changed(case, "deelnemers.xlsx", "Deelnemers", 3, "Organisatie", "Piet Bakker")
    case = changed(case, "oogst/dag-1.xlsx", "Oogst", 3, "Ingebracht door", "Piet Bakker")
    case = changed(case, "oogst/dag-2.xlsx", "Oogst", 3, "Ingebracht door", "Piet Bakker")
    public = public_view(plan_of(with_reactions(case, row(Van="Piet Bakker")))).reactions
    assert (public[0].sender, public[0].organisation) == ("Deelnemer op persoonlijke titel",
                                                          "Deelnemer op persoonlijke titel")


RENAME = ("lukt dat niet, geef het dan een andere naam (zoals plan-kapot.json) en leg de verzending opnieuw vast "
          "met make verzenden OPNIEUW=1")


def test_a_damaged_record_is_a_problem(case, write, check_messages):
    inputs = write(case)
    (inputs / "verzonden").mkdir()
    (inputs / "verzonden" / "plan.json").write_text('{"chapters": [', encoding="utf-8")
    assert check_messages(inputs) == [
        "verzonden/plan.json: kan de vastgelegde verzending niet lezen (geen geldige JSON); zet het bestand terug "
        f"uit een back-up; {RENAME}"]
    (inputs / "verzonden" / "plan.json").write_text(json.dumps({"chapters": []}), encoding="utf-8")
    assert check_messages(inputs) == [
        "verzonden/plan.json: kan de vastgelegde verzending niet lezen (een veld ontbreekt of is veranderd: "
        f"'Plan.proposal'); zet het bestand terug uit een back-up; {RENAME}"]


# --- the workbook keeps text as typed ----------------------------------------------------------------------

TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\x01\x02\x03\x04\x05\x06\x07"
                                                                                  "\x08\x0b\x0c\x0e\x0f\x10\x11\x12"
                                                                                  "\x13\x14\x15\x16\x17\x18\x19\x1a"
                                                                                  "\x1b\x1c\x1d\x1e\x1f\r\ufffe\uffff"),
               min_size=1, max_size=60).filter(lambda t: t.strip())


@given(text=TEXT, passage=TEXT)
@settings(max_examples=40, deadline=None)
def test_a_reaction_reaches_the_workbook_and_comes_back_exactly_as_typed(tmp_path_factory, text, passage):
    """Formulas (`=...`), Excel's escapes (`_x000B_`), emoji, right-to-left text: text stays text."""
    folder = tmp_path_factory.mktemp("typed")
    data = reactions_workbook(None, [NewRow("R-001", dt.date(2021, 2, 20), "Stichting Noord", "opvang", passage,
                                            text, "e-mail")], Lists(("Stichting Noord",), ("opvang",)), "Reacties",
                              dt.datetime(2021, 2, 15))
    (folder / FILE).write_bytes(data)
    problems = Problems()
    (reaction,) = read_reactions(folder, problems)
    assert (reaction.text, reaction.passage) == (text.strip(), passage.strip())
    assert [p for p in problems.items if p.severity.value == "probleem"] == []
