"""The SQL of each engine. Both take stemmed words and build the same filter and facet
queries; only matching and ranking differ (FTS5 bm25, PostgreSQL ts_rank_cd)."""

from django.db import connection as default_connection

DOC = "core_searchdocument"
FACET = "core_searchfacet"
TITLE_WEIGHT = 5.0


class Engine:
    def __init__(self, connection):
        self.connection = connection

    # Subclasses supply match(required, excluded) -> (condition on d, params) and
    # ranked(where, params, required, excluded) -> (select by relevance, params).

    def _where(self, query, required, excluded):
        clauses, params = ["d.kind = %s"], [query.kind]
        for name, values in sorted(query.filters.items()):
            values = [v for v in values if v]
            if not values:
                continue
            marks = ", ".join(["%s"] * len(values))
            clauses.append(
                f"d.id IN (SELECT document_id FROM {FACET} WHERE field = %s AND value IN ({marks}))"
            )
            params += [name, *values]
        if required or excluded:
            condition, match_params = self.match(required, excluded)
            clauses.append(condition)
            params += match_params
        return " AND ".join(clauses), params

    def search(self, query, required, excluded):
        from . import Results

        where, params = self._where(query, required, excluded)
        with self.connection.cursor() as cursor:
            if required:
                sql, ranked_params = self.ranked(where, params, required, excluded)
                cursor.execute(sql, [*ranked_params, query.limit, query.offset])
            else:
                cursor.execute(
                    f"SELECT d.object_id FROM {DOC} d WHERE {where} "
                    "ORDER BY d.tiebreak LIMIT %s OFFSET %s",
                    [*params, query.limit, query.offset],
                )
            ids = [row[0] for row in cursor.fetchall()]
            cursor.execute(f"SELECT COUNT(*) FROM {DOC} d WHERE {where}", params)
            total = cursor.fetchone()[0]
            facets: dict[str, dict[str, int]] = {name: {} for name in query.facet_fields}
            if query.facet_fields and total:
                marks = ", ".join(["%s"] * len(query.facet_fields))
                cursor.execute(
                    f"SELECT f.field, f.value, COUNT(*) FROM {FACET} f "
                    f"WHERE f.field IN ({marks}) AND f.document_id IN "
                    f"(SELECT d.id FROM {DOC} d WHERE {where}) GROUP BY f.field, f.value",
                    [*query.facet_fields, *params],
                )
                for name, value, count in cursor.fetchall():
                    facets[name][value] = count
        return Results(object_ids=ids, total=total, facets=facets, stems=required)


class SqliteEngine(Engine):
    @staticmethod
    def _fts(words, joiner=" "):
        return joiner.join('"' + w.replace('"', '""') + '"' for w in words)

    def match(self, required, excluded):
        if required:
            expression = self._fts(required)
            if excluded:
                expression = f"({expression}) NOT ({self._fts(excluded, ' OR ')})"
            return (
                "d.id IN (SELECT rowid FROM core_searchfts WHERE core_searchfts MATCH %s)",
                [expression],
            )
        return (
            "d.id NOT IN (SELECT rowid FROM core_searchfts WHERE core_searchfts MATCH %s)",
            [self._fts(excluded, " OR ")],
        )

    def ranked(self, where, params, required, excluded):
        # Rank from the FTS table directly; the where clause repeats the match as a filter.
        _condition, match_params = self.match(required, excluded)
        return (
            f"SELECT d.object_id FROM core_searchfts s JOIN {DOC} d ON d.id = s.rowid "
            f"WHERE core_searchfts MATCH %s AND {where} "
            f"ORDER BY bm25(core_searchfts, {TITLE_WEIGHT}, 1.0), d.tiebreak LIMIT %s OFFSET %s",
            [*match_params, *params],
        )


class PostgresEngine(Engine):
    @staticmethod
    def _tsquery(required, excluded):
        def quote(word):
            return "'" + word.replace("'", "''").replace("\\", "") + "'"

        parts = [quote(w) for w in required] + ["!" + quote(w) for w in excluded]
        return " & ".join(parts)

    def match(self, required, excluded):
        return "d.vector @@ to_tsquery('simple', %s)", [self._tsquery(required, excluded)]

    def ranked(self, where, params, required, excluded):
        return (
            f"SELECT d.object_id FROM {DOC} d WHERE {where} "
            "ORDER BY ts_rank_cd(d.vector, to_tsquery('simple', %s)) DESC, d.tiebreak "
            "LIMIT %s OFFSET %s",
            [*params, self._tsquery(required, [])],
        )


def engine_for(connection=default_connection) -> Engine:
    if connection.vendor == "postgresql":
        return PostgresEngine(connection)
    if connection.vendor == "sqlite":
        return SqliteEngine(connection)
    raise NotImplementedError(f"no search engine for {connection.vendor}")
