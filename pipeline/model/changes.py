"""What changed in the plan since the concept as sent (the record in inputs/verzonden/), each with before
and after: harvest items whose outcome or place changed, chapters whose title or text changed (or that
came or went), budget lines (costs and funding) and decision points.

Made from public fields only: the record holds what the concept printed, and the plan's side is taken
from its public view (model/public.py builds this as its `changes`), so that the nota and the feedback
to organisations can print it as it is.
"""
from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import zip_longest

from pipeline.model.record import SentAmount, SentRecord


@dataclass(frozen=True)
class ItemChange:
    """A harvest item that the plan handles otherwise than the concept did."""

    id: str
    text: str
    organisation: str  # as public documents name it
    before: str | None  # what the concept said became of it ("in behandeling" while open); None: not in it
    after: str | None  # what the plan says now; None: no longer in the plan


@dataclass(frozen=True)
class Passage:
    """One paragraph of a chapter's Markdown as it was and as it is ('' where there was or is none)."""

    before: str
    after: str


@dataclass(frozen=True)
class ChapterChange:
    id: str
    before: str | None  # `hoofdstuk 2 Opvang` as numbered in the concept; None: a new chapter
    after: str | None  # as numbered now; None: the chapter is gone
    passages: tuple[Passage, ...]  # the paragraphs that changed (of a new or removed chapter: none)

    @property
    def title_changed(self) -> bool:
        return None not in (self.before, self.after) and _title(self.before) != _title(self.after)


@dataclass(frozen=True)
class LineChange:
    """A line of the budget (costs: `Lasten`, funding: `Dekking`) that came, went or has other amounts."""

    name: str
    category: str  # of a cost line (now, else as sent); '' for funding
    before: tuple[SentAmount, ...] | None  # None: a new line
    after: tuple[SentAmount, ...] | None  # None: the line is gone
    category_before: str = ""  # when the category changed


@dataclass(frozen=True)
class DecisionChange:
    before_number: int | None
    before: str | None  # None: a new decision point
    after_number: int | None
    after: str | None  # None: the decision point is gone


@dataclass(frozen=True)
class Changes:
    """Everything that changed since the concept that was sent on `sent`."""

    sent: dt.date
    items: tuple[ItemChange, ...]
    chapters: tuple[ChapterChange, ...]
    costs: tuple[LineChange, ...]
    funding: tuple[LineChange, ...]
    decisions: tuple[DecisionChange, ...]

    @property
    def count(self) -> int:
        return sum(map(len, (self.items, self.chapters, self.costs, self.funding, self.decisions)))


def changes_since(record: SentRecord, items, chapters, costs, funding, decisions) -> Changes:
    """The changes from `record` to the plan now, given in its public form: `items` and `chapters` as
    PublicItem and PublicChapter (whose body is its Markdown), `costs` and `funding` as PublicLine,
    `decisions` as Decision."""
    return Changes(
        sent=record.sent,
        items=_items(record, items, chapters),
        chapters=_chapters(record, chapters),
        costs=_lines([(c.post, c.category, c.amounts) for c in record.costs],
                     [(c.name, c.category, c.amounts) for c in costs]),
        funding=_lines([(f.name, "", f.amounts) for f in record.funding], [(f.name, "", f.amounts) for f in funding]),
        decisions=_decisions([d.text for d in record.decisions], [d.text for d in decisions]),
    )


def _title(reference: str) -> str:
    """`hoofdstuk 2 Opvang` -> `Opvang`: a chapter that only moved keeps its title."""
    return reference.split(" ", 2)[-1]


def _references(chapters: Iterable[tuple[int, str, str]]) -> list[tuple[str, str]]:
    """(`hoofdstuk N Title`, a stand-in naming the chapter by id), longest first, so that a reference to a
    chapter compares equal when only the chapter's number changed."""
    found = [(f"hoofdstuk {number} {title}", f"\x00{id_}\x00") for number, title, id_ in chapters]
    return sorted(found, key=lambda pair: -len(pair[0]))


