"""The advisers' guide (docs/invoerhandleiding.md) says what the code does (issue 10, item 18).

Every message the pipeline can emit is found in its source (the text arguments of `problems.error`,
`problems.warn` and `problems.todo`, of a `Problem` raised at once, of the CLI's own lines, and the message
constants `*_REASONS`), with whatever is filled
in at run time as a wildcard, and must be described in a row of the guide's section 5: its literal parts,
in order, in one row. Rewording a message without the guide, or the guide without the code, fails here
and names the message. The guide's claims about templates (filters, curly quotes, the progress line, which
template has which field, the decision formula) are checked against what the pipeline really does.
"""
from __future__ import annotations

import ast
import itertools
import re
import shutil
import string
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

import pipeline.__main__
from casebuilder import small_case, write_case
from docx_text import body_blocks
from pipeline.build import TEMPLATES, build
from pipeline.base.errors import InputProblems
from round_case import recorded

ROOT = Path(__file__).resolve().parents[1]
GUIDE = ROOT / "docs" / "invoerhandleiding.md"
PIPELINE = ROOT / "pipeline"
WILD = None  # a part of a message that is filled in at run time
MAX_DEPTH = 4  # how deep helper functions that build a message are followed


# --- every message the code can emit ----------------------------------------------------------------------

@dataclass(frozen=True)
class Message:
    where: str  # pipeline/file.py:line of the call (or constant)
    parts: tuple[str | None, ...]  # literal text and WILD, in order

    @property
    def shown(self) -> str:
        return "".join("…" if p is WILD else p for p in self.parts)

    @property
    def fragments(self) -> list[str]:
        """The literal parts that say something (at least three letters), as the guide would show them."""
        return [_plain(p) for p in self.parts if p is not WILD and re.search(r"[^\W\d_]{3}", p)]


def _plain(text: str) -> str:
    return " ".join(text.replace("`", "").split())


class _Module:
    def __init__(self, path: Path):
        self.rel = path.relative_to(ROOT).as_posix()
        self.tree = ast.parse(path.read_text(encoding="utf-8"))
        self.functions = {n.name: n for n in self.tree.body if isinstance(n, ast.FunctionDef)}
        self.constants = {t.id: n.value for n in self.tree.body if isinstance(n, ast.Assign)
                          for t in n.targets if isinstance(t, ast.Name)}


MODULES = [_Module(p) for p in sorted(PIPELINE.rglob("*.py"))]
FUNCTIONS = {name: (m, f) for m in MODULES for name, f in m.functions.items()}


@dataclass(frozen=True)
class _Scope:
    module: _Module
    function: ast.FunctionDef | None
    bound: tuple[tuple[str, ast.expr, "_Scope"], ...] = ()  # parameters bound to the caller's arguments

    def lookup(self, name: str) -> list[tuple[ast.expr, "_Scope"]]:
        for bound_name, expr, scope in self.bound:
            if bound_name == name:
                return [(expr, scope)]
        if self.function is not None:
            assigned = [n.value for n in ast.walk(self.function) if isinstance(n, ast.Assign)
                        and any(isinstance(t, ast.Name) and t.id == name for t in n.targets)]
            if assigned:
                return [(value, self) for value in assigned]
        if name in self.module.constants:
            return [(self.module.constants[name], _Scope(self.module, None))]
        return []


