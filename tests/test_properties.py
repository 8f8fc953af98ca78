"""Property tests: any text in any free-text field builds, arrives exactly, and every document stays valid.

Each example puts generated text in every free-text field at once (harvest, participants, budget, advice,
settings, a chapter), written the way Excel stores it (characters XML cannot carry as `_xHHHH_`), and
builds everything in memory (no PDFs). Then:
- the build succeeds;
- every field's text is in the plan (intern/plan.json) exactly as typed, after the reader's documented
  clean-up only: surrounding spaces removed, line ends as newlines, and each character XML cannot carry
  replaced by '\ufffd', with exactly one warning at its cell, key or line naming them;
- where a field is printed, its text is in that document's text exactly (Word's line breaks and tabs read
  back as newlines and tabs);
- every .docx opens with python-docx and all its XML parts parse; verantwoording.xlsx opens too.

Text includes any Unicode (no lone surrogates: no file can hold them), XML-illegal characters, Jinja and
XML syntax, right-to-left text, and a 32,767-character cell (Excel's maximum).
"""
from __future__ import annotations

import email
import email.policy
import io
import json
import re
import zipfile
from dataclasses import dataclass
from email.header import decode_header, make_header
from email.utils import getaddresses
from pathlib import Path

import docx
import openpyxl
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from lxml import etree

from bad_inputs.craft import excel_escaped
from casebuilder import small_case, write_case
from pipeline.build import build
from pipeline.base.errors import InputProblems
from pipeline.base.problems import INVISIBLE, REPLACEMENT

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
DAY1, BUDGET, ADVICE, PARTICIPANTS = "oogst/dag-1.xlsx", "begroting.xlsx", "adviezen.xlsx", "deelnemers.xlsx"
CHAPTER = "tekst/plan/02-opvang.md"
CONCEPT, PROPOSAL, ANNEX, SECRET = ("review/concept-uitvoeringsplan.docx", "college/voordracht.docx",
                                    "college/bijlage-uitvoeringsplan.docx", "vertrouwelijk/bijlage-vertrouwelijk.docx")


@dataclass(frozen=True)
class Cell:
    """A free-text cell of the sample: workbook, sheet, row (1 = header), column; the documents that
    print it."""

    file: str
    sheet: str
    row: int
    column: str
    printed_in: tuple[str, ...] = ()

    def location(self, header: list[str]) -> str:
        return f"{self.file}!{self.sheet}!{openpyxl.utils.get_column_letter(header.index(self.column) + 1)}{self.row}"


CELLS = {
    "sessie": Cell(DAY1, "Oogst", 2, "Sessie"),
    "thema": Cell(DAY1, "Oogst", 2, "Thema"),
    "inbreng": Cell(DAY1, "Oogst", 2, "Inbreng", (CONCEPT, ANNEX)),
    "toelichting": Cell(DAY1, "Oogst", 4, "Toelichting", (CONCEPT, ANNEX)),
    "interne_notitie": Cell(DAY1, "Oogst", 2, "Interne notitie"),
    "naam": Cell(PARTICIPANTS, "Deelnemers", 2, "Naam", (CONCEPT,)),
    "post": Cell(BUDGET, "Lasten", 2, "Post", (CONCEPT, ANNEX)),
    "categorie": Cell(BUDGET, "Lasten", 2, "Categorie", (CONCEPT, PROPOSAL, ANNEX)),
    "lasten_toelichting": Cell(BUDGET, "Lasten", 3, "Toelichting", (CONCEPT, ANNEX)),
    "bron": Cell(BUDGET, "Dekking", 2, "Bron", (CONCEPT, PROPOSAL, ANNEX)),
    "dekking_toelichting": Cell(BUDGET, "Dekking", 3, "Toelichting"),
    "locatie": Cell(BUDGET, "Locaties", 2, "Locatie", (SECRET,)),
    "stadsdeel": Cell(BUDGET, "Locaties", 2, "Stadsdeel", (CONCEPT, ANNEX, SECRET)),
    "doelgroep": Cell(BUDGET, "Locaties", 3, "Doelgroep", (CONCEPT, ANNEX, SECRET)),
    "onderwerp_openbaar": Cell(ADVICE, "Juridisch", 2, "Onderwerp", (PROPOSAL,)),
    "advies_openbaar": Cell(ADVICE, "Juridisch", 2, "Advies", (PROPOSAL,)),
    "adviseur": Cell(ADVICE, "Juridisch", 2, "Adviseur"),
    "onderwerp_vertrouwelijk": Cell(ADVICE, "Juridisch", 3, "Onderwerp", (SECRET,)),
    "advies_vertrouwelijk": Cell(ADVICE, "Juridisch", 3, "Advies", (SECRET,)),
}
# the organisation Stichting Noord, named in deelnemers.xlsx and in two harvest rows
ORGANISATION = (Cell(PARTICIPANTS, "Deelnemers", 2, "Organisatie", (CONCEPT,)),
                Cell(DAY1, "Oogst", 2, "Ingebracht door"), Cell(DAY1, "Oogst", 4, "Ingebracht door"))
