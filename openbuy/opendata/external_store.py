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


def utc_datetime_value():
    """A function making an aware UTC datetime into what the database takes, as
    connection.ops.adapt_datetimefield_value does, faster where the database keeps UTC
    text (SQLite): an import makes one a release."""
    if connection.vendor == "sqlite" and connection.timezone_name == "UTC":
        # isoformat(" ") of a UTC datetime ends "+00:00"; without it, it is str() of the
        # naive datetime, which Django writes, at two thirds of the cost.
        return lambda moment: moment.isoformat(" ")[:-6]
    return connection.ops.adapt_datetimefield_value


def insert_releases(rows: list[tuple]) -> None:
    """Rows of RELEASE_COLUMNS' values, the date as the database takes it
    (connection.ops.adapt_datetimefield_value: made by whoever made the row, which may be
    another process)."""
    if not rows:
        return
    if connection.vendor == "postgresql":
        _copy(ExternalRelease._meta.db_table, RELEASE_COLUMNS, _RELEASE_TYPES, rows)
        return
    with connection.cursor() as cursor:
        cursor.executemany(_insert(ExternalRelease, RELEASE_COLUMNS), rows)


# PostgreSQL's types of the columns, for COPY's binary format: three times as fast as
# INSERT's, which sends each value as text.
_RELEASE_TYPES = ("varchar", "varchar", "varchar", "timestamptz", "varchar", "bytea")
_RECORD_TYPES = (
    "varchar",
    "varchar",
    "bytea",
    "bool",
    "int4",
    "int4",
    "timestamptz",
    "varchar",
    "varchar",
    "varchar",
    "numeric",
    "varchar",
)
_STAGED = "openbuy_import_records"  # a temporary table of the transaction's


def _copy(table: str, columns: tuple[str, ...], types: tuple[str, ...], rows) -> None:
    quote = connection.ops.quote_name
    names = ", ".join(quote(c) for c in columns)
    # psycopg's own cursor (COPY is not in Django's API), its errors made Django's, as
    # Django's cursor makes them (a unique key another import took: IntegrityError).
    with connection.cursor() as cursor, connection.wrap_database_errors:
        raw = cursor.cursor
        with raw.copy(f"COPY {quote(table)} ({names}) FROM STDIN (FORMAT BINARY)") as copy:
            copy.set_types(list(types))
            for row in rows:
                copy.write_row(row)


def upsert_records(rows: list[dict]) -> None:
    """Write records (dicts of RECORD_COLUMNS, and "new": true where the ocid has no
    record yet), replacing those of the same ocid."""
    if not rows:
        return
    adapt = utc_datetime_value()
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
    if connection.vendor == "postgresql":
        # New records are copied straight in; only those replacing others go through the
        # staging table, which makes PostgreSQL write each one twice.
        new = [value for value, row in zip(values, rows, strict=True) if row["new"]]
        if new:
            _copy(ExternalRecord._meta.db_table, RECORD_COLUMNS, _RECORD_TYPES, new)
        if len(new) < len(values):
            _upsert_copied(
                [v for v, row in zip(values, rows, strict=True) if not row["new"]], updates
            )
        return
    with connection.cursor() as cursor:
        cursor.executemany(sql, values)


def _upsert_copied(values: list, updates: str) -> None:
    """Records copied into a temporary table, then written from it in one statement."""
    quote = connection.ops.quote_name
    names = ", ".join(quote(c) for c in RECORD_COLUMNS)
    table = quote(ExternalRecord._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMPORARY TABLE IF NOT EXISTS {_STAGED} ON COMMIT DROP AS "  # noqa: S608 (names only)
            f"SELECT {names} FROM {table} WITH NO DATA"
        )
        cursor.execute(f"TRUNCATE {_STAGED}")
    _copy(_STAGED, RECORD_COLUMNS, _RECORD_TYPES, values)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({names}) SELECT {names} FROM {_STAGED} "  # noqa: S608
            f"ON CONFLICT ({quote('ocid')}) DO UPDATE SET {updates}"
        )
