"""Stage 3d, render for the programme team: an e-mail draft for each participant who gets a document,
addressed to them, from the team mailbox, in the words of a template, with their organisation's document
attached; and for every row of deelnemers.xlsx, its draft or why it has none (see mailing_list.py).

A mailing is prepared in two steps, so that the build can check everything before it writes: `prepare`
renders every text (template faults are problems like any other) and decides who gets what; the drafts
themselves are packed by `Mailing.made` from the finished documents, after the PDFs are made.
"""
from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, replace
from itertools import chain, count
from pathlib import Path
from zoneinfo import ZoneInfo

from pipeline.base.problems import Problems
from pipeline.checking.figures import slug
from pipeline.documents.drafts import Attachment, Mailbox, draft, one_line
from pipeline.documents.mail_template import MailTemplate, MailText
from pipeline.model.plan import Organisation, Participant, Plan
from pipeline.model.public import PublicOrganisation, PublicPlan
from pipeline.reading.participants import mail_key
from pipeline.reading.sheets import norm
from pipeline.rendering.feedback import FOLDER as FEEDBACK

SENDING = "intern/verzending"
# A PDF goes with the draft while the document's text (word/document.xml) is under this: its PDF is then about
# 10 MB or less (the sample's copy, 0.4 MB of text, gives 1.5 MB; 10,000 items' 15 MB gives 56 MB), what mail
# servers take in one message (Exchange Online 25 MB, after base64's third more); each draft holds its own.
MAX_BODY_WITH_PDF = 3_000_000
SENT_AT = dt.time(9, 0)  # the drafts' Date: the morning of the day they are to go, in Amsterdam
TIME_ZONE = ZoneInfo("Europe/Amsterdam")


@dataclass(frozen=True)
class Round:
    """One mailing: which document each organisation gets, and the template that goes with it."""

    name: str  # the drafts' folder under intern/verzending/, and the list's sheet: "concept", "terugkoppeling"
    template: str  # in templates/: "mail-concept.txt"
    date: dt.date  # the day the mail is to go: the drafts' Date
    documents: Mapping[str, str]  # organisation (as in deelnemers.xlsx) -> its .docx in the build
    attachment_stem: str  # attached as STEM-SLUG.docx (and .pdf): "concept-uitvoeringsplan"
    largest_body: int = 0  # of its documents, the largest word/document.xml (bytes): how long its PDFs get


def concept_round(plan: Plan, files: Mapping[str, bytes]) -> Round:
    """The concept for review: each organisation's own copy, sent on `review.verzonden`."""
    copies = {o.name: f"review/organisaties/{o.slug}.docx" for o in plan.organisations}
    return _round("concept", "mail-concept.txt", plan.review.sent, copies, "concept-uitvoeringsplan", files)


def feedback_round(plan: Plan, files: Mapping[str, bytes]) -> Round:
    """The feedback after the decision: each organisation's own, sent on the day the college decided."""
    documents = {o.name: f"{FEEDBACK}/{o.slug}.docx" for o in plan.organisations}
    return _round("terugkoppeling", "mail-terugkoppeling.txt", plan.proposal.decided, documents, "terugkoppeling",
                  files)


def _round(name: str, template: str, date: dt.date, documents: Mapping[str, str], stem: str,
           files: Mapping[str, bytes]) -> Round:
    made = {organisation: path for organisation, path in documents.items() if path in files}
    return Round(name, template, date, made, stem, max((_body_size(files[path]) for path in made.values()), default=0))


def _body_size(docx: bytes) -> int:
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        return archive.getinfo("word/document.xml").file_size


def rounds(plan: Plan, files: Mapping[str, bytes]) -> list[Round]:
    """The mailings of a build: the concept, and once the college decided (with a record of the sending,
    without which there is no feedback) the feedback."""
    found = [concept_round(plan, files)]
    if plan.proposal.decided is not None and plan.record is not None:
        found.append(feedback_round(plan, files))
    return found


@dataclass(frozen=True)
class Recipient:
    """What a mail template may say about the person a draft is for (`deelnemer`)."""

    name: str


@dataclass(frozen=True)
class Draft:
    path: str  # in the build: intern/verzending/concept/anne-de-vries.eml
    recipient: Mailbox
    mail: MailText
    attachments: tuple[tuple[str, str], ...]  # (its name in the mail, its path in the build)


@dataclass(frozen=True)
class Line:
    """One row of deelnemers.xlsx in the list: its draft, or why it has none."""

    participant: Participant
    draft: str | None
    documents: tuple[str, ...]  # the organisation's document in the build (and its PDF), also without a draft
    reason: str | None


@dataclass(frozen=True)
class Mailing:
    round: Round
    sender: Mailbox
    date: dt.datetime
    drafts: tuple[Draft, ...]
    lines: tuple[Line, ...]

    def made(self, read: Callable[[str], bytes]) -> Iterator[tuple[str, bytes]]:
        """The drafts as .eml files, one at a time, with their paths in the build; `read` gives a document of
        the build by its path."""
        for d in self.drafts:
            yield d.path, draft(self.sender, d.recipient, d.mail.subject, d.mail.text,
                                [Attachment(name, read(path)) for name, path in d.attachments], self.date)


