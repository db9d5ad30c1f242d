"""Tables as CSV or ODS downloads. Cells are text. In CSV a cell that starts with = or +
would run as a formula in the reader's spreadsheet, so it gets an apostrophe before it; an
ODS string cell is never a formula, so it keeps the text exactly as it is."""

import csv
import io

from django.http import HttpResponse
from odf.opendocument import OpenDocumentSpreadsheet
from odf.table import Table, TableCell, TableRow
from odf.text import P

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _safe(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


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
            cell = TableCell(valuetype="string")
            cell.addElement(P(text="" if value is None else str(value)))
            table_row.addElement(cell)
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
