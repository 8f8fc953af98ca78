"""Dutch formatting of money, dates and shares, through babel."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from babel.dates import format_date
from babel.numbers import format_currency, format_decimal, format_percent

LOCALE = "nl_NL"


def euro(amount: Decimal | int) -> str:
    """`€ 11.500.000` for whole euros, `€ 1.234,50` otherwise."""
    whole = Decimal(amount) == Decimal(amount).to_integral()
    pattern = "¤ #,##0;¤ -#,##0" if whole else "¤ #,##0.00;¤ -#,##0.00"
    return format_currency(amount, "EUR", format=pattern, locale=LOCALE, currency_digits=False)


def date(value: dt.date) -> str:
    """`11 december 2018`."""
    if not isinstance(value, dt.date):
        raise TypeError(f"not a date: {value!r}")
    return format_date(value, format="d MMMM y", locale=LOCALE)


def number(value: int | Decimal) -> str:
    return format_decimal(value, locale=LOCALE)


def percent(share: Decimal) -> str:
    return format_percent(share, format="#,##0%", locale=LOCALE)
