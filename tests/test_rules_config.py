"""voordracht.toml: every rule broken once, with its exact message and location."""
from __future__ import annotations

import copy

import pytest

FILE = "voordracht.toml"


def edited(case: dict, old: str, new: str) -> dict:
    """A copy of `case` whose voordracht.toml has `old` (which must occur once) replaced by `new`."""
    text = case[FILE]
    assert text.count(old) == 1, f"{old!r} must occur once in the sample voordracht.toml"
    new_case = copy.deepcopy(case)
    new_case[FILE] = text.replace(old, new)
    return new_case


def test_the_valid_settings_pass(case, passes, plan_of):
    assert passes(case) == []
    plan = plan_of(case)
    assert plan.frames.places == 100
    assert [d.day for d in plan.days] == [1, 2]
    assert [d.number for d in plan.decisions] == [1, 2, 3]


def test_missing_file(case, check_messages):
    del case[FILE]
    assert check_messages(case) == ["voordracht.toml: bestand ontbreekt"]


def test_syntax_error_names_its_line(case, check_messages):
    broken = edited(case, 'portefeuille = "Vreemdelingenbeleid"', 'portefeuille = "Vreemdelingenbeleid')
    assert check_messages(broken) == ["voordracht.toml:3: de TOML-opmaak klopt niet: de regel eindigt midden in een tekst; "
                                      "sluit de aanhalingstekens"]


def test_syntax_error_in_a_later_line(case, check_messages):
    broken = edited(case, "plaatsen = 100", "plaatsen = ")
    assert check_messages(broken) == ["voordracht.toml:11: de TOML-opmaak klopt niet: ongeldige waarde (tekst tussen "
                                      "aanhalingstekens, datums als JJJJ-MM-DD)"]


def test_not_utf8(case, check_messages):
    case[FILE] = case[FILE].replace("Jansen", "Jänsen").encode("latin-1")
    assert check_messages(case) == ["voordracht.toml: het bestand is geen UTF-8-tekst; sla het op als UTF-8"]


def test_a_byte_order_mark_is_accepted(case, passes):
    """Windows Notepad saves UTF-8 with a BOM; that is still UTF-8."""
    case[FILE] = "\ufeff" + case[FILE]
    assert passes(case) == []


@pytest.mark.parametrize("key, line", [
    ("onderwerp", 'onderwerp = "Vaststellen Uitvoeringsplan opvang"\n'),
    ("portefeuille", 'portefeuille = "Vreemdelingenbeleid"\n'),
    ("portefeuillehouder", 'portefeuillehouder = "Wethouder A. Jansen"\n'),
    ("datum_college", "datum_college = 2021-03-02\n"),
    ("behandeld_door", 'behandeld_door = "Programmateam Opvang"\n'),
])
def test_missing_required_key(case, check_messages, key, line):
    assert check_messages(edited(case, line, "")) == [
        f"voordracht.toml: voordracht.{key}: ontbreekt; deze instelling is verplicht"]


def test_optional_keys_may_be_left_out(case, passes):
    case = edited(case, 'agendapunt = "7"\n', "")
    assert passes(edited(case, 'registratienummer = "2021-0042"\n', "")) == []


def test_missing_frame_key(case, check_messages):
    assert check_messages(edited(case, "max_verblijf_maanden = 12\n", "")) == [
        "voordracht.toml: kaders.max_verblijf_maanden: ontbreekt; deze instelling is verplicht"]


def test_wrong_type_whole_number(case, check_messages):
    assert check_messages(edited(case, "plaatsen = 100", 'plaatsen = "honderd"')) == [
        "voordracht.toml: kaders.plaatsen: moet een geheel getal groter dan 0 zijn, niet 'honderd'"]


def test_whole_number_must_be_more_than_zero(case, check_messages):
    assert check_messages(edited(case, "plaatsen = 100", "plaatsen = 0")) == [
        "voordracht.toml: kaders.plaatsen: moet een geheel getal groter dan 0 zijn, niet 0"]


