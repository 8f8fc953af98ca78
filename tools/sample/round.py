"""The sample's review round (invented): what was sent on 20 November 2018, what came back, and the answers.

The concept went out before the team had settled everything: two harvest items were still open, the GGD's
point on waiting times for mental health care was on the follow-up agenda, the budget for care was lower,
chapters 2 and 7 lacked a paragraph each, decision point 2 did not mention the nota, and the college had not
decided yet (the sample's `besloten`, 11 December, shows the feedback after the decision). `write_round` makes
that plan from the sample inputs, records it with the pipeline's own `make verzenden`, lets four organisations
comment on their copies (one also changes the text with Track Changes), takes the copies in with `make
reacties`, types the reactions that came by e-mail and by letter (one after the deadline), and answers every
reaction, as the team would. The same inputs give the same bytes.
"""
from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import tempfile
from pathlib import Path

import openpyxl

from pipeline.documents.xlsx import stable_xlsx
from pipeline.roundtrip.intake import take_in
from pipeline.roundtrip.send import send

from . import budget
from .books import harvest_rows, write_budget, write_harvest
from .word import comment, returned, tracked_change

# --- the plan as it was sent -------------------------------------------------------------------------------

# ID -> (Verwerking, Onderdeel, Toelichting) as the concept had it; "" is still open ("in behandeling")
SENT_OUTCOMES = {
    "D1-036": ("vervolgagenda", None, "Snellere toegang tot de GGZ vraagt meer dan dit plan kan regelen; het punt "
                                      "gaat mee naar het overleg met zorgverzekeraars en GGZ-aanbieders."),
    "D2-009": ("", None, None),
    "D2-047": ("", None, None),
}
# Post -> its amounts (2019, 2020) in the concept
SENT_COSTS = {"Zorg en GGZ-consulent": (231_460, 402_175)}
# file under inputs/ -> text that the concept did not have yet
ADDED_SINCE = {
    "tekst/plan/02-doelgroep.md": "\n\nZijn alle plaatsen bezet, dan komt wie zich meldt op een **wachtlijst**.",
    "tekst/plan/07-kwetsbare-groepen.md": "\n\nEen **GGZ-consulent** van de GGD bezoekt elke locatie wekelijks.",
}
DECIDED = re.compile(r"^besloten\s*=.*\n", re.MULTILINE)  # [voordracht] besloten: the college decides after the round
REWORDED = ("en de verantwoording daarvan in bijlage 1, en van de reacties op het concept met de antwoorden "
            "daarop in de nota van beantwoording;", "en de verantwoording daarvan in bijlage 1;")


def sent_inputs(inputs: Path, folder: Path) -> Path:
    """The sample inputs as they were when the concept went out, written into `folder`."""
    shutil.copytree(inputs, folder, ignore=shutil.ignore_patterns("verzonden", "reacties", "reacties*.xlsx"))
    for day, rows in harvest_rows().items():
        write_harvest(folder, day, [_sent_row(row) for row in rows])
    write_budget(folder, [line[:3] + SENT_COSTS.get(line[0], line[3:5]) + line[5:] for line in budget.LASTEN])
    for rel, added in ADDED_SINCE.items():
        _without(folder / rel, added)
    _replaced(folder / "voordracht.toml", *REWORDED)
    toml = folder / "voordracht.toml"
    toml.write_text(DECIDED.sub("", toml.read_text(encoding="utf-8"), count=1), encoding="utf-8")
    return folder


def _sent_row(row: tuple) -> tuple:
    if row[0] not in SENT_OUTCOMES:
        return row
    outcome, chapter, why = SENT_OUTCOMES[row[0]]
    return row[:9] + (outcome, chapter, None, why) + row[13:]


def _without(path: Path, start: str) -> None:
    """The file without the paragraph that begins with `start` (up to the next blank line or the end)."""
    text = path.read_text(encoding="utf-8")
    at = text.index(start)
    end = text.find("\n\n", at + 2)
    path.write_text(text[:at] + (text[end:] if end >= 0 else "\n"), encoding="utf-8")


