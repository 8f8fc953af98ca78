"""`make check` checks the Word templates too: a tag naming a field the plan lacks is reported by template."""
from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest

from casebuilder import small_case, write_case
from round_case import answered_round
from pipeline.build import TEMPLATES, build
from pipeline.base.errors import InputProblems


def _templates_with(tmp_path: Path, name: str, old: str, new: str) -> Path:
    """A copy of the templates where one tag in `name`'s document.xml is replaced."""
    def change(xml: str) -> str:
        assert old in xml, f"{old!r} not in {name}"
        return xml.replace(old, new, 1)
    return _templates_changed(tmp_path, name, change)


def _templates_changed(tmp_path: Path, name: str, change, part: str = "word/document.xml") -> Path:
    """A copy of the templates where `name`'s `part` is `change(xml)`."""
    folder = tmp_path / "templates"
    shutil.copytree(TEMPLATES, folder)
    path = folder / name
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    parts[part] = change(parts[part].decode()).encode()
    with zipfile.ZipFile(path, "w") as z:
        for n, data in parts.items():
            z.writestr(n, data)
    return folder


def _row(xml: str, tag: str, last: bool = False) -> tuple[int, int]:
    """Where the table row holding `tag` (its first, or its last) starts and ends in the XML."""
    at = xml.rindex(tag) if last else xml.index(tag)
    start = max(xml.rfind("<w:tr>", 0, at), xml.rfind("<w:tr ", 0, at))
    return start, xml.index("</w:tr>", at) + len("</w:tr>")


def _without_row(tag: str, last: bool = False):
    def change(xml: str) -> str:
        start, end = _row(xml, tag, last)
        return xml[:start] + xml[end:]
    return change


def _with_row_twice(tag: str):
    def change(xml: str) -> str:
        start, end = _row(xml, tag)
        return xml[:end] + xml[start:end] + xml[end:]
    return change


def _without(tag: str, nth: int = 1):
    """The `nth` occurrence of `tag` deleted, as a user deletes a tag's text in Word."""
    def change(xml: str) -> str:
        at = -1
        for _ in range(nth):
            at = xml.index(tag, at + 1)
        return xml[:at] + xml[at + len(tag):]
    return change


def _problems(tmp_path: Path, templates: Path) -> list[str]:
    inputs = write_case(small_case(), tmp_path / "inputs")
    with pytest.raises(InputProblems) as caught:
        build(inputs, None, templates=templates, pdf=False)
    return [str(p) for p in caught.value.problems]


def test_the_shipped_templates_use_only_fields_the_plan_has(tmp_path):
    inputs = write_case(small_case(), tmp_path / "inputs")
    build(inputs, None, pdf=False)


def test_unknown_field_is_reported_with_the_template_and_a_suggestion(tmp_path):
    templates = _templates_with(tmp_path, "voordracht.docx", "plan.proposal.portfolio }}",
                                "plan.proposal.portfolo }}")
    assert _problems(tmp_path, templates) == [
        "templates/voordracht.docx: het sjabloon gebruikt een onbekend veld 'portfolo'; "
        "bedoelt u 'portfolio'?"]


def test_unknown_top_level_name_is_reported(tmp_path):
    templates = _templates_with(tmp_path, "uitvoeringsplan.docx", "{{ c.title }}", "{{ hoofdstuk.title }}")
    assert "templates/uitvoeringsplan.docx: het sjabloon gebruikt een onbekend veld 'hoofdstuk'" in \
        _problems(tmp_path, templates)


def test_unknown_field_of_the_organisation_copy_is_reported(tmp_path):
    templates = _templates_with(tmp_path, "concept.docx", "organisatie.intro", "organisatie.inleiding")
    assert "templates/concept.docx: het sjabloon gebruikt een onbekend veld 'organisatie.inleiding'" in \
        _problems(tmp_path, templates)


def test_template_syntax_error_is_reported(tmp_path):
    templates = _templates_with(tmp_path, "vertrouwelijk.docx", "{{ voordracht.subject }}",
                                "{{ voordracht.subject }")
    problems = _problems(tmp_path, templates)
    assert len(problems) == 1 and problems[0].startswith("templates/vertrouwelijk.docx: fout in de sjablooncode: ")


def test_confidential_template_is_the_only_one_that_sees_confidential_fields(tmp_path):
    # the public view has no `internal_note`: a college template asking for it is refused
    templates = _templates_with(tmp_path, "uitvoeringsplan.docx", "{{ i.where }}", "{{ i.internal_note }}")
    assert "templates/uitvoeringsplan.docx: het sjabloon gebruikt een onbekend veld 'internal_note'" in \
        " ".join(_problems(tmp_path, templates))


