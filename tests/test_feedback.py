"""The feedback after the decision (issue 13, second half): `[voordracht] besloten` makes a document per
organisation of the review round in terugkoppeling/, and a draft e-mail with it for each participant who asked
for the concept and has an address.

Acted out on the small case: the concept goes out (`make verzenden`), the plan changes, reactions come in
(one from a participant without consent, one late, one by letter from an organisation that wanted no copy),
every reaction is answered, and the college decides. Every draft is read back with the standard library's
parser, as a mail program would.
"""
from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import email
import email.policy
import re
from pathlib import Path

import openpyxl
import pytest

import pipeline.rendering.feedback
from casebuilder import small_case, write_case
from clients import ooxml_errors_many, require
from docx_text import core_properties, header_footer_texts, paragraphs, table_under, tables_under
from pipeline.base.errors import InputProblems
from pipeline.base.problems import Problems
from pipeline.build import TEMPLATES, build
from pipeline.checking import check
from pipeline.model.audience import Audience
from pipeline.model.public import public_view
from pipeline.reading import read_inputs
from pipeline.rendering.feedback import render_feedback
from pipeline.rendering.summary import summary
from pipeline.roundtrip.send import send
from round_case import REACTIONS_HEADER, TYPED, change_plan, recorded
from test_templates import _templates_with

SUBJECT = "Opvang voor ongedocumenteerden: één plan, één aanpak"
FEEDBACK = "terugkoppeling"
DRAFTS = "intern/verzending/terugkoppeling"
LIST = "intern/verzendlijst.xlsx"
NOORD, ZUID, WEST, OOST = (f"{FEEDBACK}/stichting-{name}.docx" for name in ("noord", "zuid", "west", "oost"))
BY_LETTER = ["R-004", dt.datetime(2021, 2, 23), "Stichting Oost", "algemeen", None, "Wij lezen graag mee.", "brief",
             "Dank u wel; u krijgt deze terugkoppeling ook.", "ter kennisname", None, None]
NEXT = '\n[[vervolgstap]]\ndatum = 2021-03-10\nstap = "Naar de gemeenteraad"\n' \
       'toelichting = "Het plan gaat met een brief naar de raad."\n'


def feedback_case() -> dict:
    """The small case with a subject in Dutch letters, a step after the decision, and the participants a round
    meets: Dutch letters in a name, an organisation with a copy that sends no reaction (its only participant
    without consent), one without a copy that reacts by letter, and one without a copy that does not react."""
    case = copy.deepcopy(small_case())
    toml = case["voordracht.toml"].replace('onderwerp = "Vaststellen Uitvoeringsplan opvang"',
                                           f'onderwerp = "{SUBJECT}"')
    case["voordracht.toml"] = toml.replace("\n[review]", NEXT + "\n[review]")
    case["deelnemers.xlsx"]["Deelnemers"] += [
        ["Daniël Ŝtraßer-Ünal", "Stichting Noord", "daniel@example.org", "ja", "ja"],
        ["Zoë Wester", "Stichting West", "zoe@example.org", "nee", "ja"],
        ["Wim de Wit", "Stichting Oost", "wim@example.org", "ja", "nee"],
        ["Els Ooms", "Stichting Eiland", "els@example.org", "ja", "nee"],
    ]
    return case


def decide(inputs: Path, day: str) -> None:
    toml = inputs / "voordracht.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace('agendapunt = "7"', f'agendapunt = "7"\nbesloten = {day}'),
                    encoding="utf-8")


@pytest.fixture(scope="module")
def decided(tmp_path_factory) -> Path:
    """Sent, changed, reacted to and answered, decided on 2 March 2021 and built: the case's folder."""
    folder = tmp_path_factory.mktemp("feedback")
    inputs = write_case(feedback_case(), folder / "inputs")
    send(inputs, folder / "sent", pdf=False)
    change_plan(inputs)
    write_case({"reacties.xlsx": {"Reacties": [REACTIONS_HEADER, *TYPED, BY_LETTER]}}, inputs)
    decide(inputs, "2021-03-02")
    build(inputs, folder / "build", pdf=False)
    return folder