def _same_place(where: str, references: list[tuple[str, str]]) -> str:
    for shown, stand_in in references:
        where = where.replace(shown, stand_in)
    return where


def _items(record: SentRecord, items, chapters) -> tuple[ItemChange, ...]:
    then = _references((c.number, c.title, c.id) for c in record.chapters)
    now = _references((c.number, c.title, c.id) for c in chapters)
    sent = {i.id: i for i in record.harvest}
    found = []
    for item in items:
        before = sent.pop(item.id, None)
        if before is None:
            found.append(ItemChange(item.id, item.text, item.organisation, None, item.where))
        elif before.outcome != item.outcome or _same_place(before.where, then) != _same_place(item.where, now):
            found.append(ItemChange(item.id, item.text, item.organisation, before.where, item.where))
    found += [ItemChange(i.id, i.text, i.organisation, i.where, None) for i in sent.values()]
    return tuple(found)


def paragraphs(markdown: str) -> list[str]:
    """A Markdown text's blocks (split at blank lines), each on one line: re-wrapping is no change."""
    return [" ".join(block.split()) for block in re.split(r"\n[ \t]*\n", markdown) if block.strip()]


def _chapters(record: SentRecord, chapters) -> tuple[ChapterChange, ...]:
    sent = {c.id: c for c in record.chapters}
    found = []
    for chapter in chapters:
        now = f"hoofdstuk {chapter.number} {chapter.title}"
        before = sent.pop(chapter.id, None)
        if before is None:
            found.append(ChapterChange(chapter.id, None, now, ()))
            continue
        passages = tuple(Passage(a, b) for a, b in _paired(paragraphs(before.markdown), paragraphs(chapter.body)))
        if passages or before.title != chapter.title:
            found.append(ChapterChange(chapter.id, f"hoofdstuk {before.number} {before.title}", now, passages))
    found += [ChapterChange(c.id, f"hoofdstuk {c.number} {c.title}", None, ()) for c in sent.values()]
    return tuple(found)


def _paired(before: Sequence[str], after: Sequence[str]) -> list[tuple[str, str]]:
    """The blocks that differ, as (before, after): a changed block with what replaced it, '' on the
    other side of a block that came or went."""
    pairs = []
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            pairs += zip_longest(before[i1:i2], after[j1:j2], fillvalue="")
    return pairs


def _amounts(amounts) -> tuple[SentAmount, ...]:
    return tuple(SentAmount(a.year, a.amount) for a in amounts)


def _lines(before: list[tuple], after: list[tuple]) -> tuple[LineChange, ...]:
    """Lines matched by name (a name used twice: in order); a line changed when its category or an amount
    of a year did."""
    sent: dict[str, list[tuple]] = {}
    for line in before:
        sent.setdefault(line[0], []).append(line)
    found = []
    for name, category, amounts in after:
        then = sent.get(name, [])
        if not then:
            found.append(LineChange(name, category, None, _amounts(amounts)))
            continue
        _, old_category, old_amounts = then.pop(0)
        old, new = _amounts(old_amounts), _amounts(amounts)
        if category != old_category or {a.year: a.amount for a in old} != {a.year: a.amount for a in new}:
            found.append(LineChange(name, category, old, new, old_category if old_category != category else ""))
    found += [LineChange(name, category, _amounts(amounts), None) for lines in sent.values()
              for name, category, amounts in lines]
    return tuple(found)


def _decisions(before: list[str], after: list[str]) -> tuple[DecisionChange, ...]:
    """Decision points aligned by their text: a reworded one with its old wording, new and removed ones."""
    found = []
    same = [" ".join(t.split()) for t in before], [" ".join(t.split()) for t in after]
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, *same, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        old, new = list(range(i1, i2)), list(range(j1, j2))
        for i, j in zip_longest(old, new):
            found.append(DecisionChange(None if i is None else i + 1, None if i is None else before[i],
                                        None if j is None else j + 1, None if j is None else after[j]))
    return tuple(found)
