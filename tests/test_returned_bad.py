"""`make reacties` with bad input: each is one clear line with its location, and nothing in inputs/ is damaged."""
from __future__ import annotations

import datetime as dt
import io
import os
import re
import shutil
import zipfile
from dataclasses import replace
from pathlib import Path

import docx
import openpyxl
import pytest

import pipeline.reading.word_files
from bad_inputs.craft import ENCRYPTED
from casebuilder import small_case, write_case
from participants import comment, new_paragraph, returned, rows, tracked_change
from pipeline.base.errors import InputProblems
from pipeline.reading.packages import DOCUMENT, RETURNED_ADVICE
from pipeline.roundtrip.intake import take_in
from pipeline.roundtrip.send import send

ZUID, NOORD = "review/organisaties/stichting-zuid.docx", "review/organisaties/stichting-noord.docx"
DAY = dt.datetime(2021, 2, 27, 12).timestamp()


@pytest.fixture(scope="module")
def sent(tmp_path_factory) -> Path:
    """The small case after `make verzenden`: inputs/ with a record, build/ with the copies."""
    folder = tmp_path_factory.mktemp("sent")
    send(write_case(small_case(), folder / "inputs"), folder / "build", pdf=False)
    return folder


@pytest.fixture
def inputs(sent, tmp_path) -> Path:
    shutil.copytree(sent / "inputs", tmp_path / "inputs")
    return tmp_path / "inputs"


def copy_of(sent: Path, which: str = ZUID) -> Path:
    return sent / "build" / which


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def refused(inputs: Path) -> list[str]:
    """The lines of a refused `make reacties`; asserts that nothing in inputs/ changed."""
    before = snapshot(inputs)
    with pytest.raises(InputProblems) as caught:
        take_in(inputs)
    assert snapshot(inputs) == before
    return [str(p) for p in caught.value.problems]


def put(inputs: Path, name: str, data: bytes) -> Path:
    (inputs / "reacties").mkdir(exist_ok=True)
    (inputs / "reacties" / name).write_bytes(data)
    os.utime(inputs / "reacties" / name, (DAY, DAY))
    return inputs / "reacties" / name


def commented(sent: Path, inputs: Path, name: str = "zuid.docx", which: str = ZUID, text: str = "Graag anders.",
              starts: str = "Kleine locaties met begeleiding") -> Path:
    path = returned(copy_of(sent, which), inputs / "reacties", name, lambda d: comment(d, starts, text))
    os.utime(path, (DAY, DAY))
    return path


# --- refused: nothing is written ------------------------------------------------------------------------

def test_without_a_record(tmp_path):
    inputs = write_case(small_case(), tmp_path / "inputs")
    assert refused(inputs) == [
        "verzonden: er is nog geen verzending vastgelegd; maak eerst de verzending met make verzenden: Plan A "
        "herkent de teruggestuurde exemplaren aan de vastgelegde verzending"]


def test_a_word_file_that_is_not_one_of_our_copies(inputs):
    letter = docx.Document()
    letter.add_paragraph("Geachte heer, mevrouw, wij vinden het plan goed.")
    buffer = io.BytesIO()
    letter.save(buffer)
    put(inputs, "brief.docx", buffer.getvalue())
    assert refused(inputs) == [
        "reacties/brief.docx: dit is geen exemplaar van Plan A: het document draagt geen kenmerk van een verzonden "
        "exemplaar; typ de reacties zelf in reacties.xlsx (bij Bron bijvoorbeeld 'brief') en haal het bestand uit "
        "de map reacties"]


