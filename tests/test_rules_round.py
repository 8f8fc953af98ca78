"""The rules of the review round's second half: the messages, what counts as a change since the concept as
sent (model/changes.py), the record read back as a whole plan, and where the tracked-changes engine lives."""
from __future__ import annotations

import copy
import datetime as dt
import io
import json
import os
import stat
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from lxml import etree

import pipeline.documents.redline as redline
import pipeline.rendering.context
from casebuilder import changed, small_case
from pipeline.base.errors import InputProblems
from pipeline.base.problems import Problems
from pipeline.build import TEMPLATES, build
from pipeline.model.public import public_view
from pipeline.reading.plan_data import rebuild_plan
from pipeline.rendering.plan_json import plan_json
from round_case import REACTIONS_HEADER, TYPED, recorded

ROOT = Path(__file__).resolve().parents[1]
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NO_NOTA = "er is geen verzending vastgelegd (make verzenden), dus er komt geen nota van beantwoording"
CLAIM = (f"waarschuwing: deze tekst van de voordracht noemt de nota van beantwoording, maar {NO_NOTA}; haal het "
         "weg tot de verzending is vastgelegd: de voordracht noemt de nota zelf, met de aantallen, zodra die er is")


def with_reactions(case: dict, rows: list[list] = TYPED) -> dict:
    return {**case, "reacties.xlsx": {"Reacties": [REACTIONS_HEADER, *copy.deepcopy(rows)]}}


# --- the messages -------------------------------------------------------------------------------------------

def test_reactions_without_a_record_are_a_warning(case, check_messages):
    assert check_messages(with_reactions(case))[-1] == (
        f"reacties.xlsx: waarschuwing: er zijn reacties, maar {NO_NOTA} en de voordracht noemt ze niet; is het "
        "concept verstuurd zonder make verzenden, leg de verzending dan alsnog vast met make verzenden")


def test_with_a_record_the_same_reactions_are_no_warning_but_the_late_one(case, check_messages):
    assert check_messages(recorded(with_reactions(case))) == [
        "reacties.xlsx!Reacties!B4: waarschuwing: ontvangen op 1 maart 2021, na de reactietermijn (tot en met 26 "
        "februari 2021); de reactie telt gewoon mee"]


def test_a_text_of_the_proposal_that_claims_a_nota_that_is_not_there_is_a_warning_at_its_line(case, check_messages):
    case["tekst/voordracht/achtergrond.md"] = ("Het college wil een nieuwe aanpak.\n\nDe reacties staan in de Nota "
                                               "van\nBeantwoording bij deze voordracht.\n")
    case["voordracht.toml"] = case["voordracht.toml"].replace(
        "kennis te nemen van de reacties van de deelnemers.", "kennis te nemen van de nota van beantwoording.")
    assert check_messages(case) == [f"tekst/voordracht/achtergrond.md:3: {CLAIM}",
                                    f"voordracht.toml: besluit[2]: {CLAIM}"]


def test_the_same_texts_with_a_record_or_for_the_review_set_are_fine(case, check_messages):
    case["tekst/voordracht/onderbouwing.md"] = "Zie de nota van beantwoording.\n"
    assert check_messages(recorded(case)) == []
    assert check_messages(case, "review") == []
    assert check_messages(with_reactions(case, TYPED[:2]), "review") == []


def test_where_the_engine_cannot_run_the_plan_with_tracked_changes_is_left_out_and_not_listed(tmp_path,
                                                                                             monkeypatch, write):
    monkeypatch.setattr(redline, "available", lambda: False)
    result = build(write(recorded(small_case())), tmp_path / "build", pdf=False)
    assert "college/uitvoeringsplan-wijzigingen.docx" not in result.files
    assert "college/nota-van-beantwoording.docx" in result.files
    assert [str(w) for w in result.warnings] == [
        "college/uitvoeringsplan-wijzigingen.docx: waarschuwing: dit systeem kan geen bijgehouden wijzigingen maken "
        "(python-redlines heeft geen programma voor dit platform); het uitvoeringsplan met wijzigingen is niet gemaakt"]
    public = public_view(result.plan)
    assert [a.kind for a in pipeline.rendering.context.attachments(public)] == ["plan", "vertrouwelijk", "nota"]


# --- what counts as a change since the concept ------------------------------------------------------------

def _changes(plan_of, case: dict, sent: dict | None = None):
    return public_view(plan_of(recorded(case, sent))).changes


