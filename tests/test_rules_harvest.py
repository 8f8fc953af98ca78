"""oogst/*.xlsx, sheet Oogst: every harvest rule broken once, with its exact message and cell.

The sample (casebuilder.small_case), rows 1-based with the header as row 1:
  dag-1.xlsx  row 2 D1-01 overgenomen (opvang)   row 3 D1-02 samengevoegd met D1-01
              row 4 D1-03 vervolgagenda, buiten de kaders
  dag-2.xlsx  row 2 D2-01 deels overgenomen (inleiding), Plenair   row 3 D2-02 niet overgenomen
Columns: A ID, B Dag, C Sessie, D Thema, E Inbreng, F Ingebracht door, G Soort, H Draagvlak,
I Binnen kaders, J Verwerking, K Onderdeel, L Samengevoegd met, M Toelichting, N Interne notitie.
"""
from __future__ import annotations

import copy

import pytest

from casebuilder import changed
from pipeline.model.plan import Outcome
from pipeline.model.public import public_view

DAY1, DAY2 = "oogst/dag-1.xlsx", "oogst/dag-2.xlsx"


def test_the_valid_harvest_passes(case, passes, plan_of):
    assert passes(case) == []
    plan = plan_of(case)
    assert [i.id for i in plan.harvest] == ["D1-01", "D1-02", "D1-03", "D2-01", "D2-02"]
    merged = plan.harvest[1]
    assert (merged.final_outcome, merged.final_chapter) == (Outcome.ADOPTED, "opvang")


def test_no_harvest_workbooks(case, check_messages):
    del case[DAY1], case[DAY2]
    assert check_messages(case) == ["oogst: geen oogst-werkmappen gevonden (oogst/*.xlsx)"]


def test_missing_sheet_with_suggestion(case, check_messages):
    case[DAY1]["Ogst"] = case[DAY1].pop("Oogst")
    assert check_messages(case) == ["oogst/dag-1.xlsx: werkblad 'Oogst' ontbreekt; bedoelt u 'Ogst'?"]


def test_missing_required_column_with_suggestion(case, check_messages):
    assert check_messages(changed(case, DAY1, "Oogst", 1, "Draagvlak", "Draagvlk")) == [
        "oogst/dag-1.xlsx!Oogst: kolom 'Draagvlak' ontbreekt; bedoelt u 'Draagvlk'?"]


def test_id_unique_across_workbooks(case, check_messages):
    assert check_messages(changed(case, DAY2, "Oogst", 2, "ID", "D1-01")) == [
        "oogst/dag-2.xlsx!Oogst!A2: ID 'D1-01' komt al voor in oogst/dag-1.xlsx!Oogst!A2"]


def test_id_unique_within_a_workbook(case, check_messages):
    assert check_messages(changed(case, DAY2, "Oogst", 3, "ID", "D2-01")) == [
        "oogst/dag-2.xlsx!Oogst!A3: ID 'D2-01' komt al voor in oogst/dag-2.xlsx!Oogst!A2"]


def test_dag_not_a_werkdag(case, check_messages):
    assert check_messages(changed(case, DAY1, "Oogst", 2, "Dag", 3)) == [
        "oogst/dag-1.xlsx!Oogst!B2: dag 3 is geen werkdag uit voordracht.toml (werkdagen: 1, 2)"]


def test_dag_not_a_number(case, check_messages):
    # the row cannot be read; the item merged into it is not reported once more as 'onbekend ID'
    assert check_messages(changed(case, DAY1, "Oogst", 2, "Dag", "een")) == [
        "oogst/dag-1.xlsx!Oogst!B2: 'een' is geen geheel getal"]


@pytest.mark.parametrize("column, letter", [
    ("ID", "A"), ("Dag", "B"), ("Thema", "D"), ("Inbreng", "E"), ("Ingebracht door", "F"),
    ("Soort", "G"), ("Draagvlak", "H"), ("Binnen kaders", "I")])
