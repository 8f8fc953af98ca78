"""Writes the first versions of the Word templates in templates/; after that, civil servants edit them in Word.

Run `python tools/build_templates.py` only to start over: it overwrites templates/*.docx.
"""
from __future__ import annotations

import copy
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from docx.enum.style import WD_STYLE_TYPE  # noqa: E402
from docx.enum.text import WD_TAB_ALIGNMENT, WD_TAB_LEADER  # noqa: E402
from docx.oxml import parse_xml  # noqa: E402
from docx.oxml.ns import nsdecls, qn  # noqa: E402
from docx.shared import Pt  # noqa: E402
from make_templates import TEXT_WIDTH, add_field, add_table, house_style_document, save_template  # noqa: E402

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
YEAR_HEADERS = ["{%tc for j in jaren %}", "{{ j }}", "{%tc endfor %}"]
YEAR_CELLS = ["{%tc for a in r.amounts %}", "{{ a }}", "{%tc endfor %}"]


def para(doc, text: str, style: str = "Body Text"):
    return doc.add_paragraph(text, style=style)


def loop_table(doc, headers, loop: str, cells, total=None, widths=None):
    """A table with a header row and one row repeated by `{%tr for ... %}`, optionally a total row."""
    table = add_table(doc, headers, rows=3 + (1 if total else 0), total_row=bool(total), widths_cm=widths)
    table.rows[1].cells[0].text = "{%tr " + loop + " %}"
    for cell, text in zip(table.rows[2].cells, cells):
        cell.text = text
    table.rows[3].cells[0].text = "{%tr endfor %}"
    if total:
        for cell, text in zip(table.rows[4].cells, total):
            cell.text = text
    return table