def test_a_copy_of_another_case(inputs, tmp_path, sent):
    other = small_case()
    other["voordracht.toml"] = other["voordracht.toml"].replace("Vaststellen Uitvoeringsplan opvang",
                                                                "Vaststellen Plan dagbesteding")
    send(write_case(other, tmp_path / "other"), tmp_path / "other-build", pdf=False)
    put(inputs, "zuid.docx", (tmp_path / "other-build" / ZUID).read_bytes())
    (problem,) = refused(inputs)
    ours = re.search(r"PA-[0-9A-F]{10}", (inputs / "verzonden" / "plan.json").read_text()).group(0)
    theirs = re.search(r"PA-[0-9A-F]{10}", (tmp_path / "other" / "verzonden" / "plan.json").read_text()).group(0)
    assert problem == (f"reacties/zuid.docx: dit is een exemplaar van een andere zaak (zaak {theirs}, deze zaak is "
                       f"{ours}): 'Concept uitvoeringsplan, exemplaar voor Stichting Zuid: Vaststellen Plan "
                       "dagbesteding'; haal het uit de map reacties")


@pytest.mark.parametrize("name, data, expected", [
    ("half.docx", None, "kan het bestand niet lezen: het is beschadigd of geen Word-document; open het in Word of "
                        "LibreOffice en sla het opnieuw op als Word-document (.docx)"),
    ("leeg.docx", b"", "kan het bestand niet lezen: het is leeg; vraag de afzender het opnieuw te sturen"),
    ("tekst.docx", b"%PDF-1.7 een pdf met de verkeerde naam",
     "kan het bestand niet lezen: het is geen Word-document (misschien PDF of tekst); typ de reacties zelf in "
     "reacties.xlsx en haal het bestand uit de map reacties"),
    ("beveiligd.docx", ENCRYPTED.read_bytes(),
     "kan het bestand niet lezen: het is met een wachtwoord beveiligd; open het in Word, haal het wachtwoord weg "
     "(Bestand > Info > Document beveiligen) en sla het opnieuw op"),
    ("oud.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + "WordDocument".encode("utf-16-le"),
     "dit is een oud Word-bestand (.doc); open het in Word of LibreOffice en sla het op als Word-document (.docx)"),
    ("oud.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + "WordDocument".encode("utf-16-le"),
     "dit is een oud Word-bestand (.doc); open het in Word of LibreOffice en sla het op als Word-document (.docx)"),
    ("reactie.pdf", b"%PDF-1.7", "alleen Word-documenten (.docx) worden gelezen; sla dit bestand op als .docx, of "
                                 "typ de reacties zelf in reacties.xlsx en haal het bestand uit de map reacties"),
])
def test_a_file_that_cannot_be_read(inputs, sent, name, data, expected):
    if data is None:  # a copy cut short, as by a failed download
        data = copy_of(sent).read_bytes()[:20_000]
    commented(sent, inputs, "goed.docx")
    put(inputs, name, data)
    assert refused(inputs) == [f"reacties/{name}: {expected}"]


def test_a_strict_open_xml_document(inputs, sent):
    path = commented(sent, inputs)
    _rewrite(path, "word/document.xml", lambda xml: xml.replace(
        b"http://schemas.openxmlformats.org/wordprocessingml/2006/main",
        b"http://purl.oclc.org/ooxml/wordprocessingml/main"))
    assert refused(inputs) == [
        "reacties/zuid.docx: kan het bestand niet lezen: het is opgeslagen als 'Strict Open XML-document'; sla het "
        "op als gewoon Word-document (.docx)"]


def test_a_zip_bomb_is_refused_before_it_is_parsed(inputs, sent, monkeypatch):
    """A part that unpacks to 120 MB (zeros: a few hundred kB in the zip) is never unpacked."""
    bomb = io.BytesIO()
    with zipfile.ZipFile(copy_of(sent)) as z, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as out:
        for info in z.infolist():
            out.writestr(info, z.read(info))
        with out.open("word/media/bom.bin", "w") as part:
            chunk = bytes(1024 * 1024)
            for _ in range(120):
                part.write(chunk)
    read = []
    monkeypatch.setattr(zipfile.ZipFile, "read", lambda self, name, pwd=None: read.append(name))
    put(inputs, "bom.docx", bomb.getvalue())
    assert refused(inputs) == [
        "reacties/bom.docx: kan het bestand niet lezen: het deel 'word/media/bom.bin' wordt uitgepakt 126 MB, meer "
        f"dan de 25 MB die Plan A per deel leest: {RETURNED_ADVICE}"]
    assert read == []