def test_required_cell_empty(case, check_messages, column, letter):
    assert check_messages(changed(case, DAY2, "Oogst", 3, column, None)) == [
        f"oogst/dag-2.xlsx!Oogst!{letter}3: '{column}' is leeg; dit veld is verplicht"]


def test_unknown_organisation_with_suggestion(case, check_messages):
    case = changed(case, "deelnemers.xlsx", "Deelnemers", 2, "Organisatie", "VluchtelingenWerk")
    case = changed(case, DAY1, "Oogst", 2, "Ingebracht door", "Vluchtelingenwerk")
    case = changed(case, DAY1, "Oogst", 4, "Ingebracht door", "VluchtelingenWerk")
    assert check_messages(case) == [
        "oogst/dag-1.xlsx!Oogst!F2: onbekende organisatie 'Vluchtelingenwerk'; bedoelt u 'VluchtelingenWerk'?"]


def test_unknown_organisation_without_a_close_one(case, check_messages):
    assert check_messages(changed(case, DAY1, "Oogst", 2, "Ingebracht door", "Gemeente")) == [
        "oogst/dag-1.xlsx!Oogst!F2: onbekende organisatie 'Gemeente'; zet haar in deelnemers.xlsx of "
        "gebruik 'Plenair'"]


@pytest.mark.parametrize("typed", ["Plenair", "plenair", " PLENAIR "])
def test_plenair_is_allowed(case, plan_of, typed):
    plan = plan_of(changed(case, DAY1, "Oogst", 2, "Ingebracht door", typed))
    assert plan.harvest[0].organisation == "Plenair"


@pytest.mark.parametrize("column, letter, typed, choices, hint", [
    ("Soort", "G", "ideee", "'idee', 'zorg', 'voorstel', 'vraag'", "; bedoelt u 'idee'?"),
    ("Draagvlak", "H", "unaniem", "'consensus', 'breed', 'verdeeld', 'minderheid'", ""),
    ("Draagvlak", "H", "bred", "'consensus', 'breed', 'verdeeld', 'minderheid'", "; bedoelt u 'breed'?"),
    ("Binnen kaders", "I", "misschien", "'ja', 'nee'", ""),
    ("Verwerking", "J", "overgenomn",
     "'overgenomen', 'deels overgenomen', 'samengevoegd', 'vervolgagenda', 'niet overgenomen'",
     "; bedoelt u 'overgenomen'?"),
])
def test_vocabulary(case, check_messages, column, letter, typed, choices, hint):
    assert check_messages(changed(case, DAY1, "Oogst", 2, column, typed)) == [
        f"oogst/dag-1.xlsx!Oogst!{letter}2: onbekende waarde '{typed}' voor '{column}'; kies uit {choices}{hint}"]


@pytest.mark.parametrize("outcome", ["overgenomen", "deels overgenomen"])
def test_onderdeel_required_with_adopted(case, check_messages, outcome):
    broken = changed(changed(case, DAY1, "Oogst", 2, "Verwerking", outcome), DAY1, "Oogst", 2, "Onderdeel", None)
    if outcome == "deels overgenomen":
        broken = changed(broken, DAY1, "Oogst", 2, "Toelichting", "Alleen een deel.")
    assert check_messages(broken) == [
        f"oogst/dag-1.xlsx!Oogst!K2: 'Onderdeel' is leeg; bij '{outcome}' hoort het hoofdstuk waarin de "
        "inbreng is verwerkt"]


def test_onderdeel_must_be_a_chapter_id_with_suggestion(case, check_messages):
    assert check_messages(changed(case, DAY1, "Oogst", 2, "Onderdeel", "opvangg")) == [
        "oogst/dag-1.xlsx!Oogst!K2: onbekend hoofdstuk 'opvangg'; bedoelt u 'opvang'?"]


