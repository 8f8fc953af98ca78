"""Checks the links in the Markdown texts: only websites, e-mail addresses and places in the document itself.

A link in a text becomes a clickable link in the college and review documents. `javascript:` or
`vbscript:` would run code, `file://server/share` (or `\\\\server\\share`) makes Windows send the
reader's login to that server when clicked, a `data:` image is embedded unseen, and a relative path
points at a file the reader does not have. The links are taken from pandoc's own reading of each
text (so that every link pandoc will write is seen, however it is typed), all texts in one run; the
line of each is then found in the text.
"""
from __future__ import annotations

import hashlib
import html
import json
import tempfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import unquote, urlsplit

from pipeline.base.problems import Problems
from pipeline.documents.pandoc import run_pandoc
from pipeline.model.plan import Source

# http: too: a website without https is still a website; it runs nothing and sends no login.
WEB_SCHEMES = ("https", "http")
LONGEST = 80


class LinkCheck:
    """The links and images of `texts` (path under inputs -> Markdown), read by pandoc in a thread from
    the start, so that the workbooks can be read meanwhile (pandoc's 0.1 s of the sample's reading);
    `report` waits for it and reports each that may not reach a document, as a problem at its line."""

    def __init__(self, texts: dict[str, str]):
        self.texts = texts
        self.pool = ThreadPoolExecutor(max_workers=1)
        self.targets = self.pool.submit(_targets, list(texts.values())) if texts else None
        self.pool.shutdown(wait=False)

    def report(self, problems: Problems) -> None:
        if self.targets is not None:
            _report(self.texts, self.targets.result(), problems)


def _report(texts: dict[str, str], found: list[list[tuple[str, str]]], problems: Problems) -> None:
    for (rel, text), targets in zip(texts.items(), found):
        reported, cursor = set(), 0
        for kind, target in targets:
            if allowed(kind, target):
                continue
            line, cursor = _line_of(text, target, cursor)
            where = Source(rel, line=line) if line else Source(rel)
            if (str(where), target) not in reported:
                reported.add((str(where), target))
                problems.error(where, _message(kind, target))


def allowed(kind: str, target: str) -> bool:
    target = target.strip()
    if target.startswith("#"):
        return kind == "Link"  # a heading of this document
    if "\\" in target:
        return False  # Word reads backslashes as a Windows path: `https:\\server\share`
    parts = urlsplit(target)
    scheme = parts.scheme.lower()
    if scheme in WEB_SCHEMES:
        return bool(parts.netloc)
    if scheme == "mailto":
        return kind == "Link" and "@" in parts.path
    # an image never fetched (pandoc runs sandboxed), of which only the description is printed
    return kind == "Image" and not scheme and not parts.netloc and not target.startswith("/")


def _message(kind: str, target: str) -> str:
    shown = target if len(target) <= LONGEST else target[:LONGEST - 1] + "…"
    if kind == "Image":
        return (f"afbeelding '{shown}' wordt niet overgenomen: een afbeelding mag alleen een bestandsnaam of een "
                "webadres (https://…) hebben; haal de afbeelding weg")
    return (f"link naar '{shown}' is niet toegestaan: alleen een website (https://…), een e-mailadres "
            "(mailto:…) of een kop in het document (#…) mag een link zijn; haal de link weg of verwijs naar "
            "een website")


def _line_of(text: str, target: str, cursor: int) -> tuple[int | None, int]:
    """The line where `target` is typed (searched from `cursor` first, so that the same target twice is
    found twice), and the new cursor; None when pandoc's reading cannot be found as typed."""
    typed = [target, unquote(target), target.removeprefix("mailto:"), target.replace("\\", "\\\\")]
    for start in (cursor, 0):
        found = [at for at in (text.find(t, start) for t in typed if t) if at >= 0]
        if found:
            at = min(found)
            return text.count("\n", 0, at) + 1, at + 1
    for number, line in enumerate(text.split("\n"), 1):  # typed with character references: `&#x6A;ava...`
        if any(t in html.unescape(line) for t in typed if t):
            return number, cursor
    return None, cursor


def _targets(texts: list[str]) -> list[list[tuple[str, str]]]:
    """Per text, its links and images as ("Link" or "Image", target), from one pandoc run."""
    token = "planA" + hashlib.sha256("\x00".join(texts).encode("utf-8")).hexdigest()
    with tempfile.TemporaryDirectory(prefix="plana-links-") as tmp:
        files = []
        for n, text in enumerate(texts):
            if n:
                files.append(Path(tmp, f"{n:05d}-0.md"))
                files[-1].write_text(f"{token}\n", encoding="utf-8")
            files.append(Path(tmp, f"{n:05d}-1.md"))
            files[-1].write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
        # `--file-scope`: each text on its own (its reference links too), as when it is converted
        output, _ = run_pandoc(files, "json", Path(tmp), ["--file-scope", "--quiet"])
        ast = json.loads(output)
    per_text: list[list[tuple[str, str]]] = [[]]
    for block in ast["blocks"]:
        if block == {"t": "Para", "c": [{"t": "Str", "c": token}]}:
            per_text.append([])
        else:
            per_text[-1].extend(_walk(block))
    if len(per_text) != len(texts):
        raise RuntimeError(f"pandoc returned {len(per_text)} parts for {len(texts)} texts")
    return per_text


def _walk(node: object) -> Iterator[tuple[str, str]]:
    if isinstance(node, dict):
        if node.get("t") in ("Link", "Image"):
            yield node["t"], node["c"][2][0]
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)
