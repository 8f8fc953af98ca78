"""tekst/: chapter files and the proposal's two sections, every rule broken once."""
from __future__ import annotations

import pytest

from docx_text import body_blocks
from pipeline.build import build


def test_the_valid_texts_pass(case, plan_of):
    plan = plan_of(case)
    assert [(c.order, c.id, c.title) for c in plan.chapters] == [(1, "inleiding", "Inleiding"),
                                                                 (2, "opvang", "Opvang")]
    assert plan.background.markdown == "Het college wil een nieuwe aanpak."


@pytest.mark.parametrize("name", [
    "3-Extra.md",          # capitals in the id
    "03_extra.md",         # underscore instead of hyphen
    "extra.md",            # no number
    "03-extra.txt",        # not Markdown
    "03-extra-.md",        # id ends in a hyphen
])
def test_chapter_file_name_pattern(case, check_messages, name):
    case[f"tekst/plan/{name}"] = "# Extra\n"
    assert check_messages(case) == [
        f"tekst/plan/{name}: bestandsnaam moet de vorm NN-id.md hebben (cijfers, streepje, id in kleine "
        "letters, cijfers en streepjes), zoals 02-doelgroep.md"]


def test_chapter_ids_may_hold_digits_and_hyphens(case, plan_of):
    case["tekst/plan/07-zorg-en-begeleiding-2.md"] = "# Zorg\n"
    assert [c.id for c in plan_of(case).chapters][-1] == "zorg-en-begeleiding-2"


def test_missing_title_line(case, check_messages):
    case["tekst/plan/03-extra.md"] = "Extra\n\ntekst\n"
    assert check_messages(case) == ["tekst/plan/03-extra.md:1: de eerste regel moet de titel zijn, als '# Titel'"]


def test_a_second_level_heading_is_no_title(case, check_messages):
    case["tekst/plan/03-extra.md"] = "## Extra\n"
    assert check_messages(case) == ["tekst/plan/03-extra.md:1: de eerste regel moet de titel zijn, als '# Titel'"]


def test_duplicate_chapter_id(case, check_messages):
    case["tekst/plan/03-opvang.md"] = "# Opvang, nogmaals\n"
    assert check_messages(case) == [
        "tekst/plan/03-opvang.md: hoofdstuk-id 'opvang' komt al voor in tekst/plan/02-opvang.md"]


def test_non_utf8_chapter_names_the_line(case, check_messages):
    case["tekst/plan/02-opvang.md"] = "# Opvang\n\nCafé\n".encode("latin-1")
    # the chapter still exists: references to 'opvang' elsewhere are not reported as unknown
    assert check_messages(case) == [
        "tekst/plan/02-opvang.md:3: het bestand is geen UTF-8-tekst; sla het op als UTF-8"]


def test_empty_chapter(case, check_messages):
    case["tekst/plan/02-opvang.md"] = "\n  \n"
    assert check_messages(case) == ["tekst/plan/02-opvang.md: het bestand is leeg"]


@pytest.mark.parametrize("line, found", [
    ("Zie <b>dit</b>.", "<b>"),
    ('<span style="color:red">rood</span>', '<span style="color:red">'),
    ("<br/>", "<br/>"),
    ("<!-- notitie -->", "<!--"),
])
def test_raw_html(case, check_messages, line, found):
    case["tekst/plan/02-opvang.md"] = f"# Opvang\n\n{line}\n"
    assert check_messages(case) == [
        f"tekst/plan/02-opvang.md:3: HTML in Markdown ('{found}') wordt niet overgenomen; gebruik "
        "Markdown-opmaak of zet het tussen `backticks`"]


def test_angle_brackets_that_are_no_html_pass(case, passes):
    case["tekst/plan/02-opvang.md"] = ("# Opvang\n\n3 < 4 en 5 > 2, a<b, `<b>` in code.\n\n"
                                       "```\n<div>voorbeeld</div>\n```\n")
    assert passes(case) == []


def test_raw_html_in_a_proposal_section(case, check_messages):
    case["tekst/voordracht/onderbouwing.md"] = "Eerste regel.\n<div>blok</div>\n"
    assert check_messages(case) == [
        "tekst/voordracht/onderbouwing.md:2: HTML in Markdown ('<div>') wordt niet overgenomen; gebruik "
        "Markdown-opmaak of zet het tussen `backticks`"]


