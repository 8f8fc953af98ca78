"""The last line of defence: no confidential value of the inputs in a public input field or a public file.

The public view keeps confidential fields out by construction; this guard catches what a person typed
by mistake (an address in `Toelichting`, a name in a chapter). A confidential value is searched when it
has at least MIN_LENGTH characters and two or more words, a digit or an '@' (so that one ordinary word,
such as an advice titled 'Huurcontract', never blocks a build); it is found as whole words, without
regard to case (ß as ss), with any run of spaces or line breaks between its words.
"""
from __future__ import annotations

import io
import re
import shutil
import subprocess
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from pipeline.base.problems import Problems
from pipeline.documents.packing import Assembled
from pipeline.model.plan import Plan, Prose, Source

MIN_LENGTH = 8
PUBLIC_FOLDERS = ("college/", "review/", "terugkoppeling/")
SHOWN_LENGTH = 60


@dataclass(frozen=True)
class Secret:
    text: str  # as typed
    what: str  # what kind of value it is, for the message
    source: Source  # where it was typed


def key(text: str) -> str:
    """The form in which values are compared: case folded (ß as ss), single spaces, no punctuation at the ends."""
    return re.sub(r"^\W+|\W+$", "", " ".join(text.split()).casefold())


def searched(text: str) -> bool:
    k = key(text)
    return len(k) >= MIN_LENGTH and (" " in k or "@" in k or any(c.isdigit() for c in k))


def secrets(plan: Plan) -> list[Secret]:
    """Every confidential value of the inputs (PRODUCT.md's list), with the cell it was typed in."""
    found = [Secret(loc.name, "het adres van een locatie", loc.source.at("Locatie")) for loc in plan.budget.locations]
    for a in plan.advice:
        if a.confidential:
            found += [Secret(value, "een vertrouwelijk advies", a.source.at(column))
                      for value, column in ((a.id, "ID"), (a.subject, "Onderwerp"), (a.text, "Advies"))]
        if a.adviser:
            found.append(Secret(a.adviser, "de naam van een adviseur", a.source.at("Adviseur")))
    for p in plan.participants:
        if p.email:
            found.append(Secret(p.email, "een e-mailadres", p.source.at("E-mail")))
        if not p.may_be_named:
            found.append(Secret(p.name, "de naam van een deelnemer die niet genoemd wil worden", p.source.at("Naam")))
    found += [Secret(i.internal_note, "een interne notitie", i.source.at("Interne notitie"))
              for i in plan.harvest if i.internal_note]
    found += [Secret(r.internal_note, "een interne notitie", r.source.at("Interne notitie"))
              for r in plan.reactions if r.internal_note]
    return [s for s in found if searched(s.text)]


class Finder:
    """Finds every secret in a text in one pass: one regular expression, its alternatives as a trie."""

    def __init__(self, found: Iterable[Secret]):
        self.by_key: dict[str, Secret] = {}
        for secret in found:
            self.by_key.setdefault(key(secret.text), secret)
        body = _trie_pattern(sorted(self.by_key))
        self.pattern = re.compile(rf"\b(?:{body})\b") if body else None

    def find(self, folded: str) -> Iterator[tuple[int, Secret]]:
        """(offset, secret) for each secret in `folded`, a text after str.casefold()."""
        if self.pattern is None:
            return
        for match in self.pattern.finditer(folded):
            yield match.start(), self.by_key[key(match.group())]


def _trie_pattern(keys: list[str]) -> str:
    """`(?:a|b)` for sorted keys, with shared beginnings factored out, so that a position of the text
    costs one step per character that matches, not one per key."""
    trie: dict = {}
    for k in keys:
        node = trie
        for char in k:
            node = node.setdefault(char, {})
        node[""] = {}
    return _branch(trie)


def _branch(node: dict) -> str:
    options = [(r"\s+" if char == " " else re.escape(char)) + _branch(rest) for char, rest in node.items() if char]
    if not options:
        return ""
    body = options[0] if len(options) == 1 else "(?:" + "|".join(options) + ")"
    if "" in node:  # a key ends here, a longer one goes on: try the longer one first
        return f"(?:{body})?"
    return body


# --- stage 2: the public input fields ----------------------------------------------------------------

def find_typed_secrets(plan: Plan, problems: Problems) -> None:
    """A problem at each public cell, setting or line where a confidential value was typed."""
    finder = Finder(secrets(plan))
    for where, text in public_fields(plan):
        folded = text.casefold()
        for offset, secret in finder.find(folded):
            location = where(folded, offset) if callable(where) else where
            problems.error(location, f"hier staat {secret.what} ('{_shown(secret.text)}', uit {secret.source}); "
                                     "dat is vertrouwelijk en komt zo in een openbaar stuk: haal het hier weg")