@pytest.fixture(scope="module")
def out(decided) -> Path:
    return decided / "build"


def text(path: Path) -> str:
    return "\n".join(paragraphs(path, "word/document.xml"))


def after(path: Path, heading: str) -> list[str]:
    found = paragraphs(path, "word/document.xml")
    return found[found.index(heading) + 1:]


def parsed(path: Path) -> email.message.EmailMessage:
    return email.message_from_bytes(path.read_bytes(), policy=email.policy.default)


def drafts(out: Path) -> dict[str, email.message.EmailMessage]:
    return {p.name: parsed(p) for p in sorted((out / DRAFTS).glob("*.eml"))}


# --- a document per organisation ------------------------------------------------------------------------

def test_every_organisation_of_the_round_gets_its_feedback_and_no_other(out):
    """Noord and Zuid had a copy and reacted, West had one and did not react, Oost had none but wrote a letter;
    Eiland had no copy and did not react."""
    made = sorted(p.relative_to(out).as_posix() for p in (out / FEEDBACK).iterdir())
    assert made == sorted([NOORD, OOST, WEST, ZUID])


def test_it_says_what_the_college_decided_and_when(out):
    found = after(out / NOORD, "Wat het college heeft besloten")
    assert found[:4] == ["Het college van B&W heeft op 2 maart 2021 besloten:",
                         "in te stemmen met het Uitvoeringsplan opvang;",
                         "kennis te nemen van de reacties van de deelnemers en de antwoorden in de nota van "
                         "beantwoording.",
                         "geheimhouding op te leggen op de vertrouwelijke bijlage (artikel 25 Gemeentewet)."]
    assert text(out / NOORD).startswith(f"Terugkoppeling\n{SUBJECT}\nVoor Stichting Noord\nOp 15 februari 2021 kregen")
    assert header_footer_texts(out / NOORD)["word/header1.xml"] == f"Terugkoppeling | {SUBJECT} | 2 maart 2021"
    assert core_properties(out / WEST)["title"] == f"Terugkoppeling voor Stichting West: {SUBJECT}"
    assert core_properties(out / WEST)["created"] == "2021-03-02T00:00:00Z"


HEADER = ["Nr. en afzender", "Reactie", "Antwoord en gevolg"]


def test_it_answers_each_of_the_organisation_s_own_reactions(out):
    assert "Van Stichting Noord kwamen 2 reacties op het concept." in text(out / NOORD)
    assert table_under(out / NOORD, "Uw reacties") == [HEADER, [
        "R-001\nStichting Noord\n20 februari 2021",
        "Hoofdstuk 2 Opvang\nOver: ‘Kleine locaties met begeleiding.’\nGraag ook een locatie voor gezinnen.",
        "Dat nemen we over.\nGevolg: plan aangepast\nWijziging: Een hoofdstuk over gezinnen en een gezinslocatie."], [
        "R-003\nAnne de Vries\n1 maart 2021\n(na de reactietermijn)",
        "Hoofdstuk 1 Inleiding\nOver: ‘Dit plan regelt de opvang.’\nGoed plan.",
        "Dank u wel.\nGevolg: ter kennisname"]]
    assert table_under(out / OOST, "Uw reacties") == [HEADER, [
        "R-004\nStichting Oost\n23 februari 2021", "Algemeen\nWij lezen graag mee.",
        "Dank u wel; u krijgt deze terugkoppeling ook.\nGevolg: ter kennisname"]]


def test_a_participant_without_consent_is_named_as_the_organisation(out):
    assert "Van Stichting Zuid kwam één reactie op het concept. Hieronder staat bij de reactie" in text(out / ZUID)
    assert table_under(out / ZUID, "Uw reacties")[1][0] == "R-002\nStichting Zuid\n22 februari 2021"
    for path in (out / FEEDBACK).iterdir():
        assert "Piet Bakker" not in "\n".join(paragraphs(path)) and "Zoë Wester" not in "\n".join(paragraphs(path))


