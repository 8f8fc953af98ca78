"""Whether a typed e-mail address is one a mail program can send to, and if not, why, in Dutch."""
from __future__ import annotations

import email.errors
import re
from email.headerregistry import Address
from email.utils import parseaddr

from pipeline.documents.drafts import ascii_domain

# Why a text is no e-mail address, in the words of the message (each also in the guide's section 5)
ADDRESS_REASONS = {
    "name": "typ alleen het adres, zonder naam of punthaken: '{0}'",
    "mailto": "typ het adres zonder 'mailto:' ervoor: '{0}'",
    "several": "er staan meer adressen in één cel; geef elke rij één adres",
    "space": "er staat een spatie in; een e-mailadres heeft geen spaties",
    "no_at": "er staat geen @ in",
    "two_at": "er staat meer dan één @ in",
    "no_user": "er staat niets vóór de @",
    "no_domain": "er staat niets na de @",
    "no_dot": "het deel na de @ ('{0}') heeft geen punt, zoals in example.nl",
    "dots": "er staan twee punten achter elkaar, of een punt aan het begin of eind van een deel",
    "domain": "het deel na de @ ('{0}') kan geen domein zijn: dat heeft alleen letters, cijfers en "
              "koppeltekens, met punten ertussen",
    "accent": "vóór de @ staan letters met accenten of andere bijzondere tekens; dat kunnen veel "
              "mailprogramma's niet versturen",
    "other": "er staan tekens in die niet in een e-mailadres kunnen",
}
# a label of a domain name: letters (also with accents: bücher.de), digits and hyphens, not at either end
DOMAIN_LABEL = re.compile(r"[^\W_](?:[^\W_]|-)*(?<!-)")


def address_problem(text: str) -> str | None:
    """Why `text` is not an e-mail address a draft can be sent to, or None when it is one."""
    text = text.strip()
    if "<" in text or ">" in text:  # copied from a mail program: `Anne de Vries <anne@example.org>`
        inside = parseaddr(text)[1]
        return ADDRESS_REASONS["name"].format(inside) if inside and address_problem(inside) is None \
            else ADDRESS_REASONS["other"]
    if text.casefold().startswith("mailto:"):
        return ADDRESS_REASONS["mailto"].format(text[len("mailto:"):].strip())
    if text.count("@") > 1 and re.search(r"[;,]|@\S*\s+\S*@", text):
        return ADDRESS_REASONS["several"]
    if "@" not in text:
        return ADDRESS_REASONS["no_at"]
    if re.search(r"\s", text):
        return ADDRESS_REASONS["space"]
    if text.count("@") > 1:
        return ADDRESS_REASONS["two_at"]
    user, domain = text.split("@")
    if not user:
        return ADDRESS_REASONS["no_user"]
    if not domain:
        return ADDRESS_REASONS["no_domain"]
    if "." not in domain.strip("."):
        return ADDRESS_REASONS["no_dot"].format(domain)
    if ".." in text or user.startswith(".") or user.endswith(".") or domain.startswith(".") or domain.endswith("."):
        return ADDRESS_REASONS["dots"]
    if not all(DOMAIN_LABEL.fullmatch(label) for label in domain.split(".")):
        return ADDRESS_REASONS["domain"].format(domain)
    if not user.isascii():
        return ADDRESS_REASONS["accent"]
    return None if _parses(user, domain) else ADDRESS_REASONS["other"]


def _parses(user: str, domain: str) -> bool:
    """What the standard library's parser makes of it: one plain addr-spec, nothing left over, and a domain
    that survives the conversion to ASCII that drafts use for one with accents (IDNA)."""
    try:
        parsed = Address(addr_spec=f"{user}@{domain}")
        ascii_domain(domain)
    except (ValueError, IndexError, email.errors.HeaderParseError, UnicodeError):
        return False
    return parsed.username == user and parsed.domain == domain and bool(
        re.fullmatch(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+", user))

