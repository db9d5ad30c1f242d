"""The schema releases are checked against: the 1.1.5 release schema with the declared
extensions merged in as the standard says, and the codelists."""

import json
import re

import pytest

from openbuy.opendata import ocds, schema, serialize, store

from .ocds_files import folder


def checker(*keys):
    return schema.checker(folder(), tuple(serialize.extension_urls(keys)))


def test_the_standards_framework_examples_pass_with_the_extensions_they_declare():
    for path in sorted((folder() / "examples" / "frameworks").glob("*.json")):
        package = json.loads(path.read_text())
        if not isinstance(package, dict) or "releases" not in package:
            continue
        check = schema.checker(folder(), tuple(package.get("extensions", ())))
        for release in package["releases"]:
            assert check.problems(release) == [], path.name


def test_a_value_outside_a_closed_codelist_is_found_by_the_schema_and_the_codelist():
    release = {
        "ocid": "ocds-a1b2c3-1",
        "id": "1",
        "date": "2026-01-01T00:00:00Z",
        "tag": ["tender"],
        "initiationType": "tender",
        "tender": {"id": "t", "status": "finished"},
    }
    problems = checker().problems(release)
    assert [p.path for p in problems] == ["tender/status", "tender/status"]
    assert "'finished' is not a code of the codelist tenderStatus.csv" in [
        p.message for p in problems
    ]


def test_an_open_codelist_value_not_in_the_codelist_is_a_problem():
    release = ocds.Release(
        ocid="ocds-a1b2c3-1",
        id="1",
        date="2026-01-01T00:00:00Z",
        tag=["tender"],
        tender=ocds.Tender(id="t", documents=[ocds.Document(id="d", documentType="madeUp")]),
    )
    data = serialize.dumps(release)
    with pytest.raises(
        store.InvalidRelease,
        match="tender/documents/documentType: 'madeUp' is not a code of the codelist",
    ):
        store.check(release, data, serialize.extensions_used(release))


def test_a_missing_extension_is_named():
    with pytest.raises(
        schema.SchemaMissing, match=re.escape("ocds_nothere_extension/release-schema.json")
    ):
        schema.Checker(
            folder(),
            [
                "https://raw.githubusercontent.com/open-contracting-extensions/ocds_nothere_extension/master/extension.json"
            ],
        )


def test_money_is_written_exactly():
    value = ocds.Value(amount="0.10", currency="GBP")
    assert serialize.dumps(value) == b'{"amount":0.10,"currency":"GBP"}'
    big = ocds.Value(amount="12345678901234.57", currency="GBP")
    assert b'"amount":12345678901234.57' in serialize.dumps(big)