def _alternatives(expr: ast.expr, scope: _Scope, depth: int = 0) -> list[tuple[str | None, ...]]:
    """Every text `expr` can make, as literal parts and WILD; () for None (no message)."""
    if isinstance(expr, ast.Constant):
        return [(expr.value,)] if isinstance(expr.value, str) else [()] if expr.value is None else [(WILD,)]
    if isinstance(expr, ast.JoinedStr):  # a helper's text argument counts, any other value is filled in
        return [tuple(v.value if isinstance(v, ast.Constant) else _bound_text(v.value, scope) for v in expr.values)]
    if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Add):
        return [a + b for a in _alternatives(expr.left, scope, depth) for b in _alternatives(expr.right, scope, depth)]
    if isinstance(expr, ast.IfExp):
        return _alternatives(expr.body, scope, depth) + _alternatives(expr.orelse, scope, depth)
    if isinstance(expr, ast.BoolOp) and isinstance(expr.op, ast.Or):
        return [a for value in expr.values for a in _alternatives(value, scope, depth)]
    if isinstance(expr, ast.Name) and depth < MAX_DEPTH:
        found = scope.lookup(expr.id)
        if found:
            return [a for value, where in found for a in _alternatives(value, where, depth + 1)]
    if isinstance(expr, ast.Call) and isinstance(expr.func, ast.Name) and depth < MAX_DEPTH:
        own = scope.module.functions.get(expr.func.id)  # the module's own helper, else an imported one
        helper = (scope.module, own) if own is not None else FUNCTIONS.get(expr.func.id)
        if helper is not None:
            return _returns(expr, helper, scope, depth + 1)
    return [(WILD,)]


def _bound_text(expr: ast.expr, scope: _Scope) -> str | None:
    """The text a helper's parameter was given, when the caller gave a plain text; else WILD."""
    if isinstance(expr, ast.Name):
        for bound_name, value, _ in scope.bound:
            if bound_name == expr.id and isinstance(value, ast.Constant) and isinstance(value.value, str):
                return value.value
    return WILD


def _returns(call: ast.Call, helper: tuple[_Module, ast.FunctionDef], scope: _Scope,
             depth: int) -> list[tuple[str | None, ...]]:
    """The texts a pipeline function returns, with its parameters bound to the call's arguments."""
    module, function = helper
    params = [a.arg for a in function.args.args]
    defaults = dict(zip(params[len(params) - len(function.args.defaults):], function.args.defaults))
    bound = {name: (value, _Scope(module, None)) for name, value in defaults.items()}
    bound |= {name: (arg, scope) for name, arg in zip(params, call.args)}
    bound |= {k.arg: (k.value, scope) for k in call.keywords if k.arg}
    inner = _Scope(module, function, tuple((name, e, s) for name, (e, s) in bound.items()))
    returns = [n.value for n in ast.walk(function) if isinstance(n, ast.Return) and n.value is not None]
    return [a for value in returns for a in _alternatives(value, inner, depth)] or [(WILD,)]


def _is_format(part: str | None) -> bool:
    """A str.format pattern (`{0}`, `{{`), not text that holds braces (`{ ... }`)."""
    return part is not WILD and bool(re.search(r"\{\d*\}|\{\{|\}\}", part))


def _format_parts(text: str) -> tuple[str | None, ...]:
    """A str.format pattern as parts: `{0}` is a wildcard, `{{` a brace."""
    parts: list[str | None] = []
    for literal, field, _, _ in string.Formatter().parse(text):
        parts.append(literal)
        if field is not None:
            parts.append(WILD)
    return tuple(parts)


def emitted_messages() -> list[Message]:
    found = []
    for module in MODULES:
        for node in ast.walk(module.tree):
            if isinstance(node, ast.FunctionDef):
                for call in ast.walk(node):
                    found += _messages_of_call(call, module, node)
        for name, value in module.constants.items():
            if name.endswith("_REASONS"):
                texts = ([v for v in value.values] if isinstance(value, ast.Dict)
                         else [t.elts[-1] for t in value.elts] if isinstance(value, ast.Tuple) else [])
                for text in texts:
                    for parts in _alternatives(text, _Scope(module, None)):
                        parts = tuple(q for p in parts for q in (_format_parts(p) if _is_format(p) else (p,)))
                        found.append(Message(f"{module.rel}:{text.lineno} ({name})", parts))
    return list(dict.fromkeys(m for m in found if m.parts and any(p is not WILD for p in m.parts)))


