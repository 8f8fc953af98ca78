"""`python -m pipeline.stamp INPUTS [--no-pdf]`: one hash of everything a build reads, by content.

`make proposal` keeps it beside the build and builds again only when it differs, so a file restored
with an older date (a backup, `cp -p`, unzip, `rsync -a`) is seen; dates play no part. Deliberately
light: no import of the rest of the pipeline, so an up-to-date `make proposal` returns at once.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
VERSION = b"plan-a sources 1\n"  # raise when what goes into the hash changes


def sources_hash(inputs: Path, pdf: bool = True) -> str:
    """The hash of the inputs, the templates, the pipeline's code and its settings, for this build."""
    digest = hashlib.sha256(VERSION)
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    digest.update(f"inputs {inputs.resolve()}\npdf {pdf and soffice is not None}\n".encode())
    for label, root in (("inputs", inputs), ("templates", PROJECT / "templates"),
                        ("pipeline", PROJECT / "pipeline"), ("pyproject.toml", PROJECT / "pyproject.toml")):
        for rel, path in _files(root):
            digest.update(f"{label}/{rel}\0".encode("utf-8", "surrogateescape"))
            digest.update(_content_hash(path))
    return digest.hexdigest()


def _files(root: Path) -> list[tuple[str, Path]]:
    """Every file under `root` (or `root` itself), by relative path, in order; compiled Python left out."""
    if not root.is_dir():
        return [("", root)] if root.exists() else []
    found, seen = [], set()
    for here, folders, names in os.walk(root, followlinks=True):  # the build follows links too
        place = os.stat(here)
        if (place.st_dev, place.st_ino) in seen:  # a link back up: the loop ends here
            folders.clear()
            continue
        seen.add((place.st_dev, place.st_ino))
        folders[:] = sorted(name for name in folders if name != "__pycache__")
        for name in names:
            if not name.endswith(".pyc"):
                path = Path(here, name)
                found.append((path.relative_to(root).as_posix(), path))
    return sorted(found)


def _content_hash(path: Path) -> bytes:
    try:
        with open(path, "rb") as handle:
            return hashlib.file_digest(handle, "sha256").digest()
    except OSError as exc:  # unreadable: the build will say so; the hash only has to differ
        return f"unreadable {exc.errno}".encode()


def main(argv: list[str]) -> int:
    paths = [arg for arg in argv if arg != "--no-pdf"]
    if len(paths) != 1:
        print("gebruik: python -m pipeline.stamp INVOERMAP [--no-pdf]", file=sys.stderr)
        return 2
    print(sources_hash(Path(paths[0]), pdf="--no-pdf" not in argv))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
