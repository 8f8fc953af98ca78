"""Renders one Word template with docxtpl: escaped text, Dutch filters, and every unknown field reported."""
from __future__ import annotations

import datetime as dt
import hashlib
import html
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, fields, is_dataclass
from pathlib import Path

import jinja2
from docx.opc.pkgwriter import _ContentTypesItem
from docx.oxml.parser import element_class_lookup
from docx.shared import Cm
from docxtpl import DocxTemplate, InlineImage
from jinja2.sandbox import MAX_RANGE, ImmutableSandboxedEnvironment, SecurityError
from lxml import etree
from markupsafe import Markup, escape

from pipeline.base import dutch
from pipeline.base.problems import Problems, suggestion
from pipeline.documents.finalize import NEUTRAL_AUTHOR, finalize_parts, pack
from pipeline.documents.markdown import markdown_to_subdocs
from pipeline.documents.template_blocks import unpaired_block


def literal(value: object) -> Markup:
    """Text exactly as typed: XML-escaped, and braces and percent signs as character references, so
    neither Jinja nor docxtpl's own `{_{` clean-up can ever read input text as template code."""
    if value is None:
        return Markup("")
    if hasattr(value, "__html__"):
        return Markup(value.__html__())
    text = str(value)
    return Markup(str(escape(text)).replace("{", "&#123;").replace("}", "&#125;").replace("%", "&#37;"))


# What a template's own expression raises while it is evaluated (`{{ 1/0 }}`, `{{ 'a' + 1 }}`, a filter given
# arguments it does not take): the template's fault, told as one, never a crash.
EXPRESSION_ERRORS = (ArithmeticError, TypeError, ValueError, LookupError, AttributeError)


def expression_fault(exc: BaseException) -> str | None:
    """The Dutch problem for an error raised by the template's own code, or None when it came from
    elsewhere (a bug of the pipeline, which must keep its traceback)."""
    tb = exc.__traceback__
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    if tb is None or tb.tb_frame.f_code.co_filename != "<template>":
        return None
    return f"fout in de sjablooncode: een uitdrukking in het sjabloon kan niet worden uitgerekend ('{exc}')"


def _template_filter(name: str, format_value):
    """A filter that reports a value of the wrong kind as a template fault, not a crash."""
    def apply(value, *extra):
        if extra:  # `|datum(1)`: our filters take nothing between brackets
            raise jinja2.TemplateRuntimeError(f"het filter '{name}' krijgt geen waarden tussen haakjes; schrijf "
                                              f"alleen '|{name}'")
        try:
            return format_value(value)
        except (TypeError, ValueError, ArithmeticError, AttributeError) as exc:
            raise jinja2.TemplateRuntimeError(f"het filter '{name}' past niet bij de waarde '{value}'") from exc
    return apply


FILTERS = {name: _template_filter(name, f) for name, f in
           {"euro": dutch.euro, "datum": dutch.date, "getal": dutch.number, "procent": dutch.percent}.items()}


@dataclass(frozen=True)
class Picture:
    """A PNG with the alt text that screen readers read out."""

    png: bytes
    alt_text: str


PICTURE_WIDTH_CM = 15.0


class DescribedImage(InlineImage):
    """An inline image with alt text (docxtpl leaves `descr` empty)."""

    def __init__(self, tpl, picture: Picture, width_cm: float):
        super().__init__(tpl, io.BytesIO(picture.png), width=Cm(width_cm))
        self.alt_text = picture.alt_text

    def _insert_image(self):
        xml = super()._insert_image()
        start = xml.index("<wp:inline")  # its namespaces the document declares: left off, as a move of lxml's did
        end = xml.index(">", start)
        xml = xml[:start] + without_declared(xml[start:end], self.tpl.get_docx().element.nsmap) + xml[end:]
        return xml.replace("<wp:docPr ", f'<wp:docPr descr="{html.escape(self.alt_text, quote=True)}" ', 1)


def _recording_undefined(faults: list[str]):
    """An undefined value that records why it is undefined: an unknown field, or one the sandbox refused."""
    class RecordingUndefined(jinja2.ChainableUndefined):
        def __init__(self, hint=None, obj=jinja2.utils.missing, name=None, exc=jinja2.UndefinedError):
            super().__init__(hint, obj, name, exc)
            if exc is SecurityError:  # not a typo but an attempt to leave the plan's fields
                faults.append(_forbidden(name))
            elif name is not None:
                faults.append(f"het sjabloon gebruikt een {_describe(obj, name)}")

    return RecordingUndefined


