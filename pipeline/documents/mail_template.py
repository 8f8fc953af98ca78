"""A plain-text e-mail template the team edits in any text editor: `Onderwerp: ...` on the first line,
then the text. It renders in the same sandbox, with the same Dutch filters, as the Word templates."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import jinja2
from jinja2.sandbox import MAX_RANGE, SecurityError

from pipeline.base.problems import Problems, unreadable
from pipeline.documents.drafts import one_line
from pipeline.documents.templates import EXPRESSION_ERRORS, expression_fault, jinja_reason, sandbox

SUBJECT = re.compile(r"^\s*onderwerp\s*:", re.IGNORECASE)


@dataclass(frozen=True)
class MailText:
    subject: str  # on one line
    text: str  # lines ending in a newline


class MailTemplate:
    """One mail template, read and compiled once, rendered once per recipient; its faults are reported
    once each, at the template (and its line, where Jinja knows it)."""

    def __init__(self, templates: Path, name: str, problems: Problems):
        self.location = f"templates/{name}"
        self.problems = problems
        self._reported: set[tuple[str, str]] = set()
        self.parts = self._read(templates / name)  # (subject, text) sources; None when unusable (reported)

    def at(self, line: int | None) -> str:
        return self.location if line is None else f"{self.location}:{line}"

    def error(self, location: str, message: str) -> None:
        """A problem, once: every recipient's text is rendered from the same template."""
        if (location, message) not in self._reported:
            self._reported.add((location, message))
            self.problems.error(location, message)

    def _read(self, path: Path) -> tuple[str, str] | None:
        if not path.is_file():
            self.error(self.location, "bestand ontbreekt")
            return None
        try:
            source = path.read_text(encoding="utf-8-sig")  # Notepad saves a BOM
        except OSError as exc:
            self.error(self.location, unreadable(exc))
            return None
        except UnicodeDecodeError:
            self.error(self.location, "het bestand is geen UTF-8-tekst; sla het op als UTF-8")
            return None
        first, _, rest = source.replace("\r\n", "\n").replace("\r", "\n").partition("\n")
        if not SUBJECT.match(first):
            self.error(self.at(1), "de eerste regel moet het onderwerp zijn, als 'Onderwerp: …'; daaronder komt "
                                   "de tekst van de e-mail")
            return None
        parts = (SUBJECT.sub("", first), "\n" + rest)  # the text keeps its line numbers for the messages
        for part in parts:
            try:
                sandbox([], plain_text=True).from_string(part)
            except jinja2.TemplateSyntaxError as exc:
                self.error(self.at(exc.lineno), f"fout in de sjablooncode: {jinja_reason(exc)}")
                return None
        return parts

    def render(self, context: dict) -> MailText | None:
        """The subject and text for one recipient, or None when the template has faults (reported)."""
        if self.parts is None:
            return None
        faults: list[str] = []
        rendered = []
        for part in self.parts:
            try:
                rendered.append(sandbox(faults, plain_text=True).from_string(part).render(context))
            except SecurityError as exc:  # a refused call: reported like a refused field
                faults.append(jinja_reason(exc))
            except jinja2.TemplateError as exc:  # after what it met before: an unknown field given to a filter
                for fault in dict.fromkeys(faults):
                    self.error(self.location, fault)
                self.error(self.at(getattr(exc, "lineno", None)), f"fout in de sjablooncode: {jinja_reason(exc)}")
                return None
            except OverflowError:  # the sandbox's limit on range()
                self.error(self.location, f"fout in de sjablooncode: range() mag hoogstens {MAX_RANGE:_} getallen "
                                          "maken".replace("_", "."))
                return None
            except EXPRESSION_ERRORS as exc:
                fault = expression_fault(exc)
                if fault is None:
                    raise
                self.error(self.location, fault)
                return None
        for fault in dict.fromkeys(faults):
            self.error(self.location, fault)
        if faults:
            return None
        subject, text = one_line(rendered[0]), rendered[1].strip("\n") + "\n"
        if not subject:
            self.error(self.at(1), "het onderwerp van de e-mail is leeg; zet achter 'Onderwerp:' een tekst")
            return None
        return MailText(subject, text)