def contents(doc) -> None:
    """A Word table of contents (chapter level); Plan A fills it with the headings below it when it
    builds, because LibreOffice, which makes the PDFs, does not update one."""
    if "toc 1" not in [s.name for s in doc.styles]:
        style = doc.styles.add_style("toc 1", WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = doc.styles["Normal"]
        style.paragraph_format.space_after = Pt(3)
        style.paragraph_format.tab_stops.add_tab_stop(TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
    para(doc, "Inhoud", "TOC Heading")
    add_field(para(doc, "", "Normal"), 'TOC \\o "1-1" \\h \\z \\u',
              "De inhoudsopgave wordt ingevuld als Plan A het document maakt.")


def block(doc, tag: str) -> None:
    """A paragraph that holds only a docxtpl block tag; it disappears when rendered."""
    para(doc, "{%p " + tag + " %}", "Normal")


def chapters(doc) -> None:
    block(doc, "for c in hoofdstukken")
    doc.add_heading("{{ c.number }}. {{ c.title }}", level=1)
    para(doc, "{{p c.body }}", "Normal")
    block(doc, "if c.items")
    doc.add_heading("Wat dit hoofdstuk overneemt uit de werkdagen", level=2)
    loop_table(doc, ["ID", "Inbreng", "Ingebracht door", "Verwerking"], "for i in c.items",
               ["{{ i.id }}", "{{ i.text }}", "{{ i.organisation }}", "{{ i.outcome }}"], widths=[1.6, 8.3, 3.5, 2.6])
    block(doc, "endif")
    block(doc, "endfor")


# docxtpl fits the grid of a `{%tc %}` table by position (it drops or adds the last columns and shares
# out the width): a wide first column and equal others keep the names wide for any number of years.
YEAR_TABLE_WIDTHS = [4.6, 2.85, 2.85, 2.85, 2.85]
# ID and kind share a column, so that long subjects and compound words in the advice fit theirs.
ADVICE_WIDTHS = [2.2, 4, 7.2, 2.6]


def budget_tables(doc) -> None:
    para(doc, "Lasten per categorie en jaar:")
    loop_table(doc, ["Categorie", *YEAR_HEADERS, "Totaal"], "for r in categorieen",
               ["{{ r.name }}", *YEAR_CELLS, "{{ r.total }}"],
               total=["{{ totaal_lasten.name }}", "{%tc for a in totaal_lasten.amounts %}", "{{ a }}",
                      "{%tc endfor %}", "{{ totaal_lasten.total }}"], widths=YEAR_TABLE_WIDTHS)
    para(doc, "Dekking per bron en jaar:")
    loop_table(doc, ["Bron", *YEAR_HEADERS, "Totaal"], "for r in dekking",
               ["{{ r.name }}", *YEAR_CELLS, "{{ r.total }}"],
               total=["{{ totaal_dekking.name }}", "{%tc for a in totaal_dekking.amounts %}", "{{ a }}",
                      "{%tc endfor %}", "{{ totaal_dekking.total }}"], widths=YEAR_TABLE_WIDTHS)


def annexes(doc) -> None:
    doc.add_heading("Bijlage A. Begroting", level=1)
    budget_tables(doc)
    para(doc, "De lasten per post:")
    loop_table(doc, ["Post", *YEAR_HEADERS, "Totaal", "Toelichting"], "for r in lasten",
               ["{{ r.name }}", *YEAR_CELLS, "{{ r.total }}", "{{ r.explanation }}"],
               widths=[3.2, 2.56, 2.56, 2.56, 2.56, 2.56])
    doc.add_heading("Bijlage B. Opvangplaatsen per stadsdeel", level=1)
    para(doc, "De adressen van de locaties zijn vertrouwelijk; hieronder staan de plaatsen per stadsdeel.")
    loop_table(doc, ["Stadsdeel", "Locaties", "Plaatsen", "Doelgroepen"], "for d in plan.districts",
               ["{{ d.name }}", "{{ d.locations }}", "{{ d.places }}", "{{ d.target_groups }}"],
               total=["Totaal", "", "{{ plan.figures.places_planned }}", ""])
    doc.add_heading("Bijlage C. Vervolgagenda", level=1)
    para(doc, "Deze punten zijn van belang, maar krijgen in dit plan nog geen uitwerking. Het gesprek erover gaat "
              "na dit plan verder. Per punt staat of het binnen de kaders van dit plan valt.")
    loop_table(doc, ["ID", "Inbreng", "Ingebracht door", "Binnen de kaders", "Wat ermee is gedaan"],
               "for i in plan.follow_up", ["{{ i.id }}", "{{ i.text }}", "{{ i.organisation }}",
                                           "{% if i.within_frames %}ja{% else %}nee{% endif %}", "{{ i.where }}"],
               widths=[1.8, 5.1, 3.4, 1.9, 3.8])
    doc.add_heading("Bijlage D. Minderheidsstandpunten", level=1)
    para(doc, "Ook standpunten van een minderheid zijn gehoord. Zo is ermee omgegaan:")
    loop_table(doc, ["ID", "Inbreng", "Ingebracht door", "Wat ermee is gedaan"], "for i in plan.minority",
               ["{{ i.id }}", "{{ i.text }}", "{{ i.organisation }}", "{{ i.where }}"], widths=[1.6, 6.9, 3.5, 4])
    doc.add_heading("Bijlage E. Verantwoording van alle inbreng", level=1)
    para(doc, "Elk punt dat op de werkdagen is ingebracht, met wat ermee is gedaan.")
    loop_table(doc, ["ID", "Dag", "Ingebracht door", "Inbreng", "Wat ermee is gedaan"], "for i in plan.harvest",
               ["{{ i.id }}", "{{ i.day }}", "{{ i.organisation }}", "{{ i.text }}", "{{ i.where }}"],
               widths=[1.6, 1.2, 3.5, 5.4, 4.3])


def process(doc) -> None:
    doc.add_heading("Hoe dit plan tot stand kwam", level=1)
    para(doc, "Het plan is in {{ plan.days|length }} werkdagen samen gemaakt door {{ plan.figures.participants }} "
              "deelnemers van {{ plan.figures.organisations }} organisaties. Samen brachten zij "
              "{{ plan.figures.items|getal }} punten in; over {{ plan.figures.consensus_share|procent }} daarvan "
              "was iedereen het eens.")
    loop_table(doc, ["Dag", "Datum", "Thema", "Inbreng"], "for d in werkdagen",
               ["{{ d.day }}", "{{ d.date }}", "{{ d.theme }}", "{{ d.items }}"], widths=[1.2, 3.6, 9.2, 2])
    doc.add_heading("Deelnemende organisaties", level=2)
    block(doc, "for o in plan.organisations")
    para(doc, "{{ o.name }}", "Compact")
    block(doc, "endfor")
    doc.add_heading("Deelnemers", level=2)
    para(doc, "Deelnemers die daarvoor toestemming gaven, staan hier bij naam. "
              "{% if plan.unnamed_participants == 1 %}Eén deelnemer wordt{% else %}"
              "{{ plan.unnamed_participants }} deelnemers worden{% endif %} niet bij naam genoemd.")
    block(doc, "for p in plan.named_participants")
    para(doc, "{{ p.name }} ({{ p.organisation }})", "Compact")
    block(doc, "endfor")
    doc.add_heading("Wat er met alle inbreng is gedaan", level=2)
    para(doc, "{{ uitkomstgrafiek }}", "Figure")
    loop_table(doc, ["Verwerking", "Aantal"], "for c in plan.figures.per_outcome",
               ["{{ c.label }}", "{{ c.count }}"])


def what_we_ask(doc) -> None:
    """On the first page: what we ask of a participant, how, until when, and what happens next."""
    doc.add_heading("Wat we u vragen", level=1)
    for label, text in (
            ("Wat: ", "lees dit concept en laat ons weten wat u ervan vindt. Is uw inbreng goed verwerkt? Mist er "
                      "iets, of klopt er iets niet?"),
            ("Hoe: ", "zet uw opmerkingen als opmerking in dit Word-document en stuur het terug aan "
                      "{{ plan.review.contact }}. U kunt uw reactie ook mailen naar dat adres."),
            ("Tot wanneer: ", "uiterlijk {{ plan.review.deadline|datum }}."),
            ("Wat er daarna gebeurt: ", "elke reactie krijgt een antwoord in de nota van beantwoording, met wat er "
                                        "in het plan is veranderd. Het college van B&W besluit op "
                                        "{{ plan.proposal.college_date|datum }} over het plan. Alle stappen staan "
                                        "achterin, onder \"Wat er nu gebeurt\"."),
    ):
        paragraph = para(doc, "")
        paragraph.add_run(label).bold = True
        paragraph.add_run(text)


def own_pages_end(doc) -> None:
    """Ends an organisation's own pages with a section of their own, numbered i, ii, ...; the concept after it
    starts at page 1 again, exactly as everyone's concept (so its PDF is converted once for all copies)."""
    body = doc.element.body
    final = body.find(qn("w:sectPr"))
    own = copy.deepcopy(final)
    final.find(qn("w:pgMar")).addnext(parse_xml(f'<w:pgNumType {nsdecls("w")} w:start="1"/>'))
    own.find(qn("w:pgMar")).addnext(parse_xml(f'<w:pgNumType {nsdecls("w")} w:fmt="lowerRoman" w:start="1"/>'))
    paragraph = para(doc, "", "Normal")
    paragraph._p.get_or_add_pPr().append(own)


def concept() -> None:
    doc = house_style_document(title="Concept uitvoeringsplan", page_count=False,
                               header_text="CONCEPT – reageren kan tot en met {{ plan.review.deadline|datum }}")
    block(doc, "if organisatie")
    para(doc, "Exemplaar voor {{ organisatie.name }}", "Title")
    para(doc, "{{ plan.proposal.subject }}", "Subtitle")
    doc.add_heading("Uw inbreng", level=1)
    para(doc, "{{ organisatie.intro }} Daarna volgt het concept, zoals iedere deelnemer het krijgt.")
    loop_table(doc, ["ID", "Inbreng", "Wat ermee is gedaan"], "for i in organisatie.items",
               ["{{ i.id }}", "{{ i.text }}", "{{ i.where }}"], widths=[1.6, 7.9, 6.5])
    own_pages_end(doc)
    block(doc, "endif")
    para(doc, "CONCEPT", "Title")
    para(doc, "{{ plan.proposal.subject }}", "Subtitle")
    para(doc, "Aan alle deelnemers van de werkdagen, verzonden op {{ plan.review.sent|datum }}. "
              "Reageren kan tot en met {{ plan.review.deadline|datum }}.")
    what_we_ask(doc)
    contents(doc)
    process(doc)
    chapters(doc)
    annexes(doc)
    doc.add_heading("Wat er nu gebeurt", level=1)
    para(doc, "Na de reactietermijn verwerken we de reacties. Daarna volgen de formele stappen:")
    loop_table(doc, ["Datum", "Stap", "Wat dit betekent"], "for s in plan.next_steps",
               ["{{ s.date|datum }}", "{{ s.step }}", "{{ s.explanation }}"], widths=[3, 4.5, 8.5])
    doc.add_heading("Reageren", level=1)
    para(doc, "Reageer uiterlijk {{ plan.review.deadline|datum }} per e-mail aan {{ plan.review.contact }}. "
              "U kunt uw opmerkingen als opmerking in dit document zetten en het terugsturen. Elke reactie "
              "krijgt een antwoord in de nota van beantwoording, met wat er in het plan is veranderd.")
    save_template(doc, TEMPLATES / "concept.docx", title="Concept uitvoeringsplan")


def plan() -> None:
    doc = house_style_document(title="Uitvoeringsplan",
                               header_text="{{ plan.proposal.subject }} | {{ plan.proposal.college_date|datum }}")
    para(doc, "Uitvoeringsplan", "Title")
    para(doc, "{{ plan.proposal.subject }}", "Subtitle")
    para(doc, "Bijlage 1 bij de voordracht voor het college van B&W van {{ plan.proposal.college_date|datum }}.")
    contents(doc)
    chapters(doc)
    annexes(doc)
    save_template(doc, TEMPLATES / "uitvoeringsplan.docx", title="Uitvoeringsplan")


def review_round(doc) -> None:
    """The proposal's account of the review round: only from `make verzenden` on, when there is a nota."""
    block(doc, "if ronde")
    doc.add_heading("De reactieronde", level=2)
    para(doc, "Het concept-uitvoeringsplan is op {{ plan.review_round.sent|datum }} aan de deelnemers gestuurd; "
              "reageren kon tot en met {{ plan.review_round.deadline|datum }}. Er kwamen {{ ronde.figures }} "
              "binnen{% if ronde.changed %}; {{ ronde.changed }}{% endif %}.{% if ronde.late %} {{ ronde.late }}."
              "{% endif %}{% if plan.reactions %} Elke reactie en het antwoord erop staan in de nota van "
              "beantwoording (bijlage {{ ronde.nota }}).{% else %} De nota van beantwoording (bijlage "
              "{{ ronde.nota }}) zegt dat ook.{% endif %}{% if ronde.tracked %} Wat er sinds het concept in het plan "
              "is veranderd, toont "
              "het uitvoeringsplan met bijgehouden wijzigingen (bijlage {{ ronde.tracked }}).{% endif %}")
    block(doc, "endif")


def nota() -> None:
    doc = house_style_document(title="Nota van beantwoording",
                               header_text="Nota van beantwoording | {{ plan.proposal.subject }} | "
                                           "{{ plan.proposal.college_date|datum }}")
    para(doc, "Nota van beantwoording", "Title")
    para(doc, "{{ plan.proposal.subject }}", "Subtitle")
    para(doc, "Bijlage {{ ronde.nota }} bij de voordracht voor het college van B&W van "
              "{{ plan.proposal.college_date|datum }}: de reacties op het concept-uitvoeringsplan, het antwoord op "
              "elke reactie en wat er sinds het concept is veranderd.")
    doc.add_heading("Hoe de reactieronde verliep", level=1)
    para(doc, "Het concept-uitvoeringsplan is op {{ plan.review_round.sent|datum }} aan alle deelnemers van de "
              "werkdagen gestuurd, met per organisatie een overzicht van wat er met haar inbreng is gedaan. "
              "Reageren kon tot en met {{ plan.review_round.deadline|datum }}. Er kwamen {{ ronde.figures }} "
              "binnen{% if ronde.changed %}; {{ ronde.changed }}{% endif %}.{% if ronde.late %} {{ ronde.late }}."
              "{% endif %}")
    block(doc, "if plan.reactions")
    loop_table(doc, ["Gevolg", "Aantal reacties"], "for c in plan.review_round.per_consequence",
               ["{{ c.label }}", "{{ c.count }}"], widths=[8, 4])
    para(doc, "Deelnemers die niet bij naam genoemd willen worden, staan hieronder als hun organisatie.")
    block(doc, "endif")
    doc.add_heading("Reacties en antwoorden", level=1)
    block(doc, "if plan.reactions")
    para(doc, "Per hoofdstuk van het plan elke reactie met het antwoord van het college en wat de reactie heeft "
              "veranderd. Reacties over het plan als geheel staan onder Algemeen.")
    block(doc, "else")
    para(doc, "Er zijn geen reacties op het concept binnengekomen.")
    block(doc, "endif")
    block(doc, "for g in groepen")
    doc.add_heading("{{ g.title }}", level=2)
    loop_table(doc, ["Nr. en afzender", "Reactie", "Antwoord en gevolg"], "for r in g.reactions",
               ["{{ r.id }}\n{{ r.sender }}\n{{ r.received|datum }}{% if r.late %}\n(na de reactietermijn)"
                "{% endif %}",
                "{% if r.passage %}Over: ‘{{ r.passage }}’\n{% endif %}{{ r.text }}",
                "{{ r.answer }}\nGevolg: {{ r.consequence }}{% if r.change %}\nWijziging: {{ r.change }}{% endif %}"],
               widths=[3.4, 6.3, 6.3])
    block(doc, "endfor")
    changes(doc)
    save_template(doc, TEMPLATES / "nota.docx", title="Nota van beantwoording")


TRACKED_NOTE = ("{% if ronde.tracked %} Het uitvoeringsplan met bijgehouden wijzigingen (bijlage {{ ronde.tracked }}) "
                "toont elke wijziging in de tekst.{% endif %}")


def changes(doc, note: str = TRACKED_NOTE) -> None:
    """The changes since the concept as sent: one table of before and after per kind that has any; `note`
    follows the first sentence."""
    doc.add_heading("Wat er sinds het concept is veranderd", level=1)
    block(doc, "if wijzigingen.count")
    para(doc, "Het plan is op deze punten anders dan het concept van {{ wijzigingen.sent }}." + note)
    block(doc, "else")
    para(doc, "Het plan is sinds het concept van {{ wijzigingen.sent }} niet veranderd.")
    block(doc, "endif")
    for rows, heading, subject in (("items", "Wat er met de inbreng is gedaan", "Inbreng"),
                                   ("chapters", "Hoofdstukken", "Hoofdstuk"),
                                   ("budget", "Begroting", "Post"),
                                   ("decisions", "Besluitpunten", "Besluitpunt")):
        block(doc, f"if wijzigingen.{rows}")
        doc.add_heading(heading, level=2)
        loop_table(doc, [subject, "In het concept", "Nu"], f"for w in wijzigingen.{rows}",
                   ["{{ w.subject }}", "{{ w.before }}", "{{ w.after }}"], widths=[4.4, 5.8, 5.8])
        block(doc, "endif")


def feedback() -> None:
    """The feedback after the decision, one per organisation: its own parts are `organisatie`."""
    doc = house_style_document(title="Terugkoppeling",
                               header_text="Terugkoppeling | {{ plan.proposal.subject }} | "
                                           "{{ plan.proposal.decided|datum }}")
    para(doc, "Terugkoppeling", "Title")
    para(doc, "{{ plan.proposal.subject }}", "Subtitle")
    para(doc, "Voor {{ organisatie.name }}", "Subtitle")
    para(doc, "Op {{ plan.review_round.sent|datum }} kregen de deelnemers van de werkdagen het concept van het "
              "uitvoeringsplan, met de vraag erop te reageren. Het college van B&W heeft op "
              "{{ plan.proposal.decided|datum }} over het plan besloten. Zoals beloofd leest u hier wat het college "
              "heeft besloten, wat er met de reacties op het concept is gedaan, wat er sinds het concept "
              "is veranderd en wat er nu gebeurt. Dank u wel voor uw inbreng.")
    doc.add_heading("Wat het college heeft besloten", level=1)
    para(doc, "Het college van B&W heeft op {{ plan.proposal.decided|datum }} besloten:")
    block(doc, "for d in plan.decisions")
    para(doc, "{{ d.text }}", "List Number")
    block(doc, "endfor")
    doc.add_heading("Uw reacties", level=1)
    para(doc, "{{ organisatie.intro }}")
    loop_table(doc, ["Nr. en afzender", "Reactie", "Antwoord en gevolg"], "for r in organisatie.own_reactions",
               ["{{ r.id }}\n{{ r.sender }}\n{{ r.received }}", "{{ r.about }}\n{{ r.text }}", "{{ r.answer }}"],
               widths=[3.4, 6.3, 6.3])
    para(doc, "Op het concept kwamen {{ ronde.figures }} binnen{% if ronde.changed %}; {{ ronde.changed }}"
              "{% endif %}.{% if plan.reactions %} Elke reactie staat met het antwoord erop in de nota van "
              "beantwoording (bijlage {{ ronde.nota }} bij de voordracht).{% endif %}")
    changes(doc, note="")
    doc.add_heading("Wat er nu gebeurt", level=1)
    block(doc, "if plan.steps_after_decision")
    para(doc, "Na het besluit volgen deze stappen:")
    block(doc, "for s in plan.steps_after_decision")
    step = para(doc, "")
    step.add_run("{{ s.date|datum }}: {{ s.step }}").bold = True
    step.add_run("{% if s.explanation %}\n{{ s.explanation }}{% endif %}")
    block(doc, "endfor")
    block(doc, "else")
    para(doc, "Na het besluit van het college staan er geen stappen meer op de planning.")
    block(doc, "endif")
    para(doc, "Heeft u een vraag over het besluit of over deze terugkoppeling? Mail ons op "
              "{{ plan.review.contact }}.")
    para(doc, "{{ plan.proposal.handled_by }}")
    save_template(doc, TEMPLATES / "terugkoppeling.docx", title="Terugkoppeling")


def proposal() -> None:
    doc = house_style_document(title="Voordracht",
                               header_text="Voordracht | {{ plan.proposal.subject }} | "
                                           "{{ plan.proposal.college_date|datum }}")
    para(doc, "Voordracht voor het college van Burgemeester en Wethouders", "Title")
    fields = [("Portefeuille", "{{ plan.proposal.portfolio }}"),
              ("Portefeuillehouder", "{{ plan.proposal.portfolio_holder }}"),
              ("Agendapunt", "{{ plan.proposal.agenda_item or '–' }}"),
              ("Datum besluit B&W", "{{ plan.proposal.college_date|datum }}"),
              ("Onderwerp", "{{ plan.proposal.subject }}"),
              ("Registratienummer", "{{ plan.proposal.registration_number or '–' }}")]
    table = add_table(doc, ["Gegeven", "Inhoud"], rows=len(fields), widths_cm=[5, 11])
    for row, (name, value) in zip(table.rows[1:], fields):
        row.cells[0].text, row.cells[1].text = name, value
    doc.add_heading("Het college wordt gevraagd", level=1)
    block(doc, "for d in plan.decisions")
    para(doc, "{{ d.text }}", "List Number")
    block(doc, "endfor")
    doc.add_heading("Bestuurlijke achtergrond", level=1)
    para(doc, "{{p achtergrond }}", "Normal")
    doc.add_heading("Onderbouwing besluit", level=1)
    para(doc, "{{p onderbouwing }}", "Normal")
    doc.add_heading("Het co-creatieproces in cijfers", level=2)
    para(doc, "In {{ plan.days|length }} werkdagen werkten {{ plan.figures.participants }} deelnemers van "
              "{{ plan.figures.organisations }} organisaties samen. Zij brachten {{ plan.figures.items|getal }} "
              "punten in; over {{ plan.figures.consensus_share|procent }} was consensus.")
    loop_table(doc, ["Dag", "Datum", "Thema", "Inbreng"], "for d in werkdagen",
               ["{{ d.day }}", "{{ d.date }}", "{{ d.theme }}", "{{ d.items }}"], widths=[1.2, 3.6, 9.2, 2])
    para(doc, "Wat er met de inbreng is gedaan:")
    loop_table(doc, ["Verwerking", "Aantal"], "for c in plan.figures.per_outcome", ["{{ c.label }}", "{{ c.count }}"])
    review_round(doc)
    doc.add_heading("Toets aan de kaders", level=2)
    loop_table(doc, ["Kader", "Vastgesteld", "Gepland", "Oordeel"], "for r in kaderstoets",
               ["{{ r.frame }}", "{{ r.fixed }}", "{{ r.planned }}", "{{ r.verdict }}"])
    block(doc, "if plan.places_short")
    para(doc, "Let op: er zijn {{ plan.places_short }} plaatsen minder gepland dan het kader van "
              "{{ plan.frames.places }} toestaat.")
    block(doc, "endif")
    doc.add_heading("Financiële onderbouwing", level=1)
    budget_tables(doc)
    para(doc, "{{ begrotingsgrafiek }}", "Figure")
    para(doc, "Figuur: lasten en dekking per jaar tegenover het kader.", "Image Caption")
    doc.add_heading("Juridische en financiële adviezen", level=1)
    loop_table(doc, ["Nr. en soort", "Onderwerp", "Advies", "Oordeel"], "for a in plan.advice",
               ["{{ a.number }}\n{{ a.kind }}", "{{ a.subject }}", "{{ a.text }}",
                "{% if a.status != 'akkoord' %}LET OP: {% endif %}{{ a.status }}"], widths=ADVICE_WIDTHS)
    doc.add_heading("Geheimhouding", level=1)
    block(doc, "if plan.secrecy_decision")
    para(doc, "Bij deze voordracht hoort een vertrouwelijke bijlage met vertrouwelijke adviezen en de adressen van "
              "de opvanglocaties. Het college wordt gevraagd daarop geheimhouding op te leggen (besluitpunt "
              "{{ plan.secrecy_decision }}; artikel 25 Gemeentewet), ter bescherming van de bewoners en de locaties.")
    block(doc, "else")
    para(doc, "Bij deze voordracht hoort geen vertrouwelijke informatie.")
    block(doc, "endif")
    doc.add_heading("Vervolgstappen", level=1)
    loop_table(doc, ["Datum", "Stap", "Toelichting"], "for s in plan.next_steps",
               ["{{ s.date|datum }}", "{{ s.step }}", "{{ s.explanation }}"], widths=[3, 4.5, 8.5])
    doc.add_heading("Welke stukken treft u aan", level=1)
    block(doc, "for b in bijlagen")
    para(doc, "Bijlage {{ b.number }}: {{ b.title }}{% if b.confidential %} (geheim){% endif %}", "Compact")
    block(doc, "endfor")
    doc.add_heading("Behandeld door", level=1)
    para(doc, "{{ plan.proposal.handled_by }}, {{ plan.review.contact }}")
    save_template(doc, TEMPLATES / "voordracht.docx", title="Voordracht")


def confidential() -> None:
    doc = house_style_document(title="Vertrouwelijke bijlage",
                               header_text="GEHEIM | {{ voordracht.subject }} | {{ voordracht.college_date|datum }}")
    para(doc, "Vertrouwelijke bijlage", "Title")
    para(doc, "{{ voordracht.subject }}", "Subtitle")
    para(doc, "Alleen voor het college van B&W. Op deze bijlage rust geheimhouding.")
    doc.add_heading("Vertrouwelijke adviezen", level=1)
    loop_table(doc, ["ID en soort", "Onderwerp", "Advies", "Oordeel"], "for a in adviezen",
               ["{{ a.id }}\n{{ a.kind.value }}", "{{ a.subject }}", "{{ a.text }}", "{{ a.status.value }}"],
               widths=ADVICE_WIDTHS)
    doc.add_heading("Opvanglocaties", level=1)
    loop_table(doc, ["Locatie", "Stadsdeel", "Plaatsen", "Doelgroep", "Maximaal verblijf"], "for l in locaties",
               ["{{ l.name }}", "{{ l.district }}", "{{ l.places }}", "{{ l.target_group }}", "{{ l.max_stay }}"],
               total=["Totaal", "", "{{ plaatsen }}", "", ""], widths=[4.4, 2.9, 1.9, 4.2, 2.6])
    save_template(doc, TEMPLATES / "vertrouwelijk.docx", title="Vertrouwelijke bijlage")


if __name__ == "__main__":
    TEMPLATES.mkdir(exist_ok=True)
    for make in (proposal, plan, concept, confidential, nota, feedback):
        make()
