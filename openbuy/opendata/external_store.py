"""Writing imported releases and records many rows a statement, in plain SQL: an import
writes hundreds of thousands of rows, and building each through the ORM would cost more
than reading, checking and compiling it (`openbuy ocds import` must outpace OCDS Kit)."""

from django.db import connection

from .models import ExternalRecord, ExternalRelease

CHUNK = 500  # rows a statement where the rows are listed in it, within every database's limits

RELEASE_COLUMNS = ("publisher", "ocid", "release_id", "date", "digest", "data")
RECORD_COLUMNS = (
    "ocid",
    "publisher",
    "compiled",
    "as_published",
    "releases",
    "linked_releases",
    "date",
    "title",
    "buyer",
    "status",
    "value_amount",
    "value_currency",
)


def _insert(model, columns: tuple[str, ...]) -> str:
    quote = connection.ops.quote_name
    return "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 (names only: values are parameters)
        quote(model._meta.db_table),
        ", ".join(quote(c) for c in columns),
        ", ".join(["%s"] * len(columns)),
    )


def insert_releases(rows: list[tuple]) -> None:
    """Rows of RELEASE_COLUMNS' values, the date aware."""
    if not rows:
        return
    adapt = connection.ops.adapt_datetimefield_value
    with connection.cursor() as cursor:
        cursor.executemany(
            _insert(ExternalRelease, RELEASE_COLUMNS),
            [(*row[:3], adapt(row[3]), *row[4:]) for row in rows],
        )


def upsert_records(rows: list[dict]) -> None:
    """Write records (dicts of RECORD_COLUMNS), replacing those of the same ocid."""
    if not rows:
        return
    adapt = connection.ops.adapt_datetimefield_value
    amount = ExternalRecord._meta.get_field("value_amount")
    quote = connection.ops.quote_name
    updates = ", ".join(f"{quote(c)} = EXCLUDED.{quote(c)}" for c in RECORD_COLUMNS[1:])
    sql = f"{_insert(ExternalRecord, RECORD_COLUMNS)} ON CONFLICT ({quote('ocid')}) "
    sql += f"DO UPDATE SET {updates}"
    values = []
    for row in rows:
        value = [row[c] for c in RECORD_COLUMNS]
        value[6] = adapt(value[6])
        value[10] = amount.get_db_prep_save(value[10], connection)
        values.append(value)
    with connection.cursor() as cursor:
        cursor.executemany(sql, values)