def test_an_organisation_without_reactions_hears_back_all_the_same(out):
    found = after(out / WEST, "Uw reacties")
    assert found[0] == ("Van Stichting West kwam geen reactie op het concept. Wat er met de reacties van anderen "
                        "is gedaan, staat in de nota van beantwoording bij het besluit.")
    assert tables_under(out / WEST, "Uw reacties") == []  # no table with only a header row
    assert found[1] == ("Op het concept kwamen 4 reacties van 3 organisaties binnen; 1 daarvan leidde tot een "
                        "aanpassing van het plan. Elke reactie staat met het antwoord erop in de nota van "
                        "beantwoording (bijlage 3 bij de voordracht).")


@pytest.mark.parametrize("heading", ["Wat er met de inbreng is gedaan", "Hoofdstukken", "Begroting", "Besluitpunten"])
def test_it_shows_what_changed_since_the_concept_as_the_nota_does(out, heading):
    nota = out / "college" / "nota-van-beantwoording.docx"
    assert table_under(out / WEST, heading) == table_under(nota, heading)
    assert len(table_under(out / WEST, heading)) > 1


def test_the_changes_are_told_without_the_college_s_attachments(out):
    found = after(out / WEST, "Wat er sinds het concept is veranderd")
    assert found[0] == "Het plan is op deze punten anders dan het concept van 15 februari 2021."


def test_what_happens_next_is_the_steps_after_the_decision_with_their_dates(out):
    assert after(out / NOORD, "Wat er nu gebeurt") == [
        "Na het besluit volgen deze stappen:",
        "10 maart 2021: Naar de gemeenteraad\nHet plan gaat met een brief naar de raad.",
        "Heeft u een vraag over het besluit of over deze terugkoppeling? Mail ons op opvang@example.org.",
        "Programmateam Opvang"]


def _rendered(inputs: Path, day: dt.date, templates: Path = TEMPLATES) -> dict[str, bytes]:
    """The feedback of the decided case, had the college decided on `day`: rendered from its public view."""
    plan, _ = check(read_inputs(inputs))
    plan = dataclasses.replace(plan, proposal=dataclasses.replace(plan.proposal, decided=day))
    problems = Problems()
    files = render_feedback(public_view(plan), templates, problems)
    assert problems.items == []
    return files


def test_with_no_step_after_the_decision_it_says_so(decided, tmp_path):
    files = _rendered(decided / "inputs", dt.date(2021, 3, 10))  # the council step is that day: no longer ahead
    (tmp_path / "west.docx").write_bytes(files[WEST])
    assert after(tmp_path / "west.docx", "Wat er nu gebeurt")[0] == \
        "Na het besluit van het college staan er geen stappen meer op de planning."
    assert "Het college van B&W heeft op 10 maart 2021 besloten:" in text(tmp_path / "west.docx")


def test_one_render_of_the_template_for_every_organisation(decided, monkeypatch):
    """Rendered like the review copies: the template once, with markers, then each document filled by string."""
    renders = []
    real = pipeline.rendering.feedback.Renderer

    class Counting(real):
        def render_parts(self, *args, **kwargs):  # what `render` does too
            renders.append(self.location)
            return super().render_parts(*args, **kwargs)

    monkeypatch.setattr(pipeline.rendering.feedback, "Renderer", Counting)
    files = _rendered(decided / "inputs", dt.date(2021, 3, 2))
    assert sorted(files) == sorted([NOORD, OOST, WEST, ZUID]) and renders == ["templates/terugkoppeling.docx"]


def test_the_feedback_passes_the_ooxml_validator(out):
    require("ooxml-validate")
    paths = sorted((out / FEEDBACK).glob("*.docx"))
    assert {path: errors for path, errors in ooxml_errors_many(paths).items() if errors} == {}


def test_two_builds_give_the_same_bytes(decided, tmp_path):
    again = tmp_path / "again"
    build(decided / "inputs", again, pdf=False)
    out = decided / "build"
    for path in [*(out / FEEDBACK).iterdir(), *(out / DRAFTS).iterdir(), out / LIST]:
        assert path.read_bytes() == (again / path.relative_to(out)).read_bytes(), path.name


def test_the_review_build_makes_no_feedback(decided, tmp_path):
    build(decided / "inputs", tmp_path / "build", Audience.REVIEW, pdf=False)
    assert (tmp_path / "build" / "review").is_dir() and not (tmp_path / "build" / FEEDBACK).exists()


