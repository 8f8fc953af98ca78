"""Seeded Dutch-looking text for the synthetic inputs: contributions, explanations and Markdown prose
of the lengths the sample has (a contribution ~105 characters, an explanation ~120, a chapter ~2,500)."""
from __future__ import annotations

import random

WHO = ("bewoners", "casemanagers", "vrijwilligers", "buurtbewoners", "jongeren", "vrouwen met kinderen",
       "mensen met psychische klachten", "de opvangorganisaties", "medewerkers op de locatie", "advocaten",
       "de ketenpartners", "nieuwe bewoners", "ervaringsdeskundigen", "de huisartsen", "steungroepen")
WHAT = ("een vaste slaapplek", "een eigen sleutel", "toegang tot taalles", "juridisch advies vanaf dag één",
        "een vast aanspreekpunt", "leefgeld in contanten", "rust overdag", "dagbesteding met een doel",
        "een eerlijk gesprek over perspectief", "medische zorg zonder drempels", "een plek om te koken",
        "inspraak in de huisregels", "een nachtregeling voor noodgevallen", "scholing en vrijwilligerswerk",
        "een warme overdracht bij vertrek", "ruimte voor geloof en ontmoeting", "een buurtavond per locatie")
HOW = ("krijgen", "houden", "regelen", "kunnen gebruiken", "samen organiseren", "zelf beheren",
       "op tijd bespreken", "vastleggen in het huisreglement")
WHY = ("zodat zij aan hun toekomst kunnen werken", "omdat dat vertrouwen geeft", "om de doorstroom te versnellen",
       "omdat de nachtopvang dat nu niet biedt", "zodat de buurt weet wie er woont",
       "om terugval te voorkomen", "omdat anders niemand verantwoordelijk is", "zoals in de pilot goed werkte",
       "zodat de procedure niet stilvalt", "want zonder rust lukt niets")
OPENERS = ("Zorg dat", "Wij vragen dat", "Het is belangrijk dat", "Laat", "Kan de gemeente regelen dat",
           "Uit onze ervaring blijkt dat het werkt als", "Spreek af dat", "Wie let erop dat")
REASONS = ("Dit past binnen de kaders en is opgenomen in het hoofdstuk over begeleiding.",
           "Alleen voor nieuwe bewoners; voor de huidige groep volgt een overgangsregeling.",
           "Hiervoor is in 2019 geen budget; het punt komt terug bij de evaluatie.",
           "Dit valt buiten het kader van 500 plaatsen en wordt met de raad besproken.",
           "De wet laat dit niet toe; de IND blijft hierover beslissen.",
           "Is al geregeld in de bestaande afspraken met de opvangorganisaties.",
           "Deels: de locaties worden kleiner, een harde bovengrens per locatie komt er niet.",
           "Het programmateam werkt dit uit met de ketenpartners in het eerste halfjaar.",
           "Te duur in verhouding tot het effect; we kiezen voor een eenvoudiger oplossing.",
           "Dit vraagt een besluit van het Rijk (LVV) en staat daarom op de vervolgagenda.")
NOTES = ("navragen bij de IND", "bellen met de coördinator", "terugkoppelen in het kernteam",
         "gevoelig: eerst met de wethouder bespreken", "kosten laten ramen door Financiën")
HEADINGS = ("De huidige situatie", "Wat we willen bereiken", "Wat de werkdagen opleverden", "Zo gaan we te werk",
            "Rollen en verantwoordelijkheden", "Planning", "Risico's", "Wat dit kost", "Wie doet wat")


def _sentence(rng: random.Random) -> str:
    s = (f"{rng.choice(OPENERS)} {rng.choice(WHO)} {rng.choice(WHAT)} {rng.choice(HOW)}, "
         f"{rng.choice(WHY)}")
    return s[0].upper() + s[1:] + rng.choice(".....?!")


def contribution(rng: random.Random) -> str:
    """One harvest contribution: mostly one sentence; some two; one in a hundred a very long cell."""
    text = _sentence(rng)
    if rng.random() < 0.25:
        text += " " + _sentence(rng)
    if rng.random() < 0.01:  # the facilitator pasted a whole flip-over
        text += " " + " ".join(_sentence(rng) for _ in range(rng.randint(6, 12)))
    return text


def reason(rng: random.Random) -> str:
    return rng.choice(REASONS)


def note(rng: random.Random) -> str:
    return rng.choice(NOTES)


def paragraph(rng: random.Random, sentences: int) -> str:
    words = []
    for _ in range(sentences):
        s = _sentence(rng)
        if rng.random() < 0.3:
            a, b = s.split(", ", 1)
            s = f"{a}, *{b[:-1]}*{b[-1]}" if rng.random() < 0.5 else f"**{a}**, {b}"
        words.append(s)
    return " ".join(words)


def chapter(rng: random.Random, title: str) -> str:
    """A chapter as the programme team writes it: sections, lists, now and then a table (~2,500 chars)."""
    parts = [f"# {title}", paragraph(rng, 3)]
    for heading in rng.sample(HEADINGS, 3):
        parts.append(f"## {heading}")
        parts.append(paragraph(rng, rng.randint(2, 4)))
        if rng.random() < 0.5:
            parts.append("\n".join(f"- {rng.choice(WHAT)} voor {rng.choice(WHO)};" for _ in range(4)))
        elif rng.random() < 0.5:
            parts.append("\n".join(f"{n}. {rng.choice(WHO).capitalize()} {rng.choice(HOW)} "
                                   f"{rng.choice(WHAT)}." for n in range(1, 4)))
        else:
            rows = [f"| {rng.choice(WHAT)} | {rng.randint(1, 9)} | {rng.randint(20, 400)} |" for _ in range(3)]
            parts.append("| Onderdeel | Locaties | Plaatsen |\n| --- | ---: | ---: |\n" + "\n".join(rows))
    return "\n\n".join(parts) + "\n"


def prose(rng: random.Random, paragraphs: int = 5) -> str:
    return "\n\n".join(paragraph(rng, rng.randint(2, 4)) for _ in range(paragraphs)) + "\n"
