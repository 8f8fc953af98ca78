"""adviezen.xlsx: invented legal and financial advice on the plan."""
from __future__ import annotations

from collections import Counter

from . import CHAPTER_IDS, STATUS

COLUMNS = ("ID", "Onderwerp", "Advies", "Status", "Onderdeel", "Vertrouwelijk", "Adviseur")

# ID, Onderwerp, Advies, Status, Onderdeel, Vertrouwelijk, Adviseur
JURIDISCH = [
    ("J-01", "Verhouding tot de landelijke afspraken (LVV)",
     "Het plan past binnen de bestuurlijke afspraken die Rijk en gemeenten over de landelijke "
     "vreemdelingenvoorziening maken. De gemeente blijft verantwoordelijk voor de opvang; de beslissing "
     "over verblijf blijft bij het Rijk. Wij adviseren dit onderscheid in de communicatie scherp te houden.",
     "akkoord", "samenwerking-ketenpartners", "nee", "mr. L. Brinkman"),
    ("J-02", "Delen van gegevens met IND en DT&V",
     "Het delen van gegevens uit de begeleiding met IND en DT&V is alleen rechtmatig met uitdrukkelijke "
     "toestemming van de bewoner of een wettelijke grondslag. Voorwaarde is dat vóór de opening een "
     "gegevensbeschermingseffectbeoordeling (DPIA) is uitgevoerd en het convenant de doelen van elke "
     "uitwisseling vastlegt.",
     "akkoord onder voorwaarden", "samenwerking-ketenpartners", "nee", "mr. L. Brinkman"),
    ("J-03", "Huurovereenkomsten en aansprakelijkheid locaties",
     "Twee van de beoogde panden zijn nog in onderhandeling; de eigenaren hebben gevraagd hun namen en de "
     "huurprijzen niet openbaar te maken tot de contracten zijn getekend. De conceptovereenkomsten leggen "
     "de aansprakelijkheid voor schade bij de beheerder; dat is juridisch houdbaar.",
     "akkoord", "opvang-en-locaties", "ja", "mr. D. Achterberg"),
    ("J-04", "Leefgeld en de Participatiewet",
     "Het leefgeld is geen bijstandsuitkering en valt niet onder de Participatiewet. Verstrekking als "
     "onderdeel van de opvangvoorziening is toegestaan, mits de voorwaarden in een beleidsregel worden "
     "vastgelegd.",
     "akkoord", "zelfbeheer-en-leefgeld", "nee", "mr. D. Achterberg"),
]

FINANCIEEL = [
    ("F-01", "Dekking 2019 en 2020",
     "De lasten blijven in beide jaren binnen het kader van het coalitieakkoord. De dekking bestaat uit het "
     "gemeentelijke budget en de rijksbijdrage voor de landelijke voorziening; de rijksbijdrage is nog niet "
     "definitief toegekend en is daarom als risico in de begroting opgenomen.",
     "akkoord", None, "nee", "drs. M. Oosterhuis"),
    ("F-02", "Inkoop van begeleiding en beheer",
     "De raming voor casemanagement en beheer is gebaseerd op twee offertes die nog vertrouwelijk zijn. "
     "Het verschil tussen de offertes is groot; wij adviseren de gunning pas te doen na een gesprek over "
     "de personele bezetting per locatie.",
     "akkoord", "begeleiding-en-perspectief", "ja", "drs. M. Oosterhuis"),
    ("F-03", "Reiskostenvergoeding vrijwilligers",
     "Het voorstel om reiskosten van vrijwilligers uit het programmabudget te vergoeden, is niet begroot "
     "en zou een nieuwe regeling vragen. Wij adviseren dit niet te doen en de organisaties te wijzen op de "
     "bestaande subsidie voor vrijwilligerswerk.",
     "niet akkoord", "monitoring-en-evaluatie", "nee", "K. Wijnberg"),
    ("F-04", "Indexatie en meerjarige raming",
     "Voor 2020 is rekening gehouden met loon- en prijsstijging. Vanaf 2021 is de raming indicatief; een "
     "besluit over de jaren na de pilot volgt bij de evaluatie.",
     "akkoord", None, "nee", "K. Wijnberg"),
    ("F-05", "Risicoreservering en onderhandelingsruimte",
     "De ruimte onder het kader is bewust niet volledig begroot, zodat tegenvallers bij de huur kunnen "
     "worden opgevangen. Het bedrag dat de gemeente in de onderhandelingen maximaal wil bieden, blijft "
     "buiten de openbare stukken.",
     "akkoord", "opvang-en-locaties", "ja", "drs. M. Oosterhuis"),
]


def validate() -> None:
    rows = JURIDISCH + FINANCIEEL
    ids = [r[0] for r in rows]
    assert len(set(ids)) == len(ids)
    assert all(r[0].startswith("J-") for r in JURIDISCH) and all(r[0].startswith("F-") for r in FINANCIEEL)
    assert 3 <= len(JURIDISCH) <= 5 and 3 <= len(FINANCIEEL) <= 5
    status = Counter(r[3] for r in rows)
    assert set(status) <= set(STATUS)
    assert status["akkoord onder voorwaarden"] == 1 and status["niet akkoord"] == 1, status
    assert 2 <= sum(r[5] == "ja" for r in rows) <= 3
    assert all(r[4] is None or r[4] in CHAPTER_IDS for r in rows)


def summary() -> str:
    rows = JURIDISCH + FINANCIEEL
    status = Counter(r[3] for r in rows)
    return (f"adviezen: {len(JURIDISCH)} juridisch, {len(FINANCIEEL)} financieel; "
            + ", ".join(f"{s}: {c}" for s, c in status.most_common())
            + f"; vertrouwelijk: {sum(r[5] == 'ja' for r in rows)}")
