"""Money is a Decimal amount and an ISO 4217 currency: never a float.

Input is parsed strictly: "1,000" is one thousand, "1,00" is an error, never 1.
"""

import re
from decimal import Decimal, InvalidOperation

from django.utils import formats
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .currencies import MINOR_UNITS

_AMOUNT = re.compile(r"^(?P<int>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<frac>\d+))?$")
_SYMBOLS = {"GBP": "£", "EUR": "€", "USD": "US$", "AUD": "A$", "CAD": "CA$", "NZD": "NZ$"}


class MoneyError(ValueError):
    """An amount that could not be read; the message says how to write it."""


# Amounts are stored as DECIMAL(16, 2): 14 digits before the point.
MAX_WHOLE_DIGITS = 14
LIMIT = Decimal(10) ** MAX_WHOLE_DIGITS


def parse_amount(text: str, currency: str, *, allow_negative: bool = False) -> Decimal:
    """Read an amount typed by a person, in the currency's minor units at most."""
    cleaned = str(text).strip().replace(" ", "")
    symbol = _SYMBOLS.get(currency)
    if symbol and cleaned.startswith(symbol):
        cleaned = cleaned[len(symbol) :]
    negative = cleaned.startswith("-")
    if negative:
        if not allow_negative:
            raise MoneyError(_("Enter an amount of 0 or more"))
        cleaned = cleaned[1:]
    match = _AMOUNT.match(cleaned)
    places = MINOR_UNITS.get(currency, 2)
    if not match:
        raise MoneyError(in_figures(currency))
    fraction = match["frac"] or ""
    if len(fraction) > places:
        if places == 0:
            raise MoneyError(_("Enter a whole amount, without decimals"))
        raise MoneyError(
            _("Enter an amount with no more than %(places)d decimal places") % {"places": places}
        )
    if len(match["int"].replace(",", "").lstrip("0")) > MAX_WHOLE_DIGITS:
        raise MoneyError(_("Enter an amount less than 100,000,000,000,000"))
    try:
        value = Decimal(match["int"].replace(",", "") + ("." + fraction if fraction else ""))
    except InvalidOperation as exc:  # pragma: no cover - the pattern admits only digits
        raise MoneyError(in_figures(currency)) from exc
    return -value if negative else value


def format_money(amount: Decimal, currency: str, *, language: str | None = None) -> str:
    """An amount as people in the active language write it, with the currency's symbol."""
    places = MINOR_UNITS.get(currency, 2)
    whole = amount == amount.to_integral_value()
    number = formats.number_format(
        amount, 0 if whole else places, use_l10n=True, force_grouping=True
    )
    symbol = _SYMBOLS.get(currency)
    if (language or get_language() or "en").startswith("fr"):
        return f"{number}\u00a0{symbol or currency}"
    return f"{symbol}{number}" if symbol else f"{currency}\u00a0{number}"


def in_figures(currency: str) -> str:
    """What to say when an amount is not written in figures (GOV.UK style: with an
    example in the form the field reads)."""
    example = f"{Decimal(1250):,.{MINOR_UNITS.get(currency, 2)}f}"
    return _("Enter an amount in figures, like %(example)s") % {"example": example}


def input_amount(amount, currency: str) -> str:
    """An amount as it goes back into a text box: grouped in thousands, with decimals only
    when there are any ("2,000,000", "1,250.50"). Always in the form parse_amount reads
    (commas and a point, whatever the page's language), so saving it unchanged keeps it."""
    amount = Decimal(amount)
    if amount == amount.to_integral_value():
        return f"{amount:,.0f}"
    return f"{amount:,.{MINOR_UNITS.get(currency, 2)}f}"


def input_affixes(currency: str, language: str | None = None) -> tuple[str, str]:
    """The currency's symbol before an amount's box, or after it where the language writes
    it after the number (as format_money does): GOV.UK's input prefix and suffix."""
    symbol = _SYMBOLS.get(currency) or currency
    if (language or get_language() or "en").startswith("fr"):
        return "", symbol
    return symbol, ""