def test_wrong_type_date_in_quotes(case, check_messages):
    assert check_messages(edited(case, "datum_college = 2021-03-02", 'datum_college = "2021-03-02"')) == [
        "voordracht.toml: voordracht.datum_college: moet een datum (JJJJ-MM-DD, zonder aanhalingstekens) "
        "zijn, niet '2021-03-02'"]


def test_wrong_type_text(case, check_messages):
    assert check_messages(edited(case, 'onderwerp = "Vaststellen Uitvoeringsplan opvang"', "onderwerp = 12")) == [
        "voordracht.toml: voordracht.onderwerp: moet tekst zijn, niet 12"]


def test_wrong_type_in_an_array_of_tables(case, check_messages):
    assert check_messages(edited(case, "dag = 2", 'dag = "twee"')) == [
        "voordracht.toml: werkdag[2].dag: moet een geheel getal groter dan 0 zijn, niet 'twee'"]


def test_budget_must_be_years_with_amounts(case, check_messages):
    assert check_messages(edited(case, "budget = { 2021 = 1_000_000, 2022 = 1_200_000 }", "budget = {}")) == [
        "voordracht.toml: kaders.budget: moet een lijst van jaren met bedragen, zoals { 2019 = 11_500_000 } "
        "zijn, niet een lege tabel"]


def test_budget_key_must_be_a_year(case, check_messages):
    assert check_messages(edited(case, "2022 = 1_200_000", "twee = 1_200_000")) == [
        "voordracht.toml: kaders.budget.twee: 'twee' is geen jaartal"]


def test_budget_amount_must_not_be_negative(case, check_messages):
    assert check_messages(edited(case, "2022 = 1_200_000", "2022 = -1")) == [
        "voordracht.toml: kaders.budget.2022: moet een heel bedrag in euro's zijn, 0 of meer, zonder punt of "
        "komma (zoals 11_500_000), niet -1"]


def test_budget_amount_with_a_thousands_point_is_refused(case, check_messages):
    assert check_messages(edited(case, "2022 = 1_200_000", "2022 = 1.200")) == [
        "voordracht.toml: kaders.budget.2022: moet een heel bedrag in euro's zijn, 0 of meer, zonder punt of "
        "komma (zoals 11_500_000), niet 1.2 (een getal met een punt; schrijf duizendtallen als 1_000)"]


def test_unknown_key_with_suggestion(case, check_messages):
    assert check_messages(edited(case, 'agendapunt = "7"', 'agendapunten = "7"')) == [
        "voordracht.toml: voordracht.agendapunten: onbekende instelling 'agendapunten'; bedoelt u 'agendapunt'?"]


def test_unknown_key_in_an_array_of_tables(case, check_messages):
    assert check_messages(edited(case, 'stap = "Concept naar deelnemers"',
                                 'stap = "Concept naar deelnemers"\nuitleg = "x"')) == [
        "voordracht.toml: vervolgstap[1].uitleg: onbekende instelling 'uitleg'; mogelijk zijn 'datum', 'stap', "
        "'toelichting'"]


def test_misspelt_section_is_unknown_and_the_real_one_missing(case, check_messages):
    assert check_messages(edited(case, "[review]", "[reveiw]")) == [
        "voordracht.toml: reveiw: onbekende instelling 'reveiw'; bedoelt u 'review'?",
        "voordracht.toml: review: de sectie [review] ontbreekt"]


def test_missing_section(case, check_messages):
    kaders = ("[kaders]\nplaatsen = 100\nmax_verblijf_maanden = 12\n"
              "budget = { 2021 = 1_000_000, 2022 = 1_200_000 }\n")
    assert check_messages(edited(case, kaders, "")) == ["voordracht.toml: kaders: de sectie [kaders] ontbreekt"]


