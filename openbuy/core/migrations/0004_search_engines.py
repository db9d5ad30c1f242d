"""What each search engine needs beside the SearchDocument table.

SQLite: an FTS5 index over the stemmed tokens, kept in step by triggers (so bulk inserts,
deletes and Django's test flush all update it). PostgreSQL: a generated tsvector column,
title words weighted above body words, with a GIN index.
"""

from django.db import migrations

SQLITE_FORWARD = [
    """CREATE VIRTUAL TABLE core_searchfts USING fts5(
        title_tokens, body_tokens, content='core_searchdocument', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER core_searchdocument_ai AFTER INSERT ON core_searchdocument BEGIN
        INSERT INTO core_searchfts(rowid, title_tokens, body_tokens)
        VALUES (new.id, new.title_tokens, new.body_tokens);
    END""",
    """CREATE TRIGGER core_searchdocument_ad AFTER DELETE ON core_searchdocument BEGIN
        INSERT INTO core_searchfts(core_searchfts, rowid, title_tokens, body_tokens)
        VALUES ('delete', old.id, old.title_tokens, old.body_tokens);
    END""",
    """CREATE TRIGGER core_searchdocument_au AFTER UPDATE ON core_searchdocument BEGIN
        INSERT INTO core_searchfts(core_searchfts, rowid, title_tokens, body_tokens)
        VALUES ('delete', old.id, old.title_tokens, old.body_tokens);
        INSERT INTO core_searchfts(rowid, title_tokens, body_tokens)
        VALUES (new.id, new.title_tokens, new.body_tokens);
    END""",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS core_searchdocument_au",
    "DROP TRIGGER IF EXISTS core_searchdocument_ad",
    "DROP TRIGGER IF EXISTS core_searchdocument_ai",
    "DROP TABLE IF EXISTS core_searchfts",
]
POSTGRES_FORWARD = [
    """ALTER TABLE core_searchdocument ADD COLUMN vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', title_tokens), 'A')
        || setweight(to_tsvector('simple', body_tokens), 'B')) STORED""",
    "CREATE INDEX core_searchdocument_vector ON core_searchdocument USING GIN (vector)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS core_searchdocument_vector",
    "ALTER TABLE core_searchdocument DROP COLUMN IF EXISTS vector",
]


def _run(statements):
    def run(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        for sql in statements.get(vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("core", "0003_search_documents")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        )
    ]
