"""Sample inputs for Plan A: invented workbooks that look like the Amsterdam case of autumn 2018.

Every contribution, person, address and amount here is invented for the sample; only the
frames (500 places, a stay of at most 18 months, the yearly budget) and the dates of the
workshop days follow public reporting. `python tools/make_sample.py` writes the workbooks
into `inputs/`; running it twice gives byte-identical files.
"""
from __future__ import annotations

import datetime as dt

from pipeline.model.plan import AdviceStatus, Kind, Outcome, Support, YesNo

# The workshop days (must match the [[werkdag]] entries of inputs/voordracht.toml).
DAYS = {
    1: dt.date(2018, 10, 31),
    2: dt.date(2018, 11, 1),
    3: dt.date(2018, 11, 7),
}

# Chapter ids of inputs/tekst/plan/NN-ID.md, keyed by the short names used in the data files.
CHAPTERS = {
    "inl": "inleiding",
    "doel": "doelgroep",
    "opv": "opvang-en-locaties",
    "beg": "begeleiding-en-perspectief",
    "sam": "samenwerking-ketenpartners",
    "zelf": "zelfbeheer-en-leefgeld",
    "kwet": "kwetsbare-groepen",
    "mon": "monitoring-en-evaluatie",
}
CHAPTER_IDS = tuple(CHAPTERS.values())

# The frames of the coalition agreement (inputs/voordracht.toml, [kaders]).
PLACES = 500
MAX_STAY_MONTHS = 18
BUDGET = {2019: 11_500_000, 2020: 13_000_000}
YEARS = tuple(BUDGET)

# Closed vocabularies: those the pipeline accepts (its plan model), so the sample cannot use another.
SOORT = tuple(Kind.choices())
DRAAGVLAK = tuple(Support.choices())
JA_NEE = tuple(YesNo.choices())
VERWERKING = tuple(Outcome.choices())
STATUS = tuple(AdviceStatus.choices())
STADSDELEN = ("Centrum", "Nieuw-West", "Zuid", "Oost", "West", "Noord", "Zuidoost")
PLENAIR = "Plenair"

# Workbook metadata: fixed, so that two runs give the same bytes.
STAMP = dt.datetime(2018, 11, 19, 9, 0, 0)
CREATOR = "Programmateam"

FICTION = ("Alle gegevens in deze werkmap zijn fictief: ze zijn verzonnen voor een voorbeeld van "
           "Plan A. Namen van personen, adressen, bijdragen en bedragen verwijzen niet naar echte "
           "personen, panden of afspraken. Alleen de kaders (500 plaatsen, verblijf van ten hoogste "
           "18 maanden, het budget per jaar) en de data van de werkdagen volgen openbare berichtgeving.")
