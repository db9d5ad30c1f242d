"""PostgreSQL compresses the stored JSON (the values TOAST keeps: compiled releases,
large releases) with lz4 rather than pglz, where the server was built with lz4 (Debian's and
the official images are): pglz took a third of the server's work in an import
(bench/ocds.py), and lz4 also reads back faster for the exports. Values stored before keep
pglz until they are written again; both read alike. SQLite does not compress."""

from django.db import migrations

COLUMNS = (
    ("opendata_release", "data"),
    ("opendata_record", "compiled"),
    ("opendata_externalrelease", "data"),
    ("opendata_externalrecord", "compiled"),
)


def _set(method: str):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for table, column in COLUMNS:
            # A server built without lz4 refuses it (feature_not_supported): pglz stays.
            schema_editor.execute(
                f"DO $$ BEGIN ALTER TABLE {table} ALTER COLUMN {column} SET COMPRESSION {method}; "
                "EXCEPTION WHEN feature_not_supported THEN NULL; END $$"
            )

    return run


class Migration(migrations.Migration):
    dependencies = [("opendata", "0003_release_size")]

    operations = [migrations.RunPython(_set("lz4"), _set("DEFAULT"))]
