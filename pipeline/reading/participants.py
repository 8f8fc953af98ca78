"""Reads deelnemers.xlsx: who took part, for which organisation, and what they consented to."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from pipeline.base.problems import Problems
from pipeline.model.plan import Participant
from pipeline.model.schema import PARTICIPANTS, PARTICIPANTS_BOOK
from pipeline.reading.addresses import address_problem
from pipeline.reading.cells import Cells, cell_text, note_empty, rows
from pipeline.reading.sheets import norm
from pipeline.reading.workbooks import Workbook

FILE = PARTICIPANTS_BOOK.file


def read_participants(inputs: Path,
                      problems: Problems) -> tuple[tuple[Participant, ...], frozenset[str] | None]:
    """The participants, and every organisation the sheet names (also on rows that could not be read,
    so the harvest is not told they are unknown), or None when the sheet could not be read at all or is
    still to be filled in (then no organisation is unknown yet)."""
    table = Workbook(inputs / FILE, FILE, problems).table(PARTICIPANTS.name, PARTICIPANTS.required,
                                                          PARTICIPANTS.optional)
    note_empty(table, PARTICIPANTS, problems)
    if table is None or not table.rows:
        return (), None
    found: list[Participant] = []
    organisations = {cell_text(row.get("Organisatie")) for row in rows(table)} - {None}
    for row in rows(table):
        cells = Cells(row, problems)
        values = (cells.text("Naam"), cells.text("Organisatie"), cells.text("E-mail", False),
                  cells.yes_no("Naam vermelden"), cells.yes_no("Reviewexemplaar"))
        if values[2] is not None and (reason := address_problem(values[2])) is not None:
            problems.error(row.source.at("E-mail"), f"'{values[2]}' is geen e-mailadres: {reason}")
        if None in (values[0], values[1], values[3], values[4]):
            continue
        found.append(Participant(*values, source=row.source))
    return _persons(found, problems), frozenset(organisations)


def mail_key(email: str | None) -> str | None:
    """An e-mail address as compared: without regard to case and surrounding spaces; None when empty."""
    return (email or "").strip().casefold() or None


def _persons(found: list[Participant], problems: Problems) -> tuple[Participant, ...]:
    """The rows with their person's number, and whether their name may be printed: with consent, and
    only when no other person of the same name refused it."""
    persons = _person_numbers(found)
    _check_consent(found, persons, problems)
    refusing: dict[str, list[tuple[Participant, int]]] = {}  # by name: who refused, in order
    for p, person in zip(found, persons):
        if not p.may_be_named:
            refusing.setdefault(norm(p.name), []).append((p, person))
    refused = set(refusing)
    for p, person in zip(found, persons):
        namesake = next((o for o, other in refusing.get(norm(p.name), ()) if other != person), None)
        if p.may_be_named and namesake is not None:
            problems.warn(p.source.at("Naam vermelden"), f"een naamgenoot ({namesake.source.at('Naam')}) wil "
                                                         "niet bij naam genoemd worden; daarom wordt ook deze "
                                                         "deelnemer niet bij naam genoemd")
    return tuple(replace(p, person=person, named=p.may_be_named and norm(p.name) not in refused)
                 for p, person in zip(found, persons))


def _person_numbers(found: list[Participant]) -> list[int]:
    """One number per person, in order of their first row: rows with the same e-mail address (any case)
    are one person, and so are rows with the same name (any case and spacing) where one has no e-mail."""
    group = list(range(len(found)))

    def root(n: int) -> int:
        while group[n] != n:
            n = group[n]
        return n

    same: dict[tuple[str, str], list[int]] = {}
    for n, p in enumerate(found):
        if mail_key(p.email):
            same.setdefault(("e-mail", mail_key(p.email)), []).append(n)
        same.setdefault(("naam", norm(p.name)), []).append(n)
    for (by, _), rows_of in same.items():
        if by == "e-mail" or any(mail_key(found[n].email) is None for n in rows_of):
            for n in rows_of[1:]:
                group[root(n)] = root(rows_of[0])
    numbers: dict[int, int] = {}
    return [numbers.setdefault(root(n), len(numbers) + 1) for n in range(len(found))]


def _check_consent(found: list[Participant], persons: list[int], problems: Problems) -> None:
    for p, person in zip(found, persons):
        others = [o for o, other in zip(found, persons) if other == person and o.may_be_named != p.may_be_named]
        if not others:
            continue
        basis = "e-mailadres" if mail_key(p.email) and mail_key(p.email) == mail_key(others[0].email) else "naam"
        answer = "ja" if others[0].may_be_named else "nee"
        cells = ", ".join(str(o.source.at("Naam vermelden")) for o in others)
        problems.error(p.source.at("Naam vermelden"),
                       f"dezelfde deelnemer (zelfde {basis}) staat ook op {cells} met 'Naam vermelden' = "
                       f"'{answer}'; geef op elke rij van deze persoon hetzelfde antwoord")
