"""Which case and which record a review copy comes from: the marks every copy carries inside itself.

People rename files, so a returned copy must say from inside whose it is. Every review document carries
Word custom document properties (docProps/custom.xml, kept by Word and by LibreOffice on a re-save):

    PlanA-zaak        the case id: stable over every record of one case (voordracht.toml may change)
    PlanA-verzending  the record id: a fingerprint of the plan model the copy was made from
    PlanA-exemplaar   the organisation's slug (only in an organisation's copy, not in the concept)
    PlanA-organisatie the organisation's name as the copy prints it (for a person who looks)

The case id is made once, from the inputs, and kept in every record (plan.json `case_id`): once a case
has a record, its case id comes from there. The record id is the fingerprint of plan.json without the
round trip's own state (`reactions`, `record`), so that every build of the same plan gives the same id,
also after reactions came in, and the record in inputs/verzonden/ gives it again. A copy of another
case has another case id; a copy of an earlier record of this case has its case id and the id of a
record in verzonden/eerder-N/.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass

CASE = "PlanA-zaak"
RECORD = "PlanA-verzending"
COPY = "PlanA-exemplaar"
ORGANISATION = "PlanA-organisatie"
ROUND_TRIP_FIELDS = ("reactions", "record")  # plan.json fields the record id and the plan as sent leave out


@dataclass(frozen=True)
class Identity:
    """The case and the record a document comes from."""

    case_id: str
    record_id: str


@dataclass(frozen=True)
class CopyIdentity:
    """What a returned document says about itself; `slug` is None for the concept (no organisation)."""

    case_id: str
    record_id: str
    slug: str | None
    organisation: str | None


def new_case_id(subject: str, days: tuple[dt.date, ...]) -> str:
    """A case id for a case without a record yet: from its subject and its workshop days."""
    text = "\n".join([" ".join(subject.split()), *(d.isoformat() for d in days)])
    return "PA-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:10].upper()


def record_id(plain_plan: dict) -> str:
    """The fingerprint of a plan model (plan.json as data), without the round trip's own fields."""
    kept = {key: value for key, value in plain_plan.items() if key not in ROUND_TRIP_FIELDS}
    text = json.dumps(kept, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def copy_properties(identity: Identity, slug: str | None = None, organisation: str | None = None) -> dict[str, str]:
    """The custom document properties of a review document (the concept: no slug, no organisation)."""
    found = {CASE: identity.case_id, RECORD: identity.record_id}
    if slug is not None:
        found |= {COPY: slug, ORGANISATION: organisation or ""}
    return found


def identity_of(properties: dict[str, str]) -> CopyIdentity | None:
    """The identity a document's custom properties hold, or None when it carries none of ours."""
    if not properties.get(CASE) or not properties.get(RECORD):
        return None
    return CopyIdentity(properties[CASE], properties[RECORD], properties.get(COPY) or None,
                        properties.get(ORGANISATION) or None)
