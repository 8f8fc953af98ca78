"""A new LibreOffice profile's settings, written before its first start: what every soffice of Plan A needs."""
from __future__ import annotations

import re
from html import escape  # not xml.sax.saxutils' (it loads urllib.request); with quote=False the same
from pathlib import Path

# Tracked changes in one colour, the one LibreOffice gives the first author it meets. By default it colours them
# by author, numbered in the order the soffice process meets authors, the document it holds open included: the
# same document's PDF would then depend on which soffice converted it, and on what it converted before.
CHANGES_COLOUR = 0xC69200
_ITEM = '<item oor:path="/org.openoffice.{path}"><prop oor:name="{name}" oor:op="fuse"><value>{value}</value></prop></item>\n'
_VERSION = re.compile(r'<prop oor:name="ooSetupVersion">\s*<value>([^<]+)</value>')


def write_settings(profile: Path, soffice: str | None) -> None:
    """The profile's settings, written before LibreOffice sets up the rest of it (it keeps them): tracked
    changes in one colour; and the installed version as the last one that ran, or its first start in the
    profile would test its graphics first (0.65 s of CPU, GraphicsRenderTests.log), once per soffice."""
    items = [_ITEM.format(path=f"Office.Writer/Revision/TextDisplay/{kind}", name="Color", value=CHANGES_COLOUR)
             for kind in ("Insert", "Delete", "ChangedAttribute")]
    version = installed_version(soffice)
    if version is not None:
        items.append(_ITEM.format(path="Setup/Product", name="ooSetupLastVersion", value=escape(version, quote=False)))
    (profile / "user").mkdir(parents=True, exist_ok=True)
    (profile / "user" / "registrymodifications.xcu").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<oor:items xmlns:oor="http://openoffice.org/2001/registry" '
        'xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
        + "".join(items) + "</oor:items>\n", encoding="utf-8")


def installed_version(soffice: str | None) -> str | None:
    """The installed LibreOffice's version as its settings say it ("7.4"), None where they cannot be read."""
    if soffice is None:
        return None
    try:
        settings = (Path(soffice).resolve().parent.parent / "share" / "registry" / "main.xcd").read_text(
            encoding="utf-8", errors="replace")
    except OSError:
        return None
    found = _VERSION.search(settings)
    return found.group(1).strip() if found else None