@pytest.mark.parametrize("section", ["achtergrond", "onderbouwing"])
def test_missing_voordracht_section_file(case, check_messages, section):
    del case[f"tekst/voordracht/{section}.md"]
    assert check_messages(case) == [f"tekst/voordracht/{section}.md: bestand ontbreekt"]


def test_both_voordracht_sections_missing_are_both_reported(case, check_messages):
    del case["tekst/voordracht/achtergrond.md"], case["tekst/voordracht/onderbouwing.md"]
    assert check_messages(case) == ["tekst/voordracht/achtergrond.md: bestand ontbreekt",
                                    "tekst/voordracht/onderbouwing.md: bestand ontbreekt"]


def test_empty_voordracht_section(case, check_messages):
    case["tekst/voordracht/onderbouwing.md"] = "  \n"
    assert check_messages(case) == ["tekst/voordracht/onderbouwing.md: het bestand is leeg"]


def test_missing_chapter_folder(case, check_messages):
    for rel in [r for r in case if r.startswith("tekst/plan/")]:
        del case[rel]
    # without chapters the references to them cannot be checked: one problem, not one per reference
    assert check_messages(case) == ["tekst/plan: map met de hoofdstukken van het plan ontbreekt"]


def test_chapter_folder_without_chapters(case, check_messages, write):
    for rel in [r for r in case if r.startswith("tekst/plan/")]:
        del case[rel]
    folder = write(case)
    (folder / "tekst" / "plan").mkdir()
    assert check_messages(folder) == ["tekst/plan: geen hoofdstukken gevonden (bestanden NN-id.md)"]


def test_lock_and_hidden_files_beside_chapters_are_ignored(case, passes, write):
    folder = write(case)
    (folder / "tekst/plan/.~lock.01-inleiding.md#").write_text("x")
    (folder / "tekst/plan/~01-inleiding.md").write_text("x")
    assert passes(folder) == []


def test_windows_line_endings_and_bom_are_read(case, plan_of):
    case["tekst/plan/02-opvang.md"] = "\ufeff# Opvang\r\n\r\nKleine locaties.\r\n".encode()
    chapter = plan_of(case).chapters[1]
    assert (chapter.title, chapter.body.markdown) == ("Opvang", "Kleine locaties.")


# --- links: only websites, e-mail addresses and headings of the document ---------------------------

def _link_problem(rel: str, line: int | None, target: str) -> str:
    where = f"{rel}:{line}" if line else rel
    return (f"{where}: link naar '{target}' is niet toegestaan: alleen een website (https://…), een e-mailadres "
            "(mailto:…) of een kop in het document (#…) mag een link zijn; haal de link weg of verwijs naar "
            "een website")


@pytest.mark.parametrize("typed, target", [
    ("[klik hier](javascript:alert(document.cookie))", "javascript:alert(document.cookie)"),
    ("[Klik](JavaScript:alert(1))", "JavaScript:alert(1)"),
    ("[de gedeelde map](file://server/share)", "file://server/share"),
    ("<file://server/share/notulen.docx>", "file://server/share/notulen.docx"),
    ("[map](\\\\server\\share)", "\\server\\share"),
    ("[map](//server/share)", "//server/share"),
    ("[bijlage](bijlage.pdf)", "bijlage.pdf"),
    ("[macro](vbscript:msgbox(1))", "vbscript:msgbox(1)"),
    ("[pagina](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
     "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="),
    ("[bellen](tel:0201234567)", "tel:0201234567"),
    ("[vermomd](&#x6A;avascript:alert(1))", "javascript:alert(1)"),
])
def test_link_that_may_not_reach_the_documents_is_reported_at_its_line(case, check_messages, typed, target):
    case["tekst/plan/02-opvang.md"] = f"# Opvang\n\nKleine locaties.\n\nMeer: {typed} en verder.\n"
    assert check_messages(case) == [_link_problem("tekst/plan/02-opvang.md", 5, target)]


def test_reference_link_is_reported_at_its_definition(case, check_messages):
    case["tekst/plan/02-opvang.md"] = ("# Opvang\n\nZie [de notulen][n] en [nog eens][n].\n\n"
                                       "[n]: file:///C:/Users/adviseur/notulen.docx \"Notulen\"\n")
    assert check_messages(case) == [
        _link_problem("tekst/plan/02-opvang.md", 5, "file:///C:/Users/adviseur/notulen.docx")]


def test_the_same_link_twice_is_reported_at_both_lines(case, check_messages):
    case["tekst/plan/02-opvang.md"] = "# Opvang\n\n[a](file://s/x)\n\nTekst.\n\n[b](file://s/x)\n"
    assert check_messages(case) == [_link_problem("tekst/plan/02-opvang.md", 3, "file://s/x"),
                                    _link_problem("tekst/plan/02-opvang.md", 7, "file://s/x")]