def halves(mailings: list[Mailing]) -> tuple[list[Mailing], list[Mailing]]:
    """The mailings with the first half of all their drafts, and with the rest (in order: an organisation's
    participants, who get the same attachments, stay together but where the halves meet)."""
    half, first, rest = sum(len(m.drafts) for m in mailings) // 2, [], []
    for mailing in mailings:
        cut = max(0, min(len(mailing.drafts), half))
        first.append(replace(mailing, drafts=mailing.drafts[:cut]))
        rest.append(replace(mailing, drafts=mailing.drafts[cut:]))
        half -= cut
    return first, rest


def prepare(plan: Plan, public: PublicPlan, round_: Round, templates: Path, problems: Problems,
            pdf: bool) -> Mailing:
    """Who gets a draft, with which text and attachments; `pdf`: whether the build makes the PDFs (attached
    while they are short enough to be sent)."""
    template = MailTemplate(templates, round_.template, problems)
    attach_pdf = pdf and round_.largest_body <= MAX_BODY_WITH_PDF
    organisations = {o.name: o for o in plan.organisations}
    shown = {o.slug: o for o in public.organisations}
    first_of: dict[tuple[str, str], Participant] = {}  # (address, organisation) -> the row its draft is for
    used: set[str] = set()
    drafts, lines = [], []
    for person in plan.participants:
        document = round_.documents.get(person.organisation)
        documents = () if document is None else (document, _pdf(document)) if pdf else (document,)
        reason = _no_draft(person, document, organisations[person.organisation].wants_review_copy, first_of, problems)
        if reason is not None:
            lines.append(Line(person, None, documents, reason))
            continue
        first_of[(mail_key(person.email), person.organisation)] = person
        organisation = organisations[person.organisation]
        path = f"{SENDING}/{round_.name}/{_file_name(person, organisation, used)}.eml"
        attachments = tuple((f"{round_.attachment_stem}-{organisation.slug}{Path(d).suffix}", d)
                            for d in (documents if attach_pdf else documents[:1]))
        mail = template.render(_context(public, one_line(person.name), shown[organisation.slug],
                                        tuple(name for name, _ in attachments)))
        if mail is not None:
            drafts.append(Draft(path, Mailbox(person.name, person.email.strip()), mail, attachments))
        lines.append(Line(person, path, documents, None))
    if not drafts:  # nobody to write to: the template is checked all the same
        example = public.organisations[0] if public.organisations else PublicOrganisation("", "", 0, False, ())
        template.render(_context(public, "", example, ()))
    if pdf and not attach_pdf and drafts:
        problems.warn(f"{SENDING}/{round_.name}", f"de documenten zijn te lang om hun PDF mee te sturen (tot "
                                                  f"{MAX_BODY_WITH_PDF // 1_000_000} MB tekst in Word: de PDF wordt "
                                                  "dan zo'n 10 MB); de e-mails hebben alleen het Word-bestand, de "
                                                  "PDF staat ernaast in de uitvoer")
    date = dt.datetime.combine(round_.date, SENT_AT, tzinfo=TIME_ZONE)
    return Mailing(round_, Mailbox(plan.proposal.handled_by, plan.review.contact), date, tuple(drafts),
                   tuple(lines))


def _context(public: PublicPlan, name: str, organisation: PublicOrganisation, attachments: tuple[str, ...]) -> dict:
    return {"plan": public, "deelnemer": Recipient(name), "organisatie": organisation, "bijlagen": attachments}


def _pdf(document: str) -> str:
    return document.removesuffix(".docx") + ".pdf"


def _no_draft(person: Participant, document: str | None, wanted: bool, first_of: dict[tuple[str, str], Participant],
              problems: Problems) -> str | None:
    """Why this row gets no draft (for the list), or None when it gets one; `wanted`: whether anyone of the
    organisation wants a copy."""
    if not person.wants_review_copy:
        if document and not wanted:  # the feedback of an organisation that reacted without a copy, say
            return ("wil geen exemplaar (Reviewexemplaar = nee); niemand van deze organisatie wil er een, maar er "
                    "is er wel een (zie Document): stuur het op een andere manier")
        return "wil geen exemplaar (Reviewexemplaar = nee)" + (
            "" if document else "; niemand van deze organisatie wil er een, dus er is er geen")
    if document is None:
        return "voor deze organisatie is geen exemplaar gemaakt"
    if not person.email:
        return "geen e-mailadres: stuur het exemplaar op een andere manier"
    first = first_of.get((mail_key(person.email), person.organisation))
    if first is None:
        return None
    if norm(first.name) != norm(person.name):
        problems.warn(person.source.at("E-mail"), f"hetzelfde e-mailadres als {first.source.at('E-mail')}, maar een "
                                                  f"andere naam; er komt één e-mail voor dit adres, aan de naam op "
                                                  f"{first.source.at('Naam')}: is het een ander persoon, geef dan "
                                                  "elk een eigen e-mailadres")
    return f"hetzelfde e-mailadres en dezelfde organisatie als {first.source}: die rij krijgt de e-mail"


def _file_name(person: Participant, organisation: Organisation, used: set[str]) -> str:
    """From the name, unique in the folder: with the organisation when the name is taken (one person for two
    organisations, or two people of the same name), then numbered."""
    base = slug(person.name, "deelnemer")
    own = f"{base}-{organisation.slug}"
    name = next(c for c in chain([base, own], (f"{own}-{n}" for n in count(2))) if c not in used)
    used.add(name)
    return name
