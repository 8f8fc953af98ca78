"""The review round trip's second half (issue 12), acted out as the participants and the team would: the
concept goes out (`make verzenden`), two organisations comment in their copies (one renames the file, one saves
it again in LibreOffice), `make reacties` takes them in, the team types the answers and changes the plan, and
`make proposal` gives a nota van beantwoording that answers every reaction, a plan whose tracked changes show
exactly what changed since the concept, and a proposal that refers to both.
"""
from __future__ import annotations

import datetime as dt
import subprocess
import tempfile
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from casebuilder import small_case, write_case
from clients import ooxml_errors_many, pdf_text, profile_argument, require
from docx_text import changed_paragraph, whole_mark
from docx_text import paragraph_text, paragraphs, revised_paragraphs, table_under, tables_under
from participants import answer, comment, resaved_by_libreoffice, returned, rows, tracked_change
from pipeline.build import build
from round_case import change_plan
from pipeline.roundtrip.intake import take_in
from pipeline.roundtrip.send import send

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NOORD, ZUID = "review/organisaties/stichting-noord.docx", "review/organisaties/stichting-zuid.docx"
NOTA, TRACKED = "college/nota-van-beantwoording.docx", "college/uitvoeringsplan-wijzigingen.docx"
PLAN, PROPOSAL = "college/bijlage-uitvoeringsplan.docx", "college/voordracht.docx"


def noord(document) -> None:
    comment(document, "Kleine locaties met begeleiding", "Graag ook een locatie voor gezinnen.",
            author="Anne de Vries", date="2021-02-20T10:00:00Z")
    tracked_change(document, "Dit plan regelt de", "opvang", "opvang en begeleiding", date="2021-02-21T09:30:00Z")


def zuid(document) -> None:  # Piet Bakker did not consent to be named: the nota names Stichting Zuid
    comment(document, "Stichting Zuid bracht tijdens", "Waarom is ons punt D2-02 niet overgenomen?",
            author="Piet Bakker", date="2021-02-24T16:45:00Z")
    comment(document, "Dit plan regelt de", "Te laat, maar toch: goed plan.", author="Piet Bakker",
            date="2021-03-01T08:00:00Z")


ANSWERS = {
    "R-001": ("Dat nemen we over: er komt een gezinslocatie.", "plan aangepast",
              "Hoofdstuk 2 noemt de gezinslocatie; hoofdstuk 3 Gezinnen is nieuw."),
    "R-002": ("De inleiding blijft kort; de begeleiding staat in hoofdstuk 2.", "niet aangepast"),
    "R-003": ("Het punt gaat mee naar de evaluatie.", "vervolgagenda"),
    "R-004": ("Dank u wel.", "ter kennisname"),
}


@pytest.fixture(scope="module")
def round_(tmp_path_factory):
    """Sent, two copies returned and taken in, answered, the plan changed, and built for the college."""
    require("soffice")
    folder = tmp_path_factory.mktemp("nota")
    inputs = write_case(small_case(), folder / "inputs")
    build(write_case(small_case(), folder / "as-sent"), folder / "as-sent-build", pdf=False)
    send(inputs, folder / "sent", pdf=False)
    returned(folder / "sent" / NOORD, inputs / "reacties", "Reactie Noord (definitief).docx", noord)
    resaved_by_libreoffice(returned(folder / "sent" / ZUID, inputs / "reacties", "stichting-zuid.docx", zuid))
    take_in(inputs)
    answer(inputs / "reacties.xlsx", ANSWERS)
    change_plan(inputs)
    result = build(inputs, folder / "build", pdf=False)
    return {"inputs": inputs, "out": folder / "build", "result": result, "folder": folder,
            "as_sent": folder / "as-sent-build"}


# --- the nota van beantwoording ------------------------------------------------------------------------------

def test_the_reactions_came_in_from_the_copies(round_):
    assert [r[:4] for r in rows(round_["inputs"] / "reacties.xlsx")] == [
        ("R-001", dt.datetime(2021, 2, 20), "Stichting Noord", "opvang"),
        ("R-002", dt.datetime(2021, 2, 21), "Stichting Noord", "inleiding"),
        ("R-003", dt.datetime(2021, 2, 24), "Stichting Zuid", "algemeen"),
        ("R-004", dt.datetime(2021, 3, 1), "Stichting Zuid", "inleiding")]