# --- the drafts -------------------------------------------------------------------------------------------

def test_a_draft_for_each_participant_who_asked_for_the_concept_and_has_an_address(out):
    to = {name: (m["To"].addresses[0].display_name, m["To"].addresses[0].addr_spec) for name, m in drafts(out).items()}
    assert to == {"anne-de-vries.eml": ("Anne de Vries", "anne@example.org"),
                  "daniel-straer-unal.eml": ("Daniël Ŝtraßer-Ünal", "daniel@example.org"),
                  "zoe-wester.eml": ("Zoë Wester", "zoe@example.org")}
    for message in drafts(out).values():
        assert len(message["To"].addresses) == 1 and message["Cc"] is None and message["Bcc"] is None
        assert str(message["From"]) == "Programmateam Opvang <opvang@example.org>"
        assert message["X-Unsent"] == "1"
        assert message["Date"] == "Tue, 02 Mar 2021 09:00:00 +0100"  # besloten, 9:00 in Amsterdam
        assert re.fullmatch(r"<[0-9a-f]{40}@example\.org>", message["Message-ID"])
    concept = {parsed(p)["Message-ID"] for p in (out / "intern/verzending/concept").glob("*.eml")}
    assert len({m["Message-ID"] for m in drafts(out).values()} | concept) == 3 + len(concept)


def test_the_subject_and_the_names_in_dutch_letters_survive_the_trip(out):
    for path in (out / DRAFTS).glob("*.eml"):
        raw = path.read_bytes()
        assert raw.isascii() and b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b"")
        assert parsed(path)["Subject"] == f"Besluit van het college op 2 maart 2021: {SUBJECT}"


def test_the_attachment_is_the_organisation_s_built_feedback(out):
    for name, message in drafts(out).items():
        (attachment,) = list(message.iter_attachments())
        slug = "stichting-west" if name == "zoe-wester.eml" else "stichting-noord"
        assert attachment.get_filename() == f"terugkoppeling-{slug}.docx"
        assert attachment.get_content_type() == \
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        assert attachment.get_content() == (out / FEEDBACK / f"{slug}.docx").read_bytes()


def test_the_text_says_whom_it_is_for_what_is_attached_and_what_happens_next(out):
    text_ = drafts(out)["zoe-wester.eml"].get_body(("plain",)).get_content().replace("\r\n", "\n")
    assert text_.startswith("Beste Zoë Wester,\n\nOp 15 februari 2021 stuurden we u het concept")
    for expected in ("Het college van B&W heeft op 2 maart 2021 over het plan besloten.",
                     "de terugkoppeling voor Stichting West",
                     "Wat er nu gebeurt:\n- 10 maart 2021: Naar de gemeenteraad\n",
                     "Mail ons op opvang@example.org.", "Programmateam Opvang"):
        assert expected in text_, expected
    assert "Besluit college van B&W" not in text_ and "PDF" not in text_ and "\n\n\n" not in text_


def test_the_list_has_the_feedback_round_with_every_participant(out):
    sheet = openpyxl.load_workbook(out / LIST)["Terugkoppeling"]
    rows = list(sheet.iter_rows(values_only=True))
    found = [dict(zip(rows[0], row)) for row in rows[1:]]
    columns = ("Naam", "E-mail klaar", "Bestand e-mail", "Document", "Waarom geen e-mail")
    assert [tuple(r[c] for c in columns) for r in found] == [
        ("Anne de Vries", "ja", f"{DRAFTS}/anne-de-vries.eml", NOORD, None),
        ("Piet Bakker", "nee", None, ZUID, "geen e-mailadres: stuur het exemplaar op een andere manier"),
        ("Kees Mol", "nee", None, ZUID, "wil geen exemplaar (Reviewexemplaar = nee)"),
        ("Daniël Ŝtraßer-Ünal", "ja", f"{DRAFTS}/daniel-straer-unal.eml", NOORD, None),
        ("Zoë Wester", "ja", f"{DRAFTS}/zoe-wester.eml", WEST, None),
        ("Wim de Wit", "nee", None, OOST, "wil geen exemplaar (Reviewexemplaar = nee); niemand van deze organisatie "
                                          "wil er een, maar er is er wel een (zie Document): stuur het op een andere "
                                          "manier"),
        ("Els Ooms", "nee", None, None, "wil geen exemplaar (Reviewexemplaar = nee); niemand van deze organisatie "
                                        "wil er een, dus er is er geen")]
    assert openpyxl.load_workbook(out / LIST).sheetnames == ["Concept", "Terugkoppeling"]


