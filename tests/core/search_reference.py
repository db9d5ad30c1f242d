"""Documents and a plain Python reading of the search rules, shared by the tests of the
engines (test_search_engine.py) and of the index in memory (test_search_resident.py)."""

import random

from openbuy.core import search
from openbuy.core.search import text

WORDS = [
    *[
        "cloud",
        "hosting",
        "hosted",
        "secure",
        "data",
        "analytics",
        "case",
        "management",
        "casework",
        "licensing",
        "email",
    ],
    *[
        "calendar",
        "identity",
        "payroll",
        "finance",
        "storage",
        "backup",
        "migration",
        "support",
        "training",
    ],
    *["council", "accessible", "résumé", "naïve", "e-mail", "GOV.UK", "records", "archive"],
]
FIELDS = {
    "category": ["compute", "storage", "crm", "finance"],
    "api": ["yes", "no"],
    "location": ["uk", "eea", "other"],
}
QUERIES = [
    "strasse",
    "Straße",
    "σοφος",
    "ΣΟΦΟΣ",
    "москва",
    "istanbul",
    "fv1",
    "alpha -fv12",
    "x" * 150,
    "hosting",
    "host",
    "hosted secure",
    "secure -email",
    "case management",
    "résumé",
    "resume",
    "naive",
    "e-mail",
    "mail",
    "GOV.UK",
    "gov",
    "data -data",
    "-cloud",
    "the and of",
    "CALENDARS",
    "archive records backup",
    "nothing-matches-this",
    "",
    "payroll finance",
    "identity",
]
FILTERS = [
    {},
    {"api": ["yes"]},
    {"category": ["crm", "finance"]},
    {"category": ["compute"], "location": ["uk", "eea"]},
    {"api": ["no"], "location": ["other"]},
]


def documents(count=300):
    rng = random.Random(20261123)
    docs = []
    for n in range(1, count + 1):
        title = " ".join(rng.sample(WORDS, 3))
        body = " ".join(rng.sample(WORDS, 8))
        facets = {name: rng.sample(values, rng.randint(1, 2)) for name, values in FIELDS.items()}
        docs.append(search.Document(object_id=n, title=title, body=body, facets=facets))
    return docs


def reference(docs, query_text, filters):
    """The rules in plain Python: every required stem present, no excluded stem, and for each
    filter at least one chosen value; more required stems in the title first, then the hash."""
    required, excluded = text.parse_query(query_text)
    found = []
    for doc in docs:
        words = set(text.tokens(doc.title)) | set(text.tokens(doc.body))
        if not set(required) <= words or words & set(excluded):
            continue
        if all(set(values) & set(doc.facets.get(name, [])) for name, values in filters.items()):
            found.append(doc)
    title = lambda d: len(set(required) & set(text.tokens(d.title)))  # noqa: E731
    found.sort(key=lambda d: (-title(d), search.tiebreak("test", d.object_id)))
    facets = {name: {} for name in FIELDS}
    for doc in found:
        for name in FIELDS:
            for value in doc.facets[name]:
                facets[name][value] = facets[name].get(value, 0) + 1
    return [d.object_id for d in found], facets


def assert_matches_reference(docs):
    """Every query of QUERIES with every filter of FILTERS, whole lists and facet counts."""
    for query_text in QUERIES:
        for filters in FILTERS:
            expected_ids, expected_facets = reference(docs, query_text, filters)
            result = search.search(
                search.Query(
                    kind="test",
                    text=query_text,
                    filters=filters,
                    facet_fields=list(FIELDS),
                    limit=1000,
                )
            )
            label = f"{query_text!r} {filters}"
            assert result.object_ids == expected_ids, label
            assert result.total == len(expected_ids), label
            assert result.facets == expected_facets, label