def test_besluit_missing(case, check_messages):
    decisions = ('[[besluit]]\ntekst = "in te stemmen met het Uitvoeringsplan opvang;"\n\n'
                 '[[besluit]]\ntekst = "kennis te nemen van de reacties van de deelnemers."\n\n'
                 '[[besluit]]\ntekst = "geheimhouding op te leggen op de vertrouwelijke bijlage (artikel 25 '
                 'Gemeentewet)."\n')
    assert check_messages(edited(case, decisions, "")) == [
        "voordracht.toml: besluit: minstens één [[besluit]] is nodig"]


def test_werkdag_missing(case, check_messages):
    days = ('[[werkdag]]\ndag = 1\ndatum = 2021-01-12\nthema = "Verkennen"\n\n'
            '[[werkdag]]\ndag = 2\ndatum = 2021-01-19\nthema = "Uitwerken"\n')
    assert check_messages(edited(case, days, "")) == [
        "voordracht.toml: werkdag: minstens één [[werkdag]] is nodig"]


def test_werkdag_twice(case, check_messages):
    # both workshop days now say dag 1, so the harvest's day-2 items are not on a workshop day either
    assert check_messages(edited(case, "dag = 2", "dag = 1")) == [
        "voordracht.toml: werkdag[2]: werkdag 1 staat twee keer in de instellingen (ook werkdag[1])",
        "oogst/dag-2.xlsx!Oogst!B2: dag 2 is geen werkdag uit voordracht.toml (werkdagen: 1)",
        "oogst/dag-2.xlsx!Oogst!B3: dag 2 is geen werkdag uit voordracht.toml (werkdagen: 1)"]


def test_vervolgstap_out_of_date_order(case, check_messages):
    broken = edited(case, 'datum = 2021-03-02\nstap = "Besluit', 'datum = 2021-02-01\nstap = "Besluit')
    assert check_messages(broken) == [
        "voordracht.toml: vervolgstap[2]: vervolgstap 'Besluit college van B&W' (2021-02-01) staat vóór "
        "'Concept naar deelnemers' (2021-02-15); zet ze op datumvolgorde"]


@pytest.mark.parametrize("deadline", ["2021-02-10", "2021-02-14", "2021-01-01"])
def test_reactie_tot_before_verzonden(case, check_messages, deadline):
    assert check_messages(edited(case, "reactie_tot = 2021-02-26", f"reactie_tot = {deadline}")) == [
        "voordracht.toml: review.reactie_tot: de reactietermijn eindigt vóór de verzenddatum"]


# The dates run in order: workshop days (2021-01-12, 2021-01-19), verzonden (2021-02-15),
# reactie_tot (2021-02-26), datum_college (2021-03-02). Reversed is a problem, the same day a warning.

@pytest.mark.parametrize("date, day, day_date", [("2021-01-15", 2, "2021-01-19"), ("2021-01-01", 1, "2021-01-12"),
                                                  ("2021-01-12", 2, "2021-01-19")])
def test_datum_college_before_a_workshop_day(case, check_messages, date, day, day_date):
    assert check_messages(edited(case, "datum_college = 2021-03-02", f"datum_college = {date}")) == [
        f"voordracht.toml: voordracht.datum_college: het college besluit ({date}) vóór werkdag {day} ({day_date}); "
        "het besluit komt na de werkdagen en de reactieronde"]


@pytest.mark.parametrize("date", ["2021-02-20", "2021-02-16", "2021-02-25"])
def test_datum_college_before_reactie_tot(case, check_messages, date):
    assert check_messages(edited(case, "datum_college = 2021-03-02", f"datum_college = {date}")) == [
        f"voordracht.toml: voordracht.datum_college: het college besluit ({date}) vóór het einde van de "
        "reactietermijn (review.reactie_tot: 2021-02-26); het besluit komt pas als de reacties binnen en "
        "beantwoord zijn"]


