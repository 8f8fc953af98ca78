"""A copy's PDF: the shared PDF's bytes unchanged, with the copy's own front pages added as an incremental update
(PDF 1.7, 7.5.6): its pages first (numbered i, ii, ...), their structure in the one structure tree, their
bookmarks in the one outline, the copy's title and metadata. Only what is new or changed is written, so a
copy costs about the same whatever the length of the shared PDF.
"""
from __future__ import annotations

import hashlib
import re
from datetime import datetime
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name, Stream

from pipeline.documents.pdf_form import fix_dates_and_title

_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")


def write_joined(front: Path, shared: Path, target: Path, when: datetime | None) -> None:
    """`target`: the pages of `front` before those of `shared` (a PDF in the canonical form, written by
    `write_canonical`), as `shared` plus an incremental update; the dates from `when`."""
    base = shared.read_bytes()
    previous = _STARTXREF.search(base[-64:])
    if previous is None:
        raise ValueError(f"{shared}: no cross-reference table at its end")
    with pikepdf.open(shared) as whole, pikepdf.open(front) as own:
        first = whole.make_indirect(Dictionary()).objgen[0]  # from here on, the numbers of new objects
        changed = _join(whole, own)
        fix_dates_and_title(whole, when)
        end = whole.make_indirect(Dictionary()).objgen[0]
        written = {obj.objgen[0]: obj for obj in changed} | {
            n: whole.get_object((n, 0)) for n in range(first + 1, end)}
        update, offsets = bytearray(), {}
        for number in sorted(written):
            offsets[number] = len(base) + len(update)
            update += b"%d 0 obj\n" % number + _body(written[number]) + b"\nendobj\n"
        digest = hashlib.md5(bytes(whole.trailer.ID[0]) + bytes(update), usedforsecurity=False).hexdigest()
        xref = len(base) + len(update)
        update += _xref(offsets)
        update += (b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R /Prev %s /ID [<%s><%s>] >>\n"
                   b"startxref\n%d\n%%%%EOF\n") % (end, whole.Root.objgen[0], whole.trailer.Info.objgen[0],
                                                   previous.group(1), digest.encode(), digest.encode(), xref)
    target.write_bytes(base + bytes(update))


def _join(whole: pikepdf.Pdf, own: pikepdf.Pdf) -> list[pikepdf.Object]:
    """Adds the front to `whole` (in memory); returns the objects of `whole` it changed (new ones aside)."""
    root, tree = whole.Root, whole.Root.StructTreeRoot
    document = _document(whole)
    offset = _next_parent_key(tree)
    pages = _copy_pages(whole, own)
    for page in pages:
        _shift_struct_parents(page, offset)
        if "/Annots" in page:
            page.Tabs = Name.S
    tree_root = root.Pages
    tree_root.Kids = Array([*pages, *tree_root.Kids])
    tree_root.Count = int(tree_root.Count) + len(pages)
    _join_structure(whole, own, document, offset)
    changed = [root, tree_root, tree, document, *_join_outlines(whole, own)]
    root.PageLabels = Dictionary(Nums=Array([0, Dictionary(S=Name.r), len(pages), Dictionary(S=Name.D, St=1)]))
    root.OpenAction = Array([pages[0], Name.XYZ, None, None, 0])
    whole.trailer.Info = whole.copy_foreign(own.trailer.Info) if "/Info" in own.trailer else \
        whole.make_indirect(Dictionary())
    if "/Metadata" in own.Root:
        root.Metadata = whole.make_stream(own.Root.Metadata.read_bytes(), Type=Name.Metadata, Subtype=Name.XML)
    return changed


def _copy_pages(whole: pikepdf.Pdf, own: pikepdf.Pdf) -> list[pikepdf.Object]:
    """The front's pages, copied into `whole`, their parent the shared page tree's root (one level, as
    LibreOffice writes it)."""
    if "/Kids" not in whole.Root.Pages or any("/Kids" in kid for kid in whole.Root.Pages.Kids):
        raise ValueError("the shared page tree is not one level deep")
    for page in own.pages:
        del page.obj["/Parent"]
    pages = [whole.copy_foreign(page.obj) for page in own.pages]
    for page in pages:
        page.Parent = whole.Root.Pages
    return pages


def _body(obj: pikepdf.Object) -> bytes:
    """An indirect object's own text, the objects it refers to as references."""
    if isinstance(obj, Stream):
        raw = obj.read_raw_bytes()
        header = Dictionary(obj.stream_dict)
        header.Length = len(raw)
        return header.unparse() + b"\nstream\n" + raw + b"\nendstream"
    if isinstance(obj, Dictionary):
        return Dictionary(obj).unparse()
    if isinstance(obj, Array):
        return Array(obj).unparse()
    if isinstance(obj, pikepdf.Object):
        return obj.unparse(resolved=True)
    return Array([obj]).unparse()[1:-1].strip()  # a number or a name, as pikepdf hands it out


