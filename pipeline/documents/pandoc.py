"""Runs pandoc, the program pypandoc-binary ships, on Markdown files: sandboxed, with its dates fixed.

pandoc is started here rather than through pypandoc's convert_file, which changes the process's working
folder and environment while pandoc runs: with pandoc started here, two conversions (or a conversion and
the reading of the workbooks) can run in threads at the same time.
"""
from __future__ import annotations

import functools
import importlib.util
import os
import re
import subprocess
from collections.abc import Sequence
from pathlib import Path

# Pandoc's Markdown, minus everything that would let text act as markup it does not show:
# raw HTML/TeX/OpenXML stay literal, no YAML or `%` title blocks swallowing lines,
# no `$...$` maths, no `@citations`, and no smart quotes or dashes (`--` stays `--`). No implicit
# figures: an image alone in a paragraph would get its description as a caption as well, printed
# twice when the image cannot be fetched (pandoc runs sandboxed) and read twice by a screen reader.
MARKDOWN_FORMAT = (
    "markdown-raw_html-raw_tex-raw_attribute-yaml_metadata_block-pandoc_title_block"
    "-tex_math_dollars-tex_math_single_backslash-citations-smart-implicit_figures"
)
SOURCE_DATE_EPOCH = "315532800"  # 1980-01-01: pandoc's own dates are never the clock
LEVEL = re.compile(r"^\[(?:ERROR|WARNING|INFO|DEBUG)\] ", re.MULTILINE)


@functools.cache
def pandoc_program() -> str:
    """The pandoc that pypandoc-binary ships, found where it puts it."""
    # pypandoc's own search starts `pandoc --version` first: a Ctrl-C that reaches it there makes pypandoc
    # log a traceback to standard error before the interruption is reported, and the start costs time.
    # Found without importing pypandoc, which imports urllib.request, HTTP and SSL: 25 ms of every start.
    bundled = Path(importlib.util.find_spec("pypandoc").origin).parent / "files" / "pandoc"
    if os.access(bundled, os.X_OK):
        return str(bundled)
    import pypandoc  # noqa: PLC0415
    return pypandoc.get_pandoc_path()


def pandoc_command(files: Sequence[Path], to: str, extra: Sequence[str] = ()) -> list[str]:
    """The command that converts `files` (in this order) to `to`."""
    return [pandoc_program(), f"--from={MARKDOWN_FORMAT}", f"--to={to}", "--sandbox", *extra, *(str(f) for f in files)]


def pandoc_environment() -> dict[str, str]:
    return {**os.environ, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH}


def pandoc_messages(stderr: bytes) -> list[str]:
    """pandoc's messages (warnings) on its standard error, one per message."""
    return [m.strip() for m in LEVEL.split(stderr.decode("utf-8", errors="replace")) if m.strip()]


def run_pandoc(files: Sequence[Path], to: str, folder: Path, extra: Sequence[str] = ()) -> tuple[bytes, list[str]]:
    """pandoc over `files` (in this order) in `folder`: what it wrote to standard output, and its
    messages (warnings), one per message. Raises RuntimeError when pandoc fails."""
    done = subprocess.run(pandoc_command(files, to, extra), cwd=folder, capture_output=True,
                          env=pandoc_environment())
    if done.returncode != 0:
        stderr = done.stderr.decode("utf-8", errors="replace")
        raise RuntimeError(f'Pandoc died with exitcode "{done.returncode}" during conversion: {stderr}')
    return done.stdout, pandoc_messages(done.stderr)
