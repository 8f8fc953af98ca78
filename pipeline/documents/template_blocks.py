"""Says which loop or condition in a Word template is left open or closed twice, and where, in Word's words.

Jinja only knows the line of the template's XML, which a civil servant never sees; here the tags are
read from the paragraphs as Word shows them, paired the way Jinja pairs them, and the first one that
does not pair is named by its text, its table (by the table's first row) and the heading above it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from pipeline.documents.markdown import W, heading_levels

# `{%tr for i in x %}`: docxtpl's prefix (tr, tc, p, r) right after `{%`, then the tag's name
TAG = re.compile(r"\{%(?:(tr|tc|p|r)\s+|-?\s*)(\w+)(?:[^%]|%(?!\}))*%\}")
CLOSES = {"endfor": "for", "endif": "if", "endwith": "with", "endmacro": "macro", "endcall": "call",
          "endfilter": "filter", "endblock": "block", "endautoescape": "autoescape"}
OPENS = {opener: closer for closer, opener in CLOSES.items()}
BELONGS_TO = {"else": ("for", "if"), "elif": ("if",)}
KIND = {"for": "de lus", "if": "de voorwaarde"}
PLACE = {"tr": "in een eigen tabelrij, onder de rij die herhaald wordt",
         "tc": "in een eigen cel, rechts van de cel die herhaald wordt",
         "p": "in een eigen alinea, na de alinea's die erbij horen"}
PARTS = {"header": "in de koptekst", "footer": "in de voettekst", "footnotes": "in een voetnoot"}
LONGEST = 60


@dataclass(frozen=True)
class Tag:
    text: str  # as typed in Word, spaces as one
    prefix: str  # docxtpl's tr, tc, p, r, or ''
    name: str
    where: str  # its table and the heading above it, in words

    def closer(self) -> str:
        start = "{%" + (self.prefix + " " if self.prefix else " ")
        return f"'{start}{OPENS[self.name]} %}}'"

    def what(self) -> str:
        return f"{KIND.get(self.name, 'het blok')} '{self.text}' ({self.where})"


def unpaired_block(part_xml: bytes, styles_xml: bytes | None, partname: str = "") -> str | None:
    """What does not pair up in this part of the template, in Dutch; None when every block pairs."""
    tags = _tags(etree.fromstring(part_xml), heading_levels(styles_xml), _part_place(partname))
    stack: list[Tag] = []
    for tag in tags:
        if tag.name in OPENS:
            stack.append(tag)
        elif tag.name in CLOSES:
            if not stack:
                return (f"'{tag.text}' ({tag.where}) sluit niets af: er staat geen '{CLOSES[tag.name]}' vóór die "
                        f"nog open is; haal '{tag.text}' weg of zet de bijbehorende '{CLOSES[tag.name]}' terug")
            if stack[-1].name != CLOSES[tag.name] or _structural(stack[-1]) != _structural(tag):
                # Jinja pairs `{%tr endfor %}` with any open for; Word's rows, cells and paragraphs do not
                return (f"'{tag.text}' ({tag.where}) staat binnen {stack[-1].what()}, die eerst gesloten moet "
                        f"worden met {stack[-1].closer()}")
            stack.pop()
        elif tag.name in BELONGS_TO and (not stack or stack[-1].name not in BELONGS_TO[tag.name]):
            return f"'{tag.text}' ({tag.where}) hoort bij geen '{' of '.join(BELONGS_TO[tag.name])}' die open is"
    return "; ".join(_left_open(tag, tags) for tag in stack) or None


def _structural(tag: Tag) -> str:
    """docxtpl's row, cell and paragraph tags remove their row, cell or paragraph: they pair only alike."""
    return tag.prefix if tag.prefix in PLACE else ""


def _left_open(tag: Tag, tags: list[Tag]) -> str:
    copies = sum(t.text == tag.text and t.where == tag.where for t in tags)
    twice = f": '{tag.text}' staat er {copies} keer (gekopieerd?); haal de kopie weg, of" if copies > 1 else ";"
    place = PLACE.get(tag.prefix, "na de tekst die erbij hoort")
    return f"{tag.what()} wordt nergens gesloten{twice} zet {tag.closer()} {place}"


def _part_place(partname: str) -> str | None:
    """`in de koptekst` for a header part (where headings mean nothing), None for the body."""
    return next((words for key, words in PARTS.items() if key in partname), None)


def _tags(root: etree._Element, headings: dict[str, int], part_place: str | None) -> list[Tag]:
    found: list[Tag] = []
    heading = before = None  # the last heading, the last paragraph of text that is no tag
    for paragraph in root.iter(f"{{{W}}}p"):
        text = _text(paragraph)
        style = paragraph.find(f"{{{W}}}pPr/{{{W}}}pStyle")
        if style is not None and style.get(f"{{{W}}}val") in headings and text.strip():
            heading = text
        for match in TAG.finditer(text):
            around = part_place or (f"onder de kop '{_short(heading)}'" if heading else
                                    f"na de alinea '{_short(before)}'" if before else "aan het begin van het document")
            where = ", ".join(w for w in (_table(paragraph), around) if w)
            found.append(Tag(" ".join(match.group(0).split()), match.group(1) or "", match.group(2), where))
        if TAG.sub("", text).strip():
            before = text
    return found


def _text(element: etree._Element) -> str:
    return "".join(t.text or "" for t in element.iter(f"{{{W}}}t"))


def _short(text: str) -> str:
    text = " ".join(text.split())
    if len(text) <= LONGEST:
        return text
    cut = text[:LONGEST]
    cut = cut[:cut.rfind(" ")] if " " in cut else cut
    return re.sub(r"\s*\{[{%][^}]*$", "", cut).rstrip() + " …"  # no tag cut in half


def _table(paragraph: etree._Element) -> str:
    """The table that holds the paragraph, by the texts of its first row (its column headers)."""
    table = next(paragraph.iterancestors(f"{{{W}}}tbl"), None)
    if table is None:
        return ""
    row = table.find(f"{{{W}}}tr")
    cells = [_short(TAG.sub("", _text(cell))) for cell in row.iterfind(f"{{{W}}}tc")] if row is not None else []
    cells = [c for c in cells if c]
    return "in de tabel met de kolommen " + ", ".join(f"'{c}'" for c in cells) if cells else "in een tabel"