# settings: key path -> (the line of the sample it replaces, the documents that print it)
SETTINGS = {
    "voordracht.onderwerp": ('onderwerp = "Vaststellen Uitvoeringsplan opvang"', (CONCEPT, PROPOSAL, ANNEX)),
    "voordracht.portefeuille": ('portefeuille = "Vreemdelingenbeleid"', (PROPOSAL,)),
    "voordracht.portefeuillehouder": ('portefeuillehouder = "Wethouder A. Jansen"', (PROPOSAL,)),
    "voordracht.behandeld_door": ('behandeld_door = "Programmateam Opvang"', (PROPOSAL,)),
    "voordracht.agendapunt": ('agendapunt = "7"', (PROPOSAL,)),
    "voordracht.registratienummer": ('registratienummer = "2021-0042"', (PROPOSAL,)),
    "werkdag[1].thema": ('thema = "Verkennen"', (CONCEPT, PROPOSAL)),
    "besluit[1].tekst": ('tekst = "in te stemmen met het Uitvoeringsplan opvang;"', (PROPOSAL,)),
    "vervolgstap[2].stap": ('stap = "Besluit college van B&W"', (CONCEPT, PROPOSAL)),
    "vervolgstap[2].toelichting": ('toelichting = "Het college besluit over het plan."', (CONCEPT, PROPOSAL)),
}

HOSTILE = [
    "{{ plan.proposal.subject }}", "{% for x in y %}", "{# commentaar #}", "{%p if x %}", "{{r x }}", "{_{ x }_}",
    "<w:t>tekst</w:t>", "&amp;", "&lt;", "]]>", "<![CDATA[x]]>", "&#x0B;", "a & b < c > d \" ' %",
    "שלום עולם", "مرحبا بالعالم", "\u202eomgekeerd\u202c", "\u200fRTL-teken", "🙂👍🏽🇳🇱", "e\u0301",
    "_x000B_", "_x0041_", "tab\tna tab", "regel\nregel", "regel\r\nregel", "x\x0by", "\x00\x01\x1f",
    "\ufffe\uffff", "\u2028\u2029", "\ufeffBOM", "  \u00a0spaties\u00a0  ",
]
text = st.one_of(st.text(min_size=1, max_size=60), st.sampled_from(HOSTILE),
                 st.lists(st.sampled_from(HOSTILE) | st.text(max_size=8), min_size=2, max_size=5).map("".join))


def _as_excel_shows(stored: str) -> str:
    return re.sub(r"_x([0-9A-Fa-f]{4})_", lambda m: chr(int(m.group(1), 16)), stored)


def cleaned(value: str) -> str:
    """What the reader makes of a typed text: line ends as newlines, XML-illegal characters replaced
    visibly, surrounding spaces removed."""
    return INVISIBLE.sub(REPLACEMENT, value.replace("\r\n", "\n").replace("\r", "\n")).strip()


def warning(location: str, value: str) -> list[str]:
    found = list(dict.fromkeys(INVISIBLE.findall(value.replace("\r\n", "\n").replace("\r", "\n"))))
    if not found:
        return []
    what = "onzichtbaar teken" if len(found) == 1 else "onzichtbare tekens"
    codes = ", ".join(f"U+{ord(c):04X}" for c in found)
    return [f"{location}: waarschuwing: {what} ({codes}) vervangen door '{REPLACEMENT}'"]


def toml_string(value: str) -> str:
    """A TOML basic string holding `value` exactly (control characters escaped, as TOML requires)."""
    def escape(c: str) -> str:
        if c in '"\\':
            return "\\" + c
        if ord(c) < 0x20 or c in "\x7f\ufffe\uffff":
            return f"\\u{ord(c):04X}"
        return c
    return '"' + "".join(map(escape, value)) + '"'


CONFIDENTIAL = ("locatie", "adviseur", "interne_notitie", "onderwerp_vertrouwelijk", "advies_vertrouwelijk")