# --- bad input --------------------------------------------------------------------------------------------

def _decided(day: str) -> dict:
    case = small_case()
    case["voordracht.toml"] = case["voordracht.toml"].replace('agendapunt = "7"', f'agendapunt = "7"\nbesloten = {day}')
    return recorded(case)


WHERE = "voordracht.toml: voordracht.besloten"


@pytest.mark.parametrize("day, expected", [
    ('"2021-03-02"', f"{WHERE}: moet een datum (JJJJ-MM-DD, zonder aanhalingstekens) zijn, niet '2021-03-02'"),
    ("2021-03-02T10:00:00", f"{WHERE}: moet een datum (JJJJ-MM-DD, zonder aanhalingstekens) zijn, niet 2021-03-02 "
                            "10:00:00 (een datum met tijd)"),
    ("2-3-2021", "voordracht.toml:8: de datum 2-3-2021 moet geschreven worden als JJJJ-MM-DD, zonder "
                 "aanhalingstekens: 2021-03-02"),
    ("2021-01-15", f"{WHERE}: het college besloot (2021-01-15) vóór werkdag 2 (2021-01-19); het besluit komt na de "
                   "werkdagen en de reactieronde: klopt de datum?"),
    ("2021-02-01", f"{WHERE}: het college besloot (2021-02-01) vóór de verzending van het concept (review.verzonden: "
                   "2021-02-15); het besluit komt na de reactieronde: klopt de datum?"),
])
def test_a_decision_date_that_is_none_or_before_the_round_is_a_problem(check_messages, day, expected):
    assert check_messages(_decided(day)) == [expected]


def test_a_decision_before_the_proposal_s_date_is_a_warning(check_messages):
    assert check_messages(_decided("2021-02-20")) == [
        f"{WHERE}: waarschuwing: het college besloot (2021-02-20) vóór de datum van de voordracht (datum_college: "
        "2021-03-02); klopt de datum? De voordracht en de terugkoppeling noemen allebei hun eigen datum"]


@pytest.mark.parametrize("day", ["2021-03-02", "2021-03-16"])
def test_a_decision_on_the_proposal_s_date_or_later_passes(passes, day):
    assert passes(_decided(day)) == []


def test_without_a_record_a_decision_makes_no_feedback_and_says_so(tmp_path):
    case = small_case()
    case["voordracht.toml"] = case["voordracht.toml"].replace('agendapunt = "7"',
                                                              'agendapunt = "7"\nbesloten = 2021-03-02')
    result = build(write_case(case, tmp_path / "inputs"), tmp_path / "build", pdf=False)
    assert [str(w) for w in result.warnings] == [
        f"{WHERE}: waarschuwing: het college heeft besloten, maar er is geen verzending vastgelegd (make verzenden), "
        "dus er komt geen terugkoppeling: die zegt wat er sinds het verzonden concept is veranderd. Laat de "
        "deelnemers het besluit op een andere manier weten"]
    assert not (tmp_path / "build" / FEEDBACK).exists() and not (tmp_path / "build" / DRAFTS).exists()
    assert openpyxl.load_workbook(tmp_path / "build" / LIST).sheetnames == ["Concept"]


def test_make_check_s_summary_says_when_the_college_decided(decided, plan_of):
    assert summary(plan_of(decided / "inputs")).splitlines()[-1] == "Besloten: 2 maart 2021, met terugkoppeling"
    case = small_case()
    case["voordracht.toml"] = case["voordracht.toml"].replace('agendapunt = "7"',
                                                              'agendapunt = "7"\nbesloten = 2021-03-16')
    assert summary(plan_of(case)).splitlines()[-1] == \
        "Besloten: 16 maart 2021, geen terugkoppeling (geen verzending vastgelegd)"
    assert "Besloten" not in summary(plan_of(small_case()))


