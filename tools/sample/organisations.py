"""The organisations that took part and some 60 invented participants (deelnemers.xlsx)."""
from __future__ import annotations

import unicodedata

from . import PLENAIR

# Short keys used in the harvest data files -> the organisation's name as spelled everywhere.
ORGS = {
    "VW": "VluchtelingenWerk",
    "HVO": "HVO-Querido",
    "LdH": "Leger des Heils",
    "WAH": "We Are Here",
    "ASKV": "ASKV",
    "ACR": "Amsterdam City Rights",
    "WH": "Wereldhuis",
    "DvdW": "Dokters van de Wereld",
    "RK": "Rode Kruis",
    "IND": "IND",
    "DTV": "Dienst Terugkeer en Vertrek",
    "POL": "Politie Amsterdam",
    "GGD": "GGD Amsterdam",
    "PL": PLENAIR,
}

# The city's own departments took part too, but brought in no harvest items of their own.
CITY = "Gemeente Amsterdam"

# Organisations whose participants get the concept through the official line, not as a review copy.
NO_REVIEW_COPY = ("Dienst Terugkeer en Vertrek", "Politie Amsterdam")

# Participants who asked not to be named in the review set.
NOT_NAMED = {
    "Abdi Warsame", "Yonas Tesfay", "Kwame Mensah", "Amira Hassan", "Behrouz Karimi",
    "Grace Okafor", "Noor Haddad", "Hamid Sharifi", "Ahmet Kaya", "Bart Willems",
}

# Invented names, grouped by organisation (each 2 to 8 people).
PEOPLE = {
    "VW": ("Marieke van Dijk", "Jeroen Bakker", "Samira El Amrani", "Thijs de Groot",
           "Annelies Verhoeven", "Koen Mulder", "Fatma Yilmaz"),
    "HVO": ("Ruud Hendriks", "Liesbeth Kramer", "Mohamed Bouzid", "Ellen Schouten",
            "Bas van der Linden", "Ingrid Postma"),
    "LdH": ("Gerrit Jan Boersma", "Petra Wolters", "Daniël Kuipers", "Judith Veenstra", "Sander Smit"),
    "WAH": ("Abdi Warsame", "Yonas Tesfay", "Kwame Mensah", "Amira Hassan", "Behrouz Karimi",
            "Grace Okafor"),
    "ASKV": ("Hanneke Vos", "Pieter Dekker", "Laura Martínez", "Wouter Brouwer", "Noor Haddad"),
    "ACR": ("Sanne de Wit", "Joris van Leeuwen", "Eva Lindqvist", "Tarik Benali"),
    "WH": ("Rosa Fernández", "Marco Pinto", "Esther de Bruijn", "Kofi Asante"),
    "DvdW": ("Nienke Jacobs", "Arjen Vermeulen", "Lotte Hoekstra", "Reza Moradi"),
    "RK": ("Martine Dijkstra", "Frank Koster", "Yvonne Meijer", "Hamid Sharifi"),
    "IND": ("Erik van den Berg", "Monique Visser", "Ahmet Kaya"),
    "DTV": ("Richard Prins", "Carla Huisman", "Bart Willems"),
    "POL": ("Michel de Vries", "Sharon Tjon A Fong", "Dennis Scholten"),
    "GGD": ("Anouk Peters", "Wim Vlasman", "Shirin Rahimi"),
    "CITY": ("Hester Groen", "Rob Timmermans", "Ayşe Demir", "Floor van Rijn"),
}


def harvest_organisations() -> tuple[str, ...]:
    """The names allowed in `Ingebracht door`: the participating organisations and Plenair."""
    return tuple(ORGS[k] for k in ORGS if k != "PL") + (CITY, PLENAIR)


def participant_organisations() -> tuple[str, ...]:
    return tuple(ORGS[k] for k in ORGS if k != "PL") + (CITY,)


def _ascii(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return "".join(ch for ch in plain.lower() if ch.isalnum())


def email(name: str) -> str:
    """`m.vandijk@example.org`: first initial and the rest of the name, at example.org."""
    first, _, rest = name.partition(" ")
    return f"{_ascii(first)[0]}.{_ascii(rest)}@example.org"


def participants() -> list[tuple[str, str, str, str, str]]:
    """Rows of deelnemers.xlsx: Naam, Organisatie, E-mail, Naam vermelden, Reviewexemplaar."""
    rows = []
    for key, names in PEOPLE.items():
        organisation = CITY if key == "CITY" else ORGS[key]
        for name in names:
            rows.append((name, organisation, email(name),
                         "nee" if name in NOT_NAMED else "ja",
                         "nee" if organisation in NO_REVIEW_COPY else "ja"))
    return rows


def check_participants(rows) -> None:
    names = [r[0] for r in rows]
    mails = [r[2] for r in rows]
    assert len(set(names)) == len(names), "dubbele naam"
    assert len(set(mails)) == len(mails), "dubbel e-mailadres"
    assert 55 <= len(rows) <= 65, len(rows)
    assert NOT_NAMED <= set(names)
    for key, group in PEOPLE.items():
        assert 2 <= len(group) <= 8, key