def test_datum_college_on_the_deadline_is_a_warning(case, passes):
    assert passes(edited(case, "datum_college = 2021-03-02", "datum_college = 2021-02-26")) == [
        "voordracht.toml: voordracht.datum_college: waarschuwing: het college besluit op de laatste dag van de "
        "reactietermijn (2021-02-26); er is dan geen tijd om de reacties te beantwoorden"]


@pytest.mark.parametrize("date", ["2021-01-15", "2021-01-10"])
def test_verzonden_before_a_workshop_day(case, check_messages, date):
    broken = edited(case, "verzonden = 2021-02-15", f"verzonden = {date}")
    assert check_messages(broken) == [
        f"voordracht.toml: review.verzonden: het concept wordt verzonden ({date}) vóór werkdag 2 (2021-01-19); "
        "het bevat de oogst van alle werkdagen en gaat pas na de laatste werkdag weg"]


def test_verzonden_is_checked_against_the_latest_day_whatever_its_place_in_the_file(case, check_messages):
    swapped = edited(edited(case, "datum = 2021-01-12", "datum = 2021-01-29"),
                     "verzonden = 2021-02-15", "verzonden = 2021-01-20")
    assert check_messages(swapped) == [
        "voordracht.toml: review.verzonden: het concept wordt verzonden (2021-01-20) vóór werkdag 1 (2021-01-29); "
        "het bevat de oogst van alle werkdagen en gaat pas na de laatste werkdag weg"]


def test_verzonden_on_the_last_workshop_day_is_a_warning(case, passes):
    assert passes(edited(case, "verzonden = 2021-02-15", "verzonden = 2021-01-19")) == [
        "voordracht.toml: review.verzonden: waarschuwing: het concept wordt verzonden op de dag van werkdag 2 "
        "(2021-01-19); is de oogst van die dag dan al verwerkt?"]


def test_reactie_tot_on_verzonden_is_a_warning(case, passes):
    assert passes(edited(case, "reactie_tot = 2021-02-26", "reactie_tot = 2021-02-15")) == [
        "voordracht.toml: review.reactie_tot: waarschuwing: de reactietermijn eindigt op de verzenddatum "
        "(2021-02-15); de deelnemers hebben geen tijd om te reageren"]


def test_every_date_out_of_order_is_reported_in_one_run(case, check_messages):
    broken = edited(edited(case, "verzonden = 2021-02-15", "verzonden = 2021-01-15"),
                    "datum_college = 2021-03-02", "datum_college = 2021-02-01")
    assert check_messages(broken) == [
        "voordracht.toml: review.verzonden: het concept wordt verzonden (2021-01-15) vóór werkdag 2 (2021-01-19); "
        "het bevat de oogst van alle werkdagen en gaat pas na de laatste werkdag weg",
        "voordracht.toml: voordracht.datum_college: het college besluit (2021-02-01) vóór het einde van de "
        "reactietermijn (review.reactie_tot: 2021-02-26); het besluit komt pas als de reacties binnen en "
        "beantwoord zijn"]


@pytest.mark.parametrize("contact, reason", [
    ("Team Opvang", "er staat geen @ in"),
    # the sender of the e-mail drafts: an address a mail program cannot send from is refused too (issue 13)
    ("opvang@example", "het deel na de @ ('example') heeft geen punt, zoals in example.nl"),
    ("Team Opvang <opvang@example.org>", "typ alleen het adres, zonder naam of punthaken: 'opvang@example.org'"),
])
def test_contact_must_be_an_email_address(case, check_messages, contact, reason):
    assert check_messages(edited(case, 'contact = "opvang@example.org"', f'contact = "{contact}"')) == [
        f"voordracht.toml: review.contact: '{contact}' is geen e-mailadres: {reason}"]


def test_missing_key_in_an_array_of_tables(case, check_messages):
    assert check_messages(edited(case, 'thema = "Uitwerken"\n', "")) == [
        "voordracht.toml: werkdag[2].thema: ontbreekt; deze instelling is verplicht"]


