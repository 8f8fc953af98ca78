"""Reads the returned copies (inputs/reacties/*.docx): every Word comment and every tracked change a
participant made, with whose copy it is, the passage and the chapter it is about.

A copy says from inside whose it is (model/identity.py), so a renamed file is still known. Each reaction
gets a mark ("kenmerk"): a fingerprint of whose it is, what kind, the passage and the text. The mark goes
into the row's `Bron`, and `make reacties` adds a reaction only when no row carries its mark yet: a second
run, a renamed file, a copy saved again by Word or LibreOffice, or the same file twice add nothing.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path

from pipeline.base.dutch import date
from pipeline.base.errors import Problem
from pipeline.base.problems import Problems, replace_invisible
from pipeline.documents.annotations import Change, Comment, annotations
from pipeline.documents.finalize import NEUTRAL_AUTHOR
from pipeline.model.identity import CopyIdentity, identity_of
from pipeline.model.plan import GENERAL
from pipeline.model.record import SentOrganisation, SentRecord
from pipeline.reading.folder import outside_inputs
from pipeline.reading.word_files import OLD_WORD, WordFile, open_word_file, restored

FOLDER = "reacties"
PASSAGE_LIMIT = 500  # characters of a passage in the workbook; the mark is made from the whole passage
TEXT_LIMIT = 32_000  # an Excel cell holds 32,767
OURS = frozenset({NEUTRAL_AUTHOR, "Plan A"})  # changes by these are not a participant's
COMMENT, CHANGE = "opmerking", "wijziging"


@dataclass(frozen=True)
class ReturnedReaction:
    """One comment or tracked change of a returned copy: what becomes a row of reacties.xlsx."""

    received: dt.date
    sender: str  # the copy's organisation, as in deelnemers.xlsx; '' for the concept (no organisation)
    chapter: str  # a chapter id, or 'algemeen'
    passage: str
    text: str
    origin: str  # for `Bron`: the file, the comment or change, the mark
    mark: str
    notes: tuple[Problem, ...] = ()  # warnings about this reaction, worth saying when it is added


def returned_files(inputs: Path) -> list[Path]:
    """The returned copies, without Word's `~$` lock files and hidden files."""
    folder = inputs / FOLDER
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix.lower() == ".docx" and not p.name.startswith(("~$", ".")))


def read_returned(inputs: Path, records: tuple[SentRecord, ...], problems: Problems) -> tuple[ReturnedReaction, ...]:
    """Every reaction in every returned copy; a file that is not a copy of this case is a problem, and
    records[0] is the latest record (there is at least one)."""
    if outside_inputs(inputs, FOLDER, problems):
        return ()
    _report_other_files(inputs, problems)
    found: list[ReturnedReaction] = []
    first_of: dict[str, str] = {}  # organisation -> the first file that is its copy
    for path in returned_files(inputs):
        rel = f"{FOLDER}/{path.name}"
        if outside_inputs(inputs, rel, problems):
            continue
        opened = open_word_file(path, rel, problems)
        notes = Problems()  # warnings about the file: said with its reactions, when they are new
        copy = _copy(opened, rel, records, problems, notes) if opened is not None else None
        if copy is None:
            continue
        record, sender = copy
        if sender and sender in first_of:
            notes.warn(rel, f"ook {first_of[sender]} is een exemplaar van {sender}; beide worden gelezen")
        first_of.setdefault(sender, rel)
        found += _reactions(opened, path, rel, record, sender, tuple(notes.items))
    return tuple(found)



def _report_other_files(inputs: Path, problems: Problems) -> None:
    """A reaction saved in another format would silently go missing."""
    for path in sorted((inputs / FOLDER).iterdir()) if (inputs / FOLDER).is_dir() else ():
        if path.name.startswith(("~$", ".")) or path.suffix.lower() == ".docx" or path.is_dir():
            continue
        rel = f"{FOLDER}/{path.name}"
        problems.error(rel, OLD_WORD if path.suffix.lower() == ".doc" else
                       "alleen Word-documenten (.docx) worden gelezen; sla dit bestand op als .docx, of typ de "
                       "reacties zelf in reacties.xlsx en haal het bestand uit de map reacties")


def _copy(opened: WordFile, rel: str, records: tuple[SentRecord, ...], problems: Problems,
          notes: Problems) -> tuple[SentRecord, str] | None:
    """The record a returned file was made from and whose copy it is ('' for the concept), or None (a
    problem) when it is no copy of this case; warnings about the file go to its `notes`."""
    identity = identity_of(opened.properties)
    latest = records[0]
    if identity is None:
        problems.error(rel, "dit is geen exemplaar van Plan A: het document draagt geen kenmerk van een "
                            "verzonden exemplaar; typ de reacties zelf in reacties.xlsx (bij Bron bijvoorbeeld "
                            "'brief') en haal het bestand uit de map reacties")
        return None
    if identity.case_id != latest.case_id:
        problems.error(rel, f"dit is een exemplaar van een andere zaak (zaak {identity.case_id}, deze zaak is "
                            f"{latest.case_id}): '{opened.title}'; haal het uit de map reacties")
        return None
    record = next((r for r in records if r.record_id == identity.record_id), None)
    if record is None:
        notes.warn(rel, "dit exemplaar hoort bij geen vastgelegde verzending (het is gemaakt zonder make "
                           "verzenden, of daarna); de reacties worden gelezen volgens de laatste verzending")
        record = latest
    elif record is not latest:
        notes.warn(rel, f"dit exemplaar hoort bij een eerdere verzending ({record.source.file.rsplit('/', 1)[0]}, "
                           f"verzonden op {date(record.sent)}); de reacties worden gelezen volgens die verzending")
    return _sender(identity, record, rel, problems, notes)


