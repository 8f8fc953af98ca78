"""The prose of docs/benchmarks.md that a run cannot measure: what limits the time, and what was changed.
Figures in it were measured when it was written (2026-11-29, this machine); the tables above it are
measured anew by every run."""

LIMITS = """
**The sample (1.5–1.75 s over the runs made, against 1.5 s).** What every build pays before any work can be shared
between the two cores is most of the target already:

- *Start-up*, some 0.65 s: importing matplotlib (some 0.3 s, for the two charts), openpyxl (0.13 s),
  docxtpl, python-docx, Jinja and lxml (0.15 s) and our own modules (0.08 s). This is the floor's
  "Python + imports".
- *Reading* the six workbooks with openpyxl: 0.1 s.

After that the build runs in two halves, each some 0.7–0.8 s at the sample's size: the review set
(concept, marked concept, copies) in the build's process, and the proposal, the plan, the confidential
attachment and the team's files in a forked process. Each half is mostly fixed costs per document:

- *Markdown*: one pandoc process per template (some 0.1 s, mostly its start; three per build, the
  marked concept reuses the concept's), then docxcompose attaching the chapters to the template
  (0.13–0.2 s for eight chapters: for every paragraph it lists all the template's styles through
  python-docx and compiles its XPath queries anew).
- *Charts*: 0.1 s each in matplotlib (drawn in a thread while pandoc runs).
- *docxtpl* render and save, then *finalize_docx*: 0.1–0.15 s per document at this size.

On an idle machine that is 0.65 + 0.1 + 0.75 ≈ 1.5 s, half of it fixed start-up; any other work on
the machine pushes it over.
What would bring it under 1.5 s (not done here): charts without matplotlib (Pillow, or native Word
charts: −0.3 s of start-up), one docxcompose pass for all chapters and templates or an attach of our
own for pandoc's output (−0.1 to −0.2 s per conversion), and starting the plan's and the proposal's
pandoc runs while the inputs are read.

**10,000 items (some 14 s against 30 s).** Per stage, one after the other: the two renders of the
concept some 8.5 s together, the plan's render 4.5 s, the team's files 3.2 s (openpyxl writing
160,000 cells of `verantwoording.xlsx`, and `plan.json`), reading 2.3 s (openpyxl parsing 10,000
styled rows). A large render is docxtpl producing a document.xml of some 25 MB: Jinja itself is the
smaller part; docxtpl's regular-expression pass over the output (`resolve_listing`), parsing it back
(`fix_tables`), moving the tree into python-docx (`map_tree`) and saving take most, and
`finalize_docx` parses and writes it once more (some 1 s per large document). The floor's single
bare render of the concept is 2.9 s; a build does three such renders. With the two halves side by
side the renders take some 9 s of wall time instead of 17 s.

**Memory at 10,000 items** (some 0.85 GB for both processes together against 1 GB; one process
before: 0.69 GB). Each half holds some 0.4 GB at its peak: one large render needs some 0.33 GB
(docxtpl keeps several copies of the 25 MB XML as Python strings, and the lxml trees); the build's
process also holds the 257 finished copies (170 MB). Freed memory is handed back to the system after
each half's renders (`malloc_trim`), else both halves would hold their high-water marks together
(0.93 GB). Room left: some 15%. If the inputs grow beyond the target: write the copies into the
staging folder as they are made, or render everything in one process again (`PLAN_A_SERIAL=1`: some
0.7 GB, and some 7 s slower at 10,000 items).

**Growth** from 1,000 to 10,000 items is some 6x: the renders grow with the items, start-up and the
Markdown conversions do not. **A copy** costs some 0.5 ms (2 ms with its share of writing), the one
for the organisation with most items (823) 13 ms. **`make proposal` with nothing changed** is make
itself and a `find` over the inputs, templates and pipeline: some 20 ms.
"""

FINDINGS = """
Before these changes (the same machine, the same input sets, median of 3 runs with `--quick`,
load average about 1): the sample 2.99 s, 1,000 items 5.50 s, 1,890 items 9.63 s, 10,000 items
61.7 s (one process, 0.69 GB); a copy 9 ms at the sample's size and 165 ms at 10,000 items
(42.5 s for 257 copies). The tables above are after them: the sample 1.5–1.75 s, 10,000 items
some 14 s. Each change, in the order of its effect:

1. **Organisation copies** (`pipeline/rendering/copies.py`, `review.py`; `documents/packing.py`). Each copy recompressed every
   part of the concept (at 10,000 items a 25 MB document.xml) and searched the whole XML again for
   each marker. Now `SharedParts` cuts the marked concept at its markers once and deflates the
   shared pieces once, each ending with a full flush so that pieces compressed apart join into one
   valid stream; the CRC-32 of the joined data is computed from the pieces' CRCs; a copy deflates only
   its own text (name, introduction, its rows) and is packed as a zip around the pieces. A copy:
   165 ms → 0.5 ms at 10,000 items, same contents part for part. Also gone: a quadratic step that
   printed an organisation's whole item list again for every one of its rows.
2. **The two halves side by side** (`pipeline/base/parallel.py`, `build.py`). The proposal, plan,
   confidential attachment, `plan.json` and `verantwoording.xlsx` are rendered in a forked process
   while the review set is rendered in the build's own; problems come back in the same order; a
   failure in either is raised as before. Linux only (elsewhere, or with `PLAN_A_SERIAL=1`, one
   process). Rendering at 10,000 items: 17 s → 9 s of wall time; the sample: some 0.7 s less. Each
   half hands freed memory back when its renders are done, to keep the two together under 1 GB.
3. **Markdown converted once for the concept's two renders** (`documents/templates.py`). The concept with its
   chapters attached is saved once and loaded again for the marked render, and Jinja compiles a
   template's source once per process: one pandoc run and one docxcompose pass fewer per build
   (some 0.3 s of CPU).
4. **`verantwoording.xlsx`** (`render_intern.py`): one style for all data cells, made once and copied,
   instead of a new `Alignment` set cell by cell: 10,000 items 11 s → 4.9 s (the same bytes).
5. **Quadratic loops** (`figures.py`, `checking.py`): items and participants per organisation grouped
   once; the check looks organisations up in a set and builds its table of names once instead of
   for every item: the check at 10,000 items 0.75 s → 0.09 s.
6. **Start and finish** (`charts.py`, `__main__.py`, `writing.py`): charts drawn on the Agg canvas
   without pyplot (0.2 s less start-up, the same PNG bytes), each in a thread while pandoc runs; the
   command leaves the imported modules' objects out of garbage collection (`gc.freeze`) and leaves
   without tearing down the interpreter once its output is flushed (some 0.15 s);
   the files of a build are fsynced concurrently, so they share the disk's journal commits.

Profiles were taken with pyinstrument (installed into `.venv` by hand; the benchmark does not need
it): `python -m tools.bench.stages INPUTS --profile out.html`.
"""
