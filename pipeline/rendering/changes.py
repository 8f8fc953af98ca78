"""The changes since the concept as sent (model/changes.py) as tables of ready Dutch text: one row per
change, with what it is about, how it was in the concept and how it is now. For the nota van
beantwoording and, per organisation, the feedback after the decision."""
from __future__ import annotations

import functools
from dataclasses import dataclass

from pipeline.base.dutch import date, euros
from pipeline.documents.markdown import markdown_to_plain
from pipeline.model.changes import Changes, LineChange

NOT_IN_CONCEPT = "(stond niet in het concept)"
GONE = "(vervallen)"


@dataclass(frozen=True)
class ChangeRow:
    subject: str  # what changed: `D1-01 (Stichting Noord): Kleine locaties`, `Hoofdstuk 2 Opvang`, ...
    before: str  # as the concept had it
    after: str  # as the plan has it now


@dataclass(frozen=True)
class ChangeTables:
    sent: str  # `20 november 2018`
    items: tuple[ChangeRow, ...]  # harvest items handled otherwise
    chapters: tuple[ChangeRow, ...]  # one row per changed title or paragraph, new or removed chapter
    budget: tuple[ChangeRow, ...]  # cost lines, then funding lines
    decisions: tuple[ChangeRow, ...]
    count: int  # the changes, as the model counts them (a chapter once, however many paragraphs changed)


@functools.lru_cache(maxsize=1)  # the nota and the feedback show the same tables: one pandoc run for both
def change_tables(changes: Changes, plain: bool = True) -> ChangeTables:
    """The tables; the chapters' Markdown paragraphs become plain text (one pandoc run for all; `plain=False`:
    left as typed, for `check`, which runs no pandoc)."""
    texts = [p for c in changes.chapters for passage in c.passages for p in (passage.before, passage.after)]
    paragraphs = iter(markdown_to_plain(texts) if plain else texts)
    chapters = []
    for c in changes.chapters:
        if c.before is None:
            chapters.append(ChangeRow(_capital(c.after), NOT_IN_CONCEPT, "nieuw hoofdstuk"))
        elif c.after is None:
            chapters.append(ChangeRow(_capital(c.before), "", "hoofdstuk vervallen"))
        elif c.title_changed:
            chapters.append(ChangeRow(_capital(c.after), f"titel: {_capital(c.before)}", f"titel: {_capital(c.after)}"))
        for passage in c.passages:
            before, after = next(paragraphs), next(paragraphs)
            chapters.append(ChangeRow(_capital(c.after), before or "(nieuwe tekst)", after or "(tekst vervallen)"))
    return ChangeTables(
        sent=date(changes.sent),
        items=tuple(ChangeRow(f"{i.id} ({i.organisation}): {i.text}", i.before or NOT_IN_CONCEPT, i.after or GONE)
                    for i in changes.items),
        chapters=tuple(chapters),
        budget=tuple(_line("Lasten", line) for line in changes.costs) +
        tuple(_line("Dekking", line) for line in changes.funding),
        decisions=tuple(ChangeRow(f"Besluitpunt {d.after_number or d.before_number}",
                                  d.before or "(nieuw besluitpunt)", d.after or GONE) for d in changes.decisions),
        count=changes.count,
    )


def _capital(reference: str) -> str:
    return reference[:1].upper() + reference[1:]


def _line(kind: str, line: LineChange) -> ChangeRow:
    subject = f"{kind}: {line.name}" + (f" ({line.category})" if line.category else "")
    amounts = [a.amount for side in (line.before, line.after) if side for a in side]
    shown = iter(euros(*amounts))  # one format for the row: cents on both sides or on neither

    def side(values, category: str = "") -> str:
        text = "\n".join(f"{a.year}: {next(shown)}" for a in values)
        return f"categorie {category}\n{text}" if category else text

    before = NOT_IN_CONCEPT if line.before is None else side(line.before, line.category_before)
    after = GONE if line.after is None else side(line.after, line.category if line.category_before else "")
    return ChangeRow(subject, before, after)
