"""Dutch formatting of money, dates and shares, through babel."""
from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from babel.dates import format_date
from babel.numbers import format_currency, format_decimal, format_percent

LOCALE = "nl_NL"
CENT = Decimal("0.01")


def cents(amount: Decimal | int) -> Decimal:
    """An amount as Excel shows it: rounded to whole cents, halves away from zero.
    The model keeps what Excel holds (fractions of a cent from formulas); every comparison of
    amounts is made on these shown values, so that what is compared is what a reader sees."""
    return Decimal(amount).quantize(CENT, rounding=ROUND_HALF_UP)


def has_cents(amount: Decimal | int) -> bool:
    shown = cents(amount)
    return shown != shown.to_integral()


def euro(amount: Decimal | int, with_cents: bool = False) -> str:
    """`€ 11.500.000` for whole euros, `€ 1.234,50` otherwise; `with_cents` shows whole euros with
    cents too (`€ 1.000,00`), for a table that has an amount with cents."""
    shown = cents(amount)
    if shown == 0:
        shown = Decimal(0)  # never `€ -0` for a tiny negative difference
    pattern = "¤ #,##0.00;¤ -#,##0.00" if with_cents or has_cents(shown) else "¤ #,##0;¤ -#,##0"
    return format_currency(shown, "EUR", format=pattern, locale=LOCALE, currency_digits=False)


def euros(*amounts: Decimal | int) -> tuple[str, ...]:
    """The amounts of one table or one sentence, all in one format: with cents when any has them."""
    with_cents = any(has_cents(a) for a in amounts)
    return tuple(euro(a, with_cents) for a in amounts)


def date(value: dt.date) -> str:
    """`11 december 2018`."""
    if not isinstance(value, dt.date):
        raise TypeError(f"not a date: {value!r}")
    return format_date(value, format="d MMMM y", locale=LOCALE)


def number(value: int | Decimal) -> str:
    return format_decimal(value, locale=LOCALE)


def percent(share: Decimal | int | float) -> str:
    """`85%`: whole percents with halves rounded up (84,5% is `85%`); a share that is not exactly
    0 or 1 gets as many decimals as it takes not to read as `0%` or `100%` (199 of 200: `99,5%`)."""
    share = Decimal(str(share)) if isinstance(share, float) else Decimal(share)
    hundred = share * 100
    for places in range(0, 10):
        shown = hundred.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
        if (shown == 100) == (hundred == 100) and (shown == 0) == (hundred == 0):
            break
    pattern = "#,##0" + ("." + "0" * places if places else "") + "%"
    return format_percent(shown / 100, format=pattern, locale=LOCALE)
