"""Money input is read strictly and shown as people in each language write it."""

from decimal import Decimal

import pytest
from django.utils import translation

from openbuy.core.money import MoneyError, format_money, parse_amount


@pytest.mark.parametrize(
    ("text", "currency", "expected"),
    [
        ("1000", "GBP", Decimal("1000")),
        ("1,000", "GBP", Decimal("1000")),
        ("1,234,567.89", "GBP", Decimal("1234567.89")),
        (" £2,500.5 ", "GBP", Decimal("2500.5")),
        ("0", "AUD", Decimal("0")),
        ("1500", "JPY", Decimal("1500")),
        ("1.234", "KWD", Decimal("1.234")),
    ],
)
def test_amounts_people_write_are_read_exactly(text, currency, expected):
    assert parse_amount(text, currency) == expected


@pytest.mark.parametrize(
    ("text", "currency", "message"),
    [
        ("1,00", "GBP", "Enter an amount in figures, like 1500 or 1,500.50"),
        ("1,0000", "GBP", "Enter an amount in figures, like 1500 or 1,500.50"),
        ("ten", "GBP", "Enter an amount in figures, like 1500 or 1,500.50"),
        ("1e6", "GBP", "Enter an amount in figures, like 1500 or 1,500.50"),
        ("", "GBP", "Enter an amount in figures, like 1500 or 1,500.50"),
        ("-5", "GBP", "Enter an amount of 0 or more"),
        ("1.234", "GBP", "Enter an amount with no more than 2 decimal places"),
        ("10.5", "JPY", "Enter a whole amount, without decimals"),
        ("100,000,000,000,000", "GBP", "Enter an amount less than 100,000,000,000,000"),
    ],
)
def test_ambiguous_or_wrong_amounts_are_errors_never_guesses(text, currency, message):
    with pytest.raises(MoneyError, match=message):
        parse_amount(text, currency)


def test_negative_amounts_only_where_allowed():
    assert parse_amount("-5", "GBP", allow_negative=True) == Decimal("-5")


def test_amounts_are_formatted_for_the_language():
    with translation.override("en"):
        assert format_money(Decimal("1234567.5"), "GBP") == "£1,234,567.50"
        assert format_money(Decimal("250000"), "GBP") == "£250,000"
        assert format_money(Decimal("100"), "CHF") == "CHF\u00a0100"
    with translation.override("fr"):
        assert format_money(Decimal("1234567.5"), "EUR") == "1\u00a0234\u00a0567,50\u00a0€"
