"""The command line: `python -m pipeline check|build`; the only place that turns errors into exit codes."""
from __future__ import annotations

import argparse
import datetime as dt
import gc
import os
import re
import shlex
import signal
import sys
from pathlib import Path

from pipeline.base.errors import InputProblems, OutputRefused
from pipeline.build import build, soffice_available
from pipeline.model.audience import Audience
from pipeline.model.schema import in_team_order
from pipeline.rendering.summary import summary
from pipeline.starting import new_inputs, parse_days, parse_years

EXIT_INPUT_PROBLEMS = 2
EXIT_USAGE = 64  # EX_USAGE (sysexits.h): the command line itself is wrong; 2 means the inputs have problems
EXIT_INTERRUPTED = 130  # 128 + SIGINT: what a shell reports for a program that Ctrl-C stopped

# argparse's English messages in Dutch (matched in order); any other is shown as argparse says it
USAGE_REASONS = (
    (r"^the following arguments are required: command$", "er ontbreekt een opdracht, zoals check of build"),
    (r"^argument command: invalid choice: '(.*?)' \(choose from (.*)\)$", "onbekende opdracht '{0}'; kies uit {1}"),
    (r"^argument (\S+): invalid choice: '(.*?)' \(choose from (.*)\)$", "onbekende waarde '{1}' bij {0}; kies uit {2}"),
    (r"^argument (\S+): expected one argument$", "na {0} hoort een waarde"),
    (r"^argument (\S+): ignored explicit argument '(.*)'$", "{0} krijgt geen waarde, ook niet '{1}'"),
    (r"^unrecognized arguments: (.*)$", "onbekende optie of te veel opdrachten: {0}"),
    (r"^ambiguous option: (\S+) could match (.*)$", "optie {0} is niet eenduidig: bedoelt u een van {1}?"),
)


class _DutchHelp(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, "gebruik: " if prefix is None else prefix)


class _Parser(argparse.ArgumentParser):
    """Reports a wrong command line in Dutch, with EX_USAGE: never with 2, which says the inputs have problems."""

    def error(self, message: str):
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: {_usage_reason(message)} (python -m pipeline -h: hulp)\n")


def _usage_reason(message: str) -> str:
    for pattern, in_dutch in USAGE_REASONS:
        match = re.match(pattern, message)
        if match:
            return in_dutch.format(*match.groups())
    return message


def parser() -> argparse.ArgumentParser:
    p = _Parser(prog="python -m pipeline", description="Plan A: van oogst tot voordracht.", formatter_class=_DutchHelp)
    p.add_argument("command", choices=["check", "build", "new", "send", "reactions"],
                   help="check: alleen controleren; build: bouwen; new: een nieuwe, lege invoerset maken; send: "
                        "de reviewset maken en vastleggen wat is verzonden; reactions: de teruggestuurde "
                        "exemplaren inlezen in reacties.xlsx")
    p.add_argument("folder", nargs="?", type=Path, help="new: de map voor de nieuwe invoerset (bestaat nog niet)")
    p.add_argument("--dagen", default="1", help="new: het aantal werkdagen (standaard 1)")
    p.add_argument("--jaren", help="new: de jaren van de begroting, zoals 2027,2028 (standaard de twee jaren "
                                   "na dit jaar)")
    p.add_argument("--inputs", type=Path, default=Path("inputs"), help="map met de invoer (standaard inputs)")
    p.add_argument("--out", type=Path, default=Path("build"), help="map voor de uitvoer (standaard build)")
    p.add_argument("--audience", choices=[a.value for a in Audience], default=Audience.ALL.value,
                   help="all: alles; review: alleen de reviewset (open punten toegestaan)")
    p.add_argument("--no-pdf", action="store_true", help="geen PDF's maken, ook niet als LibreOffice er is")
    p.add_argument("--again", action="store_true",
                   help="send: opnieuw verzenden; de vorige vastlegging gaat naar verzonden/eerder-N/")
    return p


def _progress(done: int, total: int) -> None:
    if sys.stderr.isatty():  # a live counter for people; logs and tests get the file list instead
        end = "\n" if done == total else "\r"
        print(f"exemplaren per organisatie: {done} van {total}", end=end, file=sys.stderr)


def _interrupted(target: Path | None) -> str:
    """The one line for a Ctrl-C: the build stopped (LibreOffice too) and cleaned up after itself."""
    start = "\n" if sys.stderr.isatty() else ""  # not after the progress counter or the terminal's '^C'
    if target is not None and target.is_dir():
        return f"{start}onderbroken: er is niets geschreven; de vorige uitvoer in {target} is ongewijzigd"
    return f"{start}onderbroken: er is niets geschreven"