def _sender(identity: CopyIdentity, record: SentRecord, rel: str, problems: Problems,
            notes: Problems) -> tuple[SentRecord, str] | None:
    if identity.slug is None:
        notes.warn(rel, "dit is het algemene concept, niet het exemplaar van één organisatie; vul bij de "
                           "reacties uit dit bestand zelf 'Van' in")
        return record, ""
    organisation = _organisation(identity, record)
    if organisation is None:
        problems.error(rel, f"kan niet vaststellen van welke organisatie dit exemplaar is ('{identity.organisation}'"
                            "); typ de reacties zelf in reacties.xlsx en haal het bestand uit de map reacties")
        return None
    return record, organisation.name


def _organisation(identity: CopyIdentity, record: SentRecord) -> SentOrganisation | None:
    by_slug = next((o for o in record.organisations if o.slug == identity.slug), None)
    if by_slug is not None:
        return by_slug
    shown = [o for o in record.organisations if o.shown_as == identity.organisation]
    return shown[0] if len(shown) == 1 else None


# --- the reactions of one copy --------------------------------------------------------------------------

def _reactions(opened: WordFile, path: Path, rel: str, record: SentRecord, sender: str,
               about_file: tuple[Problem, ...]) -> list[ReturnedReaction]:
    comments, changes = annotations(opened.document)
    file_date = dt.date.fromtimestamp(path.stat().st_mtime)
    found = []
    for comment in comments:
        notes, where = Problems(), f"{rel}, {COMMENT} {comment.number}"
        notes.items.extend(about_file)
        if comment.heading is None:
            notes.warn(where, f"deze opmerking staat op het voorblad ('{_short(comment.passage)}'); gelezen als "
                              f"onderdeel '{GENERAL}'")
        found.append(_reaction(COMMENT, comment.number, comment.date, comment.heading, comment.passage,
                               _comment_text(comment), path.name, where, record, sender, file_date, notes))
    changes = [c for c in changes if not set(c.authors) <= OURS]
    for n, change in enumerate(changes, 1):
        notes, where = Problems(), f"{rel}, {CHANGE} {n}"
        notes.items.extend(about_file)
        found.append(_reaction(CHANGE, n, change.date, change.heading, change.passage or "(nieuwe alinea)",
                               _change_text(change), path.name, where, record, sender, file_date, notes))
    return found


def _reaction(kind: str, number: int, day: str | None, heading: str | None, passage: str, text: str, name: str,
              where: str, record: SentRecord, sender: str, file_date: dt.date, notes: Problems) -> ReturnedReaction:
    passage = replace_invisible(restored(passage), where, notes).strip()
    text = replace_invisible(restored(text), where, notes).strip()
    mark = hashlib.sha256("\n".join([sender, kind, " ".join(passage.split()),
                                     " ".join(text.split())]).encode("utf-8")).hexdigest()[:10]
    if len(text) > TEXT_LIMIT:
        notes.warn(where, f"de reactie is te lang voor een cel van Excel ({len(text)} tekens); ingekort tot "
                          f"{TEXT_LIMIT} tekens: lees de rest in het bestand zelf")
        text = text[:TEXT_LIMIT - 1] + "…"
    return ReturnedReaction(
        received=_day(day) or file_date, sender=sender, chapter=chapter_of(heading, record),
        passage=passage if len(passage) <= PASSAGE_LIMIT else passage[:PASSAGE_LIMIT - 1] + "…",
        text=text, origin=f"{name}, {kind} {number} (kenmerk {mark})", mark=mark,
        notes=tuple(notes.items))


def chapter_of(heading: str | None, record: SentRecord) -> str:
    """The chapter id a level-1 heading of the concept names (`2. Opvang`), or 'algemeen'."""
    if heading is not None:
        for chapter in record.chapters:
            title = " ".join(chapter.title.split())
            if heading in (f"{chapter.number}. {title}", title):
                return chapter.id
    return GENERAL


def _comment_text(comment: Comment) -> str:
    return comment.text or "(opmerking zonder tekst)"


def _change_text(change: Change) -> str:
    """A tracked change in words: `Voorgestelde wijziging: 'a' vervangen door 'b'; 'c' toegevoegd`."""
    edits = []
    for deleted, inserted in ((_quoted(d), _quoted(i)) for d, i in change.edits):
        if deleted and inserted:
            edits.append(f"'{deleted}' vervangen door '{inserted}'")
        elif inserted:
            edits.append(f"'{inserted}' toegevoegd")
        else:
            edits.append(f"'{deleted}' geschrapt")
    return "Voorgestelde wijziging: " + "; ".join(edits)


def _quoted(text: str) -> str:
    return text.strip() or text


def _day(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _short(text: str, length: int = 40) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= length else flat[:length - 1] + "…"