def confidential_apart(values: dict[str, str]) -> dict[str, str]:
    """The confidential fields with a word of their own in front: the same text typed in a public field as
    well would be a leak, which the build refuses (test_leaks.py); here each field must reach its place."""
    return {name: f"Zqgeheimq {value}" if name in CONFIDENTIAL else value for name, value in values.items()}


def usable(value: str) -> bool:
    return cleaned(value) != ""


def organisation_name(value: str) -> bool:
    return usable(value) and " ".join(cleaned(value).split()).casefold() not in (
        "plenair", "stichting zuid", "piet bakker")  # Piet Bakker did not consent: his name is never printed


def docx_text(data: bytes) -> str:
    """The text of every part of a .docx as Word shows it: runs joined, line breaks and tabs kept."""
    out = []
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in sorted(z.namelist()):
            if name.startswith("word/") and name.endswith(".xml"):
                for element in etree.fromstring(z.read(name)).iter(f"{W}t", f"{W}br", f"{W}tab", f"{W}p"):
                    out.append(element.text or "" if element.tag == f"{W}t" else
                               "\t" if element.tag == f"{W}tab" else "\n")
    return "".join(out)


def assert_valid(files: dict[str, bytes]) -> None:
    for path, data in files.items():
        if path.endswith((".docx", ".xlsx")):
            if path.endswith(".docx"):
                docx.Document(io.BytesIO(data))
            else:
                openpyxl.load_workbook(io.BytesIO(data))
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                for name in z.namelist():
                    if name.endswith((".xml", ".rels")):
                        etree.fromstring(z.read(name))


def assert_drafts(files: dict[str, bytes], values: dict[str, str]) -> None:
    """The e-mail draft for the participant whose name is generated (issue 13): any name reaches its To header,
    read back by RFC 2047's own decoder, on one line; the message is 7-bit and parses."""
    drafts = [data for path, data in files.items() if path.endswith(".eml")]
    assert len(drafts) == 1  # Anne de Vries, the only participant with an address who wants a copy
    assert drafts[0].isascii()
    message = email.message_from_bytes(drafts[0], policy=email.policy.default)
    assert message["To"].addresses[0].addr_spec == "anne@example.org" and message["X-Unsent"] == "1"
    # RFC 2047's own decoder over the name as an address parser finds it (folds and quotes undone)
    ((shown, address),) = getaddresses([email.message_from_bytes(drafts[0], policy=email.policy.compat32)["To"]])
    assert address == "anne@example.org"
    assert str(make_header(decode_header(shown))) == " ".join(cleaned(values["naam"]).split())


def strings(value: object) -> set[str]:
    """Every string in a JSON value."""
    if isinstance(value, str):
        return {value}
    if isinstance(value, dict):
        return set().union(*(strings(v) for v in value.values())) if value else set()
    if isinstance(value, list):
        return set().union(*(strings(v) for v in value)) if value else set()
    return set()


LONGEST_CELL = ("Lange inbreng \u05e9\u05dc\u05d5\u05dd {{ x }}. " * 1400)[:32_767 - 6] + " Einde"  # Excel's limit
assert len(LONGEST_CELL) == 32_767

fields = st.fixed_dictionaries({
    **{name: text.filter(usable) for name in CELLS},
    "organisatie": text.filter(organisation_name),
    **{key: text.filter(usable) for key in SETTINGS},
    "hoofdstuktitel": text.filter(lambda v: usable(v) and "\n" not in cleaned(v)),
    # no HTML, and no link or image syntax: a link to anything but a website is a problem (tested apart)
    "hoofdstuk": text.filter(lambda v: "<" not in v and "](" not in v and "]:" not in v),
})


def everywhere(value: str) -> dict[str, str]:
    """The same text in every field (as far as a field allows: one line for the title, no HTML in Markdown)."""
    return {**{name: value for name in [*CELLS, "organisatie", *SETTINGS]},
            "hoofdstuktitel": re.sub("[\r\n]", " ", value), "hoofdstuk": value.replace("<", "(")}


@pytest.fixture(scope="module")
def folders(tmp_path_factory):
    root = tmp_path_factory.mktemp("properties")
    count = iter(range(1_000_000))
    return lambda: root / f"inputs-{next(count)}"


