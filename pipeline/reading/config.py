"""Reads voordracht.toml: the proposal's fields, the fixed frames, workshop days, decisions, next steps."""
from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from pipeline.base.problems import Problems, quoted_list, replace_invisible, unknown, unreadable
from pipeline.model.plan import Decision, Frames, NextStep, Proposal, ReviewSettings, Source, WorkshopDay, YearAmount
from pipeline.reading.addresses import address_problem
from pipeline.model.schema import is_placeholder
from pipeline.reading.folder import outside_inputs
from pipeline.reading.packages import read_text_capped, text_too_large

FILE = "voordracht.toml"
TEXT, OPTIONAL_TEXT, DATE, OPTIONAL_DATE, WHOLE = "tekst", "tekst?", "datum", "datum?", "getal"
SCHEMA = {
    "voordracht": {"onderwerp": TEXT, "portefeuille": TEXT, "portefeuillehouder": TEXT,
                   "datum_college": DATE, "behandeld_door": TEXT, "agendapunt": OPTIONAL_TEXT,
                   "registratienummer": OPTIONAL_TEXT, "gemeente": OPTIONAL_TEXT, "besloten": OPTIONAL_DATE},
    "kaders": {"plaatsen": WHOLE, "max_verblijf_maanden": WHOLE, "budget": "budget"},
    "werkdag": [{"dag": WHOLE, "datum": DATE, "thema": TEXT}],
    "besluit": [{"tekst": TEXT}],
    "vervolgstap": [{"datum": DATE, "stap": TEXT, "toelichting": OPTIONAL_TEXT}],
    "review": {"verzonden": DATE, "reactie_tot": DATE, "contact": TEXT},
}
TYPE_NAMES = {TEXT: "tekst", OPTIONAL_TEXT: "tekst", DATE: "een datum (JJJJ-MM-DD, zonder aanhalingstekens)",
              OPTIONAL_DATE: "een datum (JJJJ-MM-DD, zonder aanhalingstekens)",
              WHOLE: "een geheel getal"}


@dataclass(frozen=True)
class Config:
    proposal: Proposal
    frames: Frames
    days: tuple[WorkshopDay, ...]
    decisions: tuple[Decision, ...]
    next_steps: tuple[NextStep, ...]
    review: ReviewSettings


def read_config(inputs: Path, problems: Problems) -> Config | None:
    """The proposal settings, or None when they are too broken to use (problems say why)."""
    path = inputs / FILE
    if outside_inputs(inputs, FILE, problems):
        return None
    if not path.is_file():
        problems.error(FILE, "bestand ontbreekt")
        return None
    try:
        raw = read_text_capped(path)
        # Notepad saves a BOM; line ends as read_text reads them (universal newlines)
        text = raw.decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n") if raw is not None else None
    except OSError as exc:  # a file without read rights
        problems.error(FILE, unreadable(exc))
        return None
    except UnicodeDecodeError:
        problems.error(FILE, "het bestand is geen UTF-8-tekst; sla het op als UTF-8")
        return None
    if text is None:
        problems.error(FILE, text_too_large())
        return None
    if not text.strip():
        problems.error(FILE, "het bestand is leeg")
        return None
    try:
        data = _visible(tomllib.loads(text), "", problems)
    except tomllib.TOMLDecodeError as exc:
        line = re.search(r"line (\d+)", str(exc))
        where = f"{FILE}:{line.group(1)}" if line else FILE
        typed = _typed_date(text.split("\n")[int(line.group(1)) - 1]) if line else None
        problems.error(where, typed or f"de TOML-opmaak klopt niet: {_toml_reason(str(exc).split(' (at')[0])}")
        return None
    shape = Problems()
    _check_shape(data, SCHEMA, "", shape)
    problems.items.extend(shape.items)
    todo = _placeholders(data, "")
    _report_placeholders(data, todo, problems)
    if todo or any(not p.message.startswith("onbekende instelling") for p in shape.items):
        return None
    return _config(data, problems)


def _placeholders(value: object, path: str) -> list[str]:
    """The keys whose value is still the blank set's 'nog in te vullen', in file order."""
    if is_placeholder(value):
        return [path]
    if isinstance(value, dict):
        return [p for key, item in value.items() for p in _placeholders(item, f"{path}.{key}" if path else key)]
    if isinstance(value, list):
        return [p for n, item in enumerate(value, 1) for p in _placeholders(item, f"{path}[{n}]")]
    return []


