"""Reads the prose: the plan's chapters (tekst/plan/NN-ID.md) and the proposal's two sections."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from pipeline.base.problems import Problems, replace_invisible, unreadable
from pipeline.model.plan import Chapter, Prose, Source
from pipeline.model.schema import PLACEHOLDER
from pipeline.reading.folder import outside_inputs
from pipeline.reading.links import LinkCheck, allowed
from pipeline.reading.packages import read_text_capped, text_too_large

CHAPTER_NAME = re.compile(r"^(\d+)-([a-z0-9]+(?:-[a-z0-9]+)*)\.md$")
RAW_HTML = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(\s[^<>]*)?/?>|<!--")
IMAGE = re.compile(r"!\[([^\]]*)\]\(\s*<?([^)\s>]*)")
PROPOSAL_SECTIONS = ("achtergrond", "onderbouwing")
# The headings voordracht.docx puts above each proposal section (a first heading typed again is dropped).
SECTION_HEADINGS = {"achtergrond": "Bestuurlijke achtergrond", "onderbouwing": "Onderbouwing besluit"}
ATX_HEADING = re.compile(r"^ {0,3}#{1,6}\s+(.*?)(\s+#+)?\s*$")
SETEXT_RULE = re.compile(r"^ {0,3}(=+|-+)\s*$")
# the stub's paragraph of a blank set (`python -m pipeline new`): `Nog in te vullen: waarom dit plan er is.`
STUB = re.compile(r"^\W*" + r"\s+".join(PLACEHOLDER.split()) + r"[\s*_]*(?::[\s*_]*(.*?))?[\s.:;*_]*$", re.IGNORECASE)


@dataclass(frozen=True)
class Texts:
    chapters: tuple[Chapter, ...]
    background: Prose | None
    reasoning: Prose | None
    # ids of chapter files that exist but could not be read (reported): references to them are not unknown
    unread_ids: tuple[str, ...] = ()


def read_texts(inputs: Path, problems: Problems) -> tuple[Texts, LinkCheck]:
    """The texts, and the check of their links, which pandoc runs meanwhile: report it when wanted."""
    read: dict[str, str] = {}  # every text as read, for the checks that run over all texts at once
    chapters, unread = _read_chapters(inputs, problems, read)
    background, reasoning = (_read_prose(inputs, f"tekst/voordracht/{name}.md", problems, read)
                             for name in PROPOSAL_SECTIONS)
    return Texts(chapters, background, reasoning, unread), LinkCheck(read)


def _read_chapters(inputs: Path, problems: Problems,
                   read: dict[str, str]) -> tuple[tuple[Chapter, ...], tuple[str, ...]]:
    folder = inputs / "tekst" / "plan"
    if outside_inputs(inputs, "tekst/plan", problems):
        return (), ()
    if not folder.is_dir():
        problems.error("tekst/plan", "map met de hoofdstukken van het plan ontbreekt")
        return (), ()
    chapters: dict[str, Chapter] = {}
    unread: list[str] = []
    numbered: dict[int, str] = {}  # chapter number -> the first file with it
    for path in sorted(folder.iterdir()):
        rel = f"tekst/plan/{path.name}"
        if path.name.startswith((".", "~")) or path.is_dir():
            continue
        match = CHAPTER_NAME.match(path.name)
        if not match:
            problems.error(rel, "bestandsnaam moet de vorm NN-id.md hebben (cijfers, streepje, id in kleine "
                                "letters, cijfers en streepjes), zoals 02-doelgroep.md")
            continue
        outside = outside_inputs(inputs, rel, problems)
        number = int(match.group(1))
        if number in numbered:  # 02-a.md and 2-b.md alike: which comes first would be a guess
            problems.error(rel, f"hoofdstuknummer {number} komt al voor in {numbered[number]}; geef elk hoofdstuk "
                                "een eigen nummer, zodat de volgorde vastligt")
        numbered.setdefault(number, rel)
        chapter = None if outside else _read_chapter(path, rel, number, match.group(2), problems, read)
        if chapter is None:
            unread.append(match.group(2))
            continue
        if chapter.id in chapters:
            first = chapters[chapter.id].body.source.file
            problems.error(rel, f"hoofdstuk-id '{chapter.id}' komt al voor in {first}")
            continue
        chapters[chapter.id] = chapter
    if not chapters and not unread:
        problems.error("tekst/plan", "geen hoofdstukken gevonden (bestanden NN-id.md)")
    return tuple(sorted(chapters.values(), key=lambda c: (c.order, c.id))), tuple(unread)


def _read_chapter(path: Path, rel: str, order: int, chapter_id: str, problems: Problems,
                  read: dict[str, str]) -> Chapter | None:
    text = _read_text(path, rel, problems, read)
    if text is None:
        return None
    first, _, rest = text.partition("\n")
    if not re.match(r"^# \S", first):
        problems.error(f"{rel}:1", "de eerste regel moet de titel zijn, als '# Titel'")
        return None
    return Chapter(chapter_id, order, first[2:].strip(), _prose(rest, rel, 2))


def _read_prose(inputs: Path, rel: str, problems: Problems, read: dict[str, str]) -> Prose | None:
    path = inputs / rel
    if outside_inputs(inputs, rel, problems):
        return None
    if not path.is_file():
        problems.error(rel, "bestand ontbreekt")
        return None
    text = _read_text(path, rel, problems, read)
    if text is None:
        return None
    text, line = _without_section_heading(text, rel, problems)
    if not text.strip():
        problems.error(rel, "het bestand is leeg")
        return None
    return _prose(text, rel, line)


def _without_section_heading(text: str, rel: str, problems: Problems) -> tuple[str, int]:
    """The text without a first heading that repeats the section's own (the template already prints
    that one), with a warning; and the line the text now starts at."""
    section = SECTION_HEADINGS[rel.rsplit("/", 1)[-1].removesuffix(".md")]
    lines = text.split("\n")
    first = next((n for n, line in enumerate(lines) if line.strip()), 0)
    atx = ATX_HEADING.match(lines[first])
    setext = first + 1 < len(lines) and SETEXT_RULE.match(lines[first + 1]) and not atx
    heading = atx.group(1) if atx else lines[first] if setext else None
    if heading is None or _same_heading(heading) != _same_heading(section):
        return text, 1
    problems.warn(f"{rel}:{first + 1}", f"de kop '{heading.strip()}' staat al boven dit deel van de voordracht; "
                                        "Plan A laat hem hier weg")
    rest = first + (2 if setext else 1)
    return "\n".join(lines[rest:]), rest + 1


def _same_heading(text: str) -> str:
    return " ".join(text.split()).rstrip(":").strip().casefold()


def _prose(text: str, rel: str, line: int) -> Prose:
    """The text without blank lines around it; its source is the line where it starts."""
    body = text.lstrip("\n")
    return Prose(body.rstrip("\n"), Source(rel, line=line + len(text) - len(body)))


def _read_text(path: Path, rel: str, problems: Problems, read: dict[str, str]) -> str | None:
    try:
        raw = read_text_capped(path)
    except OSError as exc:  # a broken link, a file without read rights
        problems.error(rel, unreadable(exc))
        return None
    if raw is None:
        problems.error(rel, text_too_large())
        return None
    try:
        text = raw.decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        problems.error(f"{rel}:{line}", "het bestand is geen UTF-8-tekst; sla het op als UTF-8")
        return None
    text = "\n".join(replace_invisible(line, f"{rel}:{number}", problems)
                     for number, line in enumerate(text.split("\n"), 1))
    if not text.strip():
        problems.error(rel, "het bestand is leeg")
        return None
    _check_markdown(text, rel, problems)
    _check_images(text, rel, problems)
    _check_stub(text, rel, problems)
    read[rel] = text
    return text


def _check_stub(text: str, rel: str, problems: Problems) -> None:
    """A stub's 'Nog in te vullen: ...' still there: one to-do for the file, saying what to write."""
    for number, line in enumerate(text.split("\n"), 1):
        found = STUB.match(line)
        if found:
            problems.todo(f"{rel}:{number}", found.group(1) or "de tekst van dit bestand")
            return