def test_link_in_a_proposal_section_is_reported_too(case, check_messages):
    case["tekst/voordracht/achtergrond.md"] = "Het college wil een nieuwe aanpak.\n[x](javascript:void(0))\n"
    assert check_messages(case) == [_link_problem("tekst/voordracht/achtergrond.md", 2, "javascript:void(0)")]


@pytest.mark.parametrize("typed, target", [
    ("![logo](file:///etc/passwd)", "file:///etc/passwd"),
    ("![pixel](data:image/png;base64,iVBORw0KGgo=)", "data:image/png;base64,iVBORw0KGgo="),
    ("![scan](\\\\server\\share\\scan.png)", "\\server\\share\\scan.png"),
])
def test_image_from_a_file_share_or_embedded_data_is_reported(case, check_messages, typed, target):
    case["tekst/plan/02-opvang.md"] = f"# Opvang\n\n{typed}\n"
    assert check_messages(case) == [
        f"tekst/plan/02-opvang.md:3: afbeelding '{target}' wordt niet overgenomen: een afbeelding mag alleen een "
        "bestandsnaam of een webadres (https://…) hebben; haal de afbeelding weg"]


def test_websites_mail_addresses_and_headings_are_allowed_links(case, passes):
    case["tekst/plan/02-opvang.md"] = (
        "# Opvang\n\n## Locaties {#locaties}\n\n"
        "Zie [de gemeente](https://www.amsterdam.nl/opvang?wijk=noord&x=1#kop), [een oude site](http://example.org), "
        "[mail ons](mailto:opvang@example.org), <opvang@example.org>, <https://example.org/a> en "
        "[de locaties](#locaties).\n\n[ref]: https://example.org/ref\n\nEn [via referentie][ref].\n")
    assert passes(case) == []


def test_link_like_text_that_is_no_link_passes(case, passes):
    case["tekst/plan/02-opvang.md"] = ("# Opvang\n\nIn code: `[x](javascript:alert(1))` en\n\n"
                                       "```\n[map](file://server/share)\n```\n\nZonder haakjes: javascript:alert(1).\n")
    assert passes(case) == []


def test_image_with_a_file_name_is_no_link_problem(case, passes):
    case["tekst/plan/02-opvang.md"] = "# Opvang\n\n![een foto van de locatie](foto.png)\n"
    passes(case)  # only its description is printed (pandoc never fetches it)


# --- images: pandoc runs sandboxed and fetches no image file ---------------------------------------------

@pytest.mark.parametrize("line, message", [
    ("![beschrijving](foto.png)", "afbeelding 'foto.png' wordt niet opgenomen; alleen de beschrijving "
                                  "'beschrijving' komt in de tekst"),
    ("Zie ![de kaart](kaarten/noord.jpg \"Noord\") hier.",
     "afbeelding 'kaarten/noord.jpg' wordt niet opgenomen; alleen de beschrijving 'de kaart' komt in de tekst"),
    ("![](https://example.org/x.png)", "afbeelding 'https://example.org/x.png' wordt niet opgenomen; er is geen "
                                       "beschrijving, dus er komt niets van in de tekst"),
])
def test_an_image_is_a_warning_at_its_line(case, passes, line, message):
    case["tekst/plan/02-opvang.md"] = f"# Opvang\n\n{line}\n"
    assert passes(case) == [f"tekst/plan/02-opvang.md:3: waarschuwing: {message}"]


def test_an_image_in_a_proposal_section_is_a_warning_too(case, passes):
    case["tekst/voordracht/achtergrond.md"] = "Tekst.\n\n![foto van de werkdag](dag1.jpg)\n"
    assert passes(case) == ["tekst/voordracht/achtergrond.md:3: waarschuwing: afbeelding 'dag1.jpg' wordt niet "
                            "opgenomen; alleen de beschrijving 'foto van de werkdag' komt in de tekst"]


def test_image_syntax_in_code_is_no_image(case, passes):
    case["tekst/plan/02-opvang.md"] = "# Opvang\n\nTyp `![tekst](foto.png)`.\n\n```\n![a](b.png)\n```\n"
    assert passes(case) == []


# --- chapter numbers fix the order: two files with one number leave it to chance ----------------------------