def test_the_nota_says_how_the_round_went(round_):
    text = "\n".join(paragraphs(round_["out"] / NOTA, "word/document.xml"))
    assert ("Het concept-uitvoeringsplan is op 15 februari 2021 aan alle deelnemers van de werkdagen gestuurd, met "
            "per organisatie een overzicht van wat er met haar inbreng is gedaan. Reageren kon tot en met 26 februari "
            "2021. Er kwamen 4 reacties van 2 organisaties binnen; 1 daarvan leidde tot een aanpassing van het plan. "
            "Eén reactie kwam na de reactietermijn binnen; ook die is beantwoord.") in text
    assert table_under(round_["out"] / NOTA, "Hoe de reactieronde verliep") == [
        ["Gevolg", "Aantal reacties"], ["plan aangepast", "1"], ["niet aangepast", "1"], ["vervolgagenda", "1"],
        ["ter kennisname", "1"]]


def test_the_nota_answers_every_reaction_per_chapter(round_):
    out = round_["out"] / NOTA
    header = ["Nr. en afzender", "Reactie", "Antwoord en gevolg"]
    assert table_under(out, "Algemeen") == [header, [
        "R-003\nStichting Zuid\n24 februari 2021",
        "Over: ‘Stichting Zuid bracht tijdens de werkdagen 2 punten in. Hieronder staat bij elk punt wat ermee is "
        "gedaan en waar u het terugvindt. Daarna volgt het concept, zoals iedere deelnemer het krijgt.’\nWaarom is ons punt D2-02 niet overgenomen?",
        "Het punt gaat mee naar de evaluatie.\nGevolg: vervolgagenda"]]
    assert table_under(out, "Hoofdstuk 1 Inleiding") == [header, [
        "R-002\nStichting Noord\n21 februari 2021", "Over: ‘Dit plan regelt de opvang.’\nVoorgestelde wijziging: "
        "'opvang' vervangen door 'opvang en begeleiding'",
        "De inleiding blijft kort; de begeleiding staat in hoofdstuk 2.\nGevolg: niet aangepast"], [
        "R-004\nStichting Zuid\n1 maart 2021\n(na de reactietermijn)",
        "Over: ‘Dit plan regelt de opvang.’\nTe laat, maar toch: goed plan.", "Dank u wel.\nGevolg: ter kennisname"]]
    assert table_under(out, "Hoofdstuk 2 Opvang") == [header, [
        "R-001\nStichting Noord\n20 februari 2021",
        "Over: ‘Kleine locaties met begeleiding.’\nGraag ook een locatie voor gezinnen.",
        "Dat nemen we over: er komt een gezinslocatie.\nGevolg: plan aangepast\nWijziging: Hoofdstuk 2 noemt de "
        "gezinslocatie; hoofdstuk 3 Gezinnen is nieuw."]]
    text = "\n".join(paragraphs(out))
    assert "Piet Bakker" not in text and "Anne de Vries" not in text  # Van is the organisation of a copy


def test_the_nota_shows_every_change_since_the_concept_with_before_and_after(round_):
    out = round_["out"] / NOTA
    header = ["In het concept", "Nu"]
    assert table_under(out, "Wat er met de inbreng is gedaan") == [["Inbreng", *header], [
        "D2-02 (Stichting Zuid): Wie betaalt dit?", "niet overgenomen: Is al geregeld.",
        "vervolgagenda: Gaat mee naar de evaluatie."]]
    assert table_under(out, "Hoofdstukken") == [["Hoofdstuk", *header],
        ["Hoofdstuk 2 Opvang", "Kleine locaties met begeleiding.", "Kleine locaties met begeleiding en een gezinslocatie."],
        ["Hoofdstuk 2 Opvang", "(nieuwe tekst)", "Gezinnen wonen apart."],
        ["Hoofdstuk 3 Gezinnen", "(stond niet in het concept)", "nieuw hoofdstuk"]]
    assert table_under(out, "Begroting") == [["Post", *header],
        ["Lasten: Begeleiders (Begeleiding)", "2021: € 300.000\n2022: € 350.000", "2021: € 300.000\n2022: € 380.000"],
        ["Dekking: Gemeente", "2021: € 500.000\n2022: € 600.000", "2021: € 500.000\n2022: € 630.000"]]
    assert table_under(out, "Besluitpunten") == [["Besluitpunt", *header], [
        "Besluitpunt 2", "kennis te nemen van de reacties van de deelnemers.",
        "kennis te nemen van de reacties van de deelnemers en de antwoorden in de nota van beantwoording."]]


