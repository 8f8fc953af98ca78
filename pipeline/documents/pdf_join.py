"""A copy's PDF: the shared PDF's bytes unchanged, with the copy's own front pages added as an incremental update
(PDF 1.7, 7.5.6): its pages first (numbered i, ii, ...), their structure in the one structure tree, their
bookmarks in the one outline, the copy's title and metadata.

Only the front's objects and the few shared ones that change (catalog, page tree root, structure tree root,
Document element, outline root) are written, numbered after the shared PDF's: a copy costs about the same
whatever the length of the shared PDF. (qpdf, asked for one new object in a large PDF, first reads all of
them: 2 s at 10,000 items, which is why the update is written here.)
"""
from __future__ import annotations

import hashlib
import re
import shutil
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name, Stream

from pipeline.documents.pdf_form import fix_dates_and_title

_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")
_TRAILER = re.compile(rb"trailer\s*<< /Size \d+ /Root (\d+) 0 R /Info \d+ 0 R /Prev \d+ ")
_LABELS = re.compile(rb"/PageLabels << /Nums \[ 0 << /S /r >> (\d+) << /S /D /St 1 >> \] >>")
MAX_UPDATE = 1 << 20  # the cross-reference section and trailer of an update: some bytes an object


class SharedPdf:
    """The shared PDF, opened once for all the copies joined to it in one thread (qpdf reads its cross-reference
    table on opening: 0.1 s at 10,000 items); `pdf.close()` when done."""

    def __init__(self, path: Path):
        self.path, self.size = path, path.stat().st_size
        with path.open("rb") as stream:
            stream.seek(max(self.size - 64, 0))
            previous = _STARTXREF.search(stream.read())
        if previous is None:
            raise ValueError(f"{path}: no cross-reference table at its end")
        self.previous = previous.group(1)
        self.pdf = pikepdf.open(path)


def write_joined(front: Path, shared: SharedPdf, target: Path, when: datetime | None) -> None:
    """`target`: the pages of `front` before those of `shared` (a PDF in the canonical form, written by
    `write_canonical`, with a cross-reference table), as `shared` plus an incremental update."""
    whole = shared.pdf
    with pikepdf.open(front) as own:
        update, size = _update(whole, own, when, shared.size)
    digest = hashlib.md5(bytes(whole.trailer.ID[0]) + update, usedforsecurity=False).hexdigest().encode()
    update += (b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R /Prev %s /ID [<%s><%s>] >>\nstartxref\n%d\n"
               b"%%%%EOF\n") % (size.next, whole.Root.objgen[0], size.info, shared.previous, digest, digest,
                                size.xref)
    shutil.copyfile(shared.path, target)  # by the kernel, without passing through Python
    with target.open("ab") as out:
        out.write(update)


def own_pages(path: Path) -> int | None:
    """How many pages of a copy's PDF written by `write_joined` are its own (before the shared ones), read from
    its update alone; None for any other PDF."""
    size = path.stat().st_size
    with path.open("rb") as stream:
        stream.seek(max(size - 64, 0))
        end = _STARTXREF.search(stream.read())
        if end is None:
            return None
        stream.seek(int(end.group(1)))
        section = stream.read(min(size - int(end.group(1)), MAX_UPDATE))
        trailer = _TRAILER.search(section)
        if not section.startswith(b"xref") or trailer is None:
            return None  # no update of ours
        at = _offset(section, int(trailer.group(1)))
        if at is None:
            return None
        stream.seek(at)
        labels = _LABELS.search(stream.read(4096))
    return int(labels.group(1)) if labels else None


def _offset(section: bytes, number: int) -> int | None:
    """Where object `number` starts, by a cross-reference section (None when it is not in it)."""
    lines = section.split(b"\n")
    n = 1
    while n < len(lines) and (head := re.fullmatch(rb"(\d+) (\d+)", lines[n].strip())):
        start, count = int(head.group(1)), int(head.group(2))
        if start <= number < start + count:
            return int(lines[n + 1 + number - start][:10])
        n += 1 + count
    return None


class _Numbers:
    """Object numbers in the joined file: the shared PDF's own, the front's after them."""

    def __init__(self, whole: pikepdf.Pdf, mapped: dict[tuple[int, int], int]):
        self.whole, self.mapped = whole, mapped  # front object -> the shared object it stands for
        self.new: dict[tuple[int, int], int] = {}
        self.next = int(whole.trailer.Size)
        self.info = self.xref = 0

    def __call__(self, obj: pikepdf.Object) -> int:
        if obj.is_owned_by(self.whole):
            return obj.objgen[0]
        return self.mapped.get(obj.objgen) or self.new[obj.objgen]

    def add(self, obj: pikepdf.Object) -> bool:
        if obj.objgen in self.mapped or obj.objgen in self.new:
            return False
        self.new[obj.objgen] = self.next
        self.next += 1
        return True