def test_nothing_changed_is_no_change(case, plan_of):
    changes = _changes(plan_of, case)
    assert changes.count == 0 and changes.sent == dt.date(2021, 2, 15)


def test_a_chapter_put_in_front_renumbers_the_others_but_changes_no_item(case, plan_of):
    """D1-01 went into `hoofdstuk 2 Opvang` and now into `hoofdstuk 3 Opvang`: the same place."""
    case["tekst/plan/00-voorwoord.md"] = "# Voorwoord\n\nEerst dit.\n"
    changes = _changes(plan_of, case)
    assert changes.items == ()
    assert [(c.id, c.before, c.after, c.passages) for c in changes.chapters] == [
        ("voorwoord", None, "hoofdstuk 1 Voorwoord", ())]


def test_re_wrapped_text_is_no_change_and_a_reworded_title_is(case, plan_of):
    case["tekst/plan/01-inleiding.md"] = "# Inleiding\n\nDit plan\nregelt de *opvang*.\n\n- punt een\n- punt twee\n"
    case["tekst/plan/02-opvang.md"] = "# Opvang en locaties\n\nKleine locaties met begeleiding.\n"
    (chapter,) = _changes(plan_of, case).chapters
    assert (chapter.id, chapter.before, chapter.after, chapter.passages, chapter.title_changed) == (
        "opvang", "hoofdstuk 2 Opvang", "hoofdstuk 2 Opvang en locaties", (), True)


def test_a_removed_chapter_and_a_changed_paragraph(case, plan_of):
    sent = copy.deepcopy(case)
    sent["tekst/plan/03-oud.md"] = "# Oud\n\nWeg ermee.\n"
    case["tekst/plan/01-inleiding.md"] = "# Inleiding\n\nDit plan regelt de *opvang* goed.\n\n- punt een\n- punt twee\n"
    changes = _changes(plan_of, case, sent)
    assert [(c.id, c.before, c.after, [(p.before, p.after) for p in c.passages]) for c in changes.chapters] == [
        ("inleiding", "hoofdstuk 1 Inleiding", "hoofdstuk 1 Inleiding",
         [("Dit plan regelt de *opvang*.", "Dit plan regelt de *opvang* goed.")]),
        ("oud", "hoofdstuk 3 Oud", None, [])]


def test_an_item_decided_otherwise_with_what_the_concept_and_the_plan_say(case, plan_of):
    sent = changed(case, "oogst/dag-2.xlsx", "Oogst", 3, "Verwerking", None)
    sent = changed(sent, "oogst/dag-2.xlsx", "Oogst", 3, "Toelichting", None)
    (item,) = _changes(plan_of, case, sent).items
    assert (item.id, item.text, item.organisation, item.before, item.after) == (
        "D2-02", "Wie betaalt dit?", "Stichting Zuid", "in behandeling", "niet overgenomen: Is al geregeld.")


def test_budget_lines_added_removed_and_changed(case, plan_of):
    sent = copy.deepcopy(case)
    sent["begroting.xlsx"]["Lasten"].insert(3, ["Oude post", "Huisvesting", None, 0, 0, None])
    case["begroting.xlsx"]["Lasten"][2][1] = "Huisvesting"  # Begeleiders: another category
    case["begroting.xlsx"]["Dekking"].append(["Fonds", 0, 0, None])
    changes = _changes(plan_of, case, sent)
    assert [(c.name, c.category, c.category_before, c.before is None, c.after is None) for c in changes.costs] == [
        ("Begeleiders", "Huisvesting", "Begeleiding", False, False), ("Oude post", "Huisvesting", "", False, True)]
    assert [(f.name, f.before, [(a.year, a.amount) for a in f.after]) for f in changes.funding] == [
        ("Fonds", None, [(2021, 0), (2022, 0)])]


def test_a_decision_point_put_in_front_is_one_change_not_a_rewording_of_every_point(case, plan_of):
    sent = copy.deepcopy(case)
    case["voordracht.toml"] = case["voordracht.toml"].replace(
        '[[besluit]]\ntekst = "in te stemmen', '[[besluit]]\ntekst = "eerst dit;"\n\n[[besluit]]\ntekst = "in te stemmen', 1)
    changes = _changes(plan_of, case, sent)
    assert [(d.before_number, d.before, d.after_number, d.after) for d in changes.decisions] == [
        (None, None, 1, "eerst dit;")]