def _messages_of_call(call: ast.AST, module: _Module, function: ast.FunctionDef) -> list[Message]:
    if not isinstance(call, ast.Call):
        return []
    func = call.func
    if isinstance(func, ast.Attribute) and func.attr in ("error", "warn", "todo") and len(call.args) == 2:
        text = call.args[1]
    elif isinstance(func, ast.Name) and func.id == "Problem" and len(call.args) == 2:  # raised at once
        text = call.args[1]
    elif isinstance(func, ast.Name) and func.id == "print" and call.args and \
            isinstance(call.args[0], (ast.Constant, ast.JoinedStr)):
        text = call.args[0]
    else:
        return []
    where = f"{module.rel}:{call.lineno}"
    return [Message(where, parts) for parts in _alternatives(text, _Scope(module, function))]


# --- the guide ------------------------------------------------------------------------------------------------

def guide_section(number: int) -> str:
    text = GUIDE.read_text(encoding="utf-8")
    start = re.search(rf"^## {number}\. .*$", text, re.MULTILINE)
    end = re.search(rf"^## {number + 1}\. .*$", text, re.MULTILINE)
    assert start, f"no section {number} in {GUIDE.name}"
    return text[start.end():end.start() if end else len(text)]


def guide_rows(section: str) -> list[str]:
    """The table rows of a section, as plain text (no backticks, whitespace collapsed)."""
    return [_plain(line) for line in section.splitlines() if line.startswith("|")]


def described(message: Message, rows: list[str]) -> bool:
    """Whether one row holds the message's literal parts in order."""
    for row in rows:
        at = 0
        for fragment in message.fragments:
            at = row.find(fragment, at)
            if at < 0:
                break
            at += len(fragment)
        else:
            return True
    return False


def missing_from(rows: list[str]) -> list[Message]:
    return [m for m in emitted_messages() if not described(m, rows)]


def test_every_message_the_code_can_emit_is_described_in_section_5_of_the_guide():
    missing = missing_from(guide_rows(guide_section(5)))
    assert not missing, (
        f"{len(missing)} message(s) are not described in {GUIDE.relative_to(ROOT)}, section 5 "
        "(\"Wat betekent deze melding?\"). Add a row for each (what it means, what to do); the literal parts "
        "below (… is filled in at run time) must appear in that order in one row, as `X`, `N`, … placeholders:\n"
        + "\n".join(f"  {m.where}: {m.shown}" for m in missing))


def test_the_scan_finds_the_messages_of_every_kind():
    shown = {m.shown for m in emitted_messages()}
    for expected in (
        "bestand ontbreekt",  # a plain text
        "kan het bestand niet openen (…)",  # returned by a helper (problems.unreadable)
        "'…' is geen bedrag; typ een getal (euro's, zonder tekst)",  # a helper's argument (cells._not_a_number)
        "onbekende instelling '…'; bedoelt u '…'?",  # a helper inside a helper (unknown, suggestion)
        "een lijst [ ... ] is niet gesloten",  # a message constant
        "onverwacht '…'",  # a str.format constant
        "exemplaren per organisatie: … van …",  # a line of the CLI
    ):
        assert expected in shown, expected
    assert len(shown) > 100


def test_a_message_the_guide_lacks_or_words_otherwise_is_named():
    rows = guide_rows(guide_section(5))
    already = set(missing_from(rows))  # reported by the test above
    row = next(r for r in rows if "hoofdstuknummer" in r)
    without = [m for m in missing_from([r for r in rows if r is not row]) if m not in already]
    assert [(m.where.split(":")[0], m.shown) for m in without] == [(
        "pipeline/reading/texts.py", "hoofdstuknummer … komt al voor in …; geef elk hoofdstuk een eigen nummer, zodat "
                                  "de volgorde vastligt")]
    reworded = [r.replace("zodat de volgorde vastligt", "zodat de volgorde vast staat") for r in rows]
    assert [m for m in missing_from(reworded) if m not in already] == without


# --- the guide's claims about templates -------------------------------------------------------------------------

def _templates_with(tmp_path: Path, changes: dict[str, tuple[str, str]]) -> Path:
    """A copy of the templates with, per template, one piece of its document.xml replaced."""
    folder = tmp_path / "templates"
    shutil.copytree(TEMPLATES, folder)
    for name, (old, new) in changes.items():
        with zipfile.ZipFile(folder / name) as z:
            parts = {n: z.read(n) for n in z.namelist()}
        xml = parts["word/document.xml"].decode()
        assert old in xml, f"{old!r} not in {name}"
        parts["word/document.xml"] = xml.replace(old, new, 1).encode()
        with zipfile.ZipFile(folder / name, "w") as z:
            for n, data in parts.items():
                z.writestr(n, data)
    return folder