def test_one_huge_xml_part_is_refused(inputs, sent, monkeypatch):
    monkeypatch.setattr(pipeline.reading.word_files, "DOCUMENT", replace(DOCUMENT, part=100_000))
    commented(sent, inputs)
    assert refused(inputs) == [
        "reacties/zuid.docx: kan het bestand niet lezen: het deel 'word/stylesWithEffects.xml' wordt uitgepakt 438 kB, "
        f"meer dan de 100 kB die Plan A per deel leest: {RETURNED_ADVICE}"]


def test_a_copy_that_unpacks_to_more_than_the_total_is_refused(inputs, sent, monkeypatch):
    """The same check as a workbook's (reading/packages.py): each part under its cap, all of them over."""
    monkeypatch.setattr(pipeline.reading.word_files, "DOCUMENT", replace(DOCUMENT, total=500_000))
    commented(sent, inputs)
    (problem,) = refused(inputs)
    assert re.fullmatch(r"reacties/zuid\.docx: kan het bestand niet lezen: het bestand wordt uitgepakt \d+ kB, meer "
                        r"dan de 500 kB die Plan A per bestand leest: " + re.escape(RETURNED_ADVICE), problem)


def test_a_copy_larger_than_any_real_one_is_refused_unread(inputs, sent, monkeypatch):
    monkeypatch.setattr(pipeline.reading.word_files, "DOCUMENT", replace(DOCUMENT, file=10_000))
    commented(sent, inputs)
    read = []
    monkeypatch.setattr(zipfile.ZipFile, "read", lambda self, name, pwd=None: read.append(name))
    (problem,) = refused(inputs)
    assert re.fullmatch(r"reacties/zuid\.docx: kan het bestand niet lezen: het bestand is \d+ kB groot; Plan A leest "
                        r"een Word-document tot 10 kB: " + re.escape(RETURNED_ADVICE), problem)
    assert read == []


@pytest.mark.parametrize("lock", ["~$reacties.xlsx", ".~lock.reacties.xlsx#"])
def test_reacties_xlsx_open_in_excel_or_libreoffice(inputs, sent, lock):
    commented(sent, inputs)
    take_in(inputs)
    (inputs / lock).write_bytes(b"Piet Bakker")
    commented(sent, inputs, "noord.docx", which=NOORD, text="Nog iets.")
    assert refused(inputs) == [
        f"reacties.xlsx: de werkmap is geopend in Excel of LibreOffice ({lock}); sluit haar en probeer het opnieuw "
        f"(staat ze nergens open, haal dan het bestand {lock} weg): Plan A schrijft niet in een geopende werkmap"]


def test_reacties_xlsx_edited_by_hand_with_a_duplicate_id(inputs, sent):
    commented(sent, inputs)
    take_in(inputs)
    book = openpyxl.load_workbook(inputs / "reacties.xlsx")
    book["Reacties"].append(["R-001", dt.datetime(2021, 2, 25), "Stichting Noord", "algemeen", None, "Per mail.",
                             "e-mail"])
    book.save(inputs / "reacties.xlsx")
    commented(sent, inputs, "noord.docx", which=NOORD, text="Nog iets.")
    assert refused(inputs) == ["reacties.xlsx!Reacties!A3: ID 'R-001' komt al voor in reacties.xlsx!Reacties!A2"]


def test_reacties_xlsx_without_a_required_column_or_damaged(inputs, sent):
    commented(sent, inputs)
    book = openpyxl.Workbook()
    book.active.title = "Reacties"
    book.active.append(["ID", "Ontvangen", "Van", "Onderdeel"])
    book.save(inputs / "reacties.xlsx")
    assert refused(inputs) == ["reacties.xlsx!Reacties: kolom 'Reactie' ontbreekt"]
    (inputs / "reacties.xlsx").write_bytes(b"PK\x03\x04 kapot")
    assert refused(inputs) == [
        "reacties.xlsx: kan het bestand niet lezen: het is beschadigd of geen Excel-werkmap; open het in Excel of "
        "LibreOffice en sla het opnieuw op als Excel-werkmap (.xlsx)"]


