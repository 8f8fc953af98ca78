"""The small case after a review round: sent with `make verzenden`, changed since, reacted to and answered.

`change_plan` is what the team changed after the concept went out, `CHANGED` what the nota and the plan with
tracked changes must show for it; `answered_round` makes the whole case with reactions typed into
reacties.xlsx (the tests of the Word copies make them with `make reacties` instead).
"""
from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import openpyxl

from casebuilder import small_case, write_case
from pipeline.checking import check
from pipeline.model.audience import Audience
from pipeline.model.schema import REACTIONS
from pipeline.reading import read_inputs
from pipeline.rendering.plan_json import plan_json
from pipeline.roundtrip.send import send

REACTIONS_HEADER = list(REACTIONS.headers())


def change_plan(inputs: Path) -> None:
    """After the round: chapter 2 reworded and a paragraph added, a new chapter 3, D2-02 moved to the follow-up
    agenda, the carers' budget for 2022 raised (and the city's funding with it), decision point 2 reworded."""
    (inputs / "tekst/plan/02-opvang.md").write_text(
        "# Opvang\n\nKleine locaties met begeleiding en een gezinslocatie.\n\nGezinnen wonen apart.\n",
        encoding="utf-8")
    (inputs / "tekst/plan/03-gezinnen.md").write_text("# Gezinnen\n\nEen locatie voor gezinnen met kinderen.\n",
                                                      encoding="utf-8")
    _cells(inputs / "oogst/dag-2.xlsx", "Oogst", {"J3": "vervolgagenda", "M3": "Gaat mee naar de evaluatie."})
    _cells(inputs / "begroting.xlsx", "Lasten", {"E3": 380_000, "E4": 880_000})
    _cells(inputs / "begroting.xlsx", "Dekking", {"C2": 630_000})
    toml = inputs / "voordracht.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace(
        "kennis te nemen van de reacties van de deelnemers.",
        "kennis te nemen van de reacties van de deelnemers en de antwoorden in de nota van beantwoording."),
        encoding="utf-8")


def _cells(path: Path, sheet: str, values: dict[str, object]) -> None:
    book = openpyxl.load_workbook(path)
    for cell, value in values.items():
        book[sheet][cell] = value
    book.save(path)



TYPED = [
    ["R-001", dt.datetime(2021, 2, 20), "Stichting Noord", "opvang", "Kleine locaties met begeleiding.",
     "Graag ook een locatie voor gezinnen.", "e-mail", "Dat nemen we over.", "plan aangepast",
     "Een hoofdstuk over gezinnen en een gezinslocatie.", "Eerst met de wethouder bespreken"],
    ["R-002", dt.datetime(2021, 2, 22), "Piet Bakker", "algemeen", None,
     "Waarom is ons punt D2-02 niet overgenomen?", "brief", "Het punt gaat mee naar de evaluatie.",
     "vervolgagenda", None, None],
    ["R-003", dt.datetime(2021, 3, 1), "Anne de Vries", "inleiding", "Dit plan regelt de opvang.", "Goed plan.",
     "e-mail", "Dank u wel.", "ter kennisname", None, None],
]


def answered_round(folder: Path, reactions: list[list] | None = None) -> Path:
    """The small case sent, changed since (change_plan) and with `reactions` (TYPED) answered: its inputs."""
    inputs = write_case(small_case(), folder / "inputs")
    send(inputs, folder / "sent", pdf=False)
    change_plan(inputs)
    rows = TYPED if reactions is None else reactions
    write_case({"reacties.xlsx": {"Reacties": [REACTIONS_HEADER, *rows]}}, inputs)
    return inputs


_records: dict[str, str] = {}  # repr of the case as sent -> its record


def recorded(case: dict, sent: dict | None = None) -> dict:
    """`case` with the record of `sent` (the small case when None) in verzonden/plan.json, as `make verzenden`
    writes it: the plan model as sent."""
    sent = {k: v for k, v in (small_case() if sent is None else sent).items() if k != "reacties.xlsx"}
    key = repr(sent)
    if key not in _records:
        with tempfile.TemporaryDirectory() as tmp:
            plan, _ = check(read_inputs(write_case(sent, Path(tmp))), Audience.REVIEW)
        _records[key] = plan_json(plan).decode("utf-8")
    return {**case, "verzonden/plan.json": _records[key]}