def new(args: argparse.Namespace) -> int:
    """`new DIR`: a blank input set in a folder that does not exist yet. No folder, or a wrong `--dagen` or
    `--jaren`, is a wrong command line (EX_USAGE); a folder that is there already is refused with 2."""
    if args.folder is None:
        print("gebruik: python -m pipeline new MAP [--dagen 3] [--jaren 2027,2028]", file=sys.stderr)
        return EXIT_USAGE
    today = dt.date.today()  # a new set's workbooks are dated, like any file made today
    try:
        days = parse_days(args.dagen)
        years = parse_years(args.jaren) if args.jaren is not None else [today.year + 1, today.year + 2]
    except InputProblems as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return EXIT_USAGE
    try:
        files = new_inputs(args.folder, days, years, today)
    except InputProblems as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return EXIT_INPUT_PROBLEMS
    for path in files:
        print(f"geschreven: {args.folder / path}")
    print(f"Vul deze bestanden in; make check INPUTS={shlex.quote(str(args.folder))} toont wat nog in te vullen is.")
    return 0


def main(argv: list[str] | None = None) -> int:
    command_line = parser()
    args = command_line.parse_args(argv)
    if args.command == "new":
        return new(args)
    if args.folder is not None:  # exits with EX_USAGE
        command_line.error(f"onverwacht '{args.folder}': alleen new krijgt een map; gebruik --inputs of --out")
    if args.command == "reactions":
        return _reactions(args.inputs)
    audience = Audience.REVIEW if args.command == "send" else Audience(args.audience)
    out = None if args.command == "check" else args.out
    target = None if out is None else out / "review" if audience is Audience.REVIEW else out
    sent = None
    try:
        if args.command == "send":
            from pipeline.roundtrip.send import send  # noqa: PLC0415 (what `check` and `build` never load)
            sent = send(args.inputs, out, args.again, progress=_progress, pdf=not args.no_pdf)
            result = sent.build
        else:
            result = build(args.inputs, out, audience, progress=_progress, pdf=not args.no_pdf)
    except InputProblems as exc:
        for problem in in_team_order(exc.problems):  # what is still to be filled last, as a to-do list
            print(problem, file=sys.stderr)
        if not isinstance(exc, OutputRefused):  # its one line, about the output folder, says it all
            print(f"{exc}; er is niets geschreven.", file=sys.stderr)
        return EXIT_INPUT_PROBLEMS
    except KeyboardInterrupt:
        print(_interrupted(target), file=sys.stderr)
        return EXIT_INTERRUPTED
    if target is None:
        sys.stdout.write(summary(result.plan))
    else:
        for path in sorted([*result.files, *result.pdfs, *result.drafts]):
            print(f"geschreven: {target / path}")
        if not result.pdfs and not args.no_pdf:
            missing = "LibreOffice (soffice)" if not soffice_available() else \
                "pdftotext (poppler-utils), waarmee Plan A de PDF's op vertrouwelijke waarden controleert,"
            print(f"PDF's overgeslagen: {missing} is niet geïnstalleerd", file=sys.stderr)
    if sent is not None:
        if sent.earlier is not None:
            print(f"vorige verzending bewaard in {args.inputs / sent.earlier}/")
        for path in sent.recorded:
            print(f"vastgelegd: {args.inputs / path}")
    for warning in result.warnings:
        print(warning, file=sys.stderr)
    return 0


def _reactions(inputs: Path) -> int:
    """`reactions`: one line per reaction added to reacties.xlsx."""
    from pipeline.roundtrip.intake import take_in  # noqa: PLC0415 (what `check` and `build` never load)
    try:
        intake = take_in(inputs)
    except InputProblems as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print(f"{exc}; er is niets geschreven.", file=sys.stderr)
        return EXIT_INPUT_PROBLEMS
    except KeyboardInterrupt:
        print(_interrupted(None), file=sys.stderr)
        return EXIT_INTERRUPTED
    for warning in intake.warnings:
        print(warning, file=sys.stderr)
    if intake.created:
        print(f"aangemaakt: {inputs / 'reacties.xlsx'}")
    for row in intake.added:
        print(f"toegevoegd: {row.id} van {row.sender or '(Van nog invullen)'} over {row.chapter}: {row.origin}")
    if intake.kept:
        print(f"vorige versie bewaard: {inputs / 'reacties.vorige.xlsx'}")
    if not intake.added:
        print("geen nieuwe reacties gevonden in de teruggestuurde exemplaren")
    return 0


if __name__ == "__main__":
    gc.freeze()  # the imported modules' objects: left out of every garbage collection from here on
    status = main()
    # Done: leave without tearing the interpreter down, which frees every object of the plan and the
    # documents one by one (a tenth of a second and more); a bug's traceback still takes the normal way.
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except OSError:  # a reader that went away (`| head`): nothing more can reach it
            pass
    if status == EXIT_INTERRUPTED:  # end by the signal itself, so that a calling shell script stops too
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGINT)
    os._exit(status)
