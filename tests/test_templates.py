"""`make check` checks the Word templates too: a tag naming a field the plan lacks is reported by template."""
from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest

from casebuilder import small_case, write_case
from pipeline.build import TEMPLATES, build
from pipeline.errors import InputProblems


def _templates_with(tmp_path: Path, name: str, old: str, new: str) -> Path:
    """A copy of the templates where one tag in `name`'s document.xml is replaced."""
    folder = tmp_path / "templates"
    shutil.copytree(TEMPLATES, folder)
    path = folder / name
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    xml = parts["word/document.xml"].decode()
    assert old in xml, f"{old!r} not in {name}"
    parts["word/document.xml"] = xml.replace(old, new, 1).encode()
    with zipfile.ZipFile(path, "w") as z:
        for n, data in parts.items():
            z.writestr(n, data)
    return folder


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