def test_filter_on_the_wrong_kind_of_value_is_a_template_problem_not_a_crash(tmp_path):
    templates = _templates_with(tmp_path, "voordracht.docx", "{{ plan.proposal.subject }}",
                                "{{ plan.proposal.subject|datum }}")
    assert _problems(tmp_path, templates) == [
        "templates/voordracht.docx: fout in de sjablooncode: het filter 'datum' past niet bij de waarde "
        "'Vaststellen Uitvoeringsplan opvang'"]


def test_unknown_filter_is_named_in_dutch(tmp_path):
    templates = _templates_with(tmp_path, "voordracht.docx", "{{ plan.proposal.subject }}",
                                "{{ plan.proposal.subject|euros }}")
    assert _problems(tmp_path, templates) == [
        "templates/voordracht.docx: fout in de sjablooncode: onbekend filter 'euros'; bekend zijn 'euro', "
        "'datum', 'getal', 'procent'"]


# --- a template is no program: the sandbox ---------------------------------------------------------

def _escape_payloads(target: Path) -> list[str]:
    """Template code that, without the sandbox, writes `target`: three roads to Python's own insides."""
    return [
        f"{{{{ cycler.__init__.__globals__.os.popen('touch {target}').read() }}}}",
        f"{{{{ lipsum.__globals__.__builtins__.open('{target}', 'w').write('x') }}}}",
        f"{{% for c in ''.__class__.__mro__[1].__subclasses__() %}}{{% if c.__name__ == 'Popen' %}}"
        f"{{{{ c(['touch', '{target}']).wait() }}}}{{% endif %}}{{% endfor %}}",
    ]


@pytest.mark.parametrize("payload", range(3), ids=["cycler-globals", "lipsum-builtins", "str-mro-subclasses"])
@pytest.mark.parametrize("name, tag", [("voordracht.docx", "{{ plan.proposal.portfolio }}"),
                                       ("concept.docx", "{{ organisatie.intro }}")])
def test_template_code_cannot_reach_python_and_is_reported(tmp_path, payload, name, tag):
    target = tmp_path / "geschreven-door-sjabloon"
    templates = _templates_with(tmp_path, name, tag, _escape_payloads(target)[payload])
    problems = _problems(tmp_path, templates)
    assert not target.exists()
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"templates/{name}: het sjabloon probeert '__")
    assert problems[0].endswith("; dat mag niet: een sjabloon gebruikt alleen de velden van het plan en de filters")


def test_make_check_with_an_escaping_template_exits_2_and_runs_nothing(tmp_path, capsys, monkeypatch):
    import functools
    import pipeline.__main__ as cli
    target = tmp_path / "geschreven-door-sjabloon"
    templates = _templates_with(tmp_path, "uitvoeringsplan.docx", "{{ c.title }}", _escape_payloads(target)[0])
    inputs = write_case(small_case(), tmp_path / "inputs")
    monkeypatch.setattr(cli, "build", functools.partial(build, templates=templates))
    assert cli.main(["check", "--inputs", str(inputs)]) == 2
    assert not target.exists()
    assert ("templates/uitvoeringsplan.docx: het sjabloon probeert '__init__' te gebruiken, een onderdeel van "
            "Python zelf; dat mag niet: een sjabloon gebruikt alleen de velden van het plan en de filters"
            in capsys.readouterr().err.splitlines())


def test_template_cannot_change_the_plan_it_is_given(tmp_path):
    templates = _templates_with(tmp_path, "voordracht.docx", "{{ plan.proposal.portfolio }}",
                                "{{ jaren.append('1999') }}{{ jaren.clear() }}")
    assert _problems(tmp_path, templates) == [
        "templates/voordracht.docx: het sjabloon probeert 'append' te gebruiken, een onderdeel van Python "
        "zelf; dat mag niet: een sjabloon gebruikt alleen de velden van het plan en de filters"]


@pytest.mark.parametrize("tag", ["{% include '/etc/passwd' %}", "{% import '/etc/passwd' as p %}",
                                 "{% extends '/etc/passwd' %}"])
def test_template_cannot_read_another_file(tmp_path, tag):
    templates = _templates_with(tmp_path, "vertrouwelijk.docx", "{{ voordracht.subject }}", tag)
    assert _problems(tmp_path, templates) == [
        "templates/vertrouwelijk.docx: fout in de sjablooncode: een sjabloon kan geen ander bestand invoegen "
        "('/etc/passwd')"]