# --- read, with a warning ---------------------------------------------------------------------------------

def test_comments_with_characters_xml_cannot_hold(inputs, sent):
    path = commented(sent, inputs, text="Zie bijlage MARKER")
    _rewrite(path, "word/comments.xml", lambda xml: xml.replace(b"MARKER", b"&#x1;en\x0bhier&#11;"))
    intake = take_in(inputs)
    assert [str(w) for w in intake.warnings] == [
        "reacties/zuid.docx, opmerking 1: waarschuwing: onzichtbare tekens (U+0001, U+000B) vervangen door '\ufffd'"]
    assert rows(inputs / "reacties.xlsx")[0][5] == "Zie bijlage \ufffden\ufffdhier\ufffd"


def test_two_copies_of_the_same_organisation_are_both_read(inputs, sent):
    commented(sent, inputs, "a.docx", text="Eerste.")
    commented(sent, inputs, "b.docx", text="Tweede.")
    intake = take_in(inputs)
    assert [r.text for r in intake.added] == ["Eerste.", "Tweede."]
    assert [str(w) for w in intake.warnings] == [
        "reacties/b.docx: waarschuwing: ook reacties/a.docx is een exemplaar van Stichting Zuid; beide worden gelezen"]


def test_a_comment_on_the_cover_page(inputs, sent):
    commented(sent, inputs, starts="Exemplaar voor Stichting Zuid", text="Wij heten anders.")
    intake = take_in(inputs)
    assert [(r.chapter, r.passage, r.text) for r in intake.added] == [
        ("algemeen", "Exemplaar voor Stichting Zuid", "Wij heten anders.")]
    assert [str(w) for w in intake.warnings] == [
        "reacties/zuid.docx, opmerking 1: waarschuwing: deze opmerking staat op het voorblad ('Exemplaar voor "
        "Stichting Zuid'); gelezen als onderdeel 'algemeen'"]
    assert take_in(inputs).warnings == ()  # said once, when the row is added


@pytest.mark.parametrize("starts", ["CONCEPT", "Aan alle deelnemers van de werkdagen"])
def test_a_comment_on_the_concepts_cover_after_the_copys_own_pages(inputs, sent, starts):
    """A copy is its own pages (its title, "Uw inbreng"), then the concept from its own cover: a comment on that
    cover is on a cover too, not under "Uw inbreng"."""
    commented(sent, inputs, starts=starts, text="Mooi voorblad.")
    intake = take_in(inputs)
    [reaction] = intake.added
    assert (reaction.chapter, reaction.passage.split(",")[0].split(".")[0]) == ("algemeen", starts)
    assert [str(w).split(" ('")[0] for w in intake.warnings] == [
        "reacties/zuid.docx, opmerking 1: waarschuwing: deze opmerking staat op het voorblad"]


def test_a_comment_under_uw_inbreng_and_one_in_a_chapter_after_it(inputs, sent):
    path = returned(copy_of(sent), inputs / "reacties", "zuid.docx", lambda d: (
        comment(d, "Stichting Zuid bracht", "Klopt."), comment(d, "Kleine locaties met begeleiding", "Anders.")))
    os.utime(path, (DAY, DAY))
    intake = take_in(inputs)
    assert [(r.chapter, r.text) for r in intake.added] == [("algemeen", "Klopt."), ("opvang", "Anders.")]
    assert intake.warnings == ()


def test_the_concept_itself_returned(inputs, sent):
    commented(sent, inputs, which="review/concept-uitvoeringsplan.docx")
    intake = take_in(inputs)
    assert [(r.sender, r.chapter) for r in intake.added] == [("", "opvang")]
    assert [str(w) for w in intake.warnings] == [
        "reacties/zuid.docx: waarschuwing: dit is het algemene concept, niet het exemplaar van één organisatie; vul "
        "bij de reacties uit dit bestand zelf 'Van' in"]


