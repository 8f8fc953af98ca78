"""The command line: `python -m pipeline check|build`; the only place that turns errors into exit codes."""
from __future__ import annotations

import argparse
import gc
import os
import re
import signal
import sys
from pathlib import Path

from pipeline.base.errors import InputProblems, OutputRefused
from pipeline.build import build
from pipeline.documents.pdf import soffice_available
from pipeline.model.audience import Audience
from pipeline.rendering.summary import summary

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
    p.add_argument("command", choices=["check", "build"], help="check: alleen controleren; build: bouwen")
    p.add_argument("--inputs", type=Path, default=Path("inputs"), help="map met de invoer (standaard inputs)")
    p.add_argument("--out", type=Path, default=Path("build"), help="map voor de uitvoer (standaard build)")
    p.add_argument("--audience", choices=[a.value for a in Audience], default=Audience.ALL.value,
                   help="all: alles; review: alleen de reviewset (open punten toegestaan)")
    p.add_argument("--no-pdf", action="store_true", help="geen PDF's maken, ook niet als LibreOffice er is")
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


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    audience = Audience(args.audience)
    out = args.out if args.command == "build" else None
    target = None if out is None else out / "review" if audience is Audience.REVIEW else out
    try:
        result = build(args.inputs, out, audience, progress=_progress, pdf=not args.no_pdf)
    except InputProblems as exc:
        for problem in exc.problems:
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
        for path in sorted([*result.files, *result.pdfs]):
            print(f"geschreven: {target / path}")
        if not result.pdfs and not args.no_pdf:
            missing = "LibreOffice (soffice)" if not soffice_available() else \
                "pdftotext (poppler-utils), waarmee Plan A de PDF's op vertrouwelijke waarden controleert,"
            print(f"PDF's overgeslagen: {missing} is niet geïnstalleerd", file=sys.stderr)
    for warning in result.warnings:
        print(warning, file=sys.stderr)
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