@pytest.mark.parametrize("loop", ["range(10000000)", "range(0, 10**9, 2)"])
def test_endless_loop_in_a_template_is_refused_not_a_crash(tmp_path, loop):
    templates = _templates_with(tmp_path, "vertrouwelijk.docx", "{{ voordracht.subject }}",
                                f"{{% for n in {loop} %}}{{{{ n }}}}{{% endfor %}}")
    assert _problems(tmp_path, templates) == [
        "templates/vertrouwelijk.docx: fout in de sjablooncode: range() mag hoogstens 100.000 getallen maken"]


# --- a loop left open or closed twice: which one, and where, in Word's words -------------------------

HARVEST_TABLE = ("in de tabel met de kolommen 'ID', 'Dag', 'Ingebracht door', 'Inbreng', 'Wat ermee is gedaan', "
                 "onder de kop 'Bijlage E. Verantwoording van alle inbreng'")
DISTRICT_TABLE = ("in de tabel met de kolommen 'Stadsdeel', 'Locaties', 'Plaatsen', 'Doelgroepen', onder de kop "
                  "'Bijlage B. Opvangplaatsen per stadsdeel'")
SYNTAX = "templates/uitvoeringsplan.docx: fout in de sjablooncode: "


def test_deleted_endfor_row_names_the_loop_and_its_table(tmp_path):
    templates = _templates_changed(tmp_path, "uitvoeringsplan.docx", _without_row("{%tr endfor %}", last=True))
    assert _problems(tmp_path, templates) == [
        f"{SYNTAX}de lus '{{%tr for i in plan.harvest %}}' ({HARVEST_TABLE}) wordt nergens gesloten; zet "
        "'{%tr endfor %}' in een eigen tabelrij, onder de rij die herhaald wordt"]


def test_deleted_endfor_of_an_earlier_table_names_that_table_not_the_last_one(tmp_path):
    templates = _templates_changed(tmp_path, "uitvoeringsplan.docx", _without_districts_endfor)
    assert _problems(tmp_path, templates) == [
        f"{SYNTAX}de lus '{{%tr for d in plan.districts %}}' ({DISTRICT_TABLE}) wordt nergens gesloten; zet "
        "'{%tr endfor %}' in een eigen tabelrij, onder de rij die herhaald wordt"]


def _without_districts_endfor(xml: str) -> str:
    """The districts' `{%tr endfor %}` row: the first after their repeated row."""
    after = xml.index("{{ d.target_groups }}")
    start, end = _row(xml[after:], "{%tr endfor %}")
    return xml[:after + start] + xml[after + end:]


def test_copied_for_row_is_named_with_its_copy(tmp_path):
    templates = _templates_changed(tmp_path, "uitvoeringsplan.docx", _with_row_twice("{%tr for d in plan.districts %}"))
    assert _problems(tmp_path, templates) == [
        f"{SYNTAX}de lus '{{%tr for d in plan.districts %}}' ({DISTRICT_TABLE}) wordt nergens gesloten: "
        "'{%tr for d in plan.districts %}' staat er 2 keer (gekopieerd?); haal de kopie weg, of zet "
        "'{%tr endfor %}' in een eigen tabelrij, onder de rij die herhaald wordt"]


def test_deleted_for_row_names_the_endfor_that_closes_nothing(tmp_path):
    templates = _templates_changed(tmp_path, "uitvoeringsplan.docx", _without_row("{%tr for i in plan.follow_up %}"))
    assert _problems(tmp_path, templates) == [
        f"{SYNTAX}'{{%tr endfor %}}' (in de tabel met de kolommen 'ID', 'Inbreng', 'Ingebracht door', 'Binnen de "
        "kaders', 'Wat ermee is gedaan', onder de kop 'Bijlage C. Vervolgagenda') sluit niets af: er staat geen 'for' vóór die nog open is; haal "
        "'{%tr endfor %}' weg of zet de bijbehorende 'for' terug"]


def test_deleted_endif_names_the_condition_that_is_still_open(tmp_path):
    templates = _templates_changed(tmp_path, "uitvoeringsplan.docx", _without("{%p endif %}"))
    assert _problems(tmp_path, templates) == [
        f"{SYNTAX}'{{%p endfor %}}' (onder de kop 'Wat dit hoofdstuk overneemt uit de werkdagen') staat binnen de "
        "voorwaarde '{%p if c.items %}' (onder de kop '{{ c.number }}. {{ c.title }}'), die eerst gesloten moet "
        "worden met '{%p endif %}'"]