def _xref(offsets: dict[int, int]) -> bytes:
    """A cross-reference section: one subsection for each run of consecutive object numbers."""
    out, numbers = [b"xref\n"], sorted(offsets)
    start = 0
    for n in range(1, len(numbers) + 1):
        if n == len(numbers) or numbers[n] != numbers[n - 1] + 1:
            out.append(b"%d %d\n" % (numbers[start], n - start))
            out += [b"%010d 00000 n \n" % offsets[number] for number in numbers[start:n]]
            start = n
    return b"".join(out)


def _document(pdf: pikepdf.Pdf) -> pikepdf.Object:
    """The structure tree's one Document element (LibreOffice writes the tree so)."""
    kids = pdf.Root.StructTreeRoot.K
    kids = kids if isinstance(kids, Array) else Array([kids])
    if len(kids) != 1 or kids[0].get("/S") != Name.Document or not kids[0].is_indirect:
        raise ValueError("the structure tree does not hold one Document element")
    return kids[0]


def _number_tree(node: pikepdf.Object) -> list[tuple[int, pikepdf.Object]]:
    """The entries of a number tree, leaves and kids alike, in order."""
    nums = node.get("/Nums", Array())
    entries = [(int(nums[i]), nums[i + 1]) for i in range(0, len(nums), 2)]
    for kid in node.get("/Kids", Array()):
        entries += _number_tree(kid)
    return entries


def _next_parent_key(tree: pikepdf.Object) -> int:
    keys = [key for key, _ in _number_tree(tree.ParentTree)]
    return max(int(tree.get("/ParentTreeNextKey", 0)), max(keys, default=-1) + 1)


def _shift_struct_parents(page: pikepdf.Object, offset: int) -> None:
    if "/StructParents" in page:
        page.StructParents = int(page.StructParents) + offset
    for annotation in page.get("/Annots", Array()):
        if "/StructParent" in annotation:
            annotation.StructParent = int(annotation.StructParent) + offset


def _join_structure(whole: pikepdf.Pdf, own: pikepdf.Pdf, document: pikepdf.Object, offset: int) -> None:
    """The front's top-level elements first in the Document element, its marked content in the parent tree
    under keys after the shared ones, its role map merged."""
    tree, theirs = whole.Root.StructTreeRoot, _document(own)
    for element in theirs.K:
        if isinstance(element, Dictionary) and "/P" in element:
            del element["/P"]  # else copying one would copy the front's whole tree again
    front = whole.copy_foreign(own.make_indirect(Array(list(theirs.K))))
    for element in front:
        if isinstance(element, Dictionary):
            element.P = document
    document.K = Array([*front, *document.K])
    entries = _number_tree(tree.ParentTree)
    for key, value in _number_tree(own.Root.StructTreeRoot.ParentTree):
        entries.append((key + offset, whole.copy_foreign(value if value.is_indirect else own.make_indirect(value))))
    tree.ParentTree = whole.make_indirect(Dictionary(Nums=Array(
        [x for key, value in sorted(entries, key=lambda entry: entry[0]) for x in (key, value)])))
    tree.ParentTreeNextKey = max(key for key, _ in entries) + 1
    roles = own.Root.StructTreeRoot.get("/RoleMap", Dictionary())
    merged = Dictionary(tree.get("/RoleMap", Dictionary()))
    for name, role in roles.items():
        if name not in merged:
            merged[name] = role
    tree.RoleMap = merged


def _join_outlines(whole: pikepdf.Pdf, own: pikepdf.Pdf) -> list[pikepdf.Object]:
    """The front's bookmarks before the shared ones; returns the shared outline objects it changed."""
    theirs = own.Root.get("/Outlines", Dictionary())
    if "/First" not in theirs:
        return []
    item = theirs.First
    while item is not None:
        del item["/Parent"]
        item = item.get("/Next")
    first = whole.copy_foreign(theirs.First)
    outlines = whole.Root.get("/Outlines")
    if outlines is None:
        outlines = whole.Root.Outlines = whole.make_indirect(Dictionary(Type=Name.Outlines, Count=0))
    last, item = first, first
    while item is not None:
        item.Parent, last, item = outlines, item, item.get("/Next")
    changed = [outlines]
    if "/First" in outlines:
        last.Next, outlines.First.Prev = outlines.First, last
        changed.append(outlines.First)
    else:
        outlines.Last = last
    outlines.First = first
    outlines.Count = int(outlines.get("/Count", 0)) + int(theirs.get("/Count", 0))
    return changed