def _report_placeholders(data: dict, paths: list[str], problems: Problems) -> None:
    """One to-do per section, naming the keys still to fill: `werkdag: datum en thema (blok 1, 2 en 3)`."""
    sections: dict[str, list[tuple[str | None, str]]] = {}
    for path in paths:
        section, block, key = re.match(r"^([^.\[]+)(?:\[(\d+)\])?\.?(.*)$", path).groups()
        sections.setdefault(section, []).append((block, key or section))
    for section, found in sections.items():
        known = list(SCHEMA[section][0] if isinstance(SCHEMA.get(section), list) else SCHEMA.get(section, ()))
        keys = sorted(dict.fromkeys(key for _, key in found),
                      key=lambda k: known.index(k.split(".")[0]) if k.split(".")[0] in known else len(known))
        blocks = {key: [block for block, k in found if k == key and block] for key in keys}
        if not isinstance(data.get(section), list) or len(data[section]) == 1:
            problems.todo(_key(section), _and(keys))  # a section, or the only block: its keys say it all
        elif len({tuple(b) for b in blocks.values()}) == 1:  # the same keys in each of these blocks
            problems.todo(_key(section), f"{_and(keys)} (blok {_and(blocks[keys[0]])})")
        else:
            problems.todo(_key(section), _and([f"{key} (blok {_and(blocks[key])})" for key in keys]))


def _and(words: list[str]) -> str:
    """`a, b en c`."""
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " en " + words[-1]


DUTCH_DATE = re.compile(r"=\s*(\d{1,2})-(\d{1,2})-(\d{4})\s*(#.*)?$")
SHORT_ISO_DATE = re.compile(r"=\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*(#.*)?$")


def _typed_date(line: str) -> str | None:
    """For a date typed as 2-3-2021 or 2021-3-2 (a syntax error in TOML): how to write it."""
    for pattern, order in ((DUTCH_DATE, (3, 2, 1)), (SHORT_ISO_DATE, (1, 2, 3))):
        found = pattern.search(line)
        if found:
            year, month, day = (int(found.group(n)) for n in order)
            typed = "-".join(found.group(n) for n in (1, 2, 3))
            try:
                iso = dt.date(year, month, day).isoformat()
            except ValueError:
                return f"'{typed}' is geen bestaande datum; schrijf een datum als JJJJ-MM-DD, zonder aanhalingstekens"
            return f"de datum {typed} moet geschreven worden als JJJJ-MM-DD, zonder aanhalingstekens: {iso}"
    return None


def _visible(value: object, path: str, problems: Problems) -> object:
    """Every string in the settings with the characters XML cannot carry (escapes such as \\u000B can
    write them) replaced visibly, with a warning at its key."""
    if isinstance(value, str):  # line ends as newlines, as everywhere else
        return replace_invisible(value.replace("\r\n", "\n").replace("\r", "\n"), _key(path), problems)
    if isinstance(value, dict):
        return {key: _visible(item, f"{path}.{key}" if path else key, problems) for key, item in value.items()}
    if isinstance(value, list):
        return [_visible(item, f"{path}[{n}]", problems) for n, item in enumerate(value, 1)]
    return value


def _key(path: str) -> Source:
    return Source(FILE, key=path)


def _check_shape(data: dict, schema: dict, prefix: str, problems: Problems) -> None:
    for key in data:
        if key not in schema:
            problems.error(_key(prefix + key), unknown("onbekende instelling", key, schema,
                                                       f"; mogelijk zijn {quoted_list(schema)}"))
    for key, kind in schema.items():
        path = prefix + key
        value = data.get(key)
        if isinstance(kind, dict):
            if not isinstance(value, dict):
                problems.error(_key(path), f"de sectie [{path}] ontbreekt" if value is None
                               else f"[{path}] moet een sectie zijn")
            else:
                _check_shape(value, kind, path + ".", problems)
        elif isinstance(kind, list):
            if not isinstance(value, list) or not value:
                problems.error(_key(path), f"minstens één [[{path}]] is nodig")
                continue
            for n, entry in enumerate(value, 1):
                if isinstance(entry, dict):
                    _check_shape(entry, kind[0], f"{path}[{n}].", problems)
                else:
                    problems.error(_key(f"{path}[{n}]"), f"moet een sectie [[{path}]] zijn")
        else:
            _check_value(value, kind, path, problems)