# --- the record, read back as the whole plan as sent --------------------------------------------------------

def test_the_record_is_read_back_as_the_plan_it_was_made_from(case, plan_of):
    plan = plan_of(case)
    data = json.loads(plan_json(plan))
    again = json.loads(plan_json(rebuild_plan(data)))
    assert {k: v for k, v in again.items() if k not in ("reactions", "record")} == \
        {k: v for k, v in data.items() if k not in ("reactions", "record")}


def test_a_record_without_a_field_of_the_plan_is_a_problem_at_the_record(case, check_messages):
    data = json.loads(recorded(case)["verzonden/plan.json"])
    del data["frames"]
    case["verzonden/plan.json"] = json.dumps(data)
    assert check_messages(case) == [
        "verzonden/plan.json: kan de vastgelegde verzending niet lezen (een veld ontbreekt of is veranderd: "
        "'Plan.frames'); zet het bestand terug uit een back-up; lukt dat niet, geef het dan een andere naam (zoals "
        "plan-kapot.json) en leg de verzending opnieuw vast met make verzenden OPNIEUW=1"]


def test_the_record_keeps_out_of_plan_json_again(tmp_path, write):
    """intern/plan.json of a build with a record names the record, without the whole plan as sent in it."""
    result = build(write(recorded(small_case())), tmp_path / "build", pdf=False)
    record = json.loads(result.files["intern/plan.json"])["record"]
    assert "plan" not in record and record["source"] == "verzonden/plan.json"


# --- where the engine is unpacked ---------------------------------------------------------------------------

def test_the_engine_is_unpacked_into_the_first_folder_that_can_be_written(tmp_path, monkeypatch):
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    monkeypatch.setattr(redline, "_candidates", lambda: [blocked / "redline", tmp_path / "cache" / "redline"])
    program = redline.binary()
    assert program.parent.parent == tmp_path / "cache" / "redline" and program.name.startswith("redline")
    assert os.stat(program).st_mode & stat.S_IXUSR
    assert [p.name for p in (tmp_path / "cache").iterdir()] == ["redline"]  # no half-made folder left
    assert redline.binary() == program  # the second time: found, not unpacked again


