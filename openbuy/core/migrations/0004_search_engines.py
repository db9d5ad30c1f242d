"""What each search engine needs beside the search tables.

SQLite: an FTS5 index over SearchText (title, body and filter tokens), kept in step by
triggers, so bulk inserts, deletes and Django's test flush all update it. PostgreSQL: a
tsvector column on the narrow SearchDocument table, written when a document is indexed,
with a GIN index; no weights or positions, so the index answers without rechecking rows.
"""

from django.db import migrations

SQLITE_FORWARD = [
    """CREATE VIRTUAL TABLE core_searchfts USING fts5(
        title_tokens, body_tokens, facet_tokens, content='core_searchtext',
        content_rowid='document_id', tokenize='unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER core_searchtext_ai AFTER INSERT ON core_searchtext BEGIN
        INSERT INTO core_searchfts(rowid, title_tokens, body_tokens, facet_tokens)
        VALUES (new.document_id, new.title_tokens, new.body_tokens, new.facet_tokens);
    END""",
    """CREATE TRIGGER core_searchtext_ad AFTER DELETE ON core_searchtext BEGIN
        INSERT INTO core_searchfts(core_searchfts, rowid, title_tokens, body_tokens, facet_tokens)
        VALUES ('delete', old.document_id, old.title_tokens, old.body_tokens, old.facet_tokens);
    END""",
    """CREATE TRIGGER core_searchtext_au AFTER UPDATE ON core_searchtext BEGIN
        INSERT INTO core_searchfts(core_searchfts, rowid, title_tokens, body_tokens, facet_tokens)
        VALUES ('delete', old.document_id, old.title_tokens, old.body_tokens, old.facet_tokens);
        INSERT INTO core_searchfts(rowid, title_tokens, body_tokens, facet_tokens)
        VALUES (new.document_id, new.title_tokens, new.body_tokens, new.facet_tokens);
    END""",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS core_searchtext_au",
    "DROP TRIGGER IF EXISTS core_searchtext_ad",
    "DROP TRIGGER IF EXISTS core_searchtext_ai",
    "DROP TABLE IF EXISTS core_searchfts",
]
POSTGRES_FORWARD = [
    "ALTER TABLE core_searchdocument ADD COLUMN vector tsvector",
    "CREATE INDEX core_searchdocument_vector ON core_searchdocument USING GIN (vector)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS core_searchdocument_vector",
    "ALTER TABLE core_searchdocument DROP COLUMN IF EXISTS vector",
]


def _run(statements):
    def run(apps, schema_editor):
        for sql in statements.get(schema_editor.connection.vendor, []):
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
