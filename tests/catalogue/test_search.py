"""core.search: both engines (this leg's database) must return exactly what a plain Python
reading of the same rules returns, so SQLite FTS5 and PostgreSQL agree with each other."""

import functools
import operator
import random

import pytest

from openbuy.core import search
from openbuy.core.search import text

pytestmark = pytest.mark.django_db

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


def _documents(count=300):
    rng = random.Random(20261123)
    docs = []
    for n in range(1, count + 1):
        title = " ".join(rng.sample(WORDS, 3))
        body = " ".join(rng.sample(WORDS, 8))
        facets = {name: rng.sample(values, rng.randint(1, 2)) for name, values in FIELDS.items()}
        docs.append(search.Document(object_id=n, title=title, body=body, facets=facets))
    return docs


def _reference(docs, query_text, filters):
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


def test_the_engine_returns_exactly_the_reference_results_in_the_reference_order():
    docs = _documents()
    search.index("test", docs)
    assert_matches_reference(docs)


def assert_matches_reference(docs):
    """Every query of QUERIES with every filter of FILTERS, whole lists and facet counts."""
    for query_text in QUERIES:
        for filters in FILTERS:
            expected_ids, expected_facets = _reference(docs, query_text, filters)
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


def test_pages_are_stable_and_ties_are_ordered_by_a_hash_not_by_name():
    docs = _documents(100)
    search.index("test", docs)
    everything = search.search(search.Query(kind="test", limit=1000)).object_ids
    assert everything == sorted(everything, key=lambda pk: search.tiebreak("test", pk))
    pages = [
        search.search(search.Query(kind="test", offset=o, limit=30)).object_ids
        for o in range(0, 100, 30)
    ]
    assert functools.reduce(operator.iadd, pages, []) == everything


def test_title_matches_rank_above_body_matches():
    search.index(
        "test",
        [
            search.Document(1, title="Payroll for councils", body="other words"),
            search.Document(2, title="Other words", body="payroll is mentioned here"),
        ],
    )
    assert search.search(search.Query(kind="test", text="payroll")).object_ids == [1, 2]


def test_reindexing_replaces_and_removing_deletes():
    search.index("test", [search.Document(1, title="old words", body="")])
    search.index("test", [search.Document(1, title="new words", body="")])
    assert search.search(search.Query(kind="test", text="old")).total == 0
    assert search.search(search.Query(kind="test", text="new")).object_ids == [1]
    search.remove("test", [1])
    assert search.search(search.Query(kind="test")).total == 0


def test_highlighting_never_marks_inside_what_escaping_made():
    stems = text.parse_query("amp quot x27 lt")[0]
    html = text.highlight('R&D\'s "amp" <lt> ampere', stems)
    assert html == "R&amp;D&#x27;s &quot;<mark>amp</mark>&quot; &lt;<mark>lt</mark>&gt; ampere"


def test_highlighting_a_page_marks_each_text_by_its_own_words():
    stems = text.parse_query("hosting")[0]
    assert text.highlight_many(["Hosted here", "no match", "", "HOSTS"], stems) == [
        "<mark>Hosted</mark> here",
        "no match",
        "",
        "<mark>HOSTS</mark>",
    ]


def test_highlighting_marks_searched_words_and_escapes_the_rest():
    html = text.highlight("Hosting <b>secure</b> & hosted data", text.parse_query("host data")[0])
    assert html == (
        "<mark>Hosting</mark> &lt;b&gt;secure&lt;/b&gt; &amp; <mark>hosted</mark> <mark>data</mark>"
    )