def test_onderdeel_must_be_a_chapter_id_listing_them(case, check_messages):
    assert check_messages(changed(case, DAY1, "Oogst", 2, "Onderdeel", "xyz")) == [
        "oogst/dag-1.xlsx!Oogst!K2: onbekend hoofdstuk 'xyz'; bekend zijn 'inleiding', 'opvang'"]


def test_samengevoegd_met_required(case, check_messages):
    assert check_messages(changed(case, DAY1, "Oogst", 3, "Samengevoegd met", None)) == [
        "oogst/dag-1.xlsx!Oogst!L3: 'Samengevoegd met' is leeg; bij 'samengevoegd' hoort het ID van de "
        "inbreng waarmee is samengevoegd"]


def test_samengevoegd_met_unknown_with_suggestion(case, check_messages):
    assert check_messages(changed(case, DAY1, "Oogst", 3, "Samengevoegd met", "D1-1")) == [
        "oogst/dag-1.xlsx!Oogst!L3: onbekend ID 'D1-1'; bedoelt u 'D1-01'?"]


def test_samengevoegd_met_unknown(case, check_messages):
    assert check_messages(changed(case, DAY1, "Oogst", 3, "Samengevoegd met", "X")) == [
        "oogst/dag-1.xlsx!Oogst!L3: onbekend ID 'X'; dit ID staat in geen van de oogst-werkmappen"]


def test_samengevoegd_met_across_workbooks(case, plan_of):
    plan = plan_of(changed(case, DAY1, "Oogst", 3, "Samengevoegd met", "D2-01"))
    assert plan.harvest[1].final_outcome is Outcome.PARTLY_ADOPTED


def test_samengevoegd_met_itself(case, check_messages):
    assert check_messages(changed(case, DAY1, "Oogst", 3, "Samengevoegd met", "D1-02")) == [
        "oogst/dag-1.xlsx!Oogst!L3: een inbreng kan niet met zichzelf worden samengevoegd"]


def test_samengevoegd_met_an_item_that_is_itself_samengevoegd(case, check_messages):
    case = changed(case, DAY1, "Oogst", 4, "Verwerking", "samengevoegd")
    case = changed(case, DAY1, "Oogst", 4, "Samengevoegd met", "D1-02")
    assert check_messages(case) == [
        "oogst/dag-1.xlsx!Oogst!L4: 'D1-02' is zelf samengevoegd (met 'D1-01'); verwijs naar 'D1-01'"]


@pytest.mark.parametrize("rel, row, outcome", [
    (DAY2, 2, "deels overgenomen"), (DAY1, 4, "vervolgagenda"), (DAY2, 3, "niet overgenomen")])
def test_toelichting_required(case, check_messages, rel, row, outcome):
    assert check_messages(changed(case, rel, "Oogst", row, "Toelichting", None)) == [
        f"{rel}!Oogst!M{row}: 'Toelichting' is leeg; bij '{outcome}' hoort een uitleg waarom"]


@pytest.mark.parametrize("outcome", ["overgenomen", "deels overgenomen"])
def test_binnen_kaders_nee_cannot_be_adopted(case, check_messages, outcome):
    broken = changed(case, DAY2, "Oogst", 2, "Binnen kaders", "nee")
    broken = changed(broken, DAY2, "Oogst", 2, "Verwerking", outcome)
    assert check_messages(broken) == [
        f"oogst/dag-2.xlsx!Oogst!J2: inbreng buiten de kaders kan niet '{outcome}' zijn; kies "
        "'vervolgagenda' of 'niet overgenomen'"]


OPEN = ("oogst/dag-1.xlsx!Oogst!J4: nog niet besloten wat er met deze inbreng gebeurt; de voordracht vraagt "
        "een besluit over elke inbreng (alleen de reviewset kan met open punten: make review)")


def test_open_item_refused_for_audience_all(case, check_messages):
    assert check_messages(changed(case, DAY1, "Oogst", 4, "Verwerking", None)) == [OPEN]


