"""Another municipality: its name is a setting (`[voordracht] gemeente`), printed where the pipeline prints it
(each document's author), and the templates take its name, logo and colours as the guide says, in Word; `make
check` still catches a tag that the editing broke."""
from __future__ import annotations

import io
import re
import shutil
import zipfile
from pathlib import Path

import docx
import pytest
from docx.shared import Cm, RGBColor
from PIL import Image

from casebuilder import small_case, write_case
from pipeline.base.errors import InputProblems
from pipeline.build import TEMPLATES, build

LOGO_ALT = "Logo gemeente Utrecht"
FIELDS = {"vertrouwelijk.docx": "{{ voordracht.municipality }}"}  # the others see the public plan


def with_municipality(line: str | None) -> dict:
    case = small_case()
    if line is not None:
        case["voordracht.toml"] = case["voordracht.toml"].replace('registratienummer = "2021-0042"\n',
                                                                  f'registratienummer = "2021-0042"\n{line}\n')
    return case


@pytest.mark.parametrize(("line", "printed"), [
    ('gemeente = "Utrecht"', "Gemeente Utrecht"),
    ('gemeente = " Súdwest-Fryslân "', "Gemeente Súdwest-Fryslân"),
    ('gemeente = "gemeente Den Haag"', "gemeente Den Haag"),  # typed with the word: kept as typed
    ('gemeente = ""', "Gemeente"),
    (None, "Gemeente"),  # without the setting: as before it existed
])
def test_the_municipality_is_a_setting(plan_of, line, printed):
    assert plan_of(with_municipality(line)).proposal.municipality == printed


def test_a_typo_in_the_setting_is_named(check_messages):
    assert check_messages(with_municipality('gemeent = "Utrecht"')) == [
        "voordracht.toml: voordracht.gemeent: onbekende instelling 'gemeent'; bedoelt u 'gemeente'?"]


def test_the_municipality_is_every_documents_author(tmp_path):
    out = tmp_path / "build"
    build(write_case(with_municipality('gemeente = "Utrecht"'), tmp_path / "inputs"), out, pdf=False)
    documents = sorted(out.rglob("*.docx"))
    assert {p.relative_to(out).parts[0] for p in documents} == {"college", "review", "vertrouwelijk"}
    for path in documents:
        with zipfile.ZipFile(path) as z:
            core = z.read("docProps/core.xml").decode()
        assert re.findall(r"<(?:dc:creator|cp:lastModifiedBy)>([^<]*)<", core) == ["Gemeente Utrecht"] * 2, path


def _logo() -> io.BytesIO:
    picture = io.BytesIO()
    Image.new("RGB", (120, 40), (200, 16, 46)).save(picture, format="PNG")
    picture.seek(0)
    return picture


def edit_as_in_word(folder: Path, field: str | None = None) -> None:
    """Each template as the guide's steps leave it: the municipality in the footer (as a field), a logo with
    its alt text in the header, other colours for the headings; `field` replaces the footer's field."""
    for path in sorted(folder.glob("*.docx")):
        document = docx.Document(str(path))
        section = document.sections[0]
        footer = section.footer.paragraphs[0]
        for run in footer.runs:
            if "Gemeente Amsterdam" in run.text:
                typed = field or FIELDS.get(path.name, "{{ plan.proposal.municipality }}")
                run.text = run.text.replace("Gemeente Amsterdam", typed)
        header = section.header.paragraphs[0]
        header.add_run().add_picture(_logo(), width=Cm(3))
        header._p.xpath(".//wp:docPr")[-1].set("descr", LOGO_ALT)
        for name in ("Heading 1", "Heading 2", "Title"):
            document.styles[name].font.color.rgb = RGBColor(0xC8, 0x10, 0x2E)
        document.save(str(path))


def test_templates_made_over_for_another_municipality_build_with_its_name_logo_and_colours(tmp_path):
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    edit_as_in_word(templates)
    out = tmp_path / "build"
    build(write_case(with_municipality('gemeente = "Utrecht"'), tmp_path / "inputs"), out, templates=templates,
          pdf=False)
    for rel in ("college/voordracht.docx", "college/bijlage-uitvoeringsplan.docx",
                "review/concept-uitvoeringsplan.docx", "vertrouwelijk/bijlage-vertrouwelijk.docx"):
        with zipfile.ZipFile(out / rel) as z:
            parts = {name: z.read(name) for name in z.namelist()}
        footers = b"".join(data for name, data in parts.items() if re.match(r"word/footer\d*\.xml$", name))
        headers = b"".join(data for name, data in parts.items() if re.match(r"word/header\d*\.xml$", name))
        assert b"Gemeente Utrecht" in footers and b"Amsterdam" not in footers, rel
        assert f'descr="{LOGO_ALT}"'.encode() in headers, rel
        assert any(name.startswith("word/media/") for name in parts), rel
        assert b'w:color w:val="C8102E"' in parts["word/styles.xml"], rel


@pytest.mark.parametrize(("field", "message"), [
    ("{{ plan.proposal.municipalty }}", "het sjabloon gebruikt een onbekend veld 'municipalty'; bedoelt u "
                                        "'municipality'?"),
    ("{{ plan.proposal.municipality", "fout in de sjablooncode: "),
])
def test_a_tag_broken_while_making_the_templates_over_is_still_caught(tmp_path, field, message):
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    edit_as_in_word(templates, field)  # the guide's steps, with the footer's field typed wrong
    with pytest.raises(InputProblems) as caught:
        build(write_case(with_municipality('gemeente = "Utrecht"'), tmp_path / "inputs"), None, templates=templates,
              pdf=False)
    found = [str(p) for p in caught.value.problems]
    assert found and all(line.startswith("templates/") for line in found), found
    assert any(line.startswith(f"templates/voordracht.docx: {message}") for line in found), found