def write_hostile_case(values: dict[str, str], folder: Path) -> Path:
    """The sample with `values` in its fields, written into `folder`. Cells hold text as Excel stores
    it: escaped, and always text (a text typed as '=0 stays text; openpyxl would make a formula of it)."""
    write_case(hostile_case(values), folder)
    cells = [(cell, values[name]) for name, cell in CELLS.items()]
    cells += [(cell, values["organisatie"]) for cell in ORGANISATION]
    for file in sorted({cell.file for cell, _ in cells}):
        book = openpyxl.load_workbook(folder / file)
        for cell, value in cells:
            if cell.file == file:
                header = [c.value for c in book[cell.sheet][1]]
                target = book[cell.sheet].cell(cell.row, header.index(cell.column) + 1)
                target.value = excel_escaped(value)
                target.data_type = "s"
        book.save(folder / file)
    return folder


def hostile_case(values: dict[str, str]) -> dict:
    """The sample with the settings and the chapter of `values` (the cells: see write_hostile_case)."""
    case = small_case()
    toml = case["voordracht.toml"]
    for key, (line, _) in SETTINGS.items():
        assert toml.count(line) == 1, line
        toml = toml.replace(line, line.split(" = ")[0] + " = " + toml_string(values[key]))
    case["voordracht.toml"] = toml
    case[CHAPTER] = f"# T{values['hoofdstuktitel']}\n\n{values['hoofdstuk']}\n"
    return case


def header_of(cell: Cell) -> list[str]:
    return small_case()[cell.file][cell.sheet][0]


def expected_warnings(values: dict[str, str]) -> list[str]:
    found = []
    for name, cell in CELLS.items():
        found += warning(cell.location(header_of(cell)), values[name])
    for cell in ORGANISATION:
        found += warning(cell.location(header_of(cell)), values["organisatie"])
    for key in SETTINGS:
        found += warning(f"voordracht.toml: {key}", values[key])
    chapter = f"# T{values['hoofdstuktitel']}\n\n{values['hoofdstuk']}\n".replace("\r\n", "\n").replace("\r", "\n")
    for number, line in enumerate(chapter.split("\n"), 1):
        found += warning(f"{CHAPTER}:{number}", line)
    return found


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(values=fields)
@example(values=everywhere("{{ x }} {% if %} {# #} <w:t> &amp; ]]> שלום 🙂 _x000B_ a\x0bb\x01 \ufffe e\u0301"))
@example(values=everywhere("\u202bمرحبا\u202c {{ plan }}\r\nregel 2\tkolom"))
@example(values={**everywhere("Kort"), "inbreng": LONGEST_CELL, "advies_openbaar": LONGEST_CELL,
                 "voordracht.onderwerp": LONGEST_CELL})
@example(values={**everywhere("_x005F_x000B_ en _x0041_"), "hoofdstuk": "```\nopen blok zonder einde"})
def test_any_text_in_every_free_text_field_builds_exactly_and_validly(values, folders):
    values = confidential_apart(values)
    inputs = write_hostile_case(values, folders())
    try:
        result = build(inputs, inputs.with_name(f"{inputs.name}-build"), pdf=False)
    except InputProblems as exc:
        pytest.fail("refused:\n" + "\n".join(map(str, exc.problems)))
    assert_valid(result.files)
    assert_drafts({path: inputs.with_name(f"{inputs.name}-build").joinpath(path).read_bytes()
                   for path in result.drafts}, values)

    ours = [str(w) for w in result.warnings if "onzichtbaar teken" in str(w) or "onzichtbare tekens" in str(w)]
    assert sorted(ours) == sorted(expected_warnings(values))
    assert result.files["intern/rapport.txt"].decode("utf-8").splitlines() == (
        [str(w) for w in result.warnings] or ["Geen waarschuwingen."])

    plan = json.loads(result.files["intern/plan.json"])
    in_plan = strings(plan)
    texts = {path: docx_text(data) for path, data in result.files.items() if path.endswith(".docx")}
    printed = [(name, cell.printed_in) for name, cell in CELLS.items()]
    printed += [("organisatie", ORGANISATION[0].printed_in)]
    printed += [(key, documents) for key, (_, documents) in SETTINGS.items()]
    for name, documents in printed:
        expected = cleaned(values[name])
        assert expected in in_plan, name
        for document in documents:
            assert expected in texts[document], (name, document)
    assert plan["chapters"][1]["title"] == cleaned("T" + values["hoofdstuktitel"])
    book = openpyxl.load_workbook(io.BytesIO(result.files["intern/verantwoording.xlsx"]))
    inbreng = [row[4] for row in book.active.iter_rows(min_row=2, values_only=True) if row[0] == "D1-01"]
    # openpyxl reads the cell as stored; Excel shows it with its `_xHHHH_` escapes read, as typed
    assert [_as_excel_shows(text) for text in inbreng] == [cleaned(values["inbreng"])]