def _update(whole: pikepdf.Pdf, own: pikepdf.Pdf, when: datetime | None, at: int) -> tuple[bytes, _Numbers]:
    """The update's objects and cross-reference section, for a file whose first `at` bytes are `whole`'s."""
    tree, pages = whole.Root.StructTreeRoot, whole.Root.Pages
    if "/Kids" not in pages or any("/Kids" in kid for kid in pages.Kids) or "/Kids" in tree.ParentTree:
        raise ValueError("the shared page tree or parent tree is not one level deep")
    outlines = whole.Root.get("/Outlines")
    old_first = outlines.get("/First") if outlines is not None else None
    offset = _next_parent_key(tree)
    stand_in = own.make_indirect(Dictionary())  # the shared outline's first item, for the front's last
    mapped = {own.Root.objgen: whole.Root.objgen[0], own.Root.Pages.objgen: pages.objgen[0],
              own.Root.StructTreeRoot.objgen: tree.objgen[0], _document(own).objgen: _document(whole).objgen[0]}
    if old_first is not None:
        mapped[stand_in.objgen] = old_first.objgen[0]
        if "/Outlines" in own.Root:
            mapped[own.Root.Outlines.objgen] = outlines.objgen[0]
    _prepare_front(own, offset, stand_in if old_first is not None else None)
    fix_dates_and_title(own, when)
    number = _Numbers(whole, mapped)
    theirs = _number_tree(own.Root.StructTreeRoot.ParentTree)
    items = _outline_items(own)
    roots = [*(page.obj for page in own.pages), *_document(own).K, *(value for _, value in theirs), *items,
             own.trailer.Info, own.Root.get("/Metadata")]
    new = [obj for root in roots if root is not None for obj in _reachable(root, number)]
    objects = {number(obj): _content(obj, number) for obj in new}
    parent_tree, number.next = number.next, number.next + 1
    shared_entries = tree.ParentTree.get("/Nums", Array()).unparse()  # keys below the front's: theirs go after
    objects[parent_tree] = b"<< /Nums %s %s ] >>" % (shared_entries.rstrip()[:-1], b" ".join(
        b"%d %s" % (key + offset, _emit(value, number)) for key, value in theirs))
    next_key = offset + max((key for key, _ in theirs), default=-1) + 1
    objects |= _changed_shared(whole, own, number, items)
    objects[tree.objgen[0]] = _changed(tree, {
        "/ParentTree": b"%d 0 R" % parent_tree, "/ParentTreeNextKey": b"%d" % next_key,
        "/RoleMap": _role_map(own, whole)}, number)
    number.info = number(own.trailer.Info)
    update, offsets = bytearray(), {}
    for n in sorted(objects):
        offsets[n] = at + len(update)
        update += b"%d 0 obj\n%s\nendobj\n" % (n, objects[n])
    number.xref = at + len(update)
    return bytes(update + _xref(offsets)), number


def _changed_shared(whole: pikepdf.Pdf, own: pikepdf.Pdf, number: _Numbers,
                    items: list[pikepdf.Object]) -> dict[int, bytes]:
    """The catalog, the page tree's root, the Document element and the outline as they are with the front."""
    pages, document, outlines = whole.Root.Pages, _document(whole), whole.Root.get("/Outlines")
    front_pages = [number(page.obj) for page in own.pages]
    catalog = {"/PageLabels": b"<< /Nums [ 0 << /S /r >> %d << /S /D /St 1 >> ] >>" % len(front_pages),
               "/OpenAction": b"[ %d 0 R /XYZ null null 0 ]" % front_pages[0]}
    if "/Metadata" in own.Root:
        catalog["/Metadata"] = b"%d 0 R" % number(own.Root.Metadata)
    if outlines is None and "/Outlines" in own.Root:
        catalog["/Outlines"] = b"%d 0 R" % number(own.Root.Outlines)
    changed = {
        whole.Root.objgen[0]: _changed(whole.Root, catalog, number),
        pages.objgen[0]: _changed(pages, {
            "/Kids": _prepend(b" ".join(b"%d 0 R" % n for n in front_pages), pages.Kids.unparse()),
            "/Count": b"%d" % (int(pages.Count) + len(front_pages))}, number),
        document.objgen[0]: _changed(document, {"/K": _prepend(
            b" ".join(_emit(k, number) for k in _document(own).K), document.K.unparse())}, number)}
    if outlines is not None and "/First" in outlines and items:
        top = [item for item in items if "/Parent" in item and item.Parent.objgen == own.Root.Outlines.objgen]
        changed[outlines.objgen[0]] = _changed(outlines, {
            "/First": b"%d 0 R" % number(top[0]),
            "/Count": b"%d" % (int(outlines.get("/Count", 0)) + int(own.Root.Outlines.get("/Count", 0)))}, number)
        changed[outlines.First.objgen[0]] = _changed(outlines.First, {"/Prev": b"%d 0 R" % number(top[-1])}, number)
    return changed