def _replaced(path: Path, now: str, then: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(now) == 1, (path, now)
    path.write_text(text.replace(now, then), encoding="utf-8")


# --- what came back ----------------------------------------------------------------------------------------

def _vluchtelingenwerk(document) -> None:
    comment(document, "Met ongedocumenteerden bedoelen we in dit plan",
            "Goed dat de groep die al jaren zonder papieren leeft apart wordt genoemd. Noem ook gezinnen met "
            "kinderen: zij vallen nu tussen de opvang van de gemeente en die van het Rijk.",
            author="Marieke van Dijk", date="2018-11-26T14:10:00Z")
    tracked_change(document, "De nieuwe opvang telt", "50 tot 80", "30 tot 50", author="Jeroen Bakker",
                   date="2018-11-27T09:45:00Z")


def _ggd(document) -> None:
    comment(document, "Voor deze groepen werken we samen met gespecialiseerde organisaties",
            "Een consulent die alleen doorverwijst, lost de wachttijd in de GGZ niet op: die is vaak langer dan "
            "het verblijf. Laat de GGZ-consulent op de locaties zelf spreekuur houden. Zie ook ons punt D1-036.",
            author="Anouk Peters", date="2018-11-28T16:30:00Z")


def _we_are_here(document) -> None:
    comment(document, "We Are Here bracht tijdens de werkdagen",
            "Ons punt D1-018 is niet overgenomen. Wij blijven vragen: sluit de tijdelijke locatie pas als "
            "iedereen een nieuwe plek heeft.", author="Kwame Mensah", date="2018-11-29T11:00:00Z")


def _askv(document) -> None:
    comment(document, "Veel deelnemers aan de werkdagen wezen erop",
            "Wie betaalt de kosten van documenten boven het maximum per bewoner?", author="Hanneke Vos",
            date="2018-11-23T10:20:00Z")
    comment(document, "Niet alle wensen passen binnen de kaders",
            "Het leefgeld is te laag om in Amsterdam van rond te komen; neem een hoger bedrag op.",
            author="Pieter Dekker", date="2018-11-23T10:35:00Z")


# slug of the copy -> (file name the team saved it under, what the participants did)
RETURNED = {
    "vluchtelingenwerk": ("Reactie VluchtelingenWerk op concept.docx", _vluchtelingenwerk),
    "ggd-amsterdam": ("GGD - concept uitvoeringsplan met opmerkingen.docx", _ggd),
    "we-are-here": ("we-are-here.docx", _we_are_here),
    "askv": ("ASKV reactie (definitief).docx", _askv),
}

# Reactions that came by e-mail or letter, typed by the team below the ones of the copies (with the next IDs):
# Ontvangen, Van, Onderdeel, Passage, Reactie, Bron, Interne notitie. One came after the deadline (30 November).
TYPED = [
    (dt.datetime(2018, 11, 22), "Marieke van Dijk", "algemeen", None,
     "Kan de voordracht zelf ook noemen dat elke reactie in een nota van beantwoording wordt beantwoord? Dan "
     "weet de raad dat er iets met onze reacties is gedaan.", "e-mail", None),
    (dt.datetime(2018, 11, 26), "Kwame Mensah", "zelfbeheer-en-leefgeld", None,
     "Wij willen zelf koken, maar niet iedereen kan dat vanaf de eerste dag. Zorg dat er in het begin ook "
     "maaltijden zijn.", "e-mail", "Kwame belt liever dan dat hij mailt; terugbellen via We Are Here"),
    (dt.datetime(2018, 11, 28), "Leger des Heils", "doelgroep", None,
     "Wat gebeurt er met mensen die zich melden als alle 500 plaatsen bezet zijn? In het concept staat ons "
     "punt D2-009 nog in behandeling.", "brief", None),
    (dt.datetime(2018, 12, 3), "Dienst Terugkeer en Vertrek", "samenwerking-ketenpartners", None,
     "DT&V wil op elke locatie een vaste werkplek, zodat bewoners zonder afspraak binnen kunnen lopen.",
     "brief", "Brief via de ambtelijke lijn, pas op 3 december in de teampostbus"),
]

# The team's answers, by the first words of the reaction: (Antwoord, Gevolg, Wijziging, Interne notitie)
ANSWERS = {
    "Goed dat de groep": (
        "Dank voor uw punt. De doelgroep is breder dan de voorbeelden in de tekst: gezinnen met kinderen vallen "
        "eronder. Voor hen geldt eerst de opvang van het Rijk; de casemanager helpt bij de aanvraag daarvan.",
        "niet aangepast", None, None),
    "Voorgestelde wijziging": (
        "Wij houden vast aan locaties van 50 tot 80 bewoners: kleiner past niet binnen het budget voor 500 "
        "plaatsen. Voor kwetsbare groepen komen wel kleinere woonunits (hoofdstuk 7).", "niet aangepast", None,
        None),
    "Ons punt D1-018": (
        "Niemand staat bij de overstap op straat: die wordt per bewoner begeleid (punt D3-012, hoofdstuk 3). Het "
        "sluiten van de tijdelijke locatie zelf blijft zoals in het concept.", "niet aangepast", None, None),
    "Een consulent die alleen": (
        "Dat nemen we over. De GGZ-consulent houdt wekelijks spreekuur op elke locatie en regelt met de huisarts "
        "een snelle verwijzing.", "plan aangepast",
        "Hoofdstuk 7 beschrijft het wekelijkse spreekuur van de GGZ-consulent; de post Zorg en GGZ-consulent is "
        "verhoogd; punt D1-036 is nu deels overgenomen.", "Capaciteit van de GGD nagevraagd, akkoord per 1 juli"),
    "Wie betaalt de kosten": (
        "Documentkosten boven het maximum beoordeelt de casemanager per geval; daarvoor is ruimte in de post "
        "Juridische begeleiding en documentkosten.", "ter kennisname", None, None),
    "Het leefgeld is te laag": (
        "Een hoger leefgeld past niet binnen het budget van het coalitieakkoord. Het punt staat op de "
        "vervolgagenda, die het college met de raad bespreekt.", "vervolgagenda", None, None),
    "Kan de voordracht zelf": (
        "Dat doen we: besluitpunt 2 noemt de nota van beantwoording, en de voordracht beschrijft hoe de "
        "reactieronde verliep.", "plan aangepast",
        "Besluitpunt 2 vraagt het college ook kennis te nemen van de nota van beantwoording.", None),
    "Wij willen zelf koken": (
        "Zelfbeheer wordt stap voor stap ingevoerd (hoofdstuk 6): wie begint, krijgt eerst maaltijden en gaat "
        "pas later zelf koken.", "niet aangepast", None, None),
    "Wat gebeurt er met mensen": (
        "Er komt een wachtlijst waarop kwetsbare personen voorgaan; de casemanager helpt tot er een plaats "
        "vrijkomt. Punt D2-009 is daarmee deels overgenomen.", "plan aangepast",
        "Hoofdstuk 2 beschrijft de wachtlijst; punt D2-009 is deels overgenomen.", None),
    "DT&V wil op elke locatie": (
        "DT&V houdt spreekuur op een centrale plek, op afspraak (punt D2-060). Een vaste werkplek op elke locatie "
        "maakt de opvang voor bewoners minder veilig; dat nemen we niet over.", "niet aangepast", None, None),
}


def write_round(inputs: Path) -> None:
    """inputs/verzonden/ (the record), inputs/reacties/ (the returned copies) and inputs/reacties.xlsx."""
    for old in (inputs / "verzonden", inputs / "reacties"):
        shutil.rmtree(old, ignore_errors=True)
    for old in (inputs / "reacties.xlsx", inputs / "reacties.vorige.xlsx"):
        old.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory(prefix="plan-a-sample-") as tmp:
        then = sent_inputs(inputs, Path(tmp) / "toen")
        send(then, Path(tmp) / "uitvoer", pdf=False)
        shutil.copytree(then / "verzonden", inputs / "verzonden")
        copies = Path(tmp) / "uitvoer" / "review" / "organisaties"
        for slug, (name, edit) in RETURNED.items():
            returned(copies / f"{slug}.docx", inputs / "reacties", name, edit)
    take_in(inputs)
    _typed_and_answered(inputs / "reacties.xlsx")


def _typed_and_answered(path: Path) -> None:
    book = openpyxl.load_workbook(path)
    sheet = book["Reacties"]
    header = {cell.value: cell.column for cell in sheet[1]}
    last = max(row for row in range(1, sheet.max_row + 1) if sheet.cell(row, 1).value)
    for n, values in enumerate(TYPED, last + 1):
        for column, value in zip(("ID", "Ontvangen", "Van", "Onderdeel", "Passage", "Reactie", "Bron",
                                  "Interne notitie"), (f"R-{n - 1:03d}", *values)):
            sheet.cell(n, header[column], value)
        sheet.cell(n, header["Ontvangen"]).number_format = "d-m-yyyy"
    answered = set()
    for row in range(2, sheet.max_row + 1):
        text = sheet.cell(row, header["Reactie"]).value or ""
        start = next(start for start in ANSWERS if text.startswith(start))  # every reaction is answered
        answered.add(start)
        for column, value in zip(("Antwoord", "Gevolg", "Wijziging", "Interne notitie"), ANSWERS[start]):
            if value is not None:
                sheet.cell(row, header[column], value)
    assert answered == set(ANSWERS), set(ANSWERS) - answered
    buffer = io.BytesIO()
    book.save(buffer)
    path.write_bytes(stable_xlsx(buffer.getvalue()))

