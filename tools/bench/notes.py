"""The prose of docs/benchmarks.md that a run cannot measure: what limits the time, and what was changed.
Figures in it were measured when it was written (2026-12-01, issue 15, this machine, shared with other
work at a load of 4 to 11 on its 2 cores: wall times stretched, so the figures here are CPU times of the
processes involved, medians); the tables above it are measured anew by every run."""

LIMITS = """
How a build runs: Python starts with its libraries; stage 1 reads the inputs (pandoc reads the texts'
links meanwhile; with many harvest workbooks the later half is read in a process beside); stage 2
checks; then the build forks: the review set (concept, marked concept, organisation copies) is rendered
in the build's own process, the proposal, the plan, the confidential attachment and the team's files in
the forked one, and each half runs the leak guard over its own documents; stage 4 writes. The build's
own process is the longer half at every size, so its CPU time is the build's critical path.

**The sample (target 1.0 s).** The build's own process spends some 0.83 s of CPU (the old build
1.50 s), the forked half and the four pandoc runs another 0.84 s (old 1.07 s):

- *Start-up*, 0.27 s: the floor (Python with docx, docxtpl, openpyxl and pypandoc: 0.18 s in the
  project's environment, 0.26 s where numpy is installed, which openpyxl then imports) plus our own modules
  (0.08 s: mostly the plan model's frozen dataclasses), Jinja's sandbox, babel and Pillow.
- *Reading*, 0.12 s: openpyxl parsing six workbooks; pandoc's reading of the links (0.1 s) runs beside it.
- *Each half*, 0.45–0.5 s: one pandoc run to start with (0.1 s of CPU, 0.15 s of waiting: pandoc's own
  start and its writing of a .docx; nothing else of the half can go on meanwhile but the chart),
  attaching the chapters to the template (docxcompose, 0.08 s: per paragraph it still looks up styles
  and numbering through python-docx), the docxtpl renders (0.1 s each; the concept twice, plain and marked
  for the copies), finalising (0.05 s each), the leak guard (0.03 s).

On an idle machine that is some 0.95–1.05 s: the target is met or missed by the length of one pandoc
run. Since (branch build-speed, trials at a load of 2 to 8, CPU medians of 5: sample-before 1.80 s -> 1.63 s,
wall 1.32 s -> 1.08 s in the quietest trial): pandoc's conversions start as soon as the texts are read
(documents/conversions.py), one for the chapters of the concept and the plan together (templates whose
styles are the same), at a lower priority than the link check the reading waits for, so neither half
waits for pandoc; attaching the chapters reads the styles from the XML and skips per paragraph what finds
nothing (0.14 s -> 0.09 s for the concept); the e-mail drafts are made by two processes; the previous
build is removed by several unlinks at once (0.2 s -> 0.03 s: this disk waits on each freed file). The
build's own process is still the critical path: some 1.0 s of CPU, of which start-up 0.35 s (imports),
reading 0.12 s, the review half 0.35 s (the concept rendered twice, plain and marked, 0.08 s each, the
attach 0.09 s), the leak guard 0.05 s, the drafts' half, writing and the swap 0.1 s; the forked half
(0.37 s) ends with it. What would still bring it down: fewer imports before the texts are read (pandoc
could then run during them, the second core's idle time), and the two concept renders made one (the
plain concept from the marked one needs the template's organisation blocks known, which a template
edited in Word does not promise).

**The sample's review round** (added to the sample after the figures above; a trial of 2026-12-01 at a
load of 0.5 to 3, medians): a record of the sending, 4 returned copies, reacties.xlsx and `besloten`. In
the build's forked half it adds the plan as sent, rendered (0.33 s), python-redlines' engine comparing it
with the plan (1.6 s, 2.0 s of CPU; the plan compared with itself takes it 0.49 s), the nota and 13
feedback documents (some 40 ms each row); in the build's own process 110 e-mail drafts instead of 59
(0.19 s against 0.10 s). The forked half now ends some 1.9 s after the review half: the engine sets the
build's time, 3.5 s against 1.4 s for the same sample without its round (`sample-before`). `make check`
reads the record too and renders the plan as sent, the nota's and the feedback's templates: 1.2 s
against 0.9 s (it no longer packs the e-mail drafts: they are made only while a build writes). Since (build-speed): the plan as sent
is converted before the fork, the forked half renders the college's plan first and starts the engine from it
at once, and searches and writes its other documents while the engine runs (sample 3.87 s -> 3.70 s of
CPU; the engine starts some 0.35 s after the fork instead of 0.9 s). What is left is the engine's own time,
python-redlines' (it runs without .NET's profile-guided recompiling, `DOTNET_TieredPGO=0`: 8-12% less).

**`make check` (target 0.5 s).** A check reads and checks the inputs and renders every template (the
template check is a render: an unknown field, a Jinja fault or a confidential value in template text
shows only then), writing nothing and now converting no Markdown (the texts were checked when read):
0.68 s of CPU in its own process (old 1.47 s), 0.36 s beside it. Start-up (0.27 s) and reading (0.12 s)
are the same as a build's; the renders of the concept, plain and marked, another 0.25 s. Some 0.65 s on
an idle machine: under 0.5 s only without rendering the templates, that is without checking them.
Since then (the sample with its review round, CPU of all its processes 1.30 s -> 1.10 s, instructions of a
check in one process 10.0 G -> 8.7 G): `check` imports no PDF machinery (pikepdf), no comparison engine
(python_redlines and its tarfile), no round-trip commands and no pypandoc (whose urllib.request brings HTTP
and SSL), which took start-up from 0.38 s to 0.31 s of CPU (the floor, Python with docx, docxtpl, openpyxl
and pypandoc: 0.18 s); it makes none of the team's files (verzendlijst.xlsx, verantwoording.xlsx,
plan.json: bytes it never writes). (Rendering the plan as sent for its template's faults only, without
building the document, saved 0.04 s but was undone: a header whose XML breaks would then pass the check and
fail the build.) `make setup`
byte-compiles the package: with PYTHONDONTWRITEBYTECODE set, as on this machine, every start compiled its
80 modules again (0.05 s). What is left on the critical path (CPU): start-up 0.31 s (the package's own 0.09
s: 90 dataclasses and 80 regular expressions made at import), reading 0.14 s (openpyxl 0.09 s: parsing
inline strings and styles), checking 0.03 s, then the longer of two balanced halves of some 0.28 s each
(each two renders through docxtpl and finalize, and the leak guard over what its half rendered), then the
e-mail templates 0.03 s. The guard must read the finished documents (a confidential value in a template's
text, comment or properties is found only there), so the public documents are still built in full.

**10,000 items (target 10 s, 1 GB).** The build's own process spends some 9 s of CPU: start-up 0.3 s,
reading 1.5 s (openpyxl parsing 10,000 styled rows; the other half of the harvest workbooks beside it),
the check 0.4 s, and in its half two renders of the 15 MB concept of some 2.5 s each: Jinja 0.9 s (the
sandbox checks every attribute a template reads), docxtpl's column fix of the tables 0.4 s, parsing and
serialising 0.5 s, finalising 0.7 s (parse, contents list, accepted changes, serialise, deflate); then
the copies and the guard (0.8 s) and writing 265 files (0.4 s). The forked half (the plan's render,
`verantwoording.xlsx` through openpyxl 2 s, `plan.json`) ends about a second earlier. Memory: the two
processes together some 0.84 GB at their peak (each half holds one large render at a time, and hands
its memory back when done).

**10,000 items since the review round** (2026-12-01, an idle machine): the synthetic sets have no round,
but since issue 13 every build writes an e-mail draft per participant with an address and a copy, each
holding its organisation's copy: at 10,000 items 1,136 drafts of some 1 MB, 1.1 GB in all. Making them
takes some 1.5 s (each copy base64-encoded once, the messages through Python's `email` package, 1.3 ms
each) and writing them some 2 s: the build went from 9 s of CPU in its own process to 16.2 s wall in this benchmark,
and the e-mail drafts and the writing are the rows that grew. The contract asks for the drafts; what is
left to take is their writing (1.1 GB is the disk's time). The peak memory was 1.37 GB while every draft was
held until the write (so the bench of 2026-12-01 03:52 measured 1,343 MB); drafts are now written one at a
time as they are made: the build's own process 0.53 GB, all its processes together 0.87 GB. With PDFs, each draft would also have held its copy's PDF (56 MB at
10,000 items: 85 GB for 1,136 drafts, which is why that build did not end in 360 s in the run before); a PDF whose document
holds more than 3 MB of text now stays out of the drafts, with a warning (no mail server takes it).

**Growth** from 1,000 to 10,000 items: the renders grow with the items, start-up and the Markdown
conversions do not: some 5 to 6 times.
"""