def test_the_engine_runs_with_a_read_only_home(tmp_path):
    """A fresh machine whose home cannot be written: the engine is unpacked into the virtual environment."""
    script = ("import datetime, sys\nfrom pipeline.documents import redline\n"
              "data = open(sys.argv[1], 'rb').read()\n"
              "out = redline.compare(data, data, author='Team', date=datetime.date(2021, 3, 2))\n"
              "print(redline.binary().is_relative_to(sys.prefix), out[:2] == b'PK')\n")
    blocked = tmp_path / "a-file"
    blocked.write_text("a home under a file cannot be written, not even by root")
    home = blocked / "home"
    document = ROOT / "templates" / "nota.docx"
    done = subprocess.run([sys.executable, "-c", script, str(document)], capture_output=True, text=True,
                          env={**os.environ, "HOME": str(home), "XDG_CACHE_HOME": str(home / ".cache")},
                          timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["True", "True"]


def test_a_changed_chapter_shows_its_text_and_not_its_bookmarks_as_changed(tmp_path, write):
    """Pandoc names a heading's bookmark after all the texts: a changed chapter would rename every bookmark,
    and Word would list each as a deleted and an inserted change. Compared documents name them by their text."""
    case = small_case()
    case["tekst/plan/02-opvang.md"] = "# Opvang\n\n## Kleine locaties\n\nKleine locaties met begeleiding.\n"
    before = build(write(case), tmp_path / "before", pdf=False).files["college/bijlage-uitvoeringsplan.docx"]
    case["tekst/plan/02-opvang.md"] = "# Opvang\n\n## Kleine locaties\n\nKleine locaties met toezicht.\n"
    after = build(write(case), tmp_path / "after", pdf=False).files["college/bijlage-uitvoeringsplan.docx"]
    compared = redline.compare(before, after, author="Team", date=dt.date(2021, 3, 2))
    root = etree.fromstring(zipfile.ZipFile(io.BytesIO(compared)).read("word/document.xml"))
    marks = [(etree.QName(m).localname, "".join(m.itertext())) for m in root.iter(f"{{{W}}}ins", f"{{{W}}}del")]
    assert marks == [("ins", "toezicht"), ("del", "begeleiding")]


# --- make check checks the nota's template (once there is a record, when it is made) -----------------------

def test_make_check_reports_a_field_the_nota_template_does_not_have(tmp_path, write):
    from test_templates import _templates_with
    templates = _templates_with(tmp_path, "nota.docx", "{{ r.answer }}", "{{ r.answr }}")
    inputs = write(recorded(with_reactions(small_case(), TYPED[:2])))
    with pytest.raises(InputProblems) as caught:
        build(inputs, None, templates=templates, pdf=False)
    assert [str(p) for p in caught.value.problems] == [
        "templates/nota.docx: het sjabloon gebruikt een onbekend veld 'answr'; bedoelt u 'answer'?"]
    build(inputs, None, pdf=False)  # the shipped template has every field it uses


def test_the_engine_runs_beside_the_other_documents_and_ends_when_the_build_leaves_early(tmp_path, write,
                                                                                       monkeypatch):
    """The comparison starts before the nota and the feedback are rendered and is collected after them; a
    build that fails or is cancelled meanwhile leaves no engine running."""
    from pipeline.rendering.tracked import PATH, start_tracked
    result = build(write(recorded(small_case())), tmp_path / "build", pdf=False)
    public, plan_docx = public_view(result.plan), result.files["college/bijlage-uitvoeringsplan.docx"]
    with start_tracked(public, plan_docx, TEMPLATES, Problems()) as tracked:
        assert tracked.result() == {PATH: result.files[PATH]}
    slow = tmp_path / "slow-engine"
    slow.write_text("#!/bin/sh\nsleep 60\n")
    slow.chmod(0o755)
    monkeypatch.setattr(redline, "binary", lambda: slow)
    started = time.monotonic()
    with start_tracked(public, plan_docx, TEMPLATES, Problems()) as tracked:
        while not tracked.programs._groups and time.monotonic() < started + 60:  # the engine has started
            time.sleep(0.01)
        (engine,) = tracked.programs._groups
    with pytest.raises(ProcessLookupError):  # ended with the block, not after its minute
        for _ in range(300):
            os.killpg(engine, 0)
            time.sleep(0.01)


def test_the_comparison_starts_from_the_attachment_before_the_proposal_is_rendered(tmp_path, write, monkeypatch):
    """The plan with tracked changes ends last: the college's half renders the attachment, starts the comparison
    from it, and only then renders the proposal and the rest, and makes the team's files, before it waits for
    the comparison."""
    import pipeline.build
    from pipeline.rendering.tracked import TrackedPlan

    order = []
    for owner, name in [(pipeline.build, name) for name in ("render_plan", "start_tracked", "render_proposal",
                                                             "render_nota", "plan_json", "accounting_workbook")] + \
            [(TrackedPlan, "result")]:
        def recorded(*args, _name=name, _real=getattr(owner, name), **kwargs):
            order.append(_name)
            return _real(*args, **kwargs)
        monkeypatch.setattr(owner, name, recorded)
    build(write(recorded_case()), tmp_path / "build", pdf=False)
    assert order == ["render_plan", "start_tracked", "render_proposal", "render_nota", "plan_json",
                     "accounting_workbook", "result"]


def recorded_case() -> dict:
    return recorded(small_case())


def test_faults_of_the_college_templates_are_reported_in_the_order_of_the_documents(tmp_path, write):
    """The attachment is rendered before the proposal, its faults still follow the proposal's."""
    from test_templates import _templates_changed

    templates = _templates_changed(tmp_path, "voordracht.docx",
                                   lambda xml: xml.replace("plan.proposal.portfolio }}", "plan.proposal.portfolo }}", 1))
    changed_plan = _templates_changed(tmp_path / "plan", "uitvoeringsplan.docx",
                                      lambda xml: xml.replace("{{ c.title }}", "{{ hoofdstuk.title }}", 1))
    (templates / "uitvoeringsplan.docx").write_bytes((changed_plan / "uitvoeringsplan.docx").read_bytes())
    with pytest.raises(InputProblems) as caught:
        build(write(small_case()), tmp_path / "build", templates=templates, pdf=False)
    shown = [str(p) for p in caught.value.problems]
    assert shown == ["templates/voordracht.docx: het sjabloon gebruikt een onbekend veld 'portfolo'; bedoelt u "
                     "'portfolio'?", "templates/uitvoeringsplan.docx: het sjabloon gebruikt een onbekend veld "
                     "'hoofdstuk'"]