# --- the plan with tracked changes ---------------------------------------------------------------------------

def test_the_tracked_changes_show_exactly_what_changed_since_the_concept(round_):
    assert revised_paragraphs(round_["out"] / TRACKED) == [
        "{+¶ 3. Gezinnen\t+}",  # the contents list
        "Kleine locaties met begeleiding{+ en een gezinslocatie+}.",
        "{+¶ Gezinnen wonen apart.+}",
        "{+¶ 3. Gezinnen+}",
        "{+¶ Een locatie voor gezinnen met kinderen.+}",
        # Bijlage A: Begeleiding 2022 and its row total, the total costs, the city's funding, the total funding,
        # then the cost line itself
        "{+€ 380.000+}[-€ 350.000-]", "{+€ 680.000+}[-€ 650.000-]", "{+€ 880.000+}[-€ 850.000-]",
        "{+€ 1.580.000+}[-€ 1.550.000-]", "{+€ 630.000+}[-€ 600.000-]", "{+€ 1.130.000+}[-€ 1.100.000-]",
        "{+€ 880.000+}[-€ 850.000-]", "{+€ 1.580.000+}[-€ 1.550.000-]", "{+€ 380.000+}[-€ 350.000-]",
        "{+€ 680.000+}[-€ 650.000-]",
        # Bijlage C, the follow-up agenda: D2-02 joins it
        "{+¶ D2-02+}", "{+¶ Wie betaalt dit?+}", "{+¶ Stichting Zuid+}", "{+¶ ja+}",
        "{+¶ vervolgagenda: Gaat mee naar de evaluatie.+}",
        # Bijlage E, the accounting of every item
        "{+vervolgagenda: Gaat mee naar de evaluatie.+}[-niet overgenomen: Is al geregeld.-]"]


def test_accepting_every_change_gives_the_attachment_and_rejecting_them_the_plan_as_sent(round_):
    out = round_["out"]
    assert _read(out / TRACKED, "after") == paragraphs(out / PLAN, "word/document.xml")
    assert _read(out / TRACKED, "before") == paragraphs(round_["as_sent"] / PLAN, "word/document.xml")


def _read(path: Path, keep: str) -> list[str]:
    """Every paragraph of the body as it reads with the changes accepted ("after") or rejected ("before")."""
    revised = iter(revised_paragraphs(path, keep))
    root = etree.fromstring(zipfile.ZipFile(path).read("word/document.xml"))
    found = []
    for p in root.iter(f"{{{W}}}p"):
        if p.find(f".//{{{W}}}p") is not None:
            continue
        if changed_paragraph(p):
            gone = whole_mark(p) == {"after": "del", "before": "ins"}[keep]
            if not gone:
                found.append(next(revised))
        else:
            found.append(paragraph_text(p))
    return found




def test_every_change_is_the_team_s_on_the_college_date(round_):
    root = etree.fromstring(zipfile.ZipFile(round_["out"] / TRACKED).read("word/document.xml"))
    marks = list(root.iter(f"{{{W}}}ins", f"{{{W}}}del"))
    assert marks and {(m.get(f"{{{W}}}author"), m.get(f"{{{W}}}date")) for m in marks} == {
        ("Programmateam Opvang", "2021-03-02T00:00:00Z")}
    ids = [m.get(f"{{{W}}}id") for m in marks]
    assert len(ids) == len(set(ids))


def test_the_same_inputs_give_the_same_bytes(round_, tmp_path):
    again = build(round_["inputs"], tmp_path / "again", pdf=False)
    for rel in (NOTA, TRACKED, PROPOSAL):
        assert again.files[rel] == round_["result"].files[rel], rel