def _role_map(own: pikepdf.Pdf, whole: pikepdf.Pdf) -> bytes:
    """Both role maps in one (the shared one's roles where both name a style)."""
    roles = {name: role.unparse() for name, role in own.Root.StructTreeRoot.get("/RoleMap", Dictionary()).items()}
    roles |= {name: role.unparse() for name, role in whole.Root.StructTreeRoot.get("/RoleMap", Dictionary()).items()}
    return b"<< %s >>" % b" ".join(Name(n).unparse() + b" " + r for n, r in sorted(roles.items()))


def _prepare_front(own: pikepdf.Pdf, offset: int, stand_in: pikepdf.Object | None) -> None:
    """The front's marked content under keys after the shared ones, its links in structure order, its last
    bookmark followed by the shared first one."""
    for page in own.pages:
        if "/StructParents" in page.obj:
            page.obj.StructParents = int(page.obj.StructParents) + offset
        for annotation in page.obj.get("/Annots", Array()):
            if "/StructParent" in annotation:
                annotation.StructParent = int(annotation.StructParent) + offset
        if "/Annots" in page.obj:
            page.obj.Tabs = Name.S
    outlines = own.Root.get("/Outlines", Dictionary())
    if stand_in is not None and "/Last" in outlines:
        outlines.Last.Next = stand_in


def _outline_items(own: pikepdf.Pdf) -> list[pikepdf.Object]:
    found, todo = [], [own.Root.get("/Outlines", Dictionary()).get("/First")]
    while todo:
        item = todo.pop()
        while item is not None and item.objgen not in {i.objgen for i in found}:
            found.append(item)
            if "/First" in item:
                todo.append(item.First)
            item = item.get("/Next")
    return [item for item in found if item.objgen != (0, 0)]


def _reachable(root: pikepdf.Object, number: _Numbers) -> Iterator[pikepdf.Object]:
    """The front's indirect objects reachable from `root` (itself included), each once, numbered on the way."""
    todo = [root]
    while todo:
        obj = todo.pop()
        if isinstance(obj, pikepdf.Object) and obj.is_indirect:
            if not number.add(obj):
                continue
            yield obj
        if isinstance(obj, Stream):
            todo += list(obj.stream_dict.values())[::-1]
        elif isinstance(obj, Dictionary):
            todo += list(obj.values())[::-1]
        elif isinstance(obj, Array):
            todo += list(obj)[::-1]


def _content(obj: pikepdf.Object, number: _Numbers) -> bytes:
    """An indirect object's own text, the objects it refers to as references."""
    if isinstance(obj, Stream):
        raw = obj.read_raw_bytes()
        fields = {key: _emit(value, number) for key, value in obj.stream_dict.items() if key != "/Length"}
        fields["/Length"] = b"%d" % len(raw)
        return _dictionary(fields) + b"\nstream\n" + raw + b"\nendstream"
    if isinstance(obj, Dictionary):
        return _dictionary({key: _emit(value, number) for key, value in obj.items()})
    if isinstance(obj, Array):
        return b"[ %s ]" % b" ".join(_emit(value, number) for value in obj)
    return obj.unparse(resolved=True)


def _emit(value: object, number: _Numbers) -> bytes:
    if isinstance(value, pikepdf.Object) and value.is_owned_by(number.whole):
        return value.unparse()  # the shared PDF's objects keep their numbers: qpdf writes them as they are
    if isinstance(value, pikepdf.Object) and value.is_indirect:
        return b"%d 0 R" % number(value)
    if isinstance(value, (Dictionary, Array)):
        return _content(value, number)
    return Array([value]).unparse()[1:-1].strip()  # a number, name, string, boolean or null


def _prepend(items: bytes, array: bytes) -> bytes:
    """An array's text with `items` before its own."""
    return b"[ " + items + b" " + array.lstrip()[1:]


def _changed(obj: pikepdf.Object, changes: dict[str, bytes], number: _Numbers) -> bytes:
    return _dictionary({key: _emit(value, number) for key, value in obj.items()} | changes)


def _dictionary(fields: dict[str, bytes]) -> bytes:
    return b"<< %s >>" % b" ".join(Name(key).unparse() + b" " + value for key, value in sorted(fields.items()))


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
    """The key after the parent tree's last (a number tree keeps its keys in order)."""
    nums = tree.ParentTree.get("/Nums", Array())
    return max(int(tree.get("/ParentTreeNextKey", 0)), int(nums[len(nums) - 2]) + 1 if len(nums) else 0)