@pytest.mark.parametrize("first, second", [("05-a.md", "05-b.md"), ("02-opvang.md", "2-werk.md"),
                                           ("001-voorwoord.md", "01-inleiding.md")])
def test_two_chapters_with_the_same_number(case, check_messages, first, second):
    for name in (first, second):
        case.setdefault(f"tekst/plan/{name}", f"# Hoofdstuk {name}\n")
    number = int(first.split("-")[0])
    assert check_messages(case) == [
        f"tekst/plan/{second}: hoofdstuknummer {number} komt al voor in tekst/plan/{first}; geef elk hoofdstuk "
        "een eigen nummer, zodat de volgorde vastligt"]


def test_three_chapters_with_the_same_number_name_the_first(case, check_messages):
    case["tekst/plan/02-b.md"] = "# B\n"
    case["tekst/plan/02-c.md"] = "# C\n"
    assert check_messages(case) == [
        f"tekst/plan/{name}: hoofdstuknummer 2 komt al voor in tekst/plan/02-b.md; geef elk hoofdstuk een eigen "
        "nummer, zodat de volgorde vastligt" for name in ("02-c.md", "02-opvang.md")]


# --- a proposal section that starts with its own heading: the template prints that heading already ---------

@pytest.mark.parametrize("section, text, line", [
    ("onderbouwing", "# Onderbouwing besluit\n\nDe aanpak volgt uit de werkdagen.\n", 1),
    ("onderbouwing", "## onderbouwing  BESLUIT:\n\nDe aanpak volgt uit de werkdagen.\n", 1),
    ("onderbouwing", "\n# Onderbouwing besluit #\nDe aanpak volgt uit de werkdagen.\n", 2),
    ("onderbouwing", "Onderbouwing besluit\n====================\n\nDe aanpak volgt uit de werkdagen.\n", 1),
    ("achtergrond", "# Bestuurlijke achtergrond\n\nDe aanpak volgt uit de werkdagen.\n", 1),
])
def test_a_first_heading_that_repeats_the_section_is_dropped_with_a_warning(case, passes, plan_of, section, text,
                                                                             line):
    case[f"tekst/voordracht/{section}.md"] = text
    heading = text.strip().split("\n")[0].strip("# ").strip()
    assert passes(case) == [f"tekst/voordracht/{section}.md:{line}: waarschuwing: de kop '{heading}' staat al "
                            "boven dit deel van de voordracht; Plan A laat hem hier weg"]
    plan = plan_of(case)
    prose = plan.reasoning if section == "onderbouwing" else plan.background
    assert prose.markdown == "De aanpak volgt uit de werkdagen."


@pytest.mark.parametrize("text", [
    "# Inleiding\n\nDe aanpak.\n",                                 # another heading: a sub-heading, kept
    "De aanpak.\n\n# Onderbouwing besluit\n\nMeer.\n",             # not the first line
    "Onderbouwing besluit is wat volgt.\n\nDe aanpak.\n",          # a sentence, not a heading
    "# Onderbouwing besluit van het college\n\nDe aanpak.\n",     # a different heading
])
def test_other_first_lines_stay(case, passes, plan_of, text):
    case["tekst/voordracht/onderbouwing.md"] = text
    assert passes(case) == []
    assert plan_of(case).reasoning.markdown == text.strip("\n")


def test_a_section_with_only_its_heading_is_empty(case, check_messages):
    case["tekst/voordracht/onderbouwing.md"] = "# Onderbouwing besluit\n\n"
    assert check_messages(case) == [
        "tekst/voordracht/onderbouwing.md:1: waarschuwing: de kop 'Onderbouwing besluit' staat al boven dit deel "
        "van de voordracht; Plan A laat hem hier weg",
        "tekst/voordracht/onderbouwing.md: het bestand is leeg"]


def test_the_proposal_prints_the_section_heading_once(case, write, tmp_path):
    case["tekst/voordracht/onderbouwing.md"] = "# Onderbouwing besluit\n\nDe aanpak volgt uit de werkdagen.\n"
    case["tekst/voordracht/achtergrond.md"] = "## Bestuurlijke Achtergrond\n\nHet college wil een nieuwe aanpak.\n"
    build(write(case), tmp_path / "build", pdf=False)
    texts = [text for kind, _, text in body_blocks(tmp_path / "build" / "college" / "voordracht.docx") if kind == "p"]
    assert texts.count("Onderbouwing besluit") == 1
    assert [t.casefold() for t in texts].count("bestuurlijke achtergrond") == 1
    assert "De aanpak volgt uit de werkdagen." in texts