def _check_markdown(text: str, rel: str, problems: Problems) -> None:
    in_code = False
    for number, line in enumerate(text.split("\n"), 1):
        if line.lstrip().startswith(("```", "~~~")):
            in_code = not in_code
        found = None if in_code else RAW_HTML.search(re.sub(r"`[^`]*`", "", line))
        if found:
            problems.error(f"{rel}:{number}", f"HTML in Markdown ('{found.group(0)}') wordt niet "
                                              "overgenomen; gebruik Markdown-opmaak of zet het tussen `backticks`")


def _check_images(text: str, rel: str, problems: Problems) -> None:
    """Pandoc runs sandboxed and fetches no image file: say so where one is typed (an image that may
    not reach a document at all is a problem, reported by the link check)."""
    in_code = False
    for number, line in enumerate(text.split("\n"), 1):
        if line.lstrip().startswith(("```", "~~~")):
            in_code = not in_code
        for alt, target in ([] if in_code else IMAGE.findall(re.sub(r"`[^`]*`", "", line))):
            if not allowed("Image", target):
                continue
            shown = (f"alleen de beschrijving '{alt.strip()}' komt in de tekst" if alt.strip()
                     else "er is geen beschrijving, dus er komt niets van in de tekst")
            problems.warn(f"{rel}:{number}", f"afbeelding '{target}' wordt niet opgenomen; {shown}")