def public_fields(plan: Plan) -> Iterator[tuple[object, str]]:
    """Every input value the public documents print, with where it was typed (for prose: a function
    from the text and an offset in it to its line)."""
    def setting(key_: str) -> Source:
        return Source("voordracht.toml", key=key_)

    p = plan.proposal
    yield from ((setting(f"voordracht.{k}"), v) for k, v in (
        ("onderwerp", p.subject), ("portefeuille", p.portfolio), ("portefeuillehouder", p.portfolio_holder),
        ("behandeld_door", p.handled_by), ("agendapunt", p.agenda_item),
        ("registratienummer", p.registration_number), ("gemeente", p.municipality)) if v)
    yield from ((setting(f"{d.source.key}.thema"), d.theme) for d in plan.days)
    yield from ((setting(f"{d.source.key}.tekst"), d.text) for d in plan.decisions)
    for s in plan.next_steps:
        yield from ((setting(f"{s.source.key}.{k}"), v) for k, v in (("stap", s.step), ("toelichting", s.explanation))
                    if v)
    yield setting("review.contact"), plan.review.contact
    for c in plan.chapters:
        yield Source(c.body.source.file, line=1), c.title
        yield prose_lines(c.body), c.body.markdown
    yield prose_lines(plan.background), plan.background.markdown
    yield prose_lines(plan.reasoning), plan.reasoning.markdown
    for i in plan.harvest:
        yield from ((i.source.at(column), value) for column, value in (
            ("ID", i.id), ("Sessie", i.session), ("Thema", i.theme), ("Inbreng", i.text),
            ("Toelichting", i.explanation)) if value)
    for line in plan.budget.costs:
        yield from ((line.source.at(c), v) for c, v in (("Post", line.post), ("Categorie", line.category),
                                                        ("Toelichting", line.explanation)) if v)
    for line in plan.budget.funding:
        yield from ((line.source.at(c), v) for c, v in (("Bron", line.name), ("Toelichting", line.explanation)) if v)
    for loc in plan.budget.locations:
        yield from ((loc.source.at(c), v) for c, v in (("Stadsdeel", loc.district), ("Doelgroep", loc.target_group))
                    if v)
    for a in plan.advice:
        if not a.confidential:
            yield from ((a.source.at(c), v) for c, v in (("Onderwerp", a.subject), ("Advies", a.text)))
    for r in plan.reactions:  # what the nota van beantwoording prints (Van only as its public name)
        yield from ((r.source.at(c), v) for c, v in (("ID", r.id), ("Passage", r.passage), ("Reactie", r.text),
                                                     ("Antwoord", r.answer), ("Wijziging", r.change)) if v)
    shown = {o.name: o.shown_as for o in plan.organisations}
    for person in plan.participants:
        yield person.source.at("Organisatie"), shown[person.organisation]
        if person.named:
            yield person.source.at("Naam"), person.name


def prose_lines(prose: Prose):
    """A function from the text and an offset in it to the line of `prose` it is on."""
    def line(text: str, offset: int) -> Source:
        return Source(prose.source.file, line=prose.source.line + text.count("\n", 0, offset))
    return line


def _shown(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= SHOWN_LENGTH else flat[:SHOWN_LENGTH - 1] + "…"


# --- stage 3: the rendered public files, the backstop --------------------------------------------------

# Each paragraph is searched on its own. Tags that end a cell or a line, and every tag outside
# WordprocessingML, stand for a space; the others (runs, their properties) for nothing, so that a value
# split over runs is found whole.
SPACED = re.compile(r"</w:tc>|<w:(?:br|cr|tab)\b[^>]*>|<(?!/?w:)[^>]*>")
TAG = re.compile(r"<[^>]*>")
ATTRIBUTE = re.compile(r"=\"([^\"]*)\"|='([^']*)'")
ENTITY = re.compile(r"&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);")
NAMED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}


def is_public(path: str) -> bool:
    return path.startswith(PUBLIC_FOLDERS)