def test_vervolgstap_missing(case, check_messages):
    steps = ('[[vervolgstap]]\ndatum = 2021-02-15\nstap = "Concept naar deelnemers"\n\n'
             '[[vervolgstap]]\ndatum = 2021-03-02\nstap = "Besluit college van B&W"\n'
             'toelichting = "Het college besluit over het plan."\n')
    assert check_messages(edited(case, steps, "")) == [
        "voordracht.toml: vervolgstap: minstens één [[vervolgstap]] is nodig"]


# --- a confidential attachment and a secrecy decision point go together (issue 10, item 23) ----------

SECRECY = '[[besluit]]\ntekst = "geheimhouding op te leggen op de vertrouwelijke bijlage (artikel 25 Gemeentewet)."\n'
ADD_SECRECY = ('; voeg een [[besluit]] toe, zoals: tekst = "op grond van artikel 25, tweede lid, van de Gemeentewet '
               'geheimhouding op te leggen op de vertrouwelijke bijlage;"')


def _without_confidential_content(case: dict) -> dict:
    case = copy.deepcopy(case)
    case["begroting.xlsx"]["Locaties"][1:] = []
    case["adviezen.xlsx"]["Juridisch"][2][5] = "nee"
    return case


def test_confidential_content_without_a_secrecy_decision_point(case, check_messages):
    assert check_messages(edited(case, SECRECY, "")) == [
        "voordracht.toml: besluit: er komt een vertrouwelijke bijlage (2 locaties en 1 vertrouwelijk advies), maar "
        "geen besluitpunt legt er geheimhouding op" + ADD_SECRECY]


def test_locations_alone_need_a_secrecy_decision_point_too(case, check_messages):
    case["adviezen.xlsx"]["Juridisch"][2][5] = "nee"
    assert check_messages(edited(case, SECRECY, "")) == [
        "voordracht.toml: besluit: er komt een vertrouwelijke bijlage (2 locaties), maar geen besluitpunt legt er "
        "geheimhouding op" + ADD_SECRECY]


@pytest.mark.parametrize("text", ["geheimhouding op te leggen op bijlage 2.", "Geheimhouding op te leggen."])
def test_a_secrecy_decision_point_without_confidential_content(case, check_messages, text):
    case = edited(_without_confidential_content(case), SECRECY, f'[[besluit]]\ntekst = "{text}"\n')
    assert check_messages(case) == [
        "begroting.xlsx!Locaties: waarschuwing: 0 plaatsen gepland, 100 minder dan het kader van 100; de voordracht "
        "vermeldt dit",
        "voordracht.toml: besluit[3]: dit besluitpunt legt geheimhouding op, maar er is geen vertrouwelijke bijlage "
        "(geen locaties in begroting.xlsx en geen advies met Vertrouwelijk = ja); haal het punt weg"]


def test_neither_confidential_content_nor_secrecy_passes(case, passes):
    assert passes(edited(_without_confidential_content(case), SECRECY, "")) == [
        "begroting.xlsx!Locaties: waarschuwing: 0 plaatsen gepland, 100 minder dan het kader van 100; de voordracht "
        "vermeldt dit"]


def test_unreadable_advice_is_no_reason_to_remove_the_secrecy_decision_point(case, check_messages):
    case = _without_confidential_content(case)
    case["adviezen.xlsx"]["Juridisch"][2][5] = "misschien"  # this row may be confidential: it cannot be told
    assert check_messages(case) == [
        "adviezen.xlsx!Juridisch!F3: onbekende waarde 'misschien' voor 'Vertrouwelijk'; kies uit 'ja', 'nee'",
        "begroting.xlsx!Locaties: waarschuwing: 0 plaatsen gepland, 100 minder dan het kader van 100; de voordracht "
        "vermeldt dit"]
