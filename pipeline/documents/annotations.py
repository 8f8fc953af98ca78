"""What a reviewer added to a Word document: its comments and its tracked changes, each with the passage it
is about and the level-1 heading it sits under. Knows nothing about plans.

A comment's passage is the text between its `commentRangeStart` and `commentRangeEnd`, as the reviewer saw
it (insertions in, deletions out); a comment without a range is about its paragraph. A tracked change is
reported per paragraph: the paragraph as it was before (`passage`) and each place that changed, as a pair
(deleted text, inserted text); insertions and deletions side by side are one replacement.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from docx.document import Document

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
DATE = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})")
INSERTED = {f"{{{W}}}ins", f"{{{W}}}moveTo"}
DELETED = {f"{{{W}}}del", f"{{{W}}}moveFrom"}
PARAGRAPH, RUN, TEXT, DELETED_TEXT = f"{{{W}}}p", f"{{{W}}}r", f"{{{W}}}t", f"{{{W}}}delText"
BREAKS = {f"{{{W}}}tab": "\t", f"{{{W}}}br": "\n", f"{{{W}}}cr": "\n"}
RANGE_START, RANGE_END, REFERENCE = (f"{{{W}}}commentRangeStart", f"{{{W}}}commentRangeEnd",
                                     f"{{{W}}}commentReference")


@dataclass(frozen=True)
class Comment:
    number: int  # 1, 2, ... in the order of the document
    author: str
    date: str | None  # the day it was written (YYYY-MM-DD), when the document says
    text: str
    passage: str
    heading: str | None  # the level-1 heading above it; None on a cover: before the first one, or after a title


@dataclass(frozen=True)
class Change:
    number: int  # 1, 2, ... one per changed paragraph, in the order of the document
    authors: tuple[str, ...]
    date: str | None
    edits: tuple[tuple[str, str], ...]  # (deleted, inserted) per place that changed
    passage: str  # the paragraph before the change (empty for a paragraph that is new)
    heading: str | None


def annotations(document: Document) -> tuple[tuple[Comment, ...], tuple[Change, ...]]:
    """The comments and the tracked changes of `document` (opened with python-docx), in document order."""
    levels = _outline_levels(document.styles.element)
    titles = _title_styles(document.styles.element)
    anchors: dict[str, tuple[str | None, str]] = {}  # comment id -> (heading, passage)
    ranges: dict[str, tuple[str | None, list[str]]] = {}  # open comment ranges: id -> (heading, text so far)
    changes: list[Change] = []
    heading: str | None = None
    for element in document.element.body.iter():  # every element, in the order of the document
        tag = element.tag
        if tag == PARAGRAPH:
            if _level(element, levels) == 0:
                heading = " ".join(_visible_text(element).split())
            elif _style(element) in titles:  # a title starts a cover: a copy's own pages, then the concept's
                heading = None
            for _, parts in ranges.values():
                if parts:
                    parts.append("\n")
            change = _change(element, len(changes) + 1, heading)
            if change is not None:
                changes.append(change)
        elif _is_text(element) and _change_kind(element, None) != "del":
            for _, parts in ranges.values():
                parts.append(_text(element))
        elif tag == RANGE_START:
            ranges[element.get(f"{{{W}}}id")] = (heading, [])
        elif tag == RANGE_END and element.get(f"{{{W}}}id") in ranges:
            key = element.get(f"{{{W}}}id")
            start, parts = ranges.pop(key)
            anchors.setdefault(key, (start, "".join(parts)))
        elif tag == REFERENCE:  # a comment without a range is about its paragraph
            key = element.get(f"{{{W}}}id")
            if key not in anchors and key not in ranges:
                anchors[key] = (heading, _visible_text(_paragraph_of(element)))
    return _comments(document, anchors), tuple(changes)


def _comments(document: Document, anchors: dict[str, tuple[str | None, str]]) -> tuple[Comment, ...]:
    order = {key: n for n, key in enumerate(anchors)}
    found = []
    for element in document.comments._comments_elm.iterchildren(f"{{{W}}}comment"):  # noqa: SLF001
        key = element.get(f"{{{W}}}id")
        heading, passage = anchors.get(key, (None, ""))
        date = DATE.match(element.get(f"{{{W}}}date") or "")
        text = "\n".join(_visible_text(p) for p in element.iter(PARAGRAPH))
        found.append((order.get(key, len(order)), element.get(f"{{{W}}}author") or "", date and date.group(1),
                      text.strip(), passage.strip(), heading))
    found.sort(key=lambda f: f[0])  # by place in the document; comments on no place keep their own order
    return tuple(Comment(n, *rest) for n, (_, *rest) in enumerate(found, 1))


# --- text -----------------------------------------------------------------------------------------------

def _is_text(element) -> bool:
    """A piece of text: `w:t`, `w:delText`, or a tab or line break in a run (not a tab stop)."""
    return element.tag in (TEXT, DELETED_TEXT) or (element.tag in BREAKS and element.getparent().tag == RUN)


def _text(element) -> str:
    return element.text or "" if element.tag in (TEXT, DELETED_TEXT) else BREAKS[element.tag]


def _own_text(paragraph) -> list[tuple[str, str]]:
    """The paragraph's text pieces in order, as (kind, text), kind '' (unchanged), 'ins' or 'del'; not
    those of a paragraph inside it (a text box)."""
    return [(_change_kind(e, paragraph), _text(e)) for e in paragraph.iter(TEXT, DELETED_TEXT, *BREAKS)
            if _is_text(e) and _paragraph_of(e) is paragraph]


def _visible_text(paragraph) -> str:
    """As the reader sees it with the changes shown as made: insertions in, deletions out."""
    return "".join(text for kind, text in _own_text(paragraph) if kind != "del")


def _text_before(paragraph) -> str:
    """As it was before the changes: deletions in, insertions out."""
    return "".join(text for kind, text in _own_text(paragraph) if kind != "ins")


def _paragraph_of(element):
    parent = element
    while parent is not None and parent.tag != PARAGRAPH:
        parent = parent.getparent()
    return parent if parent is not None else element


def _change_kind(element, paragraph) -> str:
    """'ins' or 'del' when `element` lies in a tracked insertion or deletion (below `paragraph`), else ''."""
    parent = element.getparent()
    while parent is not None and parent is not paragraph:
        if parent.tag in INSERTED:
            return "ins"
        if parent.tag in DELETED:
            return "del"
        parent = parent.getparent()
    return "del" if element.tag == DELETED_TEXT else ""


# --- tracked changes -----------------------------------------------------------------------------------

def _change(paragraph, number: int, heading: str | None) -> Change | None:
    """The paragraph's tracked changes as one Change, or None when it has none."""
    marks = [m for m in paragraph.iter(*INSERTED, *DELETED) if _paragraph_of(m) is paragraph and len(m)]
    if not marks:
        return None
    edits, deleted, inserted = [], "", ""
    for kind, text in [*_own_text(paragraph), ("", None)]:  # None: the end, which closes the last place
        if kind == "del":
            deleted += text
        elif kind == "ins":
            inserted += text
        elif text != "":  # an empty run between two changes does not part them
            if deleted or inserted:
                edits.append((deleted, inserted))
            deleted, inserted = "", ""
    if not edits:  # only formatting, or a paragraph mark: no text changed
        return None
    authors = tuple(dict.fromkeys(m.get(f"{{{W}}}author") or "" for m in marks))
    date = DATE.match(marks[0].get(f"{{{W}}}date") or "")
    return Change(number, authors, date and date.group(1), tuple(edits), _text_before(paragraph), heading)


