"""The text files of a blank input set: voordracht.toml with every key explained, and the texts' stubs.

Where a value is still to be typed stands "nog in te vullen"; `make check` lists those places as its
to-do list (reading/config.py, reading/texts.py) until every one is filled.
"""
from __future__ import annotations

from collections.abc import Sequence

from pipeline.model.schema import PLACEHOLDER

TODO = f'"{PLACEHOLDER}"'

HEAD = f"""\
# Instellingen voor de voordracht en het uitvoeringsplan (Plan A).
#
# Bewerk dit bestand met Kladblok of een andere teksteditor (niet met Word) en sla
# het op als UTF-8. Alles na een # is uitleg: Plan A slaat het over.
#
# Overal waar {TODO} staat, vult u de waarde in. make check noemt die plaatsen
# in zijn lijst "nog in te vullen", tot ze allemaal zijn ingevuld. Schrijfregels:
#   tekst    tussen rechte aanhalingstekens:      onderwerp = "Vaststellen Uitvoeringsplan ..."
#   datum    als JJJJ-MM-DD, ZONDER aanhalingstekens:  datum_college = 2027-12-14
#   getal    zonder aanhalingstekens en zonder punten; duizendtallen mag u scheiden
#            met een liggend streepje:           budget = {{ 2027 = 11_500_000 }}
# Een regel die begint met "# sleutel = ..." is een instelling die mag: haal het #
# weg om haar te gebruiken. De handleiding (docs/invoerhandleiding.md, 3.1) beschrijft
# elke instelling.

# --- De voordracht: de velden bovenaan de collegevoordracht ---
[voordracht]
onderwerp = {TODO}            # het onderwerp, zoals "Vaststellen Uitvoeringsplan opvang"
portefeuille = {TODO}         # de portefeuille, zoals "Vreemdelingenbeleid"
portefeuillehouder = {TODO}   # zoals "Wethouder A. Jansen"
datum_college = {TODO}        # de dag van het collegebesluit, JJJJ-MM-DD zonder aanhalingstekens;
                                          # ook de datum van alle documenten. Ná reactie_tot.
behandeld_door = {TODO}       # een team, geen persoon: "Programmateam Opvang"
gemeente = {TODO}             # de naam van uw gemeente, zoals "Utrecht"; Plan A zet
                                          # "Gemeente Utrecht" als auteur in de documenten
# agendapunt = "12"                       # mag: het nummer op de agenda van het college
# registratienummer = "2027-0123"         # mag: het nummer in het documentsysteem
# besloten = 2027-12-14                   # pas na het besluit: de dag waarop het college besloot,
                                          # JJJJ-MM-DD zonder aanhalingstekens; Plan A maakt dan de
                                          # terugkoppeling aan elke organisatie (na make verzenden)

# --- De kaders uit het coalitieakkoord: ze liggen vast ---
# make check toetst de begroting en de locaties hieraan: meer plaatsen, een langer
# verblijf of hogere lasten dan het budget is een probleem.
[kaders]
plaatsen = {TODO}               # het aantal opvangplaatsen, ten hoogste (een getal: 500)
max_verblijf_maanden = {TODO}   # de langste verblijfsduur in maanden (een getal: 18)
"""

DAY = f"""
[[werkdag]]
dag = {{day}}                                 # het nummer in de kolom Dag van oogst/dag-{{day}}.xlsx
datum = {TODO}              # JJJJ-MM-DD, zonder aanhalingstekens
thema = {TODO}              # het thema van de dag, zoals "Verkennen: wat is nodig?"
"""

TAIL = f"""
# --- De besluitpunten, in de volgorde van de voordracht ---
# Elk punt maakt de zin "Het college wordt gevraagd ..." af en eindigt op een
# puntkomma, het laatste op een punt. Plan A nummert ze zelf. Voeg een blok
# [[besluit]] toe voor elk volgend punt. Komen er locaties of vertrouwelijke
# adviezen, dan hoort er een punt bij dat er geheimhouding op legt, zoals:
#   tekst = "op grond van artikel 25, tweede lid, van de Gemeentewet geheimhouding op te leggen op de vertrouwelijke bijlage;"
[[besluit]]
tekst = {TODO}   # zoals "in te stemmen met het Uitvoeringsplan opvang;"

# --- De formele stappen na de reactieronde, op datumvolgorde ---
# Ze komen in het concept, zodat de deelnemers weten wat er na hun reactie gebeurt.
# Voeg een blok [[vervolgstap]] toe voor elke stap.
[[vervolgstap]]
datum = {TODO}   # JJJJ-MM-DD, zonder aanhalingstekens
stap = {TODO}    # kort, zoals "Besluit college van B&W"
# toelichting = "Het college besluit over het plan."   # mag

# --- De reactieronde op het concept ---
[review]
verzonden = {TODO}     # de dag waarop het concept naar de deelnemers gaat; ná de laatste werkdag
reactie_tot = {TODO}   # de uiterste dag voor reacties; ná verzonden, vóór datum_college
contact = {TODO}       # het e-mailadres voor reacties: een teammailbox, geen persoonlijk adres
"""


def settings_text(days: int, years: Sequence[int]) -> str:
    """voordracht.toml of a blank set for `days` workshop days and a budget over `years`."""
    budget = ", ".join(f"{year} = {TODO}" for year in years)
    frames = ("# het budget in euro's per jaar, ten hoogste (een getal: 11_500_000); de jaren zijn ook\n"
              "# de jaarkolommen van begroting.xlsx (Lasten en Dekking)\n"
              f"budget = {{ {budget} }}\n")
    workshop = ("\n# --- De werkdagen: één blok [[werkdag]] per dag ---\n"
                "# Het nummer bij 'dag' staat ook in de kolom Dag van de oogst.\n")
    return HEAD + frames + workshop + "".join(DAY.format(day=day) for day in range(1, days + 1)) + TAIL


# file -> its stub: a title where the file needs one, and the paragraph that says what to write
TEXTS = {
    "tekst/plan/01-inleiding.md": "# Inleiding\n\nNog in te vullen: waarom dit plan er is, voor wie, en hoe het tot "
                                  "stand kwam.\n",
    "tekst/voordracht/achtergrond.md": "Nog in te vullen: de bestuurlijke achtergrond: welk akkoord of besluit aan "
                                       "dit plan voorafging.\n",
    "tekst/voordracht/onderbouwing.md": "Nog in te vullen: de onderbouwing van het besluit: waarom het college dit "
                                        "zou moeten besluiten.\n",
}