def test_deleted_paragraph_endfor_before_any_heading_names_the_paragraph_above(tmp_path):
    templates = _templates_changed(tmp_path, "uitvoeringsplan.docx", _without("{%p endfor %}"))
    assert _problems(tmp_path, templates) == [
        f"{SYNTAX}de lus '{{%p for c in hoofdstukken %}}' (na de alinea 'De inhoudsopgave wordt ingevuld als Plan "
        "A het document …') wordt nergens gesloten; zet '{%p endfor %}' in een eigen alinea, na de "
        "alinea's die erbij horen"]


def test_deleted_cell_endfor_names_the_cell_loop_not_the_row_loop_around_it(tmp_path):
    templates = _templates_changed(tmp_path, "uitvoeringsplan.docx", _without("{%tc endfor %}", nth=2))
    assert _problems(tmp_path, templates) == [
        f"{SYNTAX}'{{%tr endfor %}}' (in de tabel met de kolommen 'Categorie', '{{{{ j }}}}', 'Totaal', onder de kop "
        "'Bijlage A. Begroting') staat binnen de lus '{%tc for a in r.amounts %}' (in de tabel met de kolommen "
        "'Categorie', '{{ j }}', 'Totaal', onder de kop 'Bijlage A. Begroting'), die eerst gesloten moet worden "
        "met '{%tc endfor %}'"]


def test_unclosed_loop_in_the_proposal_is_named_too(tmp_path):
    templates = _templates_changed(tmp_path, "voordracht.docx", _without_row("{%tr endfor %}"))
    assert _problems(tmp_path, templates) == [
        "templates/voordracht.docx: fout in de sjablooncode: de lus '{%tr for d in werkdagen %}' (in de tabel met "
        "de kolommen 'Dag', 'Datum', 'Thema', 'Inbreng', onder de kop 'Het co-creatieproces in cijfers') wordt "
        "nergens gesloten; zet '{%tr endfor %}' in een eigen tabelrij, onder de rij die herhaald wordt"]


def test_unclosed_condition_in_a_header_says_it_is_in_the_header(tmp_path):
    templates = _templates_changed(tmp_path, "concept.docx", lambda xml: xml.replace(
        "CONCEPT", "{% if plan.open_items %}CONCEPT", 1), part=_header_of(TEMPLATES / "concept.docx"))
    assert _problems(tmp_path, templates) == [
        "templates/concept.docx: fout in de sjablooncode: de voorwaarde '{% if plan.open_items %}' (in de koptekst) "
        "wordt nergens gesloten; zet '{% endif %}' na de tekst die erbij hoort"]


def _header_of(template: Path) -> str:
    with zipfile.ZipFile(template) as z:
        return next(n for n in z.namelist() if n.startswith("word/header") and b"CONCEPT" in z.read(n))


@pytest.mark.parametrize("message, dutch", [
    ("Unexpected end of template. Jinja was looking for the following tags: 'endfor' or 'else'. The innermost "
     "block that needs to be closed is 'for'.", "een 'for' wordt nergens gesloten: er ontbreekt een 'endfor'"),
    ("unexpected end of template, expected 'end of print statement'.",
     "het sjabloon houdt op midden in een tag: een '{{' of '{%' zonder '}}' of '%}'"),
    ("Encountered unknown tag 'endfor'.", "'endfor' sluit niets af: er is geen blok open"),
    ("Encountered unknown tag 'endfor'. Jinja was looking for the following tags: 'elif' or 'else' or 'endif'. "
     "The innermost block that needs to be closed is 'if'.",
     "'endfor' staat binnen een 'if' die nog open is: sluit die eerst met 'endif'"),
])
def test_jinja_block_messages_are_dutch_whatever_their_case(message, dutch):
    """Where the tags cannot be found in Word's paragraphs (a tag split over two), Jinja's own words, in Dutch."""
    import jinja2
    from pipeline.documents.templates import jinja_reason
    assert jinja_reason(jinja2.TemplateSyntaxError(message, 1)) == dutch


# --- `check` tests every template without converting Markdown (issue 15) ------------------------------------

@pytest.mark.parametrize("name, old, new", [
    ("uitvoeringsplan.docx", "{{ c.title }}", "{{ c.titel }}"),  # inside the chapters' loop
    ("voordracht.docx", "plan.proposal.portfolio }}", "plan.proposal.portfolo }}"),
    ("concept.docx", "organisatie.intro", "organisatie.inleiding"),
])
def test_check_reports_what_the_build_reports_without_running_pandoc_for_the_texts(tmp_path, monkeypatch, name,
                                                                                     old, new):
    import pipeline.documents.markdown

    templates = _templates_with(tmp_path, name, old, new)
    inputs = write_case(small_case(), tmp_path / "inputs")
    with pytest.raises(InputProblems) as built:
        build(inputs, tmp_path / "build", templates=templates, pdf=False)

    def no_pandoc(*args, **kwargs):
        raise AssertionError("check converted Markdown")

    monkeypatch.setattr(pipeline.documents.markdown, "run_pandoc", no_pandoc)
    with pytest.raises(InputProblems) as checked:
        build(inputs, None, templates=templates, pdf=False)
    assert [str(p) for p in checked.value.problems] == [str(p) for p in built.value.problems]
    assert any(name in str(p) for p in checked.value.problems)


