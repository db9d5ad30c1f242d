"""The public list's search (selectors/public.py over core.search): keywords, filters and
counts, drafts never listed, and a requirement's status read against the clock."""

import datetime

import pytest
from django.core.management import call_command
from django.db import transaction

from openbuy.accounts import actions as accounts
from openbuy.core import search
from openbuy.core.errors import Invalid
from openbuy.opportunities import actions, hooks, selectors
from openbuy.opportunities.indexing import KIND
from openbuy.opportunities.models import Requirement
from tests import helpers

from . import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def listed():
    """On the outcomes lot: flood warnings (offsite, up to £45,000, closing in 14 days); an
    open procedure: payroll (Scotland, up to £150,000, closing in 20 days); a withdrawn one
    and a draft."""
    market = f.market()
    person, body = market["buyer"], market["body"]
    flood = f.published(person, body, lot=market["lot"])
    payroll = f.published_with(
        person,
        body,
        days=20,
        title="Payroll for councils",
        problem="Councils pay their staff late; we need reliable payroll.",
        location="scotland",
        budgetMax="150000",
    )
    gone = f.published_with(person, body, title="Parking permits", location="london")
    actions.requirement_withdraw(actor=person, requirement=gone, reason="Budget moved")
    draft = actions.requirement_create(actor=person, buyer=body, lot=market["lot"])
    return {**market, "flood": flood, "payroll": payroll, "gone": gone, "draft": draft}


def titles(params=None, **kwargs) -> list[str]:
    return sorted(h.plain_title for h in selectors.find(params or {}, **kwargs).hits)


def counts(outcome, name) -> dict[str, int]:
    facet = next(x for x in outcome.facets if x.name == name)
    return {o.value: o.count for o in facet.options}


def test_keywords_match_the_title_the_problem_and_the_buyer_name(listed):
    assert titles(keywords="payroll") == ["Payroll for councils"]
    assert titles(keywords="staff late") == ["Payroll for councils"]
    assert titles(keywords="protection agency") == [
        "Flood warnings for Scotland",
        "Parking permits",
        "Payroll for councils",
    ]
    assert titles(keywords="payroll -reliable") == []
    # Words of questions not marked searchable are not found.
    assert titles(keywords="nightly") == []


def test_a_renamed_buyer_is_found_by_its_new_name(listed):
    admin = helpers.platform_admin()
    accounts.organisation_rename(
        actor=admin, organisation=listed["body"], name="Environment Agency Scotland"
    )
    assert titles(keywords="protection agency") == []
    assert titles(keywords="environment agency scotland") == [
        "Flood warnings for Scotland",
        "Parking permits",
        "Payroll for councils",
    ]


def test_a_lot_the_keywords_match_nothing_on_finds_nothing_rather_than_being_refused(listed):
    outcome = selectors.find({"lot": ["open-procedure"]}, keywords="zzzqqq")
    assert outcome.hits == []
    with pytest.raises(Invalid, match="999999 is not an option of Framework lot"):
        selectors.find({"lot": ["999999"]})


def test_drafts_are_never_listed_nor_indexed(listed):
    found = search.search(search.Query(kind=KIND, limit=100)).object_ids
    assert listed["draft"].pk not in found
    assert len(found) == 3


def test_filters_by_lot_location_budget_and_status_with_counts(listed):
    lot = str(listed["lot"].pk)
    assert titles({"lot": [lot]}) == ["Flood warnings for Scotland"]
    assert titles({"lot": ["open-procedure"]}) == ["Parking permits", "Payroll for councils"]
    assert titles({"location": ["scotland", "offsite"]}) == [
        "Flood warnings for Scotland",
        "Payroll for councils",
    ]
    assert titles({"budget": ["100000-500000"]}) == ["Payroll for councils"]
    assert titles({"status": ["withdrawn"]}) == ["Parking permits"]
    withdrawn = selectors.find({"status": ["withdrawn"]}).hits[0]
    assert (withdrawn.status_label, withdrawn.closes) == ("Withdrawn", "")
    assert titles({"status": ["open"], "lot": ["open-procedure"]}) == ["Payroll for councils"]
    everything = selectors.find({})
    assert counts(everything, "status") == {
        "open": 2,
        "closed": 0,
        "awarded": 0,
        "unsuccessful": 0,
        "cancelled": 0,
        "withdrawn": 1,
    }
    assert counts(everything, "lot") == {lot: 1, "open-procedure": 2}
    assert counts(everything, "budget")["20000-100000"] == 2
    # Counts are of the matches; every option stays listed.
    narrowed = selectors.find({"location": ["london"]})
    assert counts(narrowed, "lot") == {lot: 0, "open-procedure": 1}
    assert counts(narrowed, "location")["london"] == 1


