"""Stage 3b, render for the participants: the concept, and one copy per organisation that asked for one."""
from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from pipeline.base.problems import Problems
from pipeline.documents.finalize import core_properties_xml
from pipeline.model.public import PublicOrganisation, PublicPlan
from pipeline.rendering.charts import outcome_chart
from pipeline.rendering.college import PlanDocument
from pipeline.rendering.copies import Marker, OrganisationCopy, SharedParts, new_token

TEMPLATE = "concept.docx"
CONCEPT = "concept-uitvoeringsplan.docx"
COPIES = "organisaties/"
Progress = Callable[[int, int], None]


def render_review(public: PublicPlan, templates: Path, problems: Problems,
                  progress: Progress | None = None) -> dict[str, bytes]:
    """The review set by path under build/; the shared part is rendered once for all copies."""
    with ThreadPoolExecutor(max_workers=1) as pool:  # the chart is drawn while pandoc converts the chapters
        chart = pool.submit(outcome_chart, public.figures)
        document = PlanDocument(public, templates, TEMPLATE, "Concept uitvoeringsplan", problems)
        outcomes = chart.result()
    concept = document.render(uitkomstgrafiek=outcomes, organisatie=None)
    if concept is None:
        return {}
    files = {f"review/{CONCEPT}": concept}
    wanted = [o for o in public.organisations if o.wants_review_copy]
    if not wanted:
        return files
    token, missing = new_token(), []
    marked = document.render(uitkomstgrafiek=outcomes, organisatie=Marker(token, missing=missing))
    for field in dict.fromkeys(missing):
        problems.error(f"templates/{TEMPLATE}", f"het sjabloon gebruikt een onbekend veld '{field}'")
    if marked is None or missing:
        return files
    with zipfile.ZipFile(io.BytesIO(marked)) as z:
        shared = SharedParts({name: z.read(name) for name in z.namelist()}, token)
    for done, org in enumerate(wanted, 1):
        title = f"Concept uitvoeringsplan, exemplaar voor {org.name}: {public.proposal.subject}"
        core = core_properties_xml(title, public.proposal.college_date)
        files[f"review/{COPIES}{org.slug}.docx"] = shared.fill(organisation_copy(org), core)
        if progress is not None:
            progress(done, len(wanted))
    return files


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