def test_open_item_allowed_for_review(case, passes, plan_of):
    open_case = changed(case, DAY1, "Oogst", 4, "Verwerking", None)
    assert passes(open_case, audience="review") == []
    assert plan_of(open_case, audience="review").harvest[2].outcome is Outcome.OPEN


def test_every_open_item_is_reported(case, check_messages):
    open_case = changed(changed(case, DAY1, "Oogst", 4, "Verwerking", None), DAY2, "Oogst", 3, "Verwerking", " ")
    assert check_messages(open_case) == [OPEN, OPEN.replace("dag-1.xlsx!Oogst!J4", "dag-2.xlsx!Oogst!J3")]


def test_a_missing_verwerking_column_leaves_every_item_open(case, passes):
    for rel in (DAY1, DAY2):
        for row in case[rel]["Oogst"]:
            del row[9:13]  # Verwerking, Onderdeel, Samengevoegd met, Toelichting
    assert passes(case, audience="review") == []


def test_items_of_one_workbook_with_two_problems_are_both_reported(case, check_messages):
    broken = changed(changed(case, DAY1, "Oogst", 2, "Soort", "idea"), DAY2, "Oogst", 2, "Dag", 9)
    assert check_messages(broken) == [
        "oogst/dag-1.xlsx!Oogst!G2: onbekende waarde 'idea' voor 'Soort'; kies uit 'idee', 'zorg', "
        "'voorstel', 'vraag'; bedoelt u 'idee'?",
        "oogst/dag-2.xlsx!Oogst!B2: dag 9 is geen werkdag uit voordracht.toml (werkdagen: 1, 2)"]


def test_internal_note_and_session_are_optional(case, passes):
    case = copy.deepcopy(case)
    for row in case[DAY1]["Oogst"]:
        del row[13], row[2]  # Interne notitie, Sessie
    assert passes(case) == []


def test_a_harvest_file_in_another_format_is_reported_not_skipped(case, check_messages):
    case["oogst/dag-3.xls"] = b"\xd0\xcf\x11\xe0 an old workbook"
    case["oogst/~$dag-1.xlsx"] = b"lock"
    assert check_messages(case) == [
        "oogst/dag-3.xls: alleen Excel-werkmappen (.xlsx) worden gelezen; sla dit bestand op als .xlsx, of "
        "haal het uit de map oogst"]


def test_organisation_that_differs_only_in_spaces_is_read_as_that_organisation(case, write, tmp_path):
    from pipeline.build import check_inputs
    case = changed(case, "oogst/dag-1.xlsx", "Oogst", 2, "Ingebracht door", "Stichting\u00a0Noord")
    plan, warnings = check_inputs(write(case))
    assert [str(w) for w in warnings] == [
        "oogst/dag-1.xlsx!Oogst!F2: waarschuwing: 'Stichting\u00a0Noord' is gelezen als 'Stichting Noord' "
        "(de spaties wijken af van deelnemers.xlsx)"]
    assert plan.harvest[0].organisation == "Stichting Noord"
    assert "D1-01" in next(o for o in plan.organisations if o.name == "Stichting Noord").item_ids


# --- the frames rule holds through a merge (issue 10, item 3) -------------------------------------------

@pytest.mark.parametrize("target, outcome", [("D1-01", "overgenomen"), ("D2-01", "deels overgenomen")])
def test_binnen_kaders_nee_cannot_be_merged_with_an_adopted_item(case, check_messages, target, outcome):
    broken = changed(case, DAY1, "Oogst", 3, "Binnen kaders", "nee")
    broken = changed(broken, DAY1, "Oogst", 3, "Samengevoegd met", target)
    assert check_messages(broken) == [
        f"oogst/dag-1.xlsx!Oogst!J3: inbreng buiten de kaders kan niet samengevoegd zijn met '{target}', want die "
        f"is '{outcome}'; kies 'vervolgagenda' of 'niet overgenomen', of voeg haar samen met een inbreng op de "
        "vervolgagenda"]


