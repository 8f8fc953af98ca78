"""Which fonts LibreOffice will really use for the PDFs: a font the documents ask for that is not installed, or
text that no installed font can show, is a warning, never a silent substitution.

LibreOffice takes the fonts from fontconfig: `fc-match` says what a family becomes, `fc-list` which
characters the installed fonts hold.
"""
from __future__ import annotations

import io
import re
import shutil
import subprocess
import unicodedata
import zipfile
from collections.abc import Mapping

from pipeline.base.problems import Problems

# Fonts with the same widths as the Microsoft ones Word uses (fontconfig's 30-metric-aliases.conf): with one
# of these the PDF breaks lines and pages as Word does.
SAME_METRICS = {
    "arial": ("liberation sans", "arimo", "albany amt"),
    "helvetica": ("liberation sans", "arimo", "nimbus sans"),
    "times new roman": ("liberation serif", "tinos", "thorndale amt"),
    "courier new": ("liberation mono", "cousine", "cumberland amt"),
    "courier": ("liberation mono", "nimbus mono ps", "cousine"),  # pandoc's code; every Courier is 600 units wide
    "calibri": ("carlito",),
    "cambria": ("caladea",),
}
PACKAGES = {"arial": "fonts-liberation2", "helvetica": "fonts-liberation2", "times new roman": "fonts-liberation2",
            "courier new": "fonts-liberation2", "calibri": "fonts-crosextra-carlito",
            "cambria": "fonts-crosextra-caladea"}
CJK = re.compile(r"[\u1100-\u11ff\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef\U00020000-\U0003ffff]")
_RFONTS = re.compile(rb'<w:rFonts\b[^>]*?\bw:(?:ascii|hAnsi|cs)="([^"]+)"')
_NOT_DRAWN = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp", "Zs"}  # controls, joiners, spaces: no glyph needed
SHOWN = 8  # characters named in one message
TIMEOUT_SECONDS = 30


def check_fonts(documents: Mapping[str, bytes], problems: Problems) -> None:
    """Warns, for the PDFs of these .docx files (path -> bytes), about each font that would be replaced by one
    with other widths, and about characters that no installed font holds."""
    if shutil.which("fc-match") is None or shutil.which("fc-list") is None:
        return
    families: dict[str, str] = {}  # font -> the first document that asks for it
    characters: dict[str, str] = {}  # character -> the first document that holds it
    for path, data in sorted(documents.items()):
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            for name in ("word/styles.xml", "word/document.xml"):
                if name in package.namelist():
                    xml = package.read(name)
                    for family in _RFONTS.findall(xml):
                        families.setdefault(family.decode("utf-8"), path)
                    if name == "word/document.xml":
                        for char in set(xml.decode("utf-8")) - set(map(chr, range(128))):
                            characters.setdefault(char, path)
    for family, path in sorted(families.items()):
        used = _match(family)
        if used is not None and used.casefold() != family.casefold() and \
                used.casefold() not in SAME_METRICS.get(family.casefold(), ()):
            package = PACKAGES.get(family.casefold(), "een pakket met dat lettertype")
            problems.warn(_pdf(path), f"het lettertype '{family}' is niet geïnstalleerd; de PDF's krijgen "
                                      f"'{used}', met andere regels en pagina's dan in Word: installeer "
                                      f"{package}, of maak de PDF's in Word")
    missing = _not_covered(characters)
    for package in ("fonts-noto-cjk", "fonts-noto-core"):  # Chinese, Japanese, Korean; the other scripts
        chars = sorted(c for c in missing if bool(CJK.match(c)) == (package == "fonts-noto-cjk"))
        if chars:
            shown = " ".join(f"{c} (U+{ord(c):04X})" for c in chars[:SHOWN]) + (" ..." if len(chars) > SHOWN else "")
            problems.warn(_pdf(characters[chars[0]]), f"geen geïnstalleerd lettertype heeft deze tekens: {shown}; "
                                                      f"de PDF's tonen er lege vakjes voor: installeer {package}")


def _pdf(path: str) -> str:
    return path.removesuffix(".docx") + ".pdf"


def _match(family: str) -> str | None:
    """The family fontconfig gives LibreOffice for `family`."""
    done = subprocess.run(["fc-match", "--format=%{family[0]}", family], capture_output=True, text=True,
                          timeout=TIMEOUT_SECONDS)
    return done.stdout.strip() or None if done.returncode == 0 else None


def _not_covered(characters: Mapping[str, str]) -> set[str]:
    wanted = {c for c in characters if unicodedata.category(c) not in _NOT_DRAWN and not _selector(c)}
    if not wanted:
        return set()
    done = subprocess.run(["fc-list", "--format=%{charset}\n"], capture_output=True, text=True,
                          timeout=TIMEOUT_SECONDS)
    covered: set[int] = set()
    for line in done.stdout.splitlines():
        for part in line.split():
            low, _, high = part.partition("-")
            covered.update(range(int(low, 16), int(high or low, 16) + 1))
    return {c for c in wanted if ord(c) not in covered}


def _selector(char: str) -> bool:
    """Variation selectors and emoji skin tones change the character before them; they have no glyph of their
    own to look for."""
    code = ord(char)
    return 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF or 0x1F3FB <= code <= 0x1F3FF

