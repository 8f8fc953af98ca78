"""docxtpl's composer, which attaches a converted text's styles, numbering and links to a template, with its
slow steps made fast and the attached documents the same bytes (tests/test_docx_machinery.py renders with
the libraries' own classes and compares)."""
from __future__ import annotations

import copy

from docx.oxml import CT_SectPr
from docx.oxml.ns import qn
from docx.styles import BabelFish
from docxcompose.properties import CustomProperties
from docxcompose.utils import xpath
from docxtpl.subdoc import SubdocComposer


class Composer(SubdocComposer):
    """docxtpl's composer, which attaches a text's styles, numbering and links to the template, with two
    methods made fast: docxcompose's `add_styles` listed every style of the template through python-docx's
    style objects for each paragraph of each text and again for each style it used, and its style mapping
    made an object of each style of both documents for each text (two thirds of a conversion's time, then
    half of what was left). Here the lists are read from the XML, the same ids and names in the same order,
    and the template's list is read again only when a style was added to it, so the attached documents are
    the same bytes. The rest of `add_styles` is docxcompose 2.2.0's, without its `preserve_styles` branch,
    which a subdocument never uses."""

    _known: tuple[object, int, frozenset[str | None]] | None = None

    def attach_parts(self, doc, remove_property_fields=True):
        """docxtpl 0.20's `attach_parts`, each step of its loop over the body's elements taken only for the
        elements that hold what the step looks for (found with one search of the whole body per step, not one
        per element): without it, each step returns at once, having changed nothing."""
        self.reset_reference_mapping()
        if remove_property_fields:
            properties = CustomProperties(doc)
            for name in properties.keys():
                properties.dissolve_fields(name)
        self._create_style_id_mapping(doc)
        body = doc.element.body
        steps = [(_holding(body, found), step) for found, step in (
            (".//*[@r:id]", lambda el: self.add_referenced_parts(doc.part, self.doc.part, el)),
            (".//w:tblStyle|.//w:pStyle|.//w:rStyle", lambda el: self.add_styles(doc, el)),
            (".//w:numId", lambda el: self.add_numberings(doc, el)),
            (".//w:pStyle", lambda el: self.restart_first_numbering(doc, el)),
            ("(.//a:blip|.//asvg:svgBlip)[@r:embed]", lambda el: self.add_images(doc, el)),
            (".//dgm:relIds[@r:dm]", lambda el: self.add_diagrams(doc, el)),
            (".//v:shape/v:imagedata", lambda el: self.add_shapes(doc, el)),
            (".//w:footnoteReference", lambda el: self.add_footnotes(doc, el)),
            (".//w:headerReference|.//w:footerReference", lambda el: self.remove_header_and_footer_references(doc, el)),
        )]
        for element in body:
            if isinstance(element, CT_SectPr):
                continue
            for holding, step in steps:
                if element in holding:
                    step(element)
        self.add_styles_from_other_parts(doc)
        self.renumber_bookmarks()
        self.renumber_docpr_ids()
        self.renumber_nvpicpr_ids()
        self.fix_section_types(doc)

    def _create_style_id_mapping(self, doc):
        # docxcompose: {s.style_id: s.name for s in doc.styles}, {s.name: s.style_id for s in self.doc.styles}
        self._style_id2name = dict(_style_names(doc))
        self._style_name2id = {name: style_id for style_id, name in _style_names(self.doc)}

    def _our_style_ids(self) -> frozenset[str | None]:
        """The template's style ids; styles are only ever added (appended), so an unchanged count is an
        unchanged list."""
        styles = self.doc.styles.element
        if self._known is None or self._known[0] is not styles or self._known[1] != len(styles):
            self._known = (styles, len(styles), frozenset(_style_ids(self.doc)))
        return self._known[2]

    def add_styles(self, doc, element):
        our_style_ids = self._our_style_ids()
        used_style_ids = list(dict.fromkeys(e.val for e in xpath(element, ".//w:tblStyle|.//w:pStyle|.//w:rStyle")))
        for style_id in used_style_ids:
            our_style_id = self.mapped_style_id(style_id)
            if our_style_id not in our_style_ids:
                style_element = copy.deepcopy(doc.styles.element.get_by_id(style_id))
                if style_element is not None:
                    self.doc.styles.element.append(style_element)
                    self.add_numberings(doc, style_element)
                    self.add_linked_styles(doc, style_element)
            else:
                self._map_abstract_numbering(doc, style_id, our_style_id)
            if our_style_id != style_id and our_style_id is not None:  # a language-specific style id
                for el in xpath(element, f'.//w:tblStyle[@w:val="{style_id}"]|.//w:pStyle[@w:val="{style_id}"]|'
                                         f'.//w:rStyle[@w:val="{style_id}"]'):
                    el.val = our_style_id
            our_style_ids = self._our_style_ids()

    def _map_abstract_numbering(self, doc, style_id: str, our_style_id: str) -> None:
        """A style both have that numbers its paragraphs: its numbering is the template's, not a copy."""
        style_element = doc.styles.element.get_by_id(style_id)
        num_ids = xpath(style_element, ".//w:numId/@w:val") if style_element is not None else []
        if not num_ids:
            return
        anum_ids = xpath(doc.part.numbering_part.element,
                         f'.//w:num[@w:numId="{num_ids[0]}"]/w:abstractNumId/@w:val')
        if not anum_ids:
            return
        our_num_ids = xpath(self.doc.styles.element.get_by_id(our_style_id), ".//w:numId/@w:val")
        if our_num_ids:
            our_anum_ids = xpath(self.numbering_part().element,
                                 f'.//w:num[@w:numId="{our_num_ids[0]}"]/w:abstractNumId/@w:val')
            if our_anum_ids:
                self.anum_id_mapping[int(anum_ids[0])] = int(our_anum_ids[0])


def _holding(body, path: str) -> set:
    """The body's elements that hold a match of `path` (a search below each of them, `.//...`); a superset
    when the match is an element of the body itself."""
    held = set()
    for node in xpath(body, path):
        while node.getparent() is not None and node.getparent() is not body:
            node = node.getparent()
        held.add(node)
    return held


def _style_ids(document) -> list[str | None]:
    """The ids of a document's styles, in order: what `[s.style_id for s in document.styles]` gives."""
    return [style.get(qn("w:styleId")) for style in document.styles.element.findall(qn("w:style"))]


def _style_names(document) -> list[tuple[str | None, str | None]]:
    """(id, name) of each of a document's styles, in order, as python-docx's style objects give them: the
    name as Word's user interface shows it ('heading 1' is 'Heading 1')."""
    found = []
    for style in document.styles.element.findall(qn("w:style")):
        name = style.find(qn("w:name"))
        value = None if name is None else name.get(qn("w:val"))
        found.append((style.get(qn("w:styleId")), None if value is None else BabelFish.internal2ui(value)))
    return found