def _forbidden(name: object) -> str:
    return (f"het sjabloon probeert '{name}' te gebruiken, een onderdeel van Python zelf; dat mag niet: "
            "een sjabloon gebruikt alleen de velden van het plan en de filters")


def _describe(obj: object, name: str) -> str:
    if obj is jinja2.utils.missing or isinstance(obj, jinja2.Undefined):
        return f"onbekend veld '{name}'"
    known = [f.name for f in fields(obj)] if is_dataclass(obj) else (list(obj) if isinstance(obj, dict) else [])
    return f"onbekend veld '{name}'" + (suggestion(name, known) if known else "")


LOOKING_FOR = (r"\. Jinja was looking for the following tags: (.*?)\. "
               r"The innermost block that needs to be closed is '(.*?)'\.?$")
JINJA_REASONS = (  # matched without regard to case: Jinja writes "Unexpected end" and "unexpected end"
    (r"^No filter named '(.*)'\.?$", "onbekend filter '{0}'; bekend zijn " + ", ".join(f"'{n}'" for n in FILTERS)),
    (r"^unexpected '(.*)'$", "onverwacht '{0}'"),
    (r"^unexpected end of template" + LOOKING_FOR, "een '{1}' wordt nergens gesloten: er ontbreekt een 'end{1}'"),
    (r"^unexpected end of template.*", "het sjabloon houdt op midden in een tag: een '{{{{' of '{{%' zonder "
                                       "'}}}}' of '%}}'"),
    (r"^Encountered unknown tag '(.*?)'" + LOOKING_FOR, "'{0}' staat binnen een '{2}' die nog open is: "
                                                        "sluit die eerst met 'end{2}'"),
    (r"^Encountered unknown tag '(end.*?|else|elif)'\.?$", "'{0}' sluit niets af: er is geen blok open"),
    (r"^Encountered unknown tag '(.*?)'.*", "onbekende tag '{0}'"),
    (r"^expected token '(.*?)', got '(.*?)'$", "'{0}' verwacht, maar '{1}' gevonden"),
    (r"^Missing end of comment tag", "een opmerking '{{#' zonder '#}}'"),
)


# Jinja's words for a block left open or closed where none is open (any case: Jinja writes both)
UNPAIRED = re.compile(r"unexpected end of template\. jinja was looking for"
                      r"|encountered unknown tag '(end\w*|else|elif)'", re.IGNORECASE)


def jinja_reason(exc: jinja2.TemplateError) -> str:
    """Jinja's English message in Dutch where we know it; the original, quoted, otherwise."""
    if isinstance(exc, SecurityError):
        found = re.search(r"attribute '(.*?)'", str(exc))
        return _forbidden(found.group(1) if found else str(exc))
    if isinstance(exc, jinja2.TemplateNotFound):
        return f"een sjabloon kan geen ander bestand invoegen ('{exc.name}')"
    message = getattr(exc, "message", None) or str(exc)
    for pattern, in_dutch in JINJA_REASONS:
        match = re.match(pattern, message, re.IGNORECASE)
        if match:
            return in_dutch.format(*match.groups())
    return message if isinstance(exc, jinja2.TemplateRuntimeError) else f"'{message}'"


class _Converted:
    """A text converted and attached to a template: prints as its finished subdocument XML."""

    def __init__(self, xml: str):
        self.xml = xml

    def __html__(self) -> str:
        return self.xml


class _Environment(ImmutableSandboxedEnvironment):
    """Sandboxed: a template (one from a mailbox, say) reaches only the fields and filters it is given,
    never Python's insides (`__globals__`, `__class__`, ...), and cannot change the plan. Compiles a
    template's source once per process: the review renders the concept twice. The undefined class, which
    differs, is looked up when rendering; the options that change the compiled code are in the key."""

    _compiled: dict[tuple, object] = {}
    # The sandbox's verdict on an attribute depends on the object's type and the attribute's name only
    # (`isinstance` tests and the name): asked once per pair, not for each of the half million reads of
    # a 10,000-item render, where asking took 0.15 s of its 2.4 s.
    _verdicts: dict[tuple[type, str], bool] = {}

    def is_safe_attribute(self, obj, attr, value):
        key = (type(obj), attr)
        if key not in self._verdicts:
            self._verdicts[key] = super().is_safe_attribute(obj, attr, value)
        return self._verdicts[key]

    def compile(self, source, name=None, filename=None, raw=False, defer_init=False):
        if raw or not isinstance(source, str):
            return super().compile(source, name, filename, raw, defer_init)
        key = (source, name, filename, defer_init, self.autoescape, self.trim_blocks, self.lstrip_blocks)
        if key not in self._compiled:
            if len(self._compiled) >= 64:
                self._compiled.clear()
            self._compiled[key] = super().compile(source, name, filename, raw, defer_init)
        return self._compiled[key]


