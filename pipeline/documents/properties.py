"""Word's custom document properties (docProps/custom.xml): written into a package, read back from one.

Word shows them under File > Properties > Custom, and Word and LibreOffice keep them when they save a
document again (a LibreOffice re-save sorts them by name and numbers them anew: read them by name).
"""
from __future__ import annotations

from lxml import etree

PART = "docProps/custom.xml"
NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
VT = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
REL_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
FORMAT_ID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"  # the one Word gives every user-defined property
FIRST_PID = 2  # pid 0 and 1 are reserved
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"


def custom_properties_xml(properties: dict[str, str]) -> bytes:
    """docProps/custom.xml with each property as a text property, in the order given."""
    root = etree.Element(f"{{{NS}}}Properties", nsmap={None: NS, "vt": VT})
    for pid, (name, value) in enumerate(properties.items(), FIRST_PID):
        prop = etree.SubElement(root, f"{{{NS}}}property", fmtid=FORMAT_ID, pid=str(pid), name=name)
        etree.SubElement(prop, f"{{{VT}}}lpwstr").text = value
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def add_custom_properties(parts: dict[str, bytes], properties: dict[str, str]) -> None:
    """Puts docProps/custom.xml into a package's parts (by name), with its relationship and content type."""
    parts[PART] = custom_properties_xml(properties)
    rels = etree.fromstring(parts["_rels/.rels"])
    if not any(r.get("Type") == REL_TYPE for r in rels):
        etree.SubElement(rels, f"{{{RELS}}}Relationship", Id="rIdPlanACustom", Type=REL_TYPE, Target=PART)
        parts["_rels/.rels"] = etree.tostring(rels, xml_declaration=True, encoding="UTF-8", standalone=True)
    types = etree.fromstring(parts["[Content_Types].xml"])
    if not any(o.get("PartName") == f"/{PART}" for o in types):
        etree.SubElement(types, f"{{{TYPES}}}Override", PartName=f"/{PART}", ContentType=CONTENT_TYPE)
        parts["[Content_Types].xml"] = etree.tostring(types, xml_declaration=True, encoding="UTF-8",
                                                      standalone=True)


def read_custom_properties(data: bytes | None) -> dict[str, str]:
    """The text of each custom property by name; {} when there is no such part or it cannot be read."""
    if not data:
        return {}
    try:
        root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError:
        return {}
    found = {}
    for prop in root.iterfind(f"{{{NS}}}property"):
        value = next(iter(prop), None)
        if prop.get("name") and value is not None:
            found[prop.get("name")] = (value.text or "").strip()
    return found
