"""E-mail drafts as standard .eml files (RFC 5322, MIME) that Outlook and Thunderbird open ready to send.

Built with the standard library's `email` package. `X-Unsent: 1` makes Outlook open the file as a new
message, not as a received one. Nothing comes from the clock or from chance: the Date is given, the
Message-ID is a hash of the content, and the MIME boundary is set (the package would pick a random one).
"""
from __future__ import annotations

import base64
import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from email import policy
from email.header import Header
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime
from functools import lru_cache

# By extension, fixed here: `mimetypes` reads the machine's own tables, which differ between machines
MEDIA_TYPES = {
    ".docx": ("application", "vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ".pdf": ("application", "pdf"),
    ".xlsx": ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ".txt": ("text", "plain"),
}
OTHER_MEDIA_TYPE = ("application", "octet-stream")


class _DraftPolicy(policy.EmailPolicy):
    """policy.SMTP, except that a name beyond plain words, or a subject beyond ASCII, is encoded whole, its
    spaces inside the encoded words. The modern folder puts a space between two encoded words, where RFC 2047
    readers drop it (CPython gh-144156, fixed only in later Pythons); and where it folds a long name that
    needs quotes, it drops them: a name holding `<w:t>` became the address `w`."""

    def fold(self, name: str, value) -> str:
        return self._whole(name, value) or super().fold(name, value)

    def fold_binary(self, name: str, value) -> bytes:
        whole = self._whole(name, value)
        return whole.encode("ascii") if whole else super().fold_binary(name, value)

    def _whole(self, name: str, value) -> str | None:
        if name == "Subject" and not str(value).isascii():
            return f"{name}: {self._encoded(name, str(value))}{self.linesep}"
        if name not in ("From", "To"):
            return None
        (address,) = value.addresses
        if _plain_words(address.display_name):
            return None
        return f"{name}: {self._encoded(name, address.display_name)} <{address.addr_spec}>{self.linesep}"

    def _encoded(self, name: str, text: str) -> str:
        return Header(text, "utf-8", header_name=name).encode(linesep=self.linesep)


def _plain_words(text: str) -> bool:
    """Whether a display name is ASCII words only, which the package writes as they are."""
    return text.isascii() and text.isprintable() and not set(text) & set('()<>[]:;@\\,."=?')


DRAFT_POLICY = _DraftPolicy(linesep="\r\n")  # as policy.SMTP: CRLF line ends, headers in 7-bit ASCII


@dataclass(frozen=True)
class Mailbox:
    """A name and an address that has been checked (see pipeline.reading.addresses)."""

    name: str
    address: str


@dataclass(frozen=True)
class Attachment:
    filename: str  # ASCII letters, digits, hyphens and a dot: every mail program shows it as it is
    data: bytes


def ascii_domain(domain: str) -> str:
    """A domain as mail headers carry it: one with accents (bücher.de) in its ASCII form (xn--bcher-kva.de)."""
    return domain if domain.isascii() else domain.encode("idna").decode("ascii")


def one_line(text: str) -> str:
    """A header value: a name or subject typed with line breaks or runs of spaces, on one line."""
    return " ".join(text.split())


def _address(mailbox: Mailbox) -> Address:
    user, domain = mailbox.address.strip().rsplit("@", 1)
    return Address(one_line(mailbox.name), user, ascii_domain(domain))


def draft(sender: Mailbox, recipient: Mailbox, subject: str, text: str, attachments: Sequence[Attachment],
          date: dt.datetime) -> bytes:
    """One unsent message from `sender` to `recipient`, the text as plain UTF-8, the attachments after it."""
    digest = hashlib.sha256()
    for part in (sender.name, sender.address, recipient.name, recipient.address, subject, text, date.isoformat()):
        digest.update(part.encode("utf-8", "surrogatepass") + b"\0")
    for attachment in attachments:
        digest.update(attachment.filename.encode("utf-8") + b"\0" + _sha256(attachment.data))
    token = digest.hexdigest()
    message = EmailMessage(policy=DRAFT_POLICY)
    message["From"] = _address(sender)
    message["To"] = _address(recipient)
    message["Subject"] = one_line(subject)
    message["Date"] = format_datetime(date)
    message["Message-ID"] = f"<{token[:40]}@{ascii_domain(sender.address.rsplit('@', 1)[1])}>"
    message["X-Unsent"] = "1"
    # quoted-printable: plain ASCII for the transport, readable, and a line may be as long as a paragraph
    message.set_content(text.replace("\r\n", "\n"), charset="utf-8", cte="quoted-printable")
    # each attachment's data is a stand-in first, swapped for the real data's base64 at the end: the package
    # encodes in Python, 57 bytes a line, and the same copy goes to every participant of an organisation
    stand_ins = [f"{token}:{number}".encode() for number in range(len(attachments))]
    for attachment, stand_in in zip(attachments, stand_ins):
        suffix = attachment.filename[attachment.filename.rfind("."):].lower() if "." in attachment.filename else ""
        maintype, subtype = MEDIA_TYPES.get(suffix, OTHER_MEDIA_TYPE)
        message.add_attachment(stand_in, maintype=maintype, subtype=subtype, filename=attachment.filename)
    for part in message.iter_parts():
        del part["MIME-Version"]  # the package repeats it in each part; it belongs in the message's header only
    if message.is_multipart():
        # `=_` never occurs in a quoted-printable or base64 body: the boundary cannot clash with the content
        message.set_boundary(f"=_plan-a_{token[40:64]}")
    data = message.as_bytes()
    for attachment, stand_in in zip(attachments, stand_ins):
        data = data.replace(_base64(stand_in), _base64(attachment.data), 1)
    return data


@lru_cache(maxsize=4)  # the attachments of the drafts in hand: a copy of 10,000 items' PDF is 56 MB
def _base64(data: bytes) -> bytes:
    """`data` as the package writes an attachment: base64 in lines of 76 characters, CRLF after each."""
    return base64.encodebytes(data).replace(b"\n", b"\r\n")


@lru_cache(maxsize=4)
def _sha256(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()