def sandbox(faults: list[str], *, plain_text: bool = False) -> _Environment:
    """The environment every template renders in, recording unknown and refused fields in `faults`: for
    Word's XML, every value escaped (`literal`); for a plain-text template (an e-mail), values as they are,
    and a line that holds only a `{% tag %}` leaves no empty line behind."""
    options = dict(finalize=_as_text, autoescape=False, trim_blocks=True, lstrip_blocks=True,
                   keep_trailing_newline=True) if plain_text else dict(finalize=literal, autoescape=True)
    env = _Environment(undefined=_recording_undefined(faults), loader=jinja2.DictLoader({}),  # no file is read
                       **options)
    env.filters.update(FILTERS)
    return env


def _as_text(value: object) -> object:
    return "" if value is None else value


# What docxtpl's resolve_listing rewrites: \t, \n, \a and \f in a paragraph's text become Word's own
# tab, line break, paragraph and page break
LISTING_CHARACTERS = re.compile("[\t\n\a\f]")
PARAGRAPH = re.compile(r"<w:p(?: [^>]*)?>.*?</w:p>", re.DOTALL)  # docxtpl's own pattern for a paragraph
BODY = re.compile(r"<w:body\b[^>]*?(?:/>|>.*</w:body>)", re.DOTALL)
DECLARATION = re.compile(r'\s+xmlns:(\w+)="([^"]*)"')
WITH_DOCX_CLASSES = etree.XMLParser(recover=True)  # docxtpl's own parser options, python-docx's classes
WITH_DOCX_CLASSES.set_element_class_lookup(element_class_lookup)


class _Template(DocxTemplate):
    """docxtpl's template, with its listing pass limited to the paragraphs it changes: docxtpl rewrote
    every paragraph of the document through three nested regular expressions (0.9 s of each 25 MB render
    at 10,000 items, most paragraphs holding none of the four characters). Each paragraph that holds one
    goes through docxtpl's own pass as before, so the result is the same text."""

    def resolve_listing(self, xml):
        if not LISTING_CHARACTERS.search(xml):
            return xml
        resolve = super().resolve_listing
        return PARAGRAPH.sub(lambda m: resolve(m.group(0)) if LISTING_CHARACTERS.search(m.group(0)) else m.group(0),
                             xml)

    # docxtpl parses the rendered body into a document of its own and then moves it into the template's
    # document, which makes lxml visit every element to re-point its namespaces (1.1 s for the 15 MB body
    # of a 10,000-item concept, where parsing it takes 0.2 s). Here the body is parsed inside a copy of the
    # template's own root element and that root replaces the template's: nothing is moved. The namespace
    # declarations the root already makes are left off the body's tag, as lxml's move left them off.
    # docxtpl fixes the tables' columns on a tree of plain elements; that tree is read once more with
    # python-docx's element classes, which docxtpl's later steps use (0.3 s in all: still a third).

    def fix_tables(self, xml):
        return super().fix_tables(self._in_own_root(xml))

    def map_tree(self, tree):
        root = etree.fromstring(etree.tostring(tree), WITH_DOCX_CLASSES)
        self.docx._element = self.docx._part._element = root  # noqa: SLF001 (python-docx keeps them here)

    def _in_own_root(self, body: str) -> str:
        root = self.docx._element  # noqa: SLF001
        template = etree.tostring(root, encoding="unicode")
        found = BODY.search(template)
        tag_end = body.index(">")
        return template[:found.start()] + without_declared(body[:tag_end], root.nsmap) + body[tag_end:] + \
            template[found.end():]


def saved_parts(document) -> dict[str, bytes]:
    """The parts python-docx saves `document` as, without the zip around them, which finalize_parts
    would unpack again at once (deflating and inflating a 15 MB document.xml took 0.25 s). As python-docx's
    own PackageWriter writes them: the content types, the package's relationships, then each part and its
    relationships."""
    package = document.part.package
    parts = package.parts
    for part in parts:
        part.before_marshal()
    saved = {"[Content_Types].xml": _ContentTypesItem.from_parts(parts).blob, "_rels/.rels": package.rels.xml}
    for part in parts:
        saved[part.partname.membername] = part.blob
        if len(part.rels):
            saved[part.partname.rels_uri.membername] = part.rels.xml
    return saved


