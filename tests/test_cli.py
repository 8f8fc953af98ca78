"""The command line as PRODUCT.md "Commands" describes it: exit codes, message lines, what is written."""
from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from casebuilder import changed
from pipeline.__main__ import main

ROOT = Path(__file__).resolve().parents[1]
OPEN_J4 = ("oogst/dag-1.xlsx!Oogst!J4: nog niet besloten wat er met deze inbreng gebeurt; de voordracht vraagt "
           "een besluit over elke inbreng (alleen de reviewset kan met open punten: make review)")


PROGRESS = re.compile(r"^[^:]+: \d+ van \d+$")  # e.g. "exemplaren per organisatie: 2 van 2"


def run(capsys, *argv: str) -> tuple[int, list[str], str]:
    """main(argv): (exit status, stderr lines without progress lines, stdout)."""
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, [line for line in captured.err.splitlines() if not PROGRESS.match(line)], captured.out


def tree(folder: Path) -> dict[str, tuple[str, int]]:
    """Every file under `folder`: relative path -> (sha256, mtime in ns)."""
    return {str(p.relative_to(folder)): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def cwd(tmp_path, monkeypatch) -> Path:
    """Runs the test in an empty working folder, so a stray `build/` would show."""
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    return work


def test_check_valid_inputs_exits_0_with_a_summary_and_writes_nothing(case, write, capsys, cwd):
    inputs = write(case)
    before = tree(inputs)
    status, err, out = run(capsys, "check", "--inputs", str(inputs))
    assert (status, err) == (0, [])
    assert out.splitlines()[0] == "Oogst: 5 inbrengpunten, 40% met consensus"
    assert ("Begroting 2021: lasten € 700.000, dekking € 700.000, kader € 1.000.000, ruimte € 300.000"
            in out.splitlines())
    assert list(cwd.iterdir()) == []  # check writes nothing
    assert tree(inputs) == before  # inputs are never modified


def test_check_with_a_problem_exits_2_with_location_and_message_on_stderr(case, write, capsys):
    inputs = write(changed(case, "begroting.xlsx", "Lasten", 2, "2021", "veel"))
    status, err, out = run(capsys, "check", "--inputs", str(inputs))
    assert status == 2
    assert err == ["begroting.xlsx!Lasten!D2: 'veel' is geen bedrag; typ een getal (euro's, zonder tekst)",
                   "1 probleem in de invoer; er is niets geschreven."]
    assert out == ""


def test_every_problem_is_reported_in_one_run(case, write, capsys):
    broken = changed(case, "begroting.xlsx", "Lasten", 2, "2021", "veel")
    broken = changed(broken, "oogst/dag-2.xlsx", "Oogst", 3, "Soort", "vraagje")
    broken = changed(broken, "adviezen.xlsx", "Juridisch", 2, "Vertrouwelijk", "geheim")
    broken["voordracht.toml"] = broken["voordracht.toml"].replace("reactie_tot = 2021-02-26",
                                                                  "reactie_tot = 2021-02-01")
    broken["tekst/plan/02-opvang.md"] = "# Opvang\n\n<b>vet</b>\n"
    status, err, _ = run(capsys, "check", "--inputs", str(write(broken)))
    assert status == 2
    assert err == [
        "voordracht.toml: review.reactie_tot: de reactietermijn eindigt vóór de verzenddatum",
        "tekst/plan/02-opvang.md:3: HTML in Markdown ('<b>') wordt niet overgenomen; gebruik Markdown-opmaak "
        "of zet het tussen `backticks`",
        "oogst/dag-2.xlsx!Oogst!G3: onbekende waarde 'vraagje' voor 'Soort'; kies uit 'idee', 'zorg', "
        "'voorstel', 'vraag'; bedoelt u 'vraag'?",
        "begroting.xlsx!Lasten!D2: 'veel' is geen bedrag; typ een getal (euro's, zonder tekst)",
        "adviezen.xlsx!Juridisch!F2: onbekende waarde 'geheim' voor 'Vertrouwelijk'; kies uit 'ja', 'nee'",
        "5 problemen in de invoer; er is niets geschreven."]


def test_missing_inputs_folder(tmp_path, capsys):
    status, err, _ = run(capsys, "check", "--inputs", str(tmp_path / "nergens"))
    assert (status, err) == (2, [f"{tmp_path / 'nergens'}: de map met invoer bestaat niet",
                                 "1 probleem in de invoer; er is niets geschreven."])


def test_audience_all_refuses_open_items_with_the_exact_message(case, write, capsys):
    inputs = write(changed(case, "oogst/dag-1.xlsx", "Oogst", 4, "Verwerking", None))
    status, err, _ = run(capsys, "check", "--inputs", str(inputs), "--audience", "all")
    assert (status, err) == (2, [OPEN_J4, "1 probleem in de invoer; er is niets geschreven."])


def test_audience_review_allows_open_items_and_warnings_are_printed_with_exit_0(case, write, capsys):
    open_case = changed(case, "oogst/dag-1.xlsx", "Oogst", 4, "Verwerking", None)
    inputs = write(changed(open_case, "begroting.xlsx", "Locaties", 3, "Plaatsen", 30))
    status, err, out = run(capsys, "check", "--inputs", str(inputs), "--audience", "review")
    assert (status, err) == (0, [
        "begroting.xlsx!Locaties: waarschuwing: 90 plaatsen gepland, 10 minder dan het kader van 100; "
        "de voordracht vermeldt dit"])
    assert "  in behandeling: 1" in out.splitlines()


def test_the_default_audience_is_all(case, write, capsys):
    inputs = write(changed(case, "oogst/dag-1.xlsx", "Oogst", 4, "Verwerking", None))
    status, err, _ = run(capsys, "check", "--inputs", str(inputs))
    assert (status, err[0]) == (2, OPEN_J4)


def test_build_gives_identical_plan_json_twice_and_a_failed_build_leaves_it_untouched(
        case, write, capsys, tmp_path):
    inputs, out_dir = write(case), tmp_path / "build"
    before = tree(inputs)
    status, err, out = run(capsys, "build", "--inputs", str(inputs), "--out", str(out_dir))
    assert (status, err) == (0, [])
    first = (out_dir / "intern" / "plan.json").read_bytes()
    assert f"geschreven: {out_dir / 'intern' / 'plan.json'}" in out.splitlines()
    assert run(capsys, "build", "--inputs", str(inputs), "--out", str(out_dir))[0] == 0
    assert (out_dir / "intern" / "plan.json").read_bytes() == first  # same inputs, same bytes
    assert tree(inputs) == before  # inputs are never modified

    previous = tree(out_dir)
    broken = write(changed(case, "oogst/dag-1.xlsx", "Oogst", 4, "Verwerking", None))
    status, err, _ = run(capsys, "build", "--inputs", str(broken), "--out", str(out_dir))
    assert (status, err) == (2, [OPEN_J4, "1 probleem in de invoer; er is niets geschreven."])
    assert tree(out_dir) == previous


def test_failed_build_writes_nothing(case, write, capsys, tmp_path):
    inputs = write(changed(case, "begroting.xlsx", "Lasten", 2, "2021", "veel"))
    status, err, out = run(capsys, "build", "--inputs", str(inputs), "--out", str(tmp_path / "build"))
    assert status == 2
    assert err[-1] == "1 probleem in de invoer; er is niets geschreven."
    assert out == ""
    assert not (tmp_path / "build").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".build")] == []