def test_without_a_decision_there_is_no_feedback(tmp_path):
    result = build(write_case(recorded(small_case()), tmp_path / "inputs"), tmp_path / "build", pdf=False)
    assert result.warnings == () and not [p for p in [*result.files, *result.drafts] if p.startswith((FEEDBACK, DRAFTS))]


# --- the templates: make check checks them once the feedback is made -------------------------------------

def _problems(inputs: Path, templates: Path) -> list[str]:
    with pytest.raises(InputProblems) as caught:
        build(inputs, None, templates=templates, pdf=False)
    return [str(p) for p in caught.value.problems]


@pytest.mark.parametrize("old, new, expected", [
    ("{{ organisatie.name }}", "{{ organisatie.nam }}", "het sjabloon gebruikt een onbekend veld 'organisatie.nam'"),
    ("{{ r.answer }}", "{{ r.answr }}", "het sjabloon gebruikt een onbekend veld 'organisatie.own_reactions[].answr'"),
    ("{{ plan.review.contact }}", "{{ plan.review.contat }}",
     "het sjabloon gebruikt een onbekend veld 'contat'; bedoelt u 'contact'?"),
])
def test_make_check_reports_a_field_the_feedback_template_does_not_have(tmp_path, write, old, new, expected):
    templates = _templates_with(tmp_path, "terugkoppeling.docx", old, new)
    assert f"templates/terugkoppeling.docx: {expected}" in _problems(write(_decided("2021-03-02")), templates)
    build(write(_decided("2021-03-02")), None, pdf=False)  # the shipped template has every field it uses


def test_make_check_reports_a_fault_in_the_feedback_mail_template(tmp_path, write):
    templates = tmp_path / "templates"
    templates.mkdir()
    for path in TEMPLATES.iterdir():
        (templates / path.name).symlink_to(path)
    (templates / "mail-terugkoppeling.txt").unlink()
    (templates / "mail-terugkoppeling.txt").write_text("Onderwerp: Besluit\n\nBeste {{ deelnemer.nam }},\n",
                                                       encoding="utf-8")
    inputs = write(_decided("2021-03-02"))
    assert _problems(inputs, templates) == [
        "templates/mail-terugkoppeling.txt: het sjabloon gebruikt een onbekend veld 'nam'; bedoelt u 'name'?"]
    (templates / "mail-terugkoppeling.txt").unlink()
    assert _problems(inputs, templates) == ["templates/mail-terugkoppeling.txt: bestand ontbreekt"]


def test_a_warning_about_a_participants_row_is_given_once_though_both_rounds_are_mailed(tmp_path):
    """A second row with Anne's address and another name is met by the concept's mailing and by the
    feedback's: one warning."""
    case = feedback_case()
    rows = case["deelnemers.xlsx"]["Deelnemers"]
    rows.append(["A. de Vries", "Stichting Noord", "Anne@Example.org", "ja", "ja"])
    inputs = write_case(case, tmp_path / "inputs")
    send(inputs, tmp_path / "sent", pdf=False)
    change_plan(inputs)
    write_case({"reacties.xlsx": {"Reacties": [REACTIONS_HEADER, *TYPED, BY_LETTER]}}, inputs)
    decide(inputs, "2021-03-02")
    result = build(inputs, tmp_path / "build", pdf=False)
    row = len(rows)
    assert [str(w) for w in result.warnings if "e-mailadres" in w.message] == [
        f"deelnemers.xlsx!Deelnemers!C{row}: waarschuwing: hetzelfde e-mailadres als deelnemers.xlsx!Deelnemers!C2, "
        f"maar een andere naam; er komt één e-mail voor dit adres, aan de naam op deelnemers.xlsx!Deelnemers!A2: is "
        "het een ander persoon, geef dan elk een eigen e-mailadres"]
    assert [p for p in result.drafts if "de-vries" in p] == ["intern/verzending/concept/anne-de-vries.eml",
                                                             f"{DRAFTS}/anne-de-vries.eml"]