def test_time_alone_closes_a_requirement_in_the_list(listed):
    flood = listed["flood"]
    with f.clock(flood.closes_at - datetime.timedelta(days=3)):
        soon = selectors.find({"closing": ["soon"]})
        assert [h.plain_title for h in soon.hits] == ["Flood warnings for Scotland"]
        assert counts(soon, "closing") == {"soon": 1}
    with f.clock(flood.closes_at - datetime.timedelta(microseconds=1)):
        assert titles({"status": ["open"]}) == [
            "Flood warnings for Scotland",
            "Payroll for councils",
        ]
    with f.clock(flood.closes_at):
        # Nothing recorded the closing: the clock alone says it is closed.
        assert Requirement.objects.get(pk=flood.pk).status == "published"
        assert titles({"status": ["open"]}) == ["Payroll for councils"]
        closed = selectors.find({"status": ["closed"]})
        assert [h.plain_title for h in closed.hits] == ["Flood warnings for Scotland"]
        assert closed.hits[0].status_label == "Closed"
        assert closed.hits[0].closes.startswith("Closed at the end of")
        assert titles({"status": ["closed"], "closing": ["soon"]}) == []


def test_recorded_closing_and_withdrawal_are_indexed_by_the_receivers(listed):
    flood = listed["flood"]
    with f.clock(flood.closes_at + datetime.timedelta(hours=1)), transaction.atomic():
        # As the evaluation's action will: record the closing, then send the hook.
        closing = Requirement.objects.get(pk=flood.pk)
        closing.close()
        closing.save()
        hooks.requirement_closed.send(
            hooks.RequirementClosed(requirement=closing, actor=listed["buyer"], responses=0)
        )
    card = search.search(search.Query(kind=KIND, filters={"state": ["closed"]})).cards
    assert [c["title"] for c in card] == ["Flood warnings for Scotland"]
    actions.requirement_withdraw(
        actor=listed["buyer"], requirement=listed["payroll"], reason="Merged with another"
    )
    assert titles({"status": ["withdrawn"]}) == ["Parking permits", "Payroll for councils"]


def test_a_jurisdiction_shows_its_own_and_all_shows_every_one(listed):
    person, body = f.australian_buyer()
    f.published(person, body)
    scotland = listed["body"].jurisdiction
    australia = body.jurisdiction
    assert len(titles(jurisdiction=scotland)) == 3
    au = selectors.find({}, jurisdiction=australia)
    assert [h.buyer for h in au.hits] == ["Australian Taxation Office"]
    assert au.hits[0].budget == "A$20,000 to A$45,000"
    assert len(titles()) == 4


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"status": ["sealed"]}, "status", "sealed is not an option of Status"),
        ({"budget": ["lots"]}, "budget", "lots is not an option of Budget"),
        ({"location": ["mars"]}, "location", "mars is not an option of Location"),
        ({"lot": ["999"]}, "lot", "999 is not an option of Framework lot"),
        ({"lot": ["²"]}, "lot", "² is not an option of Framework lot"),
        ({"lot": ["9" * 30]}, "lot", "9{30} is not an option of Framework lot"),
        ({"closing": ["later"]}, "closing", "later is not an option of Closing date"),
    ],
)
def test_options_that_do_not_exist_are_refused(listed, params, field, message):
    with pytest.raises(Invalid, match=message) as refused:
        selectors.find(params)
    assert list(refused.value.errors) == [field]