# --- headings ------------------------------------------------------------------------------------------

def _outline_levels(styles) -> dict[str, int | None]:
    """Each paragraph style's outline level (0: level-1 heading), following `basedOn`."""
    own: dict[str, tuple[int | None, str | None]] = {}
    for style in styles.iterchildren(f"{{{W}}}style"):
        level = style.find(f"{{{W}}}pPr/{{{W}}}outlineLvl")
        name = style.find(f"{{{W}}}name")
        based = style.find(f"{{{W}}}basedOn")
        value = _int(level.get(f"{{{W}}}val")) if level is not None else None
        if value is None and name is not None and (name.get(f"{{{W}}}val") or "").lower() == "heading 1":
            value = 0
        own[style.get(f"{{{W}}}styleId")] = (value, based.get(f"{{{W}}}val") if based is not None else None)

    def resolved(style_id: str | None, depth: int = 0) -> int | None:
        if style_id not in own or depth > 20:
            return None
        value, based = own[style_id]
        return value if value is not None else resolved(based, depth + 1)

    return {style_id: resolved(style_id) for style_id in own}


def _title_styles(styles) -> set[str]:
    """The ids of the paragraph styles named Title (Word's and LibreOffice's name for a document's title)."""
    return {style.get(f"{{{W}}}styleId") for style in styles.iterchildren(f"{{{W}}}style")
            if (name := style.find(f"{{{W}}}name")) is not None and (name.get(f"{{{W}}}val") or "").lower() == "title"}


def _level(paragraph, levels: dict[str, int | None]) -> int | None:
    ppr = paragraph.find(f"{{{W}}}pPr")
    if ppr is None:
        return None
    own = ppr.find(f"{{{W}}}outlineLvl")
    if own is not None:
        return _int(own.get(f"{{{W}}}val"))
    return levels.get(_style(paragraph))


def _style(paragraph) -> str | None:
    style = paragraph.find(f"{{{W}}}pPr/{{{W}}}pStyle")
    return style.get(f"{{{W}}}val") if style is not None else None


def _int(text: str | None) -> int | None:
    try:
        return int(text)
    except (TypeError, ValueError):
        return None