def _paragraph_about(section: str, words: str) -> str:
    found = [p for p in re.split(r"\n\s*\n|\n(?=- )", section) if words in p]  # paragraphs and list items
    assert found, f"no paragraph about {words!r}"
    return _plain(" ".join(found))


def test_a_filter_on_the_wrong_kind_of_field_is_reported_as_the_guide_says(tmp_path):
    templates = _templates_with(tmp_path, {"voordracht.docx": ("{{ plan.proposal.subject }}",
                                                               "{{ plan.proposal.subject|euro }}")})
    with pytest.raises(InputProblems) as caught:  # a message and exit status 2, no traceback
        build(write_case(small_case(), tmp_path / "inputs"), None, templates=templates, pdf=False)
    (problem,) = [str(p) for p in caught.value.problems]
    assert problem.startswith("templates/voordracht.docx: fout in de sjablooncode: het filter 'euro' past niet bij")
    claim = _paragraph_about(guide_section(6), "verkeerde soort veld")
    assert "fout in de sjablooncode: het filter" in claim and "past niet bij de waarde" in claim
    assert not re.search(r"vastlopen|foutverslag|afsluitcode 1|traceback", claim, re.IGNORECASE)


@pytest.mark.parametrize("quotes", ["‘’", "“”"])
def test_curly_quotes_inside_a_tag_work_as_the_guide_says(tmp_path, quotes):
    opening, closing = quotes
    templates = _templates_with(tmp_path, {"voordracht.docx": (
        "{% if a.status != 'akkoord' %}", f"{{% if a.status != {opening}akkoord{closing} %}}")})
    build(write_case(small_case(), tmp_path / "inputs"), tmp_path / "out", templates=templates, pdf=False)
    advice = [row for kind, _, rows in body_blocks(tmp_path / "out" / "college" / "voordracht.docx")
              if kind == "tbl" and rows[0][0] == "Nr. en soort" for row in rows[1:]]
    assert [row[-1] for row in advice] == ["akkoord", "akkoord"]  # J-1 and F-1: the condition was read
    tip = _paragraph_about(guide_section(6), "Krullende aanhalingstekens")
    assert "zet Plan A zelf om" in tip and "fout in de sjablooncode" not in tip


@pytest.mark.parametrize("terminal", [False, True])
def test_the_progress_line_appears_only_on_a_terminal_as_the_guide_says(tmp_path, capsys, monkeypatch, terminal):
    monkeypatch.setattr(sys.stderr, "isatty", lambda: terminal)
    inputs = write_case(small_case(), tmp_path / "inputs")
    assert pipeline.__main__.main(["build", "--inputs", str(inputs), "--out", str(tmp_path / "out"), "--no-pdf"]) == 0
    progress = [line for line in re.split(r"[\r\n]", capsys.readouterr().err) if "exemplaren per organisatie" in line]
    assert bool(progress) == terminal
    row = next(r for r in guide_rows(guide_section(5)) if "exemplaren per organisatie" in r)
    assert "alleen" in row and "terminal" in row


FIELD_ROW = re.compile(r"^\| ((?:`[^`]+`(?: \([^)]*\))?,? ?)+) \| (.*) \|$")
PUBLIC_TEMPLATES = ("voordracht.docx", "uitvoeringsplan.docx", "concept.docx", "nota.docx", "terugkoppeling.docx")