def without_declared(tag: str, declared: dict) -> str:
    """An element's start tag without the namespace declarations that `declared` makes alike."""
    return DECLARATION.sub(lambda m: "" if declared.get(m.group(1)) == m.group(2) else m.group(0), tag)


# The last template with its Markdown attached (key -> saved .docx, subdocument XML): the review
# renders the concept twice (plain, and marked for the organisation copies), converting once.
_prepared: dict[tuple, tuple[bytes, list[str]]] = {}


class Renderer:
    """One template, rendered once into finished .docx bytes; template faults go to `problems`."""

    def __init__(self, templates: Path, name: str, problems: Problems, convert: bool = True):
        self.location = f"templates/{name}"
        self.convert = convert  # False: Markdown texts stay empty (a check of the template needs no pandoc)
        self.path = templates / name
        self.template = _Template(self.path)
        self.problems = problems

    def markdown(self, texts: Sequence[str], shift_headings: int = 0, keep: bool = False) -> list:
        """The texts as subdocuments of this template (call before `render`). With `keep`, the template
        with the texts attached is kept, and the same template with the same texts again reuses it:
        pandoc runs once for both."""
        texts = list(texts)
        if not self.convert:
            return [_Converted("") for _ in texts]
        key = (hashlib.sha256(self.path.read_bytes()).hexdigest(), tuple(texts), shift_headings)
        if key in _prepared:
            docx, xml = _prepared[key]
            self.template = _Template(io.BytesIO(docx))
            return [_Converted(x) for x in xml]
        xml = [s.__html__() for s in markdown_to_subdocs(self.template, texts, shift_headings=shift_headings)]
        if keep:
            buffer = io.BytesIO()
            self.template.get_docx().save(buffer)
            _prepared.clear()
            _prepared[key] = (buffer.getvalue(), xml)
        return [_Converted(x) for x in xml]

    def render(self, context: dict, *, title: str, created: dt.date, author: str = NEUTRAL_AUTHOR,
               properties: dict[str, str] | None = None) -> bytes | None:
        """The finished document, or None when the template has faults (reported). A `Picture` in
        the context is placed as an image with its alt text; `properties` are its custom properties."""
        parts = self.render_parts(context, title=title, created=created, author=author, properties=properties)
        return None if parts is None else pack(parts)

    def render_parts(self, context: dict, *, title: str, created: dt.date, author: str = NEUTRAL_AUTHOR,
                     properties: dict[str, str] | None = None) -> dict[str, bytes] | None:
        """`render`, the finished document's parts unpacked (part name -> bytes)."""
        context = {name: DescribedImage(self.template, value, PICTURE_WIDTH_CM) if isinstance(value, Picture)
                   else value for name, value in context.items()}
        faults: list[str] = []
        env = sandbox(faults)
        try:
            self.template.render(context, jinja_env=env, autoescape=True)
        except SecurityError as exc:  # a refused call (`jaren.append(...)`): reported like a refused field
            faults.append(jinja_reason(exc))
        except jinja2.TemplateError as exc:
            unpaired = self._unpaired() if UNPAIRED.match(getattr(exc, "message", None) or "") else None
            self.problems.error(self.location, f"fout in de sjablooncode: {unpaired or jinja_reason(exc)}")
            return None
        except OverflowError:  # the sandbox's limit on range(): a template cannot keep the build busy
            self.problems.error(self.location, f"fout in de sjablooncode: range() mag hoogstens "
                                               f"{MAX_RANGE:_} getallen maken".replace("_", "."))
            return None
        except EXPRESSION_ERRORS as exc:
            fault = expression_fault(exc)
            if fault is None:
                raise
            self.problems.error(self.location, fault)
            return None
        for message in dict.fromkeys(faults):
            self.problems.error(self.location, message)
        if faults:
            return None
        self.template.pre_processing()  # what DocxTemplate.save does before python-docx saves
        return finalize_parts(saved_parts(self.template.docx), title=title, created=created, author=author,
                              properties=properties)

    def _unpaired(self) -> str | None:
        """A loop or condition of the part that failed to compile that is left open or closed twice."""
        part = getattr(self.template, "current_rendering_part", None)
        element = getattr(part, "_element", None)
        xml = etree.tostring(element) if element is not None else getattr(part, "blob", None)
        if not xml:
            return None
        styles = etree.tostring(self.template.docx.styles.element)
        return unpaired_block(xml, styles, str(getattr(part, "partname", "")))
