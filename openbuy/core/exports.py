"""Tables as CSV or ODS downloads. A cell is text, or a number when it is an int or a
Decimal (money, scores): written plainly in CSV ("1250.50": no currency symbol, no
thousands separator, so say the currency in the column's header) and as a numeric cell in
ODS, so spreadsheets sum and sort it. In CSV a text cell that starts with = or + would run
as a formula in the reader's spreadsheet, so it gets an apostrophe before it; an ODS
string cell is never a formula, so it keeps the text exactly as it is. A number is never
a formula, so a negative one keeps its minus sign in both."""

import csv
import io
from decimal import Decimal

from django.http import HttpResponse
from odf.opendocument import OpenDocumentSpreadsheet
from odf.table import Table, TableCell, TableRow
from odf.text import P

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _number(value) -> str | None:
    """The cell's value as a plain number ("1250.50", "-3"), or None when it is not a
    number (a bool is not one, nor a Decimal that is not finite)."""
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        return None
    if isinstance(value, Decimal):
        return format(value, "f") if value.is_finite() else None
    return str(value)


def _safe(value) -> str:
    plain = _number(value)
    if plain is not None:
        return plain
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _ods_cell(value) -> TableCell:
    plain = _number(value)
    if plain is not None:
        cell = TableCell(valuetype="float", value=plain)
        cell.addElement(P(text=plain))
        return cell
    cell = TableCell(valuetype="string")
    cell.addElement(P(text="" if value is None else str(value)))
    return cell


def csv_bytes(header: list[str], rows: list[list]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([_safe(h) for h in header])
    writer.writerows([[_safe(c) for c in row] for row in rows])
    return buffer.getvalue().encode("utf-8-sig")


def ods_bytes(header: list[str], rows: list[list], *, sheet: str = "Sheet1") -> bytes:
    document = OpenDocumentSpreadsheet()
    table = Table(name=sheet[:31])
    for row in [header, *rows]:
        table_row = TableRow()
        for value in row:
            table_row.addElement(_ods_cell(value))
        table.addElement(table_row)
    document.spreadsheet.addElement(table)
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()


CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
}


def download(filename: str, file_format: str, header: list[str], rows: list[list]) -> HttpResponse:
    body = csv_bytes(header, rows) if file_format == "csv" else ods_bytes(header, rows)
    response = HttpResponse(body, content_type=CONTENT_TYPES[file_format])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{file_format}"'
    return response