FINDINGS = """
Before these changes (issue 15's starting point, measured in the same hour on the same machine, its
own environment with matplotlib; medians of CPU time, the build's own process / all its processes):
the sample 1.50 s / 2.57 s, `check` 1.47 s / 2.52 s, 1,000 items 2.69 s / 4.19 s, 10,000 items 30.3 s /
38.7 s (the leak guard, added after the last benchmark, unpacked each of 257 copies of a 15 MB document:
some 10 s). After them: the sample 0.83 s / 1.67 s, `check` 0.68 s / 1.04 s, 1,000 items 1.55 s / 2.80 s,
10,000 items 9.0 s / 16.3 s. Every document is the same bytes as before, but for the
charts' pictures (drawn by Pillow now); tests hold the faster paths to the libraries' own
(test_docx_machinery.py, test_parallel.py). Each change, in the order of its effect:

1. **The leak guard and the organisation copies** (`checking/leaks.py`, `rendering/copies.py`,
   `documents/packing.py`): the guard unpacked and searched every copy whole; it now searches what all
   copies share once, and of each copy only the paragraphs that hold its own text (and its document
   properties), filled in. The same findings (a test compares both ways). Each half of the build runs the
   guard over its own documents, beside the other. 10,000 items: 10 s → 0.8 s.
2. **The rendered body parsed in place** (`documents/templates.py` `_Template`): docxtpl parsed the
   rendered body into a document of its own and moved it into the template's, which makes lxml re-point
   the namespaces of every element (1.1 s for a 15 MB body); the body is now parsed inside the template's
   own root element. 10,000 items: −3 s of CPU.
3. **Charts with Pillow** (`rendering/charts.py`): matplotlib cost 0.3 s of start-up and 0.1 s a chart;
   Pillow draws both charts in 20 ms. The project's environment no longer holds matplotlib (the tests
   draw with Pillow too), nor numpy, which openpyxl imported at every start when it was there (40 ms).
   Start-up 0.63 s → 0.27 s.
4. **Attaching the chapters** (`documents/composer.py` `Composer`): docxcompose listed every style of
   the template through python-docx's style objects for each paragraph; the list is read from the XML.
   0.28 s → 0.08 s per template at the sample's size.
5. **Rendered to parts, not to a zip** (`documents/templates.py` `saved_parts`, `finalize.py`
   `finalize_parts`): python-docx zipped each document and finalize_docx unzipped it at once; the marked
   concept went through a zip to the copies. 10,000 items: −0.75 s in the build's own process.
6. **docxtpl's listing pass** (`_Template.resolve_listing`) only over the paragraphs that hold a tab, a
   line break or a page break; **finalize** finds empty runs and rsids by XPath and strips rsids only
   where there are any, and finds the contents list's headings by XPath. 10,000 items: −2.5 s of CPU.
7. **pandoc without pypandoc's convert_file** (`documents/pandoc.py`), which changed the process's working
   folder and environment: so the link check runs while the workbooks are read, and the plan's chapters
   are converted while the proposal is made. The template file itself is pandoc's reference (saving it
   again took 30 ms), and a template with its chapters attached is kept only when it is rendered again.
8. **The harvest read in two processes** (`reading/harvest.py`) when its workbooks hold more than some
   3,000 items: the later half beside, its problems after the first half's. 10,000 items: −0.6 s.
9. **`check` without Markdown** (`build.py`, `Renderer(convert=False)`): the templates are rendered with
   the texts left empty; the same problems as a build (a test compares them). 1.47 s → 0.68 s.
10. **Quadratic steps** at 10,000 items: a participant's namesakes grouped by name once
    (`reading/participants.py`, 1 s), the team's workbook reuses the public view (0.4 s).

Profiles were taken with pyinstrument and cProfile (installed into `.venv` by hand; the benchmark does
not need them): `python -m tools.bench.stages INPUTS --profile out.html`.
"""