def test_exit_status_of_the_real_command(case, write):
    """`python -m pipeline` itself (not just main()) exits 2 on input problems, without a traceback."""
    inputs = write(changed(case, "begroting.xlsx", "Lasten", 2, "2021", "veel"))
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-m", "pipeline", "check", "--inputs", str(inputs)],
                            capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "begroting.xlsx!Lasten!D2: 'veel' is geen bedrag; typ een getal (euro's, zonder tekst)",
        "1 probleem in de invoer; er is niets geschreven."]



# --- a wrong command line: EX_USAGE (64), in Dutch; 2 is kept for problems in the inputs (issue 15) ---------

@pytest.mark.parametrize("argv, reason", [
    ([], "er ontbreekt een opdracht, zoals check of build"),
    (["chek"], "onbekende opdracht 'chek'; kies uit 'check', 'build', 'new', 'send', 'reactions'"),
    (["check", "--inptus", "x"], "onbekende optie of te veel opdrachten: --inptus x"),
    (["check", "extra"], "onverwacht 'extra': alleen new krijgt een map; gebruik --inputs of --out"),
    (["check", "extra", "meer"], "onbekende optie of te veel opdrachten: meer"),
    (["check", "--inputs"], "na --inputs hoort een waarde"),
    (["build", "--audience", "iedereen"], "onbekende waarde 'iedereen' bij --audience; kies uit 'all', 'review'"),
    (["build", "--no-pdf=ja"], "--no-pdf krijgt geen waarde, ook niet 'ja'"),
])
def test_a_usage_error_exits_64_with_one_dutch_line(argv, reason, capsys, cwd):
    with pytest.raises(SystemExit) as stopped:
        main(argv)
    err = capsys.readouterr().err.splitlines()
    assert stopped.value.code == 64
    assert err[0].startswith("gebruik: python -m pipeline ")
    assert err[-1] == f"python -m pipeline: {reason} (python -m pipeline -h: hulp)"
    assert list(cwd.iterdir()) == []


def test_the_real_command_exits_64_on_an_unknown_option(case, write):
    inputs = write(case)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-m", "pipeline", "check", "--inputs", str(inputs), "--snel"],
                            capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
    assert result.returncode == 64
    assert result.stderr.splitlines()[-1] == ("python -m pipeline: onbekende optie of te veel opdrachten: --snel "
                                              "(python -m pipeline -h: hulp)")
    assert "Traceback" not in result.stderr
