"""Open data's migrations on a store that already holds releases."""

import pytest
from django.core.management import call_command
from django.db import connection

from openbuy.opendata.models import Release
from tests.opendata import factories


@pytest.mark.django_db(transaction=True)
def test_releases_stored_before_sizes_were_kept_are_given_theirs():
    factories.releases()
    call_command("migrate", "opendata", "0002", verbosity=0)

    call_command("migrate", "opendata", verbosity=0)

    stored = list(Release.objects.values_list("size", "data"))
    assert len(stored) > 10
    assert [size for size, _data in stored] == [len(data) for _size, data in stored]


_COMPRESSED = (
    ("opendata_release", "data"),
    ("opendata_record", "compiled"),
    ("opendata_externalrelease", "data"),
    ("opendata_externalrecord", "compiled"),
)


@pytest.mark.django_db(transaction=True)
def test_postgresql_compresses_the_stored_json_with_lz4_and_the_migration_goes_back():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite does not compress")

    def methods():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT attrelid::regclass::text, attname, attcompression FROM pg_attribute "
                "WHERE attrelid::regclass::text LIKE 'opendata_%%' AND attname = ANY(%s)",
                [["data", "compiled"]],
            )
            found = {(table, column): method for table, column, method in cursor.fetchall()}
            return {key: found.get(key) for key in _COMPRESSED}

    assert methods() == dict.fromkeys(_COMPRESSED, "l")
    call_command("migrate", "opendata", "0003", verbosity=0)
    assert methods() == dict.fromkeys(_COMPRESSED, "")
    call_command("migrate", "opendata", verbosity=0)
    assert methods() == dict.fromkeys(_COMPRESSED, "l")


@pytest.mark.django_db
def test_a_new_sqlite_database_has_pages_of_16_kib():
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL's pages are its own")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA page_size")
        assert cursor.fetchone() == (16384,)
