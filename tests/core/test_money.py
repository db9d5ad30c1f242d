"""Money input is read strictly and shown as people in each language write it."""

from decimal import Decimal

import pytest
from django.utils import translation

from openbuy.core.money import MoneyError, format_money, parse_amount


@pytest.mark.parametrize(
    ("text", "currency", "expected"),
    [
        ("1000", "GBP", Decimal(1000)),
        ("1,000", "GBP", Decimal(1000)),
        ("1,234,567.89", "GBP", Decimal("1234567.89")),
        (" £2,500.5 ", "GBP", Decimal("2500.5")),
        ("0", "AUD", Decimal(0)),
        ("1500", "JPY", Decimal(1500)),
        ("1.234", "KWD", Decimal("1.234")),
    ],
)
def test_amounts_people_write_are_read_exactly(text, currency, expected):
    assert parse_amount(text, currency) == expected


@pytest.mark.parametrize(
    ("text", "currency", "message"),
    [
        ("1,00", "GBP", "Enter an amount in figures, like 1,250.00"),
        ("1,0000", "GBP", "Enter an amount in figures, like 1,250.00"),
        ("ten", "GBP", "Enter an amount in figures, like 1,250.00"),
        ("1e6", "GBP", "Enter an amount in figures, like 1,250.00"),
        ("", "GBP", "Enter an amount in figures, like 1,250.00"),
        ("-5", "GBP", "Enter an amount of 0 or more"),
        ("1.234", "GBP", "Enter an amount with no more than 2 decimal places"),
        ("10.5", "JPY", "Enter a whole amount, without decimals"),
        ("100,000,000,000,000", "GBP", "Enter an amount less than 100,000,000,000,000"),
    ],
)
def test_ambiguous_or_wrong_amounts_are_errors_never_guesses(text, currency, message):
    with pytest.raises(MoneyError, match=message):
        parse_amount(text, currency)


def test_amounts_go_back_into_their_boxes_grouped_with_pence_only_when_there_are_any():
    """Review finding 10: saved amounts came back as "2000000" and "0.00"."""
    from openbuy.core.money import input_amount

    assert input_amount(Decimal(2000000), "GBP") == "2,000,000"
    assert input_amount(Decimal("0.00"), "GBP") == "0"
    assert input_amount(Decimal("1250.5"), "GBP") == "1,250.50"
    assert parse_amount(input_amount(Decimal("1234567.89"), "GBP"), "GBP") == Decimal("1234567.89")
    with pytest.raises(MoneyError, match=r"Enter an amount in figures, like 1,250$"):
        parse_amount("ten", "JPY")


def test_negative_amounts_only_where_allowed():
    assert parse_amount("-5", "GBP", allow_negative=True) == Decimal(-5)


def test_amounts_are_formatted_for_the_language():
    with translation.override("en"):
        assert format_money(Decimal("1234567.5"), "GBP") == "£1,234,567.50"
        assert format_money(Decimal(250000), "GBP") == "£250,000"
        assert format_money(Decimal(100), "CHF") == "CHF\u00a0100"
    with translation.override("fr"):
        assert format_money(Decimal("1234567.5"), "EUR") == "1\u00a0234\u00a0567,50\u00a0€"
