"""The review round trip, acted out as the participants and the team would (issue 12, the intake).

`make verzenden` builds the review set and records it; participants comment on their copies in Word and
change the text with Track Changes; one renames the file, one saves it again in LibreOffice; the team
drops them in inputs/reacties/, runs `make reacties`, types the answers into reacties.xlsx, and the
college build passes.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import zipfile
from pathlib import Path

import pytest

import pipeline.__main__
from casebuilder import small_case, write_case
from clients import ooxml_errors, require
from participants import answer, comment, resaved_by_libreoffice, returned, rows, tracked_change
from pipeline.base.errors import InputProblems
from pipeline.build import build
from pipeline.model.audience import Audience
from pipeline.documents.properties import read_custom_properties
from pipeline.model.identity import record_id
from pipeline.model.public import public_view, whereabouts
from pipeline.base.problems import Problems
from pipeline.reading.record import read_record
from pipeline.rendering.summary import summary
from pipeline.roundtrip.intake import take_in
from pipeline.roundtrip.send import send

ROOT = Path(__file__).resolve().parents[1]
NOORD, ZUID = "review/organisaties/stichting-noord.docx", "review/organisaties/stichting-zuid.docx"
RETURNED_ON = dt.datetime(2021, 2, 27, 12).timestamp()  # the day the team saved the returned files


def properties(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as z:
        return read_custom_properties(z.read("docProps/custom.xml") if "docProps/custom.xml" in z.namelist() else None)


def noord_edits(document) -> None:
    comment(document, "Kleine locaties met begeleiding", "Graag ook grotere locaties voor gezinnen.",
            author="Anne de Vries", date="2021-02-20T10:00:00Z")
    tracked_change(document, "Dit plan regelt de", "opvang", "opvang en begeleiding")


def zuid_edits(document) -> None:
    comment(document, "Stichting Zuid bracht tijdens", "Ons punt D2-02 is niet goed weergegeven.",
            date="2021-02-24T16:45:00Z")
    comment(document, "Dit plan regelt de", "=HYPERLINK(\"http://x\") is geen formule", date="2021-03-01T08:00:00Z")


def drop(path: Path) -> Path:
    os.utime(path, (RETURNED_ON, RETURNED_ON))
    return path


@pytest.fixture(scope="module")
def story(tmp_path_factory):
    """Sent, two copies returned (one renamed), taken in once."""
    folder = tmp_path_factory.mktemp("round")
    inputs = write_case(small_case(), folder / "inputs")
    before_send = build(inputs, folder / "full", pdf=False)
    sent = send(inputs, folder / "build", pdf=False)
    copies = folder / "build"
    drop(returned(copies / NOORD, inputs / "reacties", "Reactie Noord (definitief).docx", noord_edits))
    drop(returned(copies / ZUID, inputs / "reacties", "stichting-zuid.docx", zuid_edits))
    intake = take_in(inputs)
    return {"folder": folder, "inputs": inputs, "copies": copies, "sent": sent, "intake": intake,
            "full": before_send, "workbook": (inputs / "reacties.xlsx").read_bytes()}


# --- make verzenden ----------------------------------------------------------------------------------------

def test_send_records_the_plan_model_and_the_concept_as_sent(story):
    verzonden = story["inputs"] / "verzonden"
    assert sorted(p.name for p in verzonden.iterdir()) == ["concept-uitvoeringsplan.docx", "plan.json"]
    # the same bytes as intern/plan.json of a build of the same inputs, and as the concept sent
    assert (verzonden / "plan.json").read_bytes() == story["full"].files["intern/plan.json"]
    assert (verzonden / "concept-uitvoeringsplan.docx").read_bytes() == \
        (story["copies"] / "review" / "concept-uitvoeringsplan.docx").read_bytes()
    assert story["sent"].recorded == ("verzonden/plan.json", "verzonden/concept-uitvoeringsplan.docx")
    assert story["sent"].earlier is None


def test_every_review_document_says_whose_it_is_and_which_record_it_comes_from(story):
    plan = json.loads((story["inputs"] / "verzonden" / "plan.json").read_text(encoding="utf-8"))
    record = {"PlanA-zaak": plan["case_id"], "PlanA-verzending": record_id(plan)}
    review = story["copies"] / "review"
    assert properties(review / "concept-uitvoeringsplan.docx") == record
    assert properties(story["copies"] / ZUID) == record | {"PlanA-exemplaar": "stichting-zuid",
                                                           "PlanA-organisatie": "Stichting Zuid"}
    assert plan["case_id"].startswith("PA-") and len(record["PlanA-verzending"]) == 16


def test_the_record_id_stays_after_the_send_and_after_the_reactions(story, tmp_path):
    """Copies built later from the same plan carry the same record id: the round trip's own state (the
    record, the reactions) is no part of it; a change to the plan is."""
    again = build(story["inputs"], tmp_path / "later", Audience.REVIEW, pdf=False)  # the reactions are open
    sent = properties(story["copies"] / ZUID)
    assert properties(tmp_path / "later" / ZUID) == sent
    assert again.plan.record is not None and again.plan.reactions  # both were read
    changed = tmp_path / "changed"
    write_case(small_case(), changed)
    (changed / "tekst/plan/02-opvang.md").write_text("# Opvang\n\nKleinere locaties.\n", encoding="utf-8")
    (changed / "verzonden").mkdir()
    (changed / "verzonden" / "plan.json").write_bytes((story["inputs"] / "verzonden" / "plan.json").read_bytes())
    other = build(changed, tmp_path / "other", pdf=False)
    assert properties(tmp_path / "other" / ZUID)["PlanA-verzending"] != sent["PlanA-verzending"]
    assert properties(tmp_path / "other" / ZUID)["PlanA-zaak"] == sent["PlanA-zaak"]  # the record's case id
    assert other.plan.case_id == sent["PlanA-zaak"]


def test_the_record_is_read_into_a_sent_record(story):
    problems = Problems()
    record = read_record(story["inputs"], problems)
    plan = story["full"].plan
    assert not problems.items
    assert record.sent == dt.date(2021, 2, 15) and record.case_id == plan.case_id
    assert record.record_id == properties(story["copies"] / ZUID)["PlanA-verzending"]
    assert [(c.id, c.number, c.title) for c in record.chapters] == [(c.id, n, c.title)
                                                                    for n, c in enumerate(plan.chapters, 1)]
    assert record.chapters[1].markdown == "Kleine locaties met begeleiding."
    where = whereabouts(plan.harvest, plan.chapters)
    assert [(i.id, i.outcome, i.where, i.chapter) for i in record.harvest] == [
        (i.id, i.outcome.label, where[i.id], i.chapter) for i in plan.harvest]
    assert record.harvest[1].where.startswith("samengevoegd met D1-01")
    assert [(c.post, c.category, [(a.year, a.amount) for a in c.amounts]) for c in record.costs] == [
        ("Huur", "Huisvesting", [(2021, 400_000), (2022, 500_000)]),
        ("Begeleiders", "Begeleiding", [(2021, 300_000), (2022, 350_000)])]
    assert [f.name for f in record.funding] == ["Gemeente", "Rijk"]
    assert [(d.number, d.text) for d in record.decisions] == [(d.number, d.text) for d in plan.decisions]
    assert [(o.name, o.slug, o.shown_as) for o in record.organisations] == [
        ("Stichting Noord", "stichting-noord", "Stichting Noord"), ("Stichting Zuid", "stichting-zuid", "Stichting Zuid")]
    assert str(record.source) == "verzonden/plan.json"


def test_send_never_overwrites_a_record(tmp_path, capsys):
    inputs = write_case(small_case(), tmp_path / "inputs")
    send(inputs, tmp_path / "build", pdf=False)
    before = {p: p.read_bytes() for p in (inputs / "verzonden").rglob("*") if p.is_file()}
    status = pipeline.__main__.main(["send", "--inputs", str(inputs), "--out", str(tmp_path / "build"), "--no-pdf"])
    assert status == 2
    assert capsys.readouterr().err.splitlines() == [
        "verzonden/: hier staat al een vastgelegde verzending (verzonden op 15 februari 2021); Plan A overschrijft die "
        "nooit. Verzendt u opnieuw, gebruik dan make verzenden OPNIEUW=1: de vorige gaat dan naar verzonden/eerder-1/",
        "1 probleem in de invoer; er is niets geschreven."]
    assert {p: p.read_bytes() for p in (inputs / "verzonden").rglob("*") if p.is_file()} == before


def test_again_keeps_the_old_record_in_eerder_1_then_eerder_2(tmp_path, capsys):
    inputs = write_case(small_case(), tmp_path / "inputs")
    send(inputs, tmp_path / "build", pdf=False)
    first = {p.name: p.read_bytes() for p in (inputs / "verzonden").iterdir()}
    (inputs / "tekst/plan/02-opvang.md").write_text("# Opvang\n\nKleinere locaties.\n", encoding="utf-8")
    assert pipeline.__main__.main(["send", "--inputs", str(inputs), "--out", str(tmp_path / "build"), "--no-pdf",
                                   "--again"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-3:] == [f"vorige verzending bewaard in {inputs}/verzonden/eerder-1/",
                        f"vastgelegd: {inputs}/verzonden/plan.json",
                        f"vastgelegd: {inputs}/verzonden/concept-uitvoeringsplan.docx"]
    assert {p.name: p.read_bytes() for p in (inputs / "verzonden" / "eerder-1").iterdir()} == first
    second = json.loads((inputs / "verzonden" / "plan.json").read_text(encoding="utf-8"))
    assert second["record"]["source"] == "verzonden/plan.json"  # the build saw the first record
    assert second["case_id"] == json.loads(first["plan.json"])["case_id"]
    assert send(inputs, tmp_path / "build", again=True, pdf=False).earlier == "verzonden/eerder-2"
    assert sorted(p.name for p in (inputs / "verzonden").iterdir()) == [
        "concept-uitvoeringsplan.docx", "eerder-1", "eerder-2", "plan.json"]


def test_a_damaged_record_renamed_as_the_message_says_lets_opnieuw_send_again(tmp_path):
    inputs = write_case(small_case(), tmp_path / "inputs")
    send(inputs, tmp_path / "build", pdf=False)
    (inputs / "verzonden" / "plan.json").write_text("{kapot", encoding="utf-8")
    with pytest.raises(InputProblems):
        send(inputs, tmp_path / "build", again=True, pdf=False)
    (inputs / "verzonden" / "plan.json").rename(inputs / "verzonden" / "plan-kapot.json")
    assert send(inputs, tmp_path / "build", again=True, pdf=False).earlier == "verzonden/eerder-1"
    assert sorted(p.name for p in (inputs / "verzonden").rglob("*")) == [
        "concept-uitvoeringsplan.docx", "concept-uitvoeringsplan.docx", "eerder-1", "plan-kapot.json", "plan.json"]


def test_make_verzenden_passes_opnieuw_as_again():
    dry = subprocess.run(["make", "-n", "verzenden", "OPNIEUW=1", "INPUTS=x y", "BUILD=b"], cwd=ROOT,
                         capture_output=True, text=True, check=True).stdout
    assert '-m pipeline send --inputs "$PLAN_A_INPUTS" --out "$PLAN_A_BUILD"  --again' in dry
    plain = subprocess.run(["make", "-n", "verzenden"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert "--again" not in plain
    reacties = subprocess.run(["make", "-n", "reacties"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert '-m pipeline reactions --inputs "$PLAN_A_INPUTS"' in reacties


# --- make reacties -----------------------------------------------------------------------------------------

def test_every_comment_and_tracked_change_becomes_a_row(story):
    found = rows(story["inputs"] / "reacties.xlsx")
    marks = [row[6].rsplit("kenmerk ", 1)[1].rstrip(")") for row in found]
    noord = "Reactie Noord (definitief).docx"
    assert [row[:6] for row in found] == [
        ("R-001", dt.datetime(2021, 2, 20), "Stichting Noord", "opvang", "Kleine locaties met begeleiding.",
         "Graag ook grotere locaties voor gezinnen."),
        ("R-002", dt.datetime(2021, 2, 21), "Stichting Noord", "inleiding", "Dit plan regelt de opvang.",
         "Voorgestelde wijziging: 'opvang' vervangen door 'opvang en begeleiding'"),
        ("R-003", dt.datetime(2021, 2, 24), "Stichting Zuid", "algemeen",
         "Stichting Zuid bracht tijdens de werkdagen 2 punten in. Hieronder staat bij elk punt wat ermee is gedaan "
         "en waar u het terugvindt. Daarna volgt het concept, zoals iedere deelnemer het krijgt.",
             "Ons punt D2-02 is niet goed weergegeven."),
        ("R-004", dt.datetime(2021, 3, 1), "Stichting Zuid", "inleiding", "Dit plan regelt de opvang.",
         '=HYPERLINK("http://x") is geen formule')]
    assert [row[6] for row in found] == [
        f"{noord}, opmerking 1 (kenmerk {marks[0]})", f"{noord}, wijziging 1 (kenmerk {marks[1]})",
        f"stichting-zuid.docx, opmerking 1 (kenmerk {marks[2]})", f"stichting-zuid.docx, opmerking 2 (kenmerk {marks[3]})"]
    assert all(row[7:] == (None, None, None, None) for row in found)  # the team's columns stay empty
    assert [r.id for r in story["intake"].added] == ["R-001", "R-002", "R-003", "R-004"]
    assert story["intake"].created and not story["intake"].kept and story["intake"].warnings == ()


def test_a_second_run_adds_nothing_and_changes_nothing(story):
    path = story["inputs"] / "reacties.xlsx"
    again = take_in(story["inputs"])
    assert again.added == () and not again.created and not again.kept
    assert path.read_bytes() == story["workbook"]
    assert not (story["inputs"] / "reacties.vorige.xlsx").exists()


def test_a_renamed_or_doubled_copy_adds_nothing(story, tmp_path):
    inputs = tmp_path / "inputs"
    _copy_tree(story["inputs"], inputs)
    folder = inputs / "reacties"
    (folder / "stichting-zuid.docx").rename(folder / "Kopie van reactie.docx")
    (folder / "nog een keer.docx").write_bytes((folder / "Kopie van reactie.docx").read_bytes())
    again = take_in(inputs)
    assert again.added == ()
    assert again.warnings == ()  # nothing added, nothing to say (the two copies were said when read)


def test_new_reactions_come_after_the_rows_there_which_stay_as_they_are(story, tmp_path):
    """The team typed an e-mail reaction as R-010 and answered R-001; a third copy comes back."""
    inputs = tmp_path / "inputs"
    _copy_tree(story["inputs"], inputs)
    answer(inputs / "reacties.xlsx", {"R-001": ("Dat nemen we over.", "plan aangepast", "Gezinslocatie erbij.")})
    import openpyxl
    book = openpyxl.load_workbook(inputs / "reacties.xlsx")
    book["Reacties"].append(["R-010", dt.datetime(2021, 2, 25), "Stichting Noord", "algemeen", None,
                             "Per e-mail: goed plan.", "e-mail", None, None, None, "bellen"])
    book.save(inputs / "reacties.xlsx")
    typed = rows(inputs / "reacties.xlsx")
    before = (inputs / "reacties.xlsx").read_bytes()
    drop(returned(story["copies"] / NOORD, inputs / "reacties", "noord-2.docx",
                  lambda d: comment(d, "Kleine locaties met begeleiding", "Nog een punt.", date="2021-02-26T09:00:00Z")))
    intake = take_in(inputs)
    assert [(r.id, r.text) for r in intake.added] == [("R-011", "Nog een punt.")]
    after = rows(inputs / "reacties.xlsx")
    assert after[:len(typed)] == typed  # every row there, every cell as it was
    assert after[-1][:4] == ("R-011", dt.datetime(2021, 2, 26), "Stichting Noord", "opvang")
    assert (inputs / "reacties.vorige.xlsx").read_bytes() == before and intake.kept


def test_answered_reactions_pass_the_college_build_and_reach_the_model(story, tmp_path):
    inputs = tmp_path / "inputs"
    _copy_tree(story["inputs"], inputs)
    with pytest.raises(InputProblems) as open_ones:
        build(inputs, None, pdf=False)
    assert [str(p) for p in open_ones.value.problems if "Reacties" in p.location][-1] == (
        "reacties.xlsx!Reacties!H5: deze reactie heeft nog geen antwoord en geen gevolg; de voordracht vraagt een "
        "antwoord op elke reactie (alleen de reviewset kan met open reacties: make review)")
    answer(inputs / "reacties.xlsx", {
        "R-001": ("We zoeken ook een gezinslocatie.", "plan aangepast", "Paragraaf over gezinnen toegevoegd."),
        "R-002": ("Overgenomen.", "plan aangepast", "Begeleiding genoemd in de inleiding."),
        "R-003": ("We hebben het punt verduidelijkt.", "niet aangepast"),
        "R-004": ("Dank voor uw reactie.", "ter kennisname")})
    result = build(inputs, tmp_path / "build", pdf=False)
    assert [(r.id, r.sender, r.organisation, r.chapter, r.consequence.value) for r in result.plan.reactions] == [
        ("R-001", "Stichting Noord", "Stichting Noord", "opvang", "plan aangepast"),
        ("R-002", "Stichting Noord", "Stichting Noord", "inleiding", "plan aangepast"),
        ("R-003", "Stichting Zuid", "Stichting Zuid", "algemeen", "niet aangepast"),
        ("R-004", "Stichting Zuid", "Stichting Zuid", "inleiding", "ter kennisname")]
    assert [str(w) for w in result.warnings] == [
        "reacties.xlsx!Reacties!B5: waarschuwing: ontvangen op 1 maart 2021, na de reactietermijn (tot en met 26 "
        "februari 2021); de reactie telt gewoon mee"]
    assert result.plan.record.record_id == properties(story["copies"] / ZUID)["PlanA-verzending"]
    public = public_view(result.plan).reactions
    assert [(r.chapter, r.late) for r in public] == [("hoofdstuk 2 Opvang", False), ("hoofdstuk 1 Inleiding", False),
                                                    ("algemeen", False), ("hoofdstuk 1 Inleiding", True)]
    assert summary(result.plan).splitlines()[-2:] == [
        f"Verzonden: 15 februari 2021 (zaak {result.plan.case_id}, verzending {result.plan.record.record_id})",
        "Reacties: 4, waarvan 0 nog open"]
    plan = json.loads((tmp_path / "build" / "intern" / "plan.json").read_text(encoding="utf-8"))
    assert [r["id"] for r in plan["reactions"]] == ["R-001", "R-002", "R-003", "R-004"]
    assert plan["reactions"][0]["consequence"] == "plan aangepast"
    assert plan["record"]["record_id"] == result.plan.record.record_id


def test_the_reactions_command_prints_one_line_per_added_row(story, tmp_path, capsys):
    inputs = tmp_path / "inputs"
    _copy_tree(story["inputs"], inputs)
    (inputs / "reacties.xlsx").unlink()
    assert pipeline.__main__.main(["reactions", "--inputs", str(inputs)]) == 0
    out = capsys.readouterr().out.splitlines()
    marks = [row[6].rsplit("kenmerk ", 1)[1].rstrip(")") for row in rows(inputs / "reacties.xlsx")]
    assert out == [
        f"aangemaakt: {inputs}/reacties.xlsx",
        f"toegevoegd: R-001 van Stichting Noord over opvang: Reactie Noord (definitief).docx, opmerking 1 (kenmerk "
        f"{marks[0]})",
        f"toegevoegd: R-002 van Stichting Noord over inleiding: Reactie Noord (definitief).docx, wijziging 1 (kenmerk "
        f"{marks[1]})",
        f"toegevoegd: R-003 van Stichting Zuid over algemeen: stichting-zuid.docx, opmerking 1 (kenmerk {marks[2]})",
        f"toegevoegd: R-004 van Stichting Zuid over inleiding: stichting-zuid.docx, opmerking 2 (kenmerk {marks[3]})"]
    assert pipeline.__main__.main(["reactions", "--inputs", str(inputs)]) == 0
    assert capsys.readouterr().out.splitlines() == ["geen nieuwe reacties gevonden in de teruggestuurde exemplaren"]


def test_the_same_reactions_give_the_same_bytes(story, tmp_path):
    inputs = tmp_path / "inputs"
    _copy_tree(story["inputs"], inputs)
    (inputs / "reacties.xlsx").unlink()
    take_in(inputs)
    assert (inputs / "reacties.xlsx").read_bytes() == story["workbook"]


def test_the_workbook_has_dropdowns_a_frozen_header_and_dates(story):
    import openpyxl
    book = openpyxl.load_workbook(story["inputs"] / "reacties.xlsx")
    assert book.sheetnames == ["Toelichting", "Reacties", "Keuzelijsten"]
    sheet = book["Reacties"]
    assert sheet.freeze_panes == "A2" and book.active.title == "Reacties"
    assert [c.value for c in sheet[1]] == ["ID", "Ontvangen", "Van", "Onderdeel", "Passage", "Reactie", "Bron",
                                          "Antwoord", "Gevolg", "Wijziging", "Interne notitie"]
    assert sheet["B2"].number_format == "d-m-yyyy" and sheet.column_dimensions["F"].width == 60
    assert sheet["F5"].data_type == "s" and sheet["F5"].quotePrefix  # `=HYPERLINK(...)` stays text
    lists = {str(dv.sqref): dv.formula1 for dv in sheet.data_validations.dataValidation}
    assert lists == {"C2:C205": "Keuzelijsten!$A$2:$A$6", "D2:D205": "Keuzelijsten!$B$2:$B$4",
                     "I2:I205": "Keuzelijsten!$C$2:$C$5"}
    columns = [[c.value for c in column[1:] if c.value] for column in book["Keuzelijsten"].iter_cols()]
    assert columns == [["Stichting Noord", "Stichting Zuid", "Anne de Vries", "Kees Mol", "Piet Bakker"],
                       ["inleiding", "opvang", "algemeen"],
                       ["plan aangepast", "niet aangepast", "vervolgagenda", "ter kennisname"]]


def test_the_workbook_is_valid_ooxml_when_made_and_when_added_to(story, tmp_path):
    require("ooxml-validate")
    path = tmp_path / "reacties.xlsx"
    path.write_bytes(story["workbook"])
    assert ooxml_errors(path) == []
    inputs = tmp_path / "inputs"
    _copy_tree(story["inputs"], inputs)
    (inputs / "reacties.xlsx").unlink()
    aside = (inputs / "reacties" / "stichting-zuid.docx").rename(tmp_path / "zuid.docx")
    take_in(inputs)
    aside.rename(inputs / "reacties" / "stichting-zuid.docx")
    assert take_in(inputs).kept  # opened with openpyxl, rows added below, saved again
    assert ooxml_errors(inputs / "reacties.xlsx") == []


def test_the_review_documents_are_valid_ooxml_with_their_properties(story):
    require("ooxml-validate")
    from clients import ooxml_errors_many
    found = ooxml_errors_many([story["copies"] / ZUID, story["copies"] / "review" / "concept-uitvoeringsplan.docx"])
    assert all(errors == [] for errors in found.values()), found


def test_a_copy_saved_again_by_libreoffice_is_still_known_and_adds_nothing_twice(story, tmp_path):
    """LibreOffice keeps the custom properties (sorted by name, numbered anew), the comments with their
    ranges and the tracked changes: the copy is known, and its reactions carry the same marks."""
    inputs = tmp_path / "inputs"
    _copy_tree(story["inputs"], inputs)
    (inputs / "reacties.xlsx").unlink()
    resaved_by_libreoffice(inputs / "reacties" / "Reactie Noord (definitief).docx")
    resaved_by_libreoffice(inputs / "reacties" / "stichting-zuid.docx")
    assert properties(inputs / "reacties" / "stichting-zuid.docx") == properties(story["copies"] / ZUID)
    take_in(inputs)
    assert [row[:7] for row in rows(inputs / "reacties.xlsx")] == [row[:7] for row in rows(story["inputs"] /
                                                                                          "reacties.xlsx")]
    (inputs / "reacties.xlsx").write_bytes(story["workbook"])  # read before the re-save: nothing new
    assert take_in(inputs).added == ()


def _copy_tree(source: Path, target: Path) -> None:
    import shutil
    shutil.copytree(source, target)
    for path in (target / "reacties").iterdir():
        os.utime(path, (RETURNED_ON, RETURNED_ON))


def test_rows_land_in_their_columns_whatever_the_layout_the_team_gave_the_sheet(story, tmp_path):
    """A title above the header, the columns in another order, `Passage` removed: new rows still go under
    the right headers, and the removed column comes back at the right."""
    import openpyxl
    inputs = tmp_path / "inputs"
    _copy_tree(story["inputs"], inputs)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Reacties"
    sheet.append(["Reacties op het concept (bijgehouden door het team)"])
    sheet.append(["Reactie", "Van", "ID", "Onderdeel", "Ontvangen", "Antwoord", "Gevolg", "Bron"])
    sheet.append(["Per brief: goed plan.", "Stichting Noord", "R-007", "algemeen", dt.datetime(2021, 2, 18),
                  "Dank u.", "ter kennisname", "brief"])
    book.save(inputs / "reacties.xlsx")
    take_in(inputs)
    sheet = openpyxl.load_workbook(inputs / "reacties.xlsx")["Reacties"]
    header = [c.value for c in sheet[2]]
    assert header == ["Reactie", "Van", "ID", "Onderdeel", "Ontvangen", "Antwoord", "Gevolg", "Bron", "Passage",
                      "Wijziging", "Interne notitie"]
    found = [dict(zip(header, (c.value for c in row))) for row in sheet.iter_rows(min_row=3)]
    assert [(r["ID"], r["Van"], r["Onderdeel"], r["Passage"]) for r in found] == [
        ("R-007", "Stichting Noord", "algemeen", None),
        ("R-008", "Stichting Noord", "opvang", "Kleine locaties met begeleiding."),
        ("R-009", "Stichting Noord", "inleiding", "Dit plan regelt de opvang."),
        ("R-010", "Stichting Zuid", "algemeen", found[3]["Passage"]),
        ("R-011", "Stichting Zuid", "inleiding", "Dit plan regelt de opvang.")]
    assert found[0]["Reactie"] == "Per brief: goed plan." and found[0]["Antwoord"] == "Dank u."
    assert sheet["A1"].value == "Reacties op het concept (bijgehouden door het team)"


def test_the_reactions_of_a_blank_set_workbook_are_added_with_the_dropdowns_renewed(tmp_path):
    """`make nieuw` writes reacties.xlsx from the schema (Toelichting first, an inline Gevolg dropdown);
    `make reacties` adds its rows below the header and gives Van, Onderdeel and Gevolg one dropdown each."""
    import openpyxl

    from pipeline.starting.workbooks import blank_workbook
    from pipeline.model.schema import REACTIONS_BOOK

    inputs = write_case(small_case(), tmp_path / "inputs")
    send(inputs, tmp_path / "build", pdf=False)
    blank_workbook(REACTIONS_BOOK, inputs / "reacties.xlsx", (), dt.datetime(2021, 2, 1))
    drop(returned(tmp_path / "build" / NOORD, inputs / "reacties", "noord.docx", noord_edits))
    take_in(inputs)
    book = openpyxl.load_workbook(inputs / "reacties.xlsx")
    assert book.sheetnames[0] == "Toelichting"
    sheet = book["Reacties"]
    assert [c.value for c in sheet[1]][:4] == ["ID", "Ontvangen", "Van", "Onderdeel"]
    assert [sheet.cell(r, 1).value for r in (2, 3)] == ["R-001", "R-002"]
    header = {c.value: c.column_letter for c in sheet[1]}
    listed = [dv for dv in sheet.data_validations.dataValidation if dv.type == "list"]
    covered = sorted(re.match(r"[A-Z]+", str(r)).group(0) for dv in listed for r in dv.sqref.ranges)
    assert covered == sorted(header[name] for name in ("Van", "Onderdeel", "Gevolg"))
    assert all(dv.formula1.startswith("Keuzelijsten!") for dv in listed)
    require("ooxml-validate")
    assert ooxml_errors(inputs / "reacties.xlsx") == []
