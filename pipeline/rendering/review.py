"""Stage 3b, render for the participants: the concept, and one copy per organisation that asked for one."""
from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from pipeline.base.problems import Problems
from pipeline.documents.finalize import core_properties_xml
from pipeline.documents.packing import Assembled
from pipeline.documents.properties import custom_properties_xml
from pipeline.model.identity import Identity, copy_properties
from pipeline.model.public import PublicOrganisation, PublicPlan
from pipeline.rendering.charts import outcome_chart
from pipeline.rendering.college import PlanDocument
from pipeline.rendering.copies import Marker, OrganisationCopy, SharedParts, new_token

TEMPLATE = "concept.docx"
CONCEPT = "concept-uitvoeringsplan.docx"
COPIES = "organisaties/"
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class ReviewSet:
    files: dict[str, bytes]  # by path under build/
    copies: Assembled | None  # what the organisation copies share and hold of their own, for the leak guard


def render_review(public: PublicPlan, templates: Path, problems: Problems,
                  progress: Progress | None = None, identity: Identity | None = None,
                  markdown: bool = True) -> ReviewSet:
    """The review set; the shared part is rendered once for all copies (`markdown=False`: the chapters
    left empty, for `check`). With an `identity`, every document says inside itself which case and record
    it comes from, and a copy also whose it is (model/identity.py), so that a returned copy is known
    whatever its file name."""
    with ThreadPoolExecutor(max_workers=1) as pool:  # the chart is drawn while pandoc converts the chapters
        chart = pool.submit(outcome_chart, public.figures)
        document = PlanDocument(public, templates, TEMPLATE, "Concept uitvoeringsplan", problems, again=True,
                                markdown=markdown)
        outcomes = chart.result()
    concept = document.render(properties=_properties(identity), uitkomstgrafiek=outcomes, organisatie=None)
    if concept is None:
        return ReviewSet({}, None)
    files = {f"review/{CONCEPT}": concept}
    wanted = [o for o in public.organisations if o.wants_review_copy]
    if not wanted:
        return ReviewSet(files, None)
    token, missing = new_token(), []
    marked = document.render_parts(properties=_properties(identity, placeholder=True), uitkomstgrafiek=outcomes,
                                   organisatie=Marker(token, missing=missing))
    for field in dict.fromkeys(missing):
        problems.error(f"templates/{TEMPLATE}", f"het sjabloon gebruikt een onbekend veld '{field}'")
    if marked is None or missing:
        return ReviewSet(files, None)
    shared = SharedParts(marked, token)
    own = {}
    for done, org in enumerate(wanted, 1):
        title = f"Concept uitvoeringsplan, exemplaar voor {org.name}: {public.proposal.subject}"
        core = core_properties_xml(title, public.proposal.college_date, author=public.proposal.municipality)
        properties = _properties(identity, org)
        custom = properties and custom_properties_xml(properties)
        path, copy = f"review/{COPIES}{org.slug}.docx", organisation_copy(org)
        files[path], own[path] = shared.fill(copy, core, custom), shared.own(copy, core, custom)
        if progress is not None:
            progress(done, len(wanted))
    return ReviewSet(files, Assembled(shared.shared, own))


def _properties(identity: Identity | None, org: PublicOrganisation | None = None,
                placeholder: bool = False) -> dict[str, str] | None:
    """The custom properties of the concept, of an organisation's copy, or (`placeholder`) the part that
    each copy fills with its own."""
    if identity is None:
        return None
    if placeholder:
        return copy_properties(identity, "", "")
    return copy_properties(identity) if org is None else copy_properties(identity, org.slug, org.name)


def concept_of(path: str) -> str | None:
    """For an organisation's copy (`review/organisaties/x.docx`, or `organisaties/x.docx` in the review set's
    own folder), the concept it continues after its own pages; else None."""
    folder, copies, name = path.rpartition(COPIES)
    return f"{folder}{CONCEPT}" if copies and name.endswith(".docx") and folder in ("", "review/") else None


def organisation_copy(org: PublicOrganisation) -> OrganisationCopy:
    if org.items:
        intro = (f"{org.name} bracht tijdens de werkdagen {len(org.items)} "
                 f"{'punt' if len(org.items) == 1 else 'punten'} in. Hieronder staat bij elk punt wat ermee "
                 "is gedaan en waar u het terugvindt.")
    else:
        intro = (f"Er staat geen inbreng op naam van {org.name}. Wat er met de plenaire inbreng is gedaan, "
                 "staat in de verantwoording achterin.")
    return OrganisationCopy(org.name, org.participants, intro, org.items)