def _check_value(value: object, kind: str, path: str, problems: Problems) -> None:
    if is_placeholder(value):  # a to-do, listed once per section (_report_placeholders)
        return
    if value is None:
        if kind not in (OPTIONAL_TEXT, OPTIONAL_DATE):
            problems.error(_key(path), "ontbreekt; deze instelling is verplicht")
        return
    ok = {
        TEXT: isinstance(value, str) and bool(value.strip()),
        OPTIONAL_TEXT: isinstance(value, (str, int)) and not isinstance(value, bool),
        DATE: isinstance(value, dt.date) and not isinstance(value, dt.datetime),
        OPTIONAL_DATE: isinstance(value, dt.date) and not isinstance(value, dt.datetime),
        WHOLE: isinstance(value, int) and not isinstance(value, bool) and value > 0,
        "budget": isinstance(value, dict) and bool(value),
    }[kind]
    if kind == "budget" and ok:
        for year, amount in value.items():
            if is_placeholder(amount):
                continue
            if not re.fullmatch(r"(19|20)\d\d", str(year)):
                problems.error(_key(f"{path}.{year}"), f"'{year}' is geen jaartal")
            elif isinstance(amount, bool) or not isinstance(amount, int) or amount < 0:
                # a float here is nearly always a Dutch thousands point: 11.500 would mean € 11,50
                problems.error(_key(f"{path}.{year}"), "moet een heel bedrag in euro's zijn, 0 of meer, zonder "
                                                       f"punt of komma (zoals 11_500_000), niet {_shown(amount)}")
    elif not ok:
        wanted = "een lijst van jaren met bedragen, zoals { 2019 = 11_500_000 }" if kind == "budget" \
            else TYPE_NAMES[kind] + (" groter dan 0" if kind == WHOLE else "")
        problems.error(_key(path), f"moet {wanted} zijn, niet {_shown(value)}")


