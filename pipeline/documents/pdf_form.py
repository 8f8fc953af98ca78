"""The one canonical form of every PDF Plan A writes, and the join of a copy's own front pages to a shared PDF.

LibreOffice numbers a PDF's objects in an order that can change from run to run (font subsets under
load), writes the clock into its dates and a random /ID. qpdf (through pikepdf) writes the objects again
in the order it reaches them from the trailer, which depends on the content only, with an /ID made from
the content; the dates come from the document.
"""
from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from xml.sax.saxutils import escape

import pikepdf
from pikepdf import Array, Dictionary, Name

_XMP_DATE = re.compile(rb"(<xmp:(?:CreateDate|ModifyDate|MetadataDate)>)[^<]*")
_XMP_TITLE = re.compile(rb"(<dc:title>\s*<rdf:Alt>\s*<rdf:li[^>]*>)(.*?)(</rdf:li>)", re.S)


def write_canonical(pdf: pikepdf.Pdf, target: Path, when: datetime | None) -> None:
    """Save `pdf` as `target` in the canonical form: objects in content order, dates from `when`, /ID from the
    content, every page with links in the tab order of its structure (PDF/UA)."""
    info = pdf.trailer.get("/Info")
    if info is not None:
        for key in ("/CreationDate", "/ModDate"):
            if key in info:
                del info[key]
        if when is not None:
            info.CreationDate = info.ModDate = when.strftime("D:%Y%m%d%H%M%SZ")
    _fix_metadata(pdf, when)
    for key in ("/ID", "/DocChecksum"):  # qpdf keeps an /ID's first half: without it, both come from the content
        if key in pdf.trailer:
            del pdf.trailer[key]
    for page in pdf.pages:
        if "/Annots" in page.obj:
            page.obj.Tabs = Name.S  # LibreOffice 7.4 writes the string (S), PDF/UA wants the name /S
    pdf.save(target, deterministic_id=True, stream_decode_level=pikepdf.StreamDecodeLevel.none,
             object_stream_mode=pikepdf.ObjectStreamMode.preserve, fix_metadata_version=False,
             compress_streams=False, recompress_flate=False)


def _fix_metadata(pdf: pikepdf.Pdf, when: datetime | None) -> None:
    """The XMP dates from `when` (else none), and the title as the document info says it: LibreOffice 7.4
    escapes it twice there (`&amp;amp;`), and screen readers read that title."""
    metadata = pdf.Root.get("/Metadata")
    if metadata is None:
        return
    data = metadata.read_bytes()
    iso = when.strftime("%Y-%m-%dT%H:%M:%SZ").encode() if when is not None else None
    data = _XMP_DATE.sub(lambda m: m.group(1) + iso, data) if iso else re.sub(
        rb"\s*<xmp:(CreateDate|ModifyDate|MetadataDate)>[^<]*</xmp:\1>", b"", data)
    title = pdf.trailer.get("/Info", Dictionary()).get("/Title")
    if title is not None:
        text = escape(str(title)).encode("utf-8")
        data = _XMP_TITLE.sub(lambda m: m.group(1) + text + m.group(3), data, count=1)
    metadata.write(data)


def join_front(front: Path, shared: Path) -> pikepdf.Pdf:
    """A copy's PDF: the pages of `front` (numbered i, ii, ...) before those of `shared` (1, 2, ...), one
    structure tree, one outline, the front's title and metadata. Returns the open result (the caller saves it)."""
    whole = pikepdf.open(shared)
    with pikepdf.open(front) as own:
        count = len(own.pages)
        offset = _next_parent_key(whole.Root.StructTreeRoot)
        _detach_top_level(own)
        for index, page in enumerate(own.pages):
            whole.pages.insert(index, page)
        for page in whole.pages[:count]:
            _shift_struct_parents(page.obj, offset)
        _join_structure(whole, own, offset)
        _join_outlines(whole, own)
        whole.Root.PageLabels = Dictionary(Nums=Array([0, Dictionary(S=Name.r),
                                                       count, Dictionary(S=Name.D, St=1)]))
        whole.Root.OpenAction = Array([whole.pages[0].obj, Name.XYZ, None, None, 0])
        whole.trailer.Info = whole.copy_foreign(own.trailer.Info) if "/Info" in own.trailer else Dictionary()
        if "/Metadata" in own.Root:
            whole.Root.Metadata = whole.make_stream(own.Root.Metadata.read_bytes(),
                                                    Type=Name.Metadata, Subtype=Name.XML)
    return whole


