"""Tables as CSV or ODS: numbers (ints and Decimals) are numbers, plain in CSV and numeric
cells in ODS; text stays text, guarded against formulas in CSV only."""

import csv
import io
from decimal import Decimal

from openbuy.core.exports import csv_bytes, ods_bytes
from tests import helpers

HEADER = ["Supplier", "Day rate (GBP)", "Rank", "Change", "Live", "Note"]
ROWS = [
    ["Thistle Digital", Decimal("12500.50"), 1, Decimal("-3.25"), True, "=SUM(A1)"],
    ["-minus Ltd", None, None, Decimal("0.00"), False, ""],
]


def test_numbers_are_plain_in_csv_and_text_is_guarded():
    rows = list(csv.reader(io.StringIO(csv_bytes(HEADER, ROWS).decode("utf-8-sig"))))
    assert rows == [
        HEADER,
        ["Thistle Digital", "12500.50", "1", "-3.25", "True", "'=SUM(A1)"],
        ["'-minus Ltd", "", "", "0.00", "False", ""],
    ]


def test_numbers_are_numeric_cells_in_ods_and_text_is_kept_as_it_is():
    rows = helpers.ods_rows(ods_bytes(HEADER, ROWS))
    assert rows[0] == [("string", h) for h in HEADER]
    assert rows[1] == [
        ("string", "Thistle Digital"),
        ("float", "12500.50"),
        ("float", "1"),
        ("float", "-3.25"),
        ("string", "True"),
        ("string", "=SUM(A1)"),
    ]
    assert rows[2] == [
        ("string", "-minus Ltd"),
        ("string", ""),
        ("string", ""),
        ("float", "0.00"),
        ("string", "False"),
        ("string", ""),
    ]


def test_a_decimal_in_exponent_form_is_written_out():
    rows = helpers.ods_rows(ods_bytes(["Value"], [[Decimal("1E+3")]]))
    assert rows[1] == [("float", "1000")]
    assert csv_bytes(["Value"], [[Decimal("1E+3")]]).decode("utf-8-sig").splitlines()[1] == "1000"