def _shown(value: object) -> str:
    """A TOML value as the user typed it, not as Python prints it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f"'{value}'"
    if isinstance(value, dt.datetime):
        return f"{value.isoformat(sep=' ')} (een datum met tijd)"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value} (een getal met een punt; schrijf duizendtallen als 1_000)"
    if isinstance(value, dict):
        return "een lege tabel" if not value else "een tabel"
    if isinstance(value, list):
        return "een lijst"
    return str(value)


TOML_REASONS = {
    "Invalid value": "ongeldige waarde (tekst tussen aanhalingstekens, datums als JJJJ-MM-DD)",
    "Illegal character '\\n'": "de regel eindigt midden in een tekst; sluit de aanhalingstekens",
    "Expected newline or end of document after a statement":
        "na een instelling moet een nieuwe regel beginnen",
    "Expected '=' after a key in a key/value pair": "na de naam van een instelling hoort '='",
    "Unclosed array": "een lijst [ ... ] is niet gesloten",
    "Unclosed inline table": "een tabel { ... } is niet gesloten",
}


def _toml_reason(reason: str) -> str:
    if reason.startswith("Cannot declare") or reason.startswith("Cannot overwrite"):
        return "een sectie of instelling staat twee keer in het bestand"
    return TOML_REASONS.get(reason, f"'{reason}'")


def _config(data: dict, problems: Problems) -> Config:
    v, k, r = data["voordracht"], data["kaders"], data["review"]
    proposal = Proposal(
        subject=v["onderwerp"].strip(), portfolio=v["portefeuille"].strip(),
        portfolio_holder=v["portefeuillehouder"].strip(), college_date=v["datum_college"],
        handled_by=v["behandeld_door"].strip(), agenda_item=_optional(v.get("agendapunt")),
        registration_number=_optional(v.get("registratienummer")), source=_key("voordracht"),
        municipality=_municipality(_optional(v.get("gemeente"))), decided=v.get("besloten"))
    budget = tuple(YearAmount(int(year), Decimal(str(amount)), _key(f"kaders.budget.{year}"))
                   for year, amount in sorted(k["budget"].items(), key=lambda kv: int(kv[0])))
    frames = Frames(k["plaatsen"], k["max_verblijf_maanden"], budget, _key("kaders"))
    days = tuple(WorkshopDay(d["dag"], d["datum"], d["thema"].strip(), _key(f"werkdag[{n}]"))
                 for n, d in enumerate(data["werkdag"], 1))
    decisions = tuple(Decision(n, b["tekst"].strip(), _key(f"besluit[{n}]"))
                      for n, b in enumerate(data["besluit"], 1))
    steps = tuple(NextStep(s["datum"], s["stap"].strip(), _optional(s.get("toelichting")),
                           _key(f"vervolgstap[{n}]")) for n, s in enumerate(data["vervolgstap"], 1))
    review = ReviewSettings(r["verzonden"], r["reactie_tot"], r["contact"].strip(), _key("review"))
    _check_config(days, steps, review, problems)
    _check_date_order(proposal.college_date, days, review, problems)
    if proposal.decided is not None:
        _check_decided(proposal, days, review, problems)
    return Config(proposal, frames, days, decisions, steps, review)


def _optional(value: object) -> str | None:
    return str(value).strip() or None if value is not None else None


def _municipality(name: str | None) -> str:
    """`gemeente = "Utrecht"` as printed: `Gemeente Utrecht`; a name typed with `Gemeente` is kept as typed;
    without the setting, `Gemeente`."""
    if name is None:
        return Proposal.municipality
    return name if name.casefold().startswith("gemeente ") else f"Gemeente {name}"


def _check_config(days, steps, review: ReviewSettings, problems: Problems) -> None:
    seen: dict[int, WorkshopDay] = {}
    for day in days:
        if day.day in seen:
            problems.error(day.source, f"werkdag {day.day} staat twee keer in de instellingen "
                                       f"(ook {seen[day.day].source.key})")
        seen.setdefault(day.day, day)
    for before, after in zip(steps, steps[1:]):
        if after.date < before.date:
            problems.error(after.source, f"vervolgstap '{after.step}' ({after.date.isoformat()}) staat "
                                         f"vóór '{before.step}' ({before.date.isoformat()}); zet ze op datumvolgorde")
    if review.deadline < review.sent:
        problems.error(_key("review.reactie_tot"), "de reactietermijn eindigt vóór de verzenddatum")
    if (reason := address_problem(review.contact)) is not None:  # the sender of the e-mail drafts
        problems.error(_key("review.contact"), f"'{review.contact}' is geen e-mailadres: {reason}")


def _check_date_order(college: dt.date, days, review: ReviewSettings, problems: Problems) -> None:
    """Workshop days, then sending, then the deadline, then the college: a reversed pair makes the
    documents contradict themselves (a problem); the same day leaves no time between them (a warning)."""
    last = max(days, key=lambda d: d.date)
    if review.sent < last.date:
        problems.error(_key("review.verzonden"), f"het concept wordt verzonden ({review.sent.isoformat()}) vóór "
                                                 f"werkdag {last.day} ({last.date.isoformat()}); het bevat de oogst "
                                                 "van alle werkdagen en gaat pas na de laatste werkdag weg")
    elif review.sent == last.date:
        problems.warn(_key("review.verzonden"), f"het concept wordt verzonden op de dag van werkdag {last.day} "
                                                f"({last.date.isoformat()}); is de oogst van die dag dan al verwerkt?")
    if review.deadline == review.sent:
        problems.warn(_key("review.reactie_tot"), f"de reactietermijn eindigt op de verzenddatum "
                                                  f"({review.sent.isoformat()}); de deelnemers hebben geen tijd "
                                                  "om te reageren")
    later_days = sorted((d for d in days if d.date > college), key=lambda d: d.date)
    where = _key("voordracht.datum_college")
    if later_days:
        problems.error(where, f"het college besluit ({college.isoformat()}) vóór werkdag {later_days[0].day} "
                              f"({later_days[0].date.isoformat()}); het besluit komt na de werkdagen en de "
                              "reactieronde")
    elif college < review.deadline:
        problems.error(where, f"het college besluit ({college.isoformat()}) vóór het einde van de reactietermijn "
                              f"(review.reactie_tot: {review.deadline.isoformat()}); het besluit komt pas als de "
                              "reacties binnen en beantwoord zijn")
    elif college == review.deadline:
        problems.warn(where, f"het college besluit op de laatste dag van de reactietermijn "
                             f"({review.deadline.isoformat()}); er is dan geen tijd om de reacties te beantwoorden")


def _check_decided(proposal: Proposal, days, review: ReviewSettings, problems: Problems) -> None:
    """The day the college decided comes after the workshop days and the sending (else the feedback would say
    the college decided on a plan it had not yet seen); before the proposal's own date it is a warning."""
    decided, where = proposal.decided, _key("voordracht.besloten")
    last = max(days, key=lambda d: d.date)
    if decided < last.date:
        problems.error(where, f"het college besloot ({decided.isoformat()}) vóór werkdag {last.day} "
                              f"({last.date.isoformat()}); het besluit komt na de werkdagen en de reactieronde: "
                              "klopt de datum?")
    elif decided < review.sent:
        problems.error(where, f"het college besloot ({decided.isoformat()}) vóór de verzending van het concept "
                              f"(review.verzonden: {review.sent.isoformat()}); het besluit komt na de "
                              "reactieronde: klopt de datum?")
    elif decided < proposal.college_date:
        problems.warn(where, f"het college besloot ({decided.isoformat()}) vóór de datum van de voordracht "
                             f"(datum_college: {proposal.college_date.isoformat()}); klopt de datum? De voordracht "
                             "en de terugkoppeling noemen allebei hun eigen datum")