class LeakGuard:
    """Searches the rendered public files for every confidential value before anything is written."""

    def __init__(self, plan: Plan):
        self.finder = Finder(secrets(plan))

    def check_documents(self, files: dict[str, bytes], problems: Problems, copies: Assembled | None = None) -> None:
        """A problem for each confidential value in a public file: every XML part of each .docx (its text,
        with values split over runs joined, and every attribute: alt texts, properties). The files in
        `copies.own` are searched as `copies` describes them: what they share once, what they hold of
        their own each (unpacking some 300 copies of a 15 MB document took 10 s at 10,000 items)."""
        if self.finder.pattern is None:
            return
        done: dict[bytes, list[Secret]] = {}  # the documents share most paragraphs: each distinct one once

        def search(data: bytes) -> list[Secret]:
            found = []
            for paragraph in data.split(b"</w:p>"):
                if paragraph not in done:
                    done[paragraph] = [s for reading in readings(paragraph)
                                       for _, s in self.finder.find(xml_text(reading).casefold())]
                found += done[paragraph]
            return found

        assembled = copies.own if copies is not None else {}
        shared = {part: search(data) for part, data in copies.shared.items() if _searched(part)} if assembled else {}
        for path in sorted(p for p in files if is_public(p)):
            if path in assembled:
                own = assembled[path]
                for part in [*shared, *(part for part in own if part not in shared)]:
                    self._report(path, part, shared.get(part, []) + search(own.get(part, b"")), problems)
                continue
            for part, data in _parts(files[path]):
                self._report(path, part, search(data), problems)

    def check_pdfs(self, pdfs: dict[str, Path]) -> None:
        """The text of the public PDFs (by the path to report), through pdftotext; raises InputProblems."""
        if self.finder.pattern is None or not pdfs:
            return
        problems = Problems()
        with ThreadPoolExecutor(max_workers=2) as pool:
            texts = list(pool.map(pdf_text, pdfs.values()))
        for shown, text in zip(pdfs, texts):
            self._report(shown, None, [s for _, s in self.finder.find(text.casefold())], problems)
        problems.raise_if_errors()

    @staticmethod
    def _report(path: str, part: str | None, found: list[Secret], problems: Problems) -> None:
        where = f" ({part})" if part else ""
        for secret in dict.fromkeys(found):
            problems.error(path, f"{secret.what} ('{_shown(secret.text)}', uit {secret.source}) staat in dit "
                                 f"openbare document{where}; er is niets geschreven. Zoek de waarde in het "
                                 "sjabloon en de invoer, en haal haar daar weg")


# A tracked change (college/uitvoeringsplan-wijzigingen.docx keeps them): an insertion or a deletion,
# also an empty one that marks a paragraph mark as inserted or deleted.
REVISIONS = {kind: re.compile(rb"<w:%s\b[^>]*/>|<w:%s\b[^>]*>.*?</w:%s>" % (kind, kind, kind), re.S)
             for kind in (b"ins", b"del")}


def readings(paragraph: bytes) -> list[bytes]:
    """A paragraph's XML as it is, and, when it holds tracked changes, as it read before them (insertions
    left out) and as it reads after them (deletions left out): a value that a change splits, or that only
    a deletion or an insertion completes, is found too."""
    if b"<w:ins" not in paragraph and b"<w:del" not in paragraph:
        return [paragraph]
    return [paragraph, REVISIONS[b"ins"].sub(b"", paragraph), REVISIONS[b"del"].sub(b"", paragraph)]


def _searched(part: str) -> bool:
    return not part.lower().endswith((".png", ".jpeg", ".jpg", ".emf"))


def _parts(data: bytes) -> Iterator[tuple[str | None, bytes]]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            for info in z.infolist():
                if not info.is_dir() and _searched(info.filename):
                    yield info.filename, z.read(info)
    except zipfile.BadZipFile:
        yield None, data


def xml_text(data: bytes) -> str:
    """The text of an XML part (or any text file) as a reader sees it, then its attribute values."""
    xml = data.decode("utf-8", "replace")
    attributes = {a or b for a, b in ATTRIBUTE.findall(xml)}
    return _unescape(TAG.sub("", SPACED.sub(" ", xml)) + "\n" + "\n".join(sorted(attributes)))


def _unescape(text: str) -> str:
    if "&" not in text:
        return text
    return ENTITY.sub(lambda m: NAMED.get(m.group(1)) or chr(int(m.group(1)[2:], 16) if m.group(1)[1] == "x"
                                                             else int(m.group(1)[1:])), text)


def pdftotext_available() -> bool:
    return shutil.which("pdftotext") is not None


def pdf_text(path: Path) -> str:
    """The PDF's text; of an organisation's copy only its own pages: the rest are the concept's PDF's pages,
    whose text is read there (the copy's PDF is joined from them, `pipeline/documents/pdf_form.py`)."""
    from pipeline.documents.pdf_join import own_pages  # noqa: PLC0415 (pikepdf: for the PDFs only, not `check`)
    own = own_pages(path)
    pages = ["-l", str(own)] if own else []
    done = subprocess.run(["pdftotext", "-q", *pages, "-enc", "UTF-8", str(path), "-"], capture_output=True,
                          check=True)
    return unicodedata.normalize("NFKC", done.stdout.decode("utf-8", "replace"))  # ligatures such as 'ﬁ'