def _guide_fields() -> dict[str, tuple[str, ...]]:
    """Field -> the templates the guide's field table (section 6) says have it: those the row names with
    "alleen in", else every public template."""
    fields = {}
    lines = guide_section(6).splitlines()
    start = lines.index("| Veld | Wat het is |")
    for line in itertools.takewhile(lambda line: line.startswith("|"), lines[start + 2:]):
        match = FIELD_ROW.match(line)
        assert match, f"a row of the field table that names no field: {line}"
        names = re.findall(r"`([^`]+)`", re.sub(r"\([^)]*\)", "", match.group(1)))
        only = re.search(r"alleen in ((?:`[^`]+\.docx`(?:, | en )?)+)", line)
        templates = tuple(re.findall(r"`([^`]+\.docx)`", only.group(1))) if only else PUBLIC_TEMPLATES
        first = names[0]
        for name in names:
            full = first.rsplit(".", 1)[0] + name if name.startswith(".") else name
            fields[full] = templates
    return fields


def test_the_field_table_says_which_templates_have_each_field(tmp_path):
    fields = _guide_fields()
    assert fields["hoofdstukken"] == ("uitvoeringsplan.docx", "concept.docx")
    assert fields["organisatie.name"] == ("concept.docx", "terugkoppeling.docx")
    assert fields["plan.proposal.subject"] == PUBLIC_TEMPLATES
    every = (*PUBLIC_TEMPLATES, "vertrouwelijk.docx")
    unknown = _unknown_fields(tmp_path / "every", fields, every)
    # a copy's own fields are asked of the marked concept only when the concept itself renders: ask for them alone
    own = [name for name in fields if name.startswith("organisatie.")]
    unknown["concept.docx"] |= _unknown_fields(tmp_path / "copies", own, ("concept.docx",)).get("concept.docx", set())
    wrong = []
    for name, claimed in fields.items():  # a copy's field is named whole (`organisatie.items`), any other by its leaf
        has = tuple(t for t in every if name not in unknown.get(t, set())
                    and not set(name.split(".")) & {u for u in unknown.get(t, set()) if "." not in u})
        if has != claimed:
            wrong.append(f"{name}: the guide says {claimed}, the templates have it in {has}")
    assert not wrong, "\n".join(wrong)


def _unknown_fields(folder: Path, fields, templates: tuple[str, ...]) -> dict[str, set[str]]:
    """Every field asked for in each of `templates` at once, built with a record of what was sent and a
    decision (so the nota and the feedback are made too): template -> the fields the pipeline calls unknown
    (a copy's field whole, `organisatie.items`; any other by its leaf)."""
    probe = "".join(f"{{% if {name.split('.')[0]} %}}{{{{ {name} }}}}{{% endif %}}" for name in fields)
    body = '<w:body><w:p><w:r><w:t xml:space="preserve">' + probe + "</w:t></w:r></w:p>"
    case = small_case()
    case["voordracht.toml"] = case["voordracht.toml"].replace('agendapunt = "7"',
                                                              'agendapunt = "7"\nbesloten = 2021-03-02')
    unknown: dict[str, set[str]] = {name: set() for name in templates}
    try:
        build(write_case(recorded(case), folder / "inputs"), None, pdf=False,
              templates=_templates_with(folder, {name: ("<w:body>", body) for name in templates}))
    except InputProblems as caught:
        for problem in caught.problems:
            found = re.match(r"templates/(\S+): het sjabloon gebruikt een onbekend veld '([^']+)'", str(problem))
            assert found, str(problem)
            unknown[found.group(1)].add(found.group(2))
    return unknown


def test_the_guide_and_the_proposal_use_one_decision_formula():
    headings = [text for kind, style, text in body_blocks(TEMPLATES / "voordracht.docx")
                if kind == "p" and style.startswith("Heading")]
    row = next(line for line in guide_section(3).splitlines() if line.startswith("| `tekst` |"))
    quoted = re.findall(r'"([^"]+)"', row)
    assert quoted and all(q in headings for q in quoted), (quoted, headings)
    decisions = re.findall(r'^tekst = "(.*)"$', small_case()["voordracht.toml"], re.MULTILINE)
    # each point completes "Het college wordt gevraagd ...": an infinitive with "te" ("in te stemmen met",
    # "geheimhouding op te leggen"), never a finite verb ("stemt in met")
    assert decisions and all(re.search(r"\b(\w+ )?te \w+", d) for d in decisions), decisions
    assert "Het college besluit:" not in GUIDE.read_text(encoding="utf-8")