def own_pages(path: Path) -> int | None:
    """How many pages a copy's PDF (made by `join_front`) has before the shared ones; None for any other PDF."""
    try:
        with pikepdf.open(path) as pdf:
            labels = pdf.Root.get("/PageLabels", Dictionary()).get("/Nums", Array())
            if len(labels) == 4 and labels[1].get("/S") == Name.r and labels[3].get("/S") == Name.D:
                return int(labels[2])
    except pikepdf.PdfError:
        pass
    return None


def _next_parent_key(tree_root: pikepdf.Object) -> int:
    keys = [key for key, _ in _number_tree(tree_root.ParentTree)]
    return max(int(tree_root.get("/ParentTreeNextKey", 0)), max(keys, default=-1) + 1)


def _number_tree(node: pikepdf.Object) -> list[tuple[int, pikepdf.Object]]:
    """The entries of a number tree, leaves and kids alike, in order."""
    nums = node.get("/Nums", Array())
    entries = [(int(nums[i]), nums[i + 1]) for i in range(0, len(nums), 2)]
    for kid in node.get("/Kids", Array()):
        entries += _number_tree(kid)
    return entries


def _detach_top_level(own: pikepdf.Pdf) -> None:
    """Cut the links from the front's top-level structure elements and outline items to their parents, so
    that copying them does not copy the front's whole tree again."""
    for element in _document(own).K:
        if isinstance(element, Dictionary) and "/P" in element:
            del element["/P"]
    item = own.Root.get("/Outlines", Dictionary()).get("/First")
    while item is not None:
        del item["/Parent"]
        item = item.get("/Next")


def _document(pdf: pikepdf.Pdf) -> pikepdf.Object:
    """The structure tree's one Document element (LibreOffice writes the tree so)."""
    kids = pdf.Root.StructTreeRoot.K
    kids = kids if isinstance(kids, Array) else Array([kids])
    if len(kids) != 1 or kids[0].get("/S") != Name.Document:
        raise ValueError("the structure tree does not hold one Document element")
    return kids[0]


def _shift_struct_parents(page: pikepdf.Object, offset: int) -> None:
    if "/StructParents" in page:
        page.StructParents = int(page.StructParents) + offset
    for annotation in page.get("/Annots", Array()):
        if "/StructParent" in annotation:
            annotation.StructParent = int(annotation.StructParent) + offset


def _join_structure(whole: pikepdf.Pdf, own: pikepdf.Pdf, offset: int) -> None:
    root, document = whole.Root.StructTreeRoot, _document(whole)
    front = whole.copy_foreign(own.make_indirect(Array(list(_document(own).K))))
    for element in front:
        if isinstance(element, Dictionary):
            element.P = document
    document.K = Array([*front, *document.K])
    entries = _number_tree(root.ParentTree)
    for key, value in _number_tree(own.Root.StructTreeRoot.ParentTree):
        copied = whole.copy_foreign(value if value.is_indirect else own.make_indirect(value))
        entries.append((key + offset, copied))
    root.ParentTree = whole.make_indirect(Dictionary(Nums=Array([x for key, value in sorted(
        entries, key=lambda entry: entry[0]) for x in (key, value)])))
    root.ParentTreeNextKey = max(key for key, _ in entries) + 1
    role_map = own.Root.StructTreeRoot.get("/RoleMap")
    if role_map is not None:
        merged = root.get("/RoleMap", Dictionary())
        for name, role in role_map.items():
            if name not in merged:
                merged[name] = role
        root.RoleMap = merged


def _join_outlines(whole: pikepdf.Pdf, own: pikepdf.Pdf) -> None:
    """The front's bookmarks before the shared ones."""
    theirs = own.Root.get("/Outlines", Dictionary())
    if "/First" not in theirs:
        return
    first = whole.copy_foreign(theirs.First)
    last = first
    while "/Next" in last:
        last = last.Next
    outlines = whole.Root.get("/Outlines")
    if outlines is None:
        outlines = whole.Root.Outlines = whole.make_indirect(Dictionary(Type=Name.Outlines, Count=0))
    item = first
    while item is not None:
        item.Parent = outlines
        item = item.get("/Next")
    if "/First" in outlines:
        last.Next, outlines.First.Prev = outlines.First, last
    else:
        outlines.Last = last
    outlines.First = first
    outlines.Count = int(outlines.get("/Count", 0)) + int(theirs.get("/Count", 0))
