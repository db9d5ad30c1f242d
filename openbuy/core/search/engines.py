"""Each engine's one query: every document of a kind matching the words and the filter
tokens, read from the narrow SearchDocument table, in order: documents with more of the
words in their title first, then by the hash of the object id. Both engines order by the
same rule, so they return the same list."""

from typing import NamedTuple

from django.db import connection as default_connection

COLUMNS = "d.object_id, d.facet_tokens"


class Match(NamedTuple):
    object_id: int
    facet_tokens: str  # its filter value tokens, space-separated


def _matches(cursor) -> list[Match]:
    return list(map(Match._make, cursor.fetchall()))


def _order(required, contains):
    """ORDER BY clause and its parameters: title matches, then the tiebreak hash."""
    if not required:
        return " ORDER BY d.tiebreak", []
    score = " + ".join([contains] * len(required))
    return f" ORDER BY ({score}) DESC, d.tiebreak", [f" {w} " for w in required]


class SqliteEngine:
    def __init__(self, connection):
        self.connection = connection

    @staticmethod
    def _words(words, joiner):
        return joiner.join('"' + w.replace('"', '""') + '"' for w in words)

    def indexed(self, document_ids):
        """Triggers on core_searchtext keep the FTS5 index in step."""

    def matches(self, kind, required, excluded, filters) -> list[Match]:
        # Column filters keep words to the text and filter tokens to their own column. CROSS
        # JOIN makes SQLite start from the full-text matches, not probe the index per row.
        parts = [f"facet_tokens : ({' OR '.join(tokens)})" for tokens in filters]
        if required:
            parts.append(f"{{title_tokens body_tokens}} : ({self._words(required, ' AND ')})")
        without = f"{{title_tokens body_tokens}} : ({self._words(excluded, ' OR ')})"
        if parts:
            expression = " AND ".join(parts) + (f" NOT {without}" if excluded else "")
            sql = (
                f"SELECT {COLUMNS} FROM core_searchfts CROSS JOIN core_searchdocument d "
                "ON d.id = core_searchfts.rowid WHERE core_searchfts MATCH %s AND d.kind = %s"
            )
            params = [expression, kind]
        else:
            sql = f"SELECT {COLUMNS} FROM core_searchdocument d WHERE d.kind = %s"
            params = [kind]
            if excluded:
                sql += (
                    " AND d.id NOT IN "
                    "(SELECT rowid FROM core_searchfts WHERE core_searchfts MATCH %s)"
                )
                params.append(without)
        order, order_params = _order(required, "(instr(' ' || d.title_tokens || ' ', %s) > 0)")
        with self.connection.cursor() as cursor:
            cursor.execute(sql + order, params + order_params)
            return _matches(cursor)


class PostgresEngine:
    def __init__(self, connection):
        self.connection = connection

    @staticmethod
    def _quote(word):
        return "'" + word.replace("'", "''").replace("\\", "") + "'"

    def indexed(self, document_ids):
        """Write the tsvector of newly indexed documents (lexemes only: no positions)."""
        with self.connection.cursor() as cursor:
            cursor.execute(
                "UPDATE core_searchdocument d SET vector = strip(to_tsvector('simple', "
                "t.title_tokens || ' ' || t.body_tokens || ' ' || t.facet_tokens)) "
                "FROM core_searchtext t WHERE t.document_id = d.id AND d.id = ANY(%s)",
                [list(document_ids)],
            )

    def matches(self, kind, required, excluded, filters) -> list[Match]:
        parts = ["(" + " | ".join(self._quote(t) for t in tokens) + ")" for tokens in filters]
        parts += [self._quote(w) for w in required]
        parts += ["!" + self._quote(w) for w in excluded]
        sql = f"SELECT {COLUMNS} FROM core_searchdocument d WHERE d.kind = %s"
        params = [kind]
        if parts:
            sql += " AND d.vector @@ to_tsquery('simple', %s)"
            params.append(" & ".join(parts))
        order, order_params = _order(
            required, "(position(%s in ' ' || d.title_tokens || ' ') > 0)::int"
        )
        with self.connection.cursor() as cursor:
            cursor.execute(sql + order, params + order_params)
            return _matches(cursor)


def engine_for(connection=default_connection):
    if connection.vendor == "postgresql":
        return PostgresEngine(connection)
    if connection.vendor == "sqlite":
        return SqliteEngine(connection)
    raise NotImplementedError(f"no search engine for {connection.vendor}")
