"""Write the sample workbooks (invented data) into inputs/.

    python tools/make_sample.py [--out DIR] [--quiet]

Writes oogst/dag-1.xlsx, dag-2.xlsx, dag-3.xlsx, begroting.xlsx, adviezen.xlsx and deelnemers.xlsx.
The data are checked against the rules of the inputs before writing, the written files are read back
(totals with their cached values, formulas kept), and two runs give byte-identical files.
voordracht.toml and tekst/ are not written here; when they are there, the review round is (tools/sample/
round.py): verzonden/ by the pipeline's `make verzenden` on the plan as it was sent, the returned copies in
reacties/, and reacties.xlsx by `make reacties` with the reactions by e-mail and letter and every answer.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import openpyxl

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pipeline.model.schema import ADVICE_COLUMNS, COSTS, FUNDING, HARVEST, LOCATIONS, PARTICIPANTS  # noqa: E402
from sample import YEARS, advice, budget, harvest  # noqa: E402
from sample.books import (harvest_rows, write_advice, write_budget, write_harvest,  # noqa: E402
                          write_participants)
from sample.organisations import check_participants, harvest_organisations, participants  # noqa: E402
from sample.round import write_round  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def validate() -> dict[int, list[tuple]]:
    # the data's rows are in the columns of the one definition that the pipeline reads
    assert harvest.COLUMNS == HARVEST.headers(), harvest.COLUMNS
    assert budget.LASTEN_COLUMNS == COSTS.headers(YEARS), budget.LASTEN_COLUMNS
    assert budget.DEKKING_COLUMNS == FUNDING.headers(YEARS), budget.DEKKING_COLUMNS
    assert budget.LOCATIES_COLUMNS == LOCATIONS.headers(), budget.LOCATIES_COLUMNS
    assert advice.COLUMNS == tuple(c.name for c in ADVICE_COLUMNS), advice.COLUMNS
    assert len(participants()[0]) == len(PARTICIPANTS.headers())
    by_day = harvest_rows()
    rows = [row for day in by_day.values() for row in day]
    harvest.validate(rows)
    assert {row[5] for row in rows} <= set(harvest_organisations())
    check_participants(participants())
    budget.validate()
    advice.validate()
    return by_day


def write(out: Path, by_day: dict[int, list[tuple]]) -> None:
    for day, rows in by_day.items():
        write_harvest(out, day, rows)
    write_budget(out)
    write_advice(out)
    write_participants(out)


def verify(out: Path) -> None:
    """Read back: each Totaal cell holds its formula and, as cached value, the sum of the lines."""
    path = out / "begroting.xlsx"
    values = openpyxl.load_workbook(path, data_only=True)
    formulas = openpyxl.load_workbook(path, data_only=False)
    found = 0
    for sheet in ("Lasten", "Dekking"):
        for row in formulas[sheet].iter_rows():
            for cell in row:
                if cell.data_type != "f":
                    continue
                found += 1
                assert cell.value.startswith("=SUM("), cell.value
                column, top = cell.column, None
                for r in range(1, cell.row):
                    if formulas[sheet].cell(r, column).value in ("2019", "2020"):
                        top = r
                lines = [values[sheet].cell(r, column).value or 0 for r in range(top + 1, cell.row)]
                cached = values[sheet][cell.coordinate].value
                assert isinstance(cached, int) and cached == sum(lines), (sheet, cell.coordinate, cached)
    assert found == 4, found
    for name in ("adviezen.xlsx", "deelnemers.xlsx", "oogst/dag-1.xlsx", "oogst/dag-2.xlsx", "oogst/dag-3.xlsx"):
        book = openpyxl.load_workbook(out / name)
        assert not any(c.data_type == "f" for ws in book.worksheets for row in ws.iter_rows() for c in row), name


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "inputs", help="folder to write into (inputs/)")
    parser.add_argument("--quiet", action="store_true", help="print no summary")
    args = parser.parse_args(argv)
    by_day = validate()
    write(args.out, by_day)
    verify(args.out)
    if (args.out / "voordracht.toml").is_file() and (args.out / "tekst").is_dir():
        write_round(args.out)
    if not args.quiet:
        rows = [row for day in by_day.values() for row in day]
        print(f"voorbeeldwerkmappen geschreven in {args.out}")
        print(harvest.summary(rows))
        print(budget.summary())
        print(advice.summary())
        people = participants()
        print(f"deelnemers: {len(people)}; naam niet vermelden: {sum(p[3] == 'nee' for p in people)}; "
              f"geen reviewexemplaar: {sum(p[4] == 'nee' for p in people)}")
        if (args.out / "reacties.xlsx").is_file():
            print(f"reactieronde: verzonden/, {len(list((args.out / 'reacties').glob('*.docx')))} teruggestuurde "
                  "exemplaren in reacties/, reacties.xlsx met antwoorden")
    return 0


if __name__ == "__main__":
    sys.exit(main())
