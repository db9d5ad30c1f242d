"""A direct award from the catalogue is published as a call-off under its framework: a
process of its own, private until the buyer records how it ended, then the outcome (the
award to the chosen service's supplier, or a cancelled or unsuccessful tender), and each
correction as it puts the outcome right."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from openbuy.catalogue import actions, hooks
from openbuy.catalogue.models import Outcome
from openbuy.core.errors import Conflict, Invalid
from openbuy.core.hooks import REPORTING
from openbuy.core.ocid import ocid
from openbuy.opendata.models import Record, Release
from tests import helpers
from tests.frameworks import factories as f

from .published import (
    assert_dates_increase,
    buyer_body_and_buyer,
    by_id,
    compiled,
    ended_project,
    moment,
    raw,
    releases,
    tags,
)

pytestmark = pytest.mark.django_db

NEXT_YEAR = timezone.localdate().year + 1


@pytest.fixture
def shortlisted():
    """A live framework with two hosting services from a micro and a medium supplier, and
    a buyer body's project that shortlisted both: (project, buyer, framework, entries by
    supplier name)."""
    manager, authority = f.manager()
    micro = helpers.supplier(helpers.user("owner@thistle.example"))
    medium = helpers.supplier(
        helpers.user("owner@heron.example"),
        name="Heron Systems Ltd",
        registration_number="SC700001",
        headcount=120,
        annual_turnover=Decimal(20_000_000),
        balance_sheet_total=Decimal(9_000_000),
    )
    framework = f.live_gcloud(
        {
            micro: [("cloud-hosting", f.service_answers("Thistle secure hosting"))],
            medium: [("cloud-hosting", f.service_answers("Heron secure hosting"))],
        },
        actor=manager,
        authority=authority,
    )
    body, buyer = buyer_body_and_buyer()
    project = ended_project(buyer, body, framework.lots.get(slug="cloud-hosting"))
    entries = {e.version.service.supplier.name: e for e in project.shortlist.all()}
    return project, buyer, framework, entries


def _outcome(entry, **changes) -> dict:
    return {
        "result": "awarded",
        "awarded": entry,
        "start_date": datetime.date(NEXT_YEAR, 4, 1),
        "end_date": datetime.date(NEXT_YEAR + 1, 3, 31),
        "value": Decimal("48250.50"),
    } | changes


def _award(project, buyer, entry, **changes):
    return actions.outcome_record(actor=buyer, project=project, **_outcome(entry, **changes))


def _correct(project, buyer, entry, reason="Recorded wrongly", **changes):
    return actions.outcome_correct(
        actor=buyer, project=project, reason=reason, **_outcome(entry, **changes)
    )


def _ocid(project) -> str:
    return ocid(project.buyer.jurisdiction, "project", project.pk)


def test_nothing_is_published_while_the_project_is_the_buyers_own(shortlisted):
    project, _buyer, _framework, _entries = shortlisted
    assert _ocid(project) == f"ocds-testgb-da-{project.pk}"
    assert not Release.objects.filter(ocid=_ocid(project)).exists()


def test_an_award_is_published_as_a_call_off_of_its_framework_with_exact_money(shortlisted):
    project, buyer, framework, entries = shortlisted
    heron = entries["Heron Systems Ltd"]
    _award(project, buyer, heron)
    (release,) = releases(_ocid(project))
    assert release["tag"] == ["tender", "award"]
    assert release["ocid"] == _ocid(project)
    tender = release["tender"]
    assert tender["status"] == "complete"
    assert tender["title"] == "Secure hosting for the flood service"
    assert tender["competitive"] is False
    assert "procurementMethod" not in tender
    assert tender["procuringEntity"] == release["buyer"]
    assert release["buyer"]["name"] == "Scottish Environment Protection Agency"
    (link,) = release["relatedProcesses"]
    framework_ocid = ocid(framework.authority.jurisdiction, "framework", framework.pk)
    assert (link["relationship"], link["scheme"], link["identifier"]) == (
        ["framework"],
        "ocid",
        framework_ocid,
    )
    assert Record.objects.filter(ocid=framework_ocid).exists()
    (statistic,) = release["bids"]["statistics"]
    assert (statistic["measure"], statistic["value"]) == ("validBids", 2)

    (award,) = release["awards"]
    assert award["status"] == "active"
    assert award["title"] == "Heron secure hosting"
    service = heron.version.service_id
    assert award["items"] == [{"id": f"service-{service}", "description": "Heron secure hosting"}]
    assert award["value"] == {"amount": Decimal("48250.50"), "currency": "GBP"}
    assert b'"amount":48250.50,' in raw(_ocid(project))[0]  # written as typed, not a float
    assert [moment(award["contractPeriod"][k]) for k in ("startDate", "endDate")] == [
        _midnight_in_scotland(datetime.date(NEXT_YEAR, 4, 1)),
        _midnight_in_scotland(datetime.date(NEXT_YEAR + 1, 3, 31)),
    ]
    assert award["contractPeriod"]["startDate"].endswith("Z")
    parties = by_id(release["parties"])
    (supplier,) = award["suppliers"]
    assert supplier["name"] == "Heron Systems Ltd"
    assert parties[supplier["id"]]["roles"] == ["supplier"]
    assert parties[supplier["id"]]["details"] == {"scale": "medium"}
    assert parties[release["buyer"]["id"]]["roles"] == ["buyer", "procuringEntity"]
    # The service that was not chosen, and its supplier, stay unpublished.
    assert b"Thistle" not in raw(_ocid(project))[0]


def _midnight_in_scotland(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(), ZoneInfo("Europe/London"))


@pytest.mark.parametrize(
    ("result", "tag", "status"),
    [("cancelled", "tenderCancellation", "cancelled"), ("none-suitable", "tender", "unsuccessful")],
)
def test_a_project_that_awarded_nothing_is_a_cancelled_or_unsuccessful_tender(
    shortlisted, result, tag, status
):
    project, buyer, _framework, _entries = shortlisted
    actions.outcome_record(actor=buyer, project=project, result=result)
    (release,) = releases(_ocid(project))
    assert release["tag"] == [tag]
    assert release["tender"]["status"] == status
    assert "awards" not in release
    assert release["bids"]["statistics"][0]["value"] == 2
    assert [p["roles"] for p in release["parties"]] == [["buyer", "procuringEntity"]]


def test_corrections_update_the_award_and_cancel_one_that_no_longer_holds(shortlisted):
    project, buyer, _framework, entries = shortlisted
    heron, thistle = entries["Heron Systems Ltd"], entries["Thistle Digital Ltd"]
    _award(project, buyer, heron, value=Decimal("482505.00"))
    first = releases(_ocid(project))[0]["awards"][0]["id"]

    _correct(project, buyer, heron, reason="A zero too many")
    fixed = releases(_ocid(project))[-1]
    assert fixed["tag"] == ["awardUpdate"]
    assert [(a["id"], a["status"], a["value"]["amount"]) for a in fixed["awards"]] == [
        (first, "active", Decimal("48250.50"))
    ]

    _correct(project, buyer, thistle, reason="We chose Thistle")
    moved = releases(_ocid(project))[-1]
    assert moved["tag"] == ["awardUpdate", "award"]
    awards = by_id(moved["awards"])
    assert awards[first]["status"] == "cancelled"
    (second,) = set(awards) - {first}
    assert awards[second]["status"] == "active"
    assert awards[second]["suppliers"][0]["name"] == "Thistle Digital Ltd"
    assert by_id(moved["parties"])[awards[second]["suppliers"][0]["id"]]["details"] == {
        "scale": "micro"
    }

    actions.outcome_correct(
        actor=buyer, project=project, reason="The contract fell through", result="cancelled"
    )
    ended = releases(_ocid(project))[-1]
    assert ended["tag"] == ["tenderCancellation", "awardUpdate"]
    assert ended["tender"]["status"] == "cancelled"
    assert [(a["id"], a["status"]) for a in ended["awards"]] == [(second, "cancelled")]

    assert tags(_ocid(project)) == [
        ["tender", "award"],
        ["awardUpdate"],
        ["awardUpdate", "award"],
        ["tenderCancellation", "awardUpdate"],
    ]
    assert_dates_increase(releases(_ocid(project)))
    record = compiled(_ocid(project))
    assert record["tender"]["status"] == "cancelled"
    assert {a["id"]: a["status"] for a in record["awards"]} == {
        first: "cancelled",
        second: "cancelled",
    }
    assert by_id(record["awards"])[first]["value"]["amount"] == Decimal("48250.50")


def test_a_correction_from_nothing_suitable_to_an_award_adds_the_award(shortlisted):
    project, buyer, _framework, entries = shortlisted
    actions.outcome_record(actor=buyer, project=project, result="none-suitable")
    _correct(project, buyer, entries["Heron Systems Ltd"], reason="We did award it")
    release = releases(_ocid(project))[-1]
    assert release["tag"] == ["tenderUpdate", "award"]
    assert release["tender"]["status"] == "complete"
    assert [a["status"] for a in release["awards"]] == ["active"]


def test_a_refused_or_undone_outcome_publishes_nothing(shortlisted):
    project, buyer, _framework, entries = shortlisted
    with pytest.raises(Invalid, match="Enter the contract value"):
        _award(project, buyer, entries["Heron Systems Ltd"], value=None)
    assert not Release.objects.filter(ocid=_ocid(project)).exists()

    def refuse(event):
        raise Conflict("Open data is being rebuilt; try again in an hour")

    with (
        hooks.outcome_recorded.connected(refuse, order=REPORTING + 1),
        pytest.raises(Conflict, match="Open data is being rebuilt"),
    ):
        _award(project, buyer, entries["Heron Systems Ltd"])
    assert not Outcome.objects.exists()
    assert not Release.objects.filter(ocid=_ocid(project)).exists()
    assert not Record.objects.filter(ocid=_ocid(project)).exists()

    _award(project, buyer, entries["Heron Systems Ltd"])
    with pytest.raises(Invalid, match="The outcome is the same as before"):
        _correct(project, buyer, entries["Heron Systems Ltd"])
    with (
        hooks.outcome_corrected.connected(refuse, order=REPORTING + 1),
        pytest.raises(Conflict, match="Open data is being rebuilt"),
    ):
        _correct(project, buyer, entries["Thistle Digital Ltd"])
    assert tags(_ocid(project)) == [["tender", "award"]]
    assert Record.objects.get(ocid=_ocid(project)).releases == 1
