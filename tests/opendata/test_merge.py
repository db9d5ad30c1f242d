"""Compiling one release at a time gives what ocdsmerge gives from all of them."""

import copy
import itertools

import pytest
from ocdsmerge import Merger
from ocdsmerge.rules import get_merge_rules

from openbuy.opendata import schema, serialize
from openbuy.opendata.merge import FLAT_RULES, InconsistentType, compile_all, compile_release

from .ocds_files import example_releases, folder


def ocdsmerge(releases):
    return Merger(merge_rules=FLAT_RULES).create_compiled_release(copy.deepcopy(releases))


def one_at_a_time(releases):
    return compile_all(copy.deepcopy(releases))


# The extensions in ../shared/ocds, in the order its README forms the extended schema.
ALL_EXTENSIONS = [
    "ocds_lots_extension",
    "ocds_bid_extension",
    "ocds_techniques_extension",
    "ocds_competitive_extension",
    "ocds_submissionTerms_extension",
    "ocds_designContest_extension",
    "ocds_sustainability_extension",
    "ocds_partyDetails_scale_extension",
    "ocds_enquiry_extension",
    "ocds_process_title_extension",
    "ocds_suitability_extension",
    "ocds_awardCriteria_extension",
    "ocds_selectionCriteria_extension",
]


def test_rules_are_ocdsmerges_reading_of_the_extended_schema():
    """The rules openbuy keeps are those ocdsmerge reads from the 1.1.5 schema with the 13
    extensions at hand (openbuy's five among them), so imports using the others compile
    as ocdsmerge would compile them too."""
    assert {schema.repository(u) for u in serialize.EXTENSIONS.values()} <= set(ALL_EXTENSIONS)
    extended = schema.extended_schema(folder(), ALL_EXTENSIONS)
    assert get_merge_rules(extended) == FLAT_RULES


def test_the_standards_framework_examples_compile_as_ocdsmerge_compiles_them():
    releases = example_releases()
    assert len(releases) > 5
    for ocid, grouped in itertools.groupby(
        sorted(releases, key=lambda r: r["ocid"]), key=lambda r: r["ocid"]
    ):
        group = list(grouped)
        assert one_at_a_time(group) == ocdsmerge(group), ocid


def release(n, **fields):
    return {"ocid": "ocds-a1b2c3-1", "id": str(n), "date": f"2026-01-0{n}T00:00:00Z", **fields}


CASES = {
    "objects merge field by field": [
        release(1, tag=["tender"], tender={"id": "t", "title": "A", "status": "active"}),
        release(2, tag=["tenderUpdate"], tender={"id": "t", "status": "complete"}),
    ],
    "arrays of objects merge by id, compared as text": [
        release(1, awards=[{"id": 1, "status": "pending"}, {"id": "2", "status": "pending"}]),
        release(2, awards=[{"id": "1", "status": "active"}, {"id": "3", "status": "pending"}]),
    ],
    "objects without an id are added": [
        release(1, tender={"id": "t", "items": [{"description": "a"}]}),
        release(2, tender={"id": "t", "items": [{"description": "b"}]}),
    ],
    "whole-list merge and arrays of strings replace": [
        release(1, parties=[{"id": "o", "roles": ["buyer", "procuringEntity"]}]),
        release(2, parties=[{"id": "o", "roles": ["buyer"]}]),
        release(3, tender={"id": "t", "amendments": [{"id": "1", "changes": [{"property": "x"}]}]}),
        release(4, tender={"id": "t", "amendments": [{"id": "1", "changes": [{"property": "y"}]}]}),
    ],
    "a null removes a value but not what an object or merged array holds": [
        release(1, tender={"id": "t", "title": "A", "value": {"amount": 5, "currency": "GBP"}}),
        release(2, tender={"id": "t", "title": None, "value": None}),
        release(3, awards=[{"id": "1"}]),
        release(4, awards=None),
    ],
    "empty objects and arrays change nothing": [
        release(1, tender={"id": "t", "lots": [{"id": "1", "title": "L"}]}),
        release(2, tender={"id": "t", "lots": [], "value": {}}, planning={"budget": {}}),
        release(3, awards=[{}], contracts=[{"id": "c", "period": {}}]),
    ],
    "releases out of date order are sorted first": [
        release(3, tender={"id": "t", "status": "complete"}),
        release(1, tender={"id": "t", "status": "planned"}),
        release(2, tender={"id": "t", "status": "active"}),
    ],
    "decimals stay exact": [
        release(1, tender={"id": "t", "value": {"amount": serialize.loads("12345.67")}}),
    ],
}


@pytest.mark.parametrize("case", CASES)
def test_each_rule_compiles_as_ocdsmerge_compiles(case):
    assert one_at_a_time(CASES[case]) == ocdsmerge(CASES[case])


def test_a_value_turned_into_an_object_is_refused_as_ocdsmerge_refuses_it():
    with pytest.raises(
        InconsistentType, match="An earlier release had the value 'A' for /tender, but"
    ):
        compile_release(
            compile_release(None, release(1, tender="A")), release(2, tender={"id": "t"})
        )


def test_a_refusal_names_the_path_through_objects_and_arrays():
    compiled = compile_release(
        None, release(1, awards=[{"id": "a1", "items": [{"id": 1, "unit": 1}]}])
    )
    later = release(2, awards=[{"id": "a1", "items": [{"id": "1", "unit": {"name": "h"}}]}])
    with pytest.raises(InconsistentType, match="value 1 for /awards/items/unit, but this rel"):
        compile_release(compiled, later)


def test_an_item_keeps_its_first_id_and_an_object_as_an_id_is_never_merged_into():
    compiled = compile_release(None, release(1, awards=[{"id": 1, "title": "A"}]))
    compiled = compile_release(compiled, release(2, awards=[{"id": "1", "title": "B"}]))
    assert compiled["awards"] == [{"id": 1, "title": "B"}]
    odd = compile_release(None, release(1, parties=[{"id": {"x": 1}, "name": "A"}]))
    odd = compile_release(odd, release(2, parties=[{"id": {"x": 1}, "name": "B"}]))
    assert odd["parties"] == [{"id": {"x": 1}, "name": "B"}]


def test_compiled_release_has_its_own_id_date_and_tag():
    compiled = one_at_a_time(CASES["objects merge field by field"])
    assert compiled["id"] == "ocds-a1b2c3-1-2026-01-02T00:00:00Z"
    assert compiled["date"] == "2026-01-02T00:00:00Z"
    assert compiled["tag"] == ["compiled"]
    assert compiled["tender"] == {"id": "t", "title": "A", "status": "complete"}