def test_the_new_documents_are_valid_ooxml_and_open_in_libreoffice(round_, tmp_path):
    require("ooxml-validate")
    require("pdftotext")
    found = ooxml_errors_many([round_["out"] / NOTA, round_["out"] / TRACKED, round_["out"] / PROPOSAL])
    assert all(errors == [] for errors in found.values()), found
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(["soffice", profile_argument(Path(profile)), "--headless", "--convert-to", "pdf",
                        "--outdir", str(tmp_path), str(round_["out"] / TRACKED), str(round_["out"] / NOTA)],
                       check=True, capture_output=True, timeout=300)
    assert "Een locatie voor gezinnen met kinderen." in pdf_text(tmp_path / "uitvoeringsplan-wijzigingen.pdf")
    assert "Nota van beantwoording" in pdf_text(tmp_path / "nota-van-beantwoording.pdf")


# --- the proposal follows --------------------------------------------------------------------------------------

def test_the_proposal_tells_how_the_round_went_and_lists_both_documents(round_):
    text = "\n".join(paragraphs(round_["out"] / PROPOSAL, "word/document.xml"))
    assert ("Het concept-uitvoeringsplan is op 15 februari 2021 aan de deelnemers gestuurd; reageren kon tot en met "
            "26 februari 2021. Er kwamen 4 reacties van 2 organisaties binnen; 1 daarvan leidde tot een aanpassing "
            "van het plan. Eén reactie kwam na de reactietermijn binnen; ook die is beantwoord. Elke reactie en het "
            "antwoord erop staan in de nota van beantwoording (bijlage 3). Wat er sinds het concept in het plan is "
            "veranderd, toont het uitvoeringsplan met bijgehouden wijzigingen (bijlage 4).") in text
    assert [line for line in text.splitlines() if line.startswith("Bijlage ")] == [
        "Bijlage 1: Uitvoeringsplan opvang",
        "Bijlage 2: Vertrouwelijke bijlage: vertrouwelijke adviezen en de lijst van locaties (geheim)",
        "Bijlage 3: Nota van beantwoording: de reacties op het concept en de antwoorden erop (4 reacties van 2 "
        "organisaties; 1 daarvan leidde tot een aanpassing van het plan)",
        "Bijlage 4: Uitvoeringsplan met de wijzigingen sinds het concept van 15 februari 2021, als bijgehouden "
        "wijzigingen"]


def test_before_make_verzenden_there_is_no_nota_and_the_proposal_claims_none(tmp_path):
    result = build(write_case(small_case(), tmp_path / "inputs"), tmp_path / "build", pdf=False)
    assert not {NOTA, TRACKED} & set(result.files)
    text = "\n".join(paragraphs(tmp_path / "build" / PROPOSAL)).casefold()
    assert "nota van beantwoording" not in text and "reactieronde" not in text and "bijlage 3" not in text


def test_with_a_record_and_no_reactions_the_nota_says_there_were_none(tmp_path):
    inputs = write_case(small_case(), tmp_path / "inputs")
    send(inputs, tmp_path / "sent", pdf=False)
    result = build(inputs, tmp_path / "build", pdf=False)
    nota = "\n".join(paragraphs(tmp_path / "build" / NOTA, "word/document.xml"))
    assert "Reageren kon tot en met 26 februari 2021. Er kwamen geen reacties binnen." in nota
    assert "Er zijn geen reacties op het concept binnengekomen." in nota
    assert "Het plan is sinds het concept van 15 februari 2021 niet veranderd." in nota
    assert tables_under(tmp_path / "build" / NOTA, "Hoe de reactieronde verliep") == []
    assert revised_paragraphs(tmp_path / "build" / TRACKED) == []  # nothing changed: no revision at all
    proposal = "\n".join(paragraphs(tmp_path / "build" / PROPOSAL, "word/document.xml"))
    assert "Er kwamen geen reacties binnen. De nota van beantwoording (bijlage 3) zegt dat ook." in proposal
    assert "Bijlage 3: Nota van beantwoording: de reacties op het concept en de antwoorden erop (geen reacties)" \
        in proposal
    assert result.warnings == ()
