"""Typed reading of one table row: text, choices, whole numbers, amounts and dates, each wrong value a problem."""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation

from pipeline.base.problems import Problems, quoted_list, suggestion
from pipeline.model.plan import Source, Vocabulary, YesNo
from pipeline.model.schema import Sheet
from pipeline.reading.sheets import ErrorValue, Row, Table, norm

DUTCH_DATE = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")  # 31-1-2021
# a number typed as text: 400000, -12, 1.5, 400.000, 1,234,567.50
NUMERIC_TEXT = re.compile(r"^[-+]?(\d+|\d{1,3}([.,\u00a0\u202f ]\d{3})+)([.,]\d+)?$")


def cell_text(value: object) -> str | None:
    """A cell's text as typed: numbers without a trailing .0, dates as ISO."""
    if value is None or isinstance(value, ErrorValue):
        return None
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    return str(value).strip() or None


def _excel_date(value: dt.date | dt.time) -> str:
    """A date or time as Dutch Excel shows it: 1-3-2021, 10:30, 1-3-2021 10:30."""
    if isinstance(value, dt.time):
        return f"{value.hour}:{value.minute:02d}"
    day = f"{value.day}-{value.month}-{value.year}"
    if isinstance(value, dt.datetime) and value.time() != dt.time():
        return f"{day} {value.hour}:{value.minute:02d}"
    return day


def _is_date(value: object) -> bool:
    return isinstance(value, (dt.date, dt.time))


def _not_a_number(value: object, what: str, otherwise: str) -> str:
    """Why `value` is no number, in the words an adviser sees in Excel."""
    if isinstance(value, bool):
        return f"de cel bevat de ja/nee-waarde {'WAAR' if value else 'ONWAAR'}, geen {what}; typ een getal"
    if _is_date(value):
        kind = "tijd" if isinstance(value, dt.time) else "datum"
        return f"de cel bevat een {kind} ({_excel_date(value)}), geen {what}; maak de cel op als Getal"
    if isinstance(value, str) and NUMERIC_TEXT.match(value):
        return (f"'{value}' staat als tekst in de cel, niet als getal; maak er een getal van (in Excel: het "
                "waarschuwingsteken naast de cel > Converteren naar getal)")
    return otherwise


class Cells:
    """Typed accessors for one row; every wrong value becomes a problem at its cell."""

    def __init__(self, row: Row, problems: Problems):
        self.row = row
        self.problems = problems

    def _at(self, column: str) -> Source:
        return self.row.source.at(column)

    def text(self, column: str, required: bool = True) -> str | None:
        raw = self.row.get(column)
        if _is_date(raw):  # Excel made a date of what was typed (1-3); what was typed is lost
            kind = "tijd" if isinstance(raw, dt.time) else "datum"
            example = "10:30" if kind == "tijd" else "1-3"
            self.problems.error(self._at(column), f"de cel bevat een {kind} ({_excel_date(raw)}), geen tekst; "
                                f"typ er een apostrof vóór (zoals '{example}) of maak de cel op als Tekst")
            return None
        value = cell_text(raw)
        if value is None and required and not isinstance(raw, ErrorValue):
            self.problems.error(self._at(column), f"'{column}' is leeg; dit veld is verplicht")
        return value

    def choice(self, column: str, vocabulary: type[Vocabulary], required: bool = True):
        value = self.text(column, required)
        if value is None:
            return None
        for member in vocabulary:
            if member.value and norm(member.value) == norm(value):
                return member
        self.problems.error(self._at(column), f"onbekende waarde '{value}' voor '{column}'; kies uit "
                            f"{quoted_list(vocabulary.choices())}{suggestion(value, vocabulary.choices())}")
        return None

    def yes_no(self, column: str) -> bool | None:
        member = self.choice(column, YesNo)
        return None if member is None else member is YesNo.YES

    def whole(self, column: str, minimum: int = 1) -> int | None:
        value = self.row.get(column)
        if value is None or isinstance(value, ErrorValue):
            if value is None:
                self.problems.error(self._at(column), f"'{column}' is leeg; dit veld is verplicht")
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)) or float(value) != int(value):
            self.problems.error(self._at(column), _not_a_number(value, "geheel getal",
                                                                f"'{cell_text(value)}' is geen geheel getal"))
            return None
        if int(value) < minimum:
            self.problems.error(self._at(column), f"{int(value)} is te klein; minimaal {minimum}")
            return None
        return int(value)

    def date(self, column: str) -> dt.date | None:
        """A date cell, or a date typed as text (31-1-2021, 2021-01-31); else a problem."""
        raw = self.row.get(column)
        if isinstance(raw, ErrorValue):
            return None
        if raw is None:
            self.problems.error(self._at(column), f"'{column}' is leeg; dit veld is verplicht")
            return None
        if isinstance(raw, dt.datetime):
            return raw.date()
        if isinstance(raw, dt.date):
            return raw
        text = cell_text(raw) or ""
        try:
            if match := DUTCH_DATE.match(text):
                return dt.date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
            return dt.date.fromisoformat(text)
        except ValueError:
            self.problems.error(self._at(column), f"'{text}' is geen datum; typ een datum, zoals 26-2-2021")
            return None

    def amount(self, column: str) -> Decimal | None:
        value = self.row.get(column)
        if value is None:
            return Decimal(0)
        if isinstance(value, ErrorValue):
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.problems.error(self._at(column), _not_a_number(
                value, "bedrag", f"'{cell_text(value)}' is geen bedrag; typ een getal (euro's, zonder tekst)"))
            return None
        try:  # exactly what the cell holds: a formula's fractions of a cent are rounded only when shown
            amount = Decimal(str(value))
        except InvalidOperation:
            amount = Decimal("NaN")
        if not amount.is_finite():
            self.problems.error(self._at(column), f"'{value}' is geen bedrag")
            return None
        if amount < 0:
            self.problems.error(self._at(column), f"bedrag {cell_text(value)} is negatief; bedragen zijn 0 of meer")
            return None
        return Decimal(int(amount)) if amount == amount.to_integral() else amount


def rows(table: Table | None) -> Iterator[Row]:
    return iter(table.rows if table is not None else ())


def note_empty(table: Table | None, sheet: Sheet, problems: Problems, lines: list[Row] | None = None) -> None:
    """A sheet without a row yet (`lines`: the rows that count, where the adviser's own totals do not) is a
    to-do, not a problem per empty cell: unless the schema lets it stay empty, as advice may."""
    if table is not None and sheet.empty is not None and not (table.rows if lines is None else lines):
        problems.todo(table.source, sheet.empty)