def test_a_keyword_too_long_to_search_for_is_refused(listed):
    with pytest.raises(Invalid, match="Each search word must be 100 characters or fewer"):
        selectors.find({}, keywords="x" * 101)


def test_openbuy_search_reindex_makes_the_requirement_index_again(listed):
    search.remove(KIND, [listed["flood"].pk, listed["payroll"].pk])
    assert titles() == ["Parking permits"]
    call_command("search", "reindex", "--kind", KIND, stdout=None)
    assert titles() == ["Flood warnings for Scotland", "Parking permits", "Payroll for councils"]


@pytest.mark.django_db(transaction=True)
def test_the_index_in_memory_and_the_engine_answer_alike(settings):
    """Outside a transaction the index in memory answers; inside one, the engine."""
    market = f.market()
    person, body = market["buyer"], market["body"]
    f.published(person, body, lot=market["lot"])
    f.published_with(person, body, title="Payroll for councils", location="scotland")
    asked = [
        ({}, ""),
        ({"status": ["open"]}, "payroll"),
        ({"location": ["scotland"], "lot": ["open-procedure"]}, ""),
        ({"budget": ["20000-100000"]}, "flood"),
    ]
    answers = {}
    for in_memory in (True, False):
        settings.SEARCH_IN_MEMORY = in_memory
        for params, keywords in asked:
            found = selectors.find(params, keywords=keywords)
            answers.setdefault(in_memory, []).append(
                ([h.plain_title for h in found.hits], found.total, counts(found, "status"))
            )
    assert answers[True] == answers[False]
    assert [a[1] for a in answers[True]] == [2, 1, 1, 2]


def test_each_options_count_is_what_choosing_it_would_find(listed):
    """A chosen filter does not narrow its own counts, only the others': each option's count
    is the number of results choosing it would give with the other filters as they are."""
    lot = str(listed["lot"].pk)
    none = dict.fromkeys(["closed", "awarded", "unsuccessful", "cancelled"], 0)
    open_only = selectors.find({"status": ["open"]})
    assert open_only.total == 2
    assert counts(open_only, "status") == {"open": 2, "withdrawn": 1, **none}
    assert counts(open_only, "lot") == {lot: 1, "open-procedure": 1}  # of the open ones
    assert counts(open_only, "budget")["20000-100000"] == 1
    both = {"status": ["open"], "lot": ["open-procedure"]}
    narrowed = selectors.find(both)
    assert narrowed.total == 1
    assert counts(narrowed, "status") == {"open": 1, "withdrawn": 1, **none}
    assert counts(narrowed, "lot") == {lot: 1, "open-procedure": 1}
    for name in ("status", "lot", "budget", "location"):
        for value, count in counts(narrowed, name).items():
            alone = selectors.find({**both, name: [value]})
            assert alone.total == count, (name, value)
    # Choosing more options of one filter adds their results: the counts add up.
    either = selectors.find({"status": ["open", "withdrawn"], "lot": ["open-procedure"]})
    assert either.total == 2 == sum(counts(either, "status").values())


def test_status_and_closing_soon_count_what_the_other_lets_through(listed):
    flood = listed["flood"]
    none = dict.fromkeys(["closed", "awarded", "unsuccessful", "cancelled"], 0)
    with f.clock(flood.closes_at - datetime.timedelta(days=3)):
        soon = selectors.find({"closing": ["soon"]})
        assert counts(soon, "status") == {"open": 1, "withdrawn": 0, **none}
        assert counts(soon, "closing") == {"soon": 1}
        withdrawn = selectors.find({"status": ["withdrawn"]})
        assert counts(withdrawn, "closing") == {"soon": 0}
        assert counts(withdrawn, "status") == {"open": 2, "withdrawn": 1, **none}
        open_soon = selectors.find({"status": ["open"], "closing": ["soon"]})
        assert [h.plain_title for h in open_soon.hits] == ["Flood warnings for Scotland"]
        assert counts(open_soon, "status") == {"open": 1, "withdrawn": 0, **none}
        assert counts(open_soon, "closing") == {"soon": 1}