def test_a_copy_of_an_earlier_record_is_read_by_that_record(inputs, sent, tmp_path):
    """After `make verzenden OPNIEUW=1` with the chapters renumbered, a copy of the first round still counts."""
    (inputs / "tekst/plan/00-vooraf.md").write_text("# Vooraf\n\nEen nieuw hoofdstuk.\n", encoding="utf-8")
    send(inputs, tmp_path / "build2", again=True, pdf=False)
    commented(sent, inputs, text="Over opvang.")  # the first round's copy: 'Opvang' was chapter 2 there
    intake = take_in(inputs)
    assert [(r.chapter, r.text) for r in intake.added] == [("opvang", "Over opvang.")]
    assert [str(w) for w in intake.warnings] == [
        "reacties/zuid.docx: waarschuwing: dit exemplaar hoort bij een eerdere verzending (verzonden/eerder-1, "
        "verzonden op 15 februari 2021); de reacties worden gelezen volgens die verzending"]


def test_a_copy_made_without_make_verzenden(inputs, tmp_path):
    from pipeline.build import build
    from pipeline.model.audience import Audience
    (inputs / "tekst/plan/02-opvang.md").write_text("# Opvang\n\nKleinere locaties.\n", encoding="utf-8")
    build(inputs, tmp_path / "later", Audience.REVIEW, pdf=False)
    path = returned(tmp_path / "later" / ZUID, inputs / "reacties", "zuid.docx",
                    lambda d: comment(d, "Kleinere locaties", "Ja!"))
    os.utime(path, (DAY, DAY))
    intake = take_in(inputs)
    assert [(r.chapter, r.passage) for r in intake.added] == [("opvang", "Kleinere locaties.")]
    assert [str(w) for w in intake.warnings] == [
        "reacties/zuid.docx: waarschuwing: dit exemplaar hoort bij geen vastgelegde verzending (het is gemaakt "
        "zonder make verzenden, of daarna); de reacties worden gelezen volgens de laatste verzending"]


def test_a_comment_without_a_date_is_received_on_the_files_date(inputs, sent):
    path = commented(sent, inputs)
    _rewrite(path, "word/comments.xml", lambda xml: re.sub(rb' w:date="[^"]*"', b"", xml))
    os.utime(path, (DAY, DAY))
    assert take_in(inputs).added[0].received == dt.date(2021, 2, 27)


def test_changes_in_a_table_a_deletion_and_a_new_paragraph(inputs, sent):
    def edits(document):
        tracked_change(document, "Een vaste begeleider", "", " per tien bewoners")  # in chapter 1's table
        new_paragraph(document, "Kleine locaties met begeleiding", "Ook voor gezinnen.")
        tracked_change(document, "Kleine locaties met begeleiding", "Kleine ", "")

    path = returned(copy_of(sent), inputs / "reacties", "zuid.docx", edits)
    os.utime(path, (DAY, DAY))
    assert [(r.chapter, r.passage, r.text) for r in take_in(inputs).added] == [
        ("inleiding", "Een vaste begeleider", "Voorgestelde wijziging: 'per tien bewoners' toegevoegd"),
        ("opvang", "Kleine locaties met begeleiding.", "Voorgestelde wijziging: 'Kleine' geschrapt"),
        ("opvang", "(nieuwe alinea)", "Voorgestelde wijziging: 'Ook voor gezinnen.' toegevoegd")]


def test_a_change_of_ours_is_no_reaction(inputs, sent):
    path = returned(copy_of(sent), inputs / "reacties", "zuid.docx",
                    lambda d: tracked_change(d, "Kleine locaties met begeleiding", "Kleine ", "", author="Gemeente"))
    os.utime(path, (DAY, DAY))
    assert take_in(inputs).added == ()


def _rewrite(path: Path, part: str, change) -> None:
    with zipfile.ZipFile(path) as z:
        parts = {info.filename: z.read(info) for info in z.infolist()}
    parts[part] = change(parts[part])
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