@pytest.mark.parametrize("name, old, new", [
    ("nota.docx", "{{ r.answer }}", "{{ r.antwoord }}"),
    ("uitvoeringsplan.docx", "{{ c.title }}", "{{ c.titel }}"),  # the college's plan and the plan as sent
])
def test_check_of_a_review_round_reports_what_the_build_reports_without_pandoc_or_comparing(tmp_path, monkeypatch,
                                                                                            name, old, new):
    """After `make verzenden` the nota and the plan with tracked changes are rendered by `check` too: the nota's
    changed paragraphs as typed (no pandoc), the plan as sent from its template, and nothing compared."""
    import pipeline.documents.markdown
    import pipeline.documents.redline

    inputs = answered_round(tmp_path)
    templates = _templates_with(tmp_path, name, old, new)
    with pytest.raises(InputProblems) as built:
        build(inputs, tmp_path / "build", templates=templates, pdf=False)

    def not_in_check(*args, **kwargs):
        raise AssertionError("check converted Markdown or compared the plans")

    monkeypatch.setattr(pipeline.documents.markdown, "run_pandoc", not_in_check)
    monkeypatch.setattr(pipeline.documents.redline, "compare", not_in_check)
    with pytest.raises(InputProblems) as checked:
        build(inputs, None, templates=templates, pdf=False)
    assert [str(p) for p in checked.value.problems] == [str(p) for p in built.value.problems]
    assert any(name in str(p) for p in checked.value.problems)


def test_check_of_a_review_round_renders_the_nota_and_compares_nothing(tmp_path, monkeypatch):
    import pipeline.documents.markdown
    import pipeline.documents.redline

    inputs = answered_round(tmp_path)
    built = build(inputs, tmp_path / "build", pdf=False)
    assert "college/uitvoeringsplan-wijzigingen.docx" in built.files

    def not_in_check(*args, **kwargs):
        raise AssertionError("check converted Markdown or compared the plans")

    monkeypatch.setattr(pipeline.documents.markdown, "run_pandoc", not_in_check)
    monkeypatch.setattr(pipeline.documents.redline, "compare", not_in_check)
    checked = build(inputs, None, pdf=False)
    assert "college/nota-van-beantwoording.docx" in checked.files
    assert [str(w) for w in checked.warnings] == [str(w) for w in built.warnings]


@pytest.mark.parametrize("expression, reason", [
    ("{{ 1/0 }}", "division by zero"),
    ("{{ plan.proposal.portfolio + 1 }}", 'can only concatenate str (not "int") to str'),
])
def test_an_expression_that_cannot_be_worked_out_is_a_problem_at_the_template(tmp_path, expression, reason):
    templates = _templates_with(tmp_path, "voordracht.docx", "{{ plan.proposal.portfolio }}", expression)
    assert _problems(tmp_path, templates) == [
        "templates/voordracht.docx: fout in de sjablooncode: een uitdrukking in het sjabloon kan niet worden "
        f"uitgerekend ('{reason}')"]


def test_a_filter_given_values_between_brackets_is_a_problem_at_the_template(tmp_path):
    templates = _templates_with(tmp_path, "voordracht.docx", "{{ plan.proposal.portfolio }}",
                                "{{ plan.proposal.college_date|datum(1) }}")
    assert _problems(tmp_path, templates) == [
        "templates/voordracht.docx: fout in de sjablooncode: het filter 'datum' krijgt geen waarden tussen "
        "haakjes; schrijf alleen '|datum'"]


def test_a_fault_in_the_pipeline_itself_keeps_its_traceback(tmp_path, monkeypatch):
    """Only the template's own expressions are its fault: an error raised inside the pipeline's code
    while rendering is a bug, shown with its traceback."""
    import pipeline.documents.templates as templates_module

    def broken(value):
        raise ValueError("a bug in a filter of ours")

    monkeypatch.setitem(templates_module.FILTERS, "datum", broken)
    with pytest.raises(ValueError, match="a bug in a filter of ours"):
        build(write_case(small_case(), tmp_path / "inputs"), None, pdf=False)
