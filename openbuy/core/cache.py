"""The cache every process shares: Django's database cache by default (Redis when
OPENBUY_CACHE_URL names one), which the throttles count in.

Django's database cache adds to a number by reading it and writing it back with the
default timeout, so two processes counting at once lose a count and every count stretches
the entry's life; and when the table is full it evicts live entries, which would let
anyone lift a throttle by filling the cache. This one counts in one locked statement pair,
keeps the entry's expiry, and only ever removes entries that have expired.
"""

import base64
import pickle
from datetime import UTC, datetime

from django.core.cache.backends import db
from django.core.management import call_command
from django.db import connections, models, router, transaction

TABLE = "openbuy_cache"


class DatabaseCache(db.DatabaseCache):
    def incr(self, key, delta=1, version=None):
        key = self.make_and_validate_key(key, version=version)
        alias = router.db_for_write(self.cache_model_class)
        connection = connections[alias]
        quote = connection.ops.quote_name
        table, key_column = quote(self._table), quote("cache_key")
        value_column, expires_column = quote("value"), quote("expires")
        lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
        # Quoted identifiers only: the key and the value go in as parameters.
        select = (
            f"SELECT {value_column}, {expires_column} FROM {table} "  # noqa: S608
            f"WHERE {key_column} = %s{lock}"
        )
        update = f"UPDATE {table} SET {value_column} = %s WHERE {key_column} = %s"  # noqa: S608
        with transaction.atomic(using=alias), connection.cursor() as cursor:
            cursor.execute(select, [key])
            row = cursor.fetchone()
            # Expiry is by the real clock, as Django's cache sets it (time.time()), never
            # the request's idea of now (which tests move).
            if row is None or _expires(row[1], connection) < datetime.now(UTC):
                raise ValueError(f"Key '{key}' not found")
            stored = connection.ops.process_clob(row[0])
            # The values are the cache's own, written by this class (as Django's cache does).
            value = pickle.loads(base64.b64decode(stored.encode())) + delta  # noqa: S301
            encoded = base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")
            cursor.execute(update, [encoded, key])
        return value

    def _cull(self, alias, cursor, now, num):
        connection = connections[alias]
        quote = connection.ops.quote_name
        cursor.execute(
            f"DELETE FROM {quote(self._table)} WHERE {quote('expires')} < %s",  # noqa: S608
            [connection.ops.adapt_datetimefield_value(now)],
        )


def _expires(value, connection):
    """The expiry as an aware datetime, read the way Django's database cache reads it."""
    expression = models.Expression(output_field=models.DateTimeField())
    for converter in connection.ops.get_db_converters(expression) + expression.get_db_converters(
        connection
    ):
        value = converter(value, expression, connection)
    return value


def create_cache_table(using="default", **kwargs) -> None:
    """After every `migrate`: the database cache's table, if it is missing (Redis needs none),
    so the demo, the tests and production have it without a step of their own."""
    call_command("createcachetable", database=using, verbosity=0)