@pytest.mark.parametrize("target, final", [("D1-03", Outcome.FOLLOW_UP), ("D2-02", Outcome.NOT_ADOPTED)])
def test_binnen_kaders_nee_may_be_merged_with_an_item_that_is_not_adopted(case, plan_of, target, final):
    merged = changed(case, DAY1, "Oogst", 3, "Binnen kaders", "nee")
    merged = changed(merged, DAY1, "Oogst", 3, "Samengevoegd met", target)
    item = plan_of(merged).harvest[1]
    assert (item.within_frames, item.final_outcome) == (False, final)


def test_an_item_merged_with_one_on_the_follow_up_agenda_is_on_it_too(case, plan_of):
    merged = changed(case, DAY1, "Oogst", 3, "Binnen kaders", "nee")
    merged = changed(merged, DAY1, "Oogst", 3, "Samengevoegd met", "D1-03")
    assert [i.id for i in public_view(plan_of(merged)).follow_up] == ["D1-02", "D1-03"]
    # one merged with an adopted item is not, nor is one merged with an item that is not adopted
    assert [i.id for i in public_view(plan_of(case)).follow_up] == ["D1-03"]
    not_adopted = changed(case, DAY1, "Oogst", 3, "Samengevoegd met", "D2-02")
    assert [i.id for i in public_view(plan_of(not_adopted)).follow_up] == ["D1-03"]


# --- what a merged item became, in words a participant understands (issue 10, item 25) -----------------

@pytest.mark.parametrize("target, became", [
    ("D1-01", "dat punt is overgenomen in hoofdstuk 2 Opvang"),
    ("D2-01", "dat punt is deels overgenomen in hoofdstuk 1 Inleiding: Alleen voor nieuwe bewoners."),
    ("D1-03", "dat punt staat op de vervolgagenda: Buiten het kader van 100 plaatsen."),
    ("D2-02", "dat punt is niet overgenomen: Is al geregeld.")])
def test_a_merged_item_says_what_it_was_merged_with_and_what_became_of_that(case, plan_of, target, became):
    texts = {"D1-01": "Kleine locaties", "D2-01": "Een vaste begeleider", "D1-03": "Meer plaatsen",
             "D2-02": "Wie betaalt dit?"}
    view = public_view(plan_of(changed(case, DAY1, "Oogst", 3, "Samengevoegd met", target)))
    assert view.harvest[1].where == (f"samengevoegd met {target} (‘{texts[target]}’), een punt over hetzelfde; "
                                     f"{became}")


def test_a_merged_item_with_an_open_one_says_it_is_still_open(case, plan_of):
    open_case = changed(case, DAY1, "Oogst", 2, "Verwerking", None)
    view = public_view(plan_of(open_case, audience="review"))
    assert view.harvest[1].where == ("samengevoegd met D1-01 (‘Kleine locaties’), een punt over hetzelfde; "
                                     "dat punt is nog in behandeling")


@pytest.mark.parametrize("text, gist", [
    ("Mensen zwerven overdag door de stad met al hun bezittingen in een tas.",
     "Mensen zwerven overdag door de stad met al…"),
    ("Een vaste begeleider per bewoner.", "Een vaste begeleider per bewoner"),
    ("Liever zes locaties van tachtig plaatsen dan twee van tweehonderd",
     "Liever zes locaties van tachtig plaatsen dan twee…"),
    ("Onwaarschijnlijkheidsberekeningsmethodologieën vergelijkingsmogelijkhedenonderzoekers en meer",
     "Onwaarschijnlijkheidsberekeningsmethodologieën…"),
    ("x" * 100, "x" * 60 + "…")])
def test_a_merged_item_names_the_other_in_a_few_words(case, plan_of, text, gist):
    view = public_view(plan_of(changed(case, DAY1, "Oogst", 2, "Inbreng", text)))
    assert view.harvest[1].where.startswith(f"samengevoegd met D1-01 (‘{gist}’), ")
