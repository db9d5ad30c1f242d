"""A framework is published as the first stage of a framework agreement procedure: the
invitation to apply as a tender, each move of its lifecycle as an update, the suppliers
admitted as awards (pending through standstill), each countersigned agreement as a
contract that ends when the framework expires. Who failed, and who asked which question,
are never published."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from openbuy.core.errors import Conflict
from openbuy.core.hooks import REPORTING
from openbuy.core.ocid import ocid
from openbuy.frameworks import actions, hooks
from openbuy.frameworks.models import Application, Framework
from openbuy.opendata.models import Record, Release
from tests import helpers
from tests.frameworks import factories as f

from .published import assert_dates_increase, by_id, compiled, moment, raw, releases, tags

pytestmark = pytest.mark.django_db

LOTS = ["cloud-hosting", "cloud-software", "cloud-support"]


def _ocid(framework) -> str:
    return ocid(framework.authority.jurisdiction, "framework", framework.pk)


def _midnight(framework, day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(), ZoneInfo("Europe/London"))


@pytest.fixture
def applied():
    """An open G-Cloud-like framework with four suppliers' applications: one to pass in
    hosting and fail in software (micro), one to pass (medium), one whose declaration
    fails, one never submitted. (framework, manager, applications by supplier name)."""
    manager, authority = f.manager()
    framework = f.gcloud(authority, manager)
    made = {}
    for n, (name, headcount, turnover) in enumerate(
        [
            ("Thistle Digital Ltd", 6, 450_000),
            ("Heron Systems Ltd", 120, 20_000_000),
            ("Gannet Data Ltd", 30, 3_000_000),
            ("Puffin Draft Ltd", 6, 100_000),
        ]
    ):
        owner = helpers.user(f"owner@supplier{n}.example")
        made[name] = helpers.supplier(
            owner,
            name=name,
            registration_number=f"SC{n:06d}",
            headcount=headcount,
            annual_turnover=Decimal(turnover),
            balance_sheet_total=Decimal(turnover) / 2,
        )
    crm = f.service_answers("CRM", serviceCategories=["crm"])
    applications = {
        "Thistle Digital Ltd": f.apply(
            framework,
            made["Thistle Digital Ltd"],
            [("cloud-hosting", f.service_answers()), ("cloud-software", crm)],
        ),
        "Heron Systems Ltd": f.apply(framework, made["Heron Systems Ltd"]),
        "Gannet Data Ltd": f.apply(framework, made["Gannet Data Ltd"]),
        "Puffin Draft Ltd": f.apply(framework, made["Puffin Draft Ltd"], submit=False),
    }
    return framework, manager, applications


def _results(framework, manager, applications) -> Framework:
    """Thistle passes in hosting only, Heron passes, Gannet's declaration fails."""
    for name, application in applications.items():
        if name == "Puffin Draft Ltd":
            continue
        services = {
            d.pk: ("fail", "Not a software service")
            if d.lot.slug == "cloud-software"
            else ("pass", "")
            for d in application.services.all()
        }
        declaration = ("fail", "Not insured") if name == "Gannet Data Ltd" else ("pass", "")
        actions.result_record(
            actor=manager, application=application, declaration=declaration, services=services
        )
    return actions.framework_announce(actor=manager, framework=framework)


def _admitted(applications) -> list[Application]:
    return [applications["Thistle Digital Ltd"], applications["Heron Systems Ltd"]]


def test_a_framework_is_a_tender_from_the_day_it_is_created(applied):
    framework, _manager, _applications = applied
    found = releases(_ocid(framework))
    assert [r["tag"] for r in found] == [["tender"]] + [["tenderUpdate"]] * 4  # 3 lots, open
    first, opened = found[0], found[-1]
    assert first["ocid"] == f"ocds-testgb-fw-{framework.pk}"
    assert first["tender"]["status"] == "planned"
    assert "lots" not in first["tender"]  # added one by one after it was created
    assert first["tender"]["techniques"]["hasFrameworkAgreement"] is True
    (authority,) = first["parties"]
    assert authority["roles"] == ["buyer", "procuringEntity"]
    assert (
        first["buyer"]
        == first["tender"]["procuringEntity"]
        == {
            "id": authority["id"],
            "name": "Scottish Government",
        }
    )
    assert opened["tender"]["status"] == "active"
    assert [lot["id"] for lot in opened["tender"]["lots"]] == LOTS
    assert {lot["status"] for lot in opened["tender"]["lots"]} == {"active"}
    # What each lot's agreements are for, an item related to its lot by the lot's id.
    items = opened["tender"]["items"]
    assert [(i["id"], i["relatedLot"]) for i in items] == [(lot, lot) for lot in LOTS]
    assert [i["description"] for i in items] == [lot["title"] for lot in opened["tender"]["lots"]]
    assert len({r["tender"]["id"] for r in found}) == 1
    assert_dates_increase(found)


def test_its_periods_are_the_days_the_framework_counts_in_its_own_zone(applied):
    framework, manager, _applications = applied
    framework = actions.framework_update(
        actor=manager,
        framework=framework,
        applications_close_on=framework.applications_close_on + datetime.timedelta(days=3),
    )
    release = releases(_ocid(framework))[-1]
    assert release["tag"] == ["tenderUpdate"]
    periods = release["tender"]
    start = moment(periods["tenderPeriod"]["startDate"])
    assert start == framework.opened_at  # it opened: the moment it did, not the plan
    # Applications are taken to the end of the closing day there, as the framework counts.
    assert moment(periods["tenderPeriod"]["endDate"]) == _midnight(
        framework, framework.applications_close_on + datetime.timedelta(days=1)
    )
    assert moment(periods["enquiryPeriod"]["endDate"]) == framework.clarifications_close_at
    assert moment(periods["awardPeriod"]["endDate"]) == _midnight(
        framework, framework.intention_to_award_on
    )
    assert [moment(periods["contractPeriod"][k]) for k in ("startDate", "endDate")] == [
        _midnight(framework, framework.live_on),
        framework.expires_at,
    ]
    assert periods["contractPeriod"]["startDate"].endswith("Z")


def test_answered_questions_are_enquiries_that_never_name_who_asked(applied):
    framework, manager, applications = applied
    asker = applications["Heron Systems Ltd"].supplier
    question = actions.clarification_ask(
        actor=f.supplier_owner(asker),
        framework=framework,
        supplier=asker,
        question="May a service be offered in two lots?",
    )
    assert tags(_ocid(framework))[-1] == ["tenderUpdate"]  # asking publishes nothing
    count = Release.objects.filter(ocid=_ocid(framework)).count()
    actions.clarification_publish(actor=manager, clarification=question, answer="Yes, in each.")
    assert Release.objects.filter(ocid=_ocid(framework)).count() == count + 1
    release = releases(_ocid(framework))[-1]
    assert release["tender"]["hasEnquiries"] is True
    (enquiry,) = release["tender"]["enquiries"]
    assert (enquiry["description"], enquiry["answer"]) == (
        "May a service be offered in two lots?",
        "Yes, in each.",
    )
    assert "author" not in enquiry
    assert b"Heron" not in raw(_ocid(framework))[-1]
    assert all(p["roles"] == ["buyer", "procuringEntity"] for p in release["parties"])


def test_closing_publishes_how_many_applied_in_all_and_in_each_lot(applied):
    framework, manager, _applications = applied
    framework = f.close(framework, manager)
    release = releases(_ocid(framework))[-1]
    assert release["tag"] == ["tenderUpdate"]
    assert release["tender"]["numberOfTenderers"] == 3  # Puffin never submitted
    assert moment(release["tender"]["tenderPeriod"]["endDate"]) == framework.closed_at
    counts = {
        s.get("relatedLot", "all"): (s["measure"], s["value"])
        for s in release["bids"]["statistics"]
    }
    assert counts == {
        "all": ("bids", 3),
        "cloud-hosting": ("bids", 3),
        "cloud-software": ("bids", 1),
        "cloud-support": ("bids", 0),
    }
    assert b"Thistle" not in raw(_ocid(framework))[-1]


def test_the_framework_from_results_to_expiry(applied):
    """Awards for the suppliers admitted (pending in standstill, active once live), a
    contract for each countersigned agreement, terminated when the framework expires."""
    framework, manager, applications = applied
    framework = _results(f.close(framework, manager), manager, applications)
    announced = releases(_ocid(framework))[-1]
    assert announced["tag"] == ["award"]
    assert announced["tender"]["status"] == "active"
    awards = by_id(announced["awards"])
    assert {a["suppliers"][0]["name"]: a["status"] for a in awards.values()} == {
        "Heron Systems Ltd": "pending",
        "Thistle Digital Ltd": "pending",
    }
    relates = {a["suppliers"][0]["name"]: a["relatedLots"] for a in awards.values()}
    assert relates == {
        "Heron Systems Ltd": ["cloud-hosting"],
        "Thistle Digital Ltd": ["cloud-hosting"],
    }
    parties = by_id(announced["parties"])
    scales = {p["name"]: (p["roles"], p.get("details")) for p in parties.values()}
    assert scales == {
        "Scottish Government": (["buyer", "procuringEntity"], None),
        "Heron Systems Ltd": (["supplier", "tenderer"], {"scale": "medium"}),
        "Thistle Digital Ltd": (["supplier", "tenderer"], {"scale": "micro"}),
    }
    assert b"Gannet" not in raw(_ocid(framework))[-1]  # failed: never named

    f.sign_and_countersign(framework, manager, _admitted(applications))
    signed = releases(_ocid(framework))[-2:]
    assert [r["tag"] for r in signed] == [["contract"], ["contract"]]
    award_of = {a["suppliers"][0]["name"]: a["id"] for a in awards.values()}
    contracts = [r["contracts"][0] for r in signed]
    assert [c["awardID"] for c in contracts] == [
        award_of["Thistle Digital Ltd"],
        award_of["Heron Systems Ltd"],
    ]
    assert {c["status"] for c in contracts} == {"pending"}  # not in force until it is live
    assert all(
        moment(c["dateSigned"]) <= moment(r["date"]) for c, r in zip(contracts, signed, strict=True)
    )

    framework = actions.framework_go_live(actor=manager, framework=framework)
    live, in_force = releases(_ocid(framework))[-2:]
    assert live["tag"] == ["awardUpdate"]
    assert live["tender"]["status"] == "complete"
    assert {a["id"]: a["status"] for a in live["awards"]} == dict.fromkeys(awards, "active")
    assert in_force["tag"] == ["contractUpdate"]
    assert {c["status"] for c in in_force["contracts"]} == {"active"}
    starts = {moment(c["period"]["startDate"]) for c in in_force["contracts"]}
    assert starts == {framework.went_live_at}  # the day it went live, not the planned one

    framework = actions.framework_expire(actor=manager, framework=framework)
    ended = releases(_ocid(framework))[-1]
    assert ended["tag"] == ["contractUpdate"]
    assert {c["id"]: c["status"] for c in ended["contracts"]} == {
        c["id"]: "terminated" for c in contracts
    }
    assert moment(ended["contracts"][0]["period"]["endDate"]) == framework.expired_at

    everything = releases(_ocid(framework))
    assert_dates_increase(everything)
    assert [r["id"] for r in everything] == [
        f"{_ocid(framework)}-{n}" for n in range(1, len(everything) + 1)
    ]
    assert len({r["tender"]["id"] for r in everything if "tender" in r}) == 1
    record = compiled(_ocid(framework))
    assert record["tender"]["status"] == "complete"
    assert {a["id"]: a["status"] for a in record["awards"]} == dict.fromkeys(awards, "active")
    assert {c["status"] for c in record["contracts"]} == {"terminated"}
    assert [lot["id"] for lot in record["tender"]["lots"]] == LOTS
    assert Record.objects.get(ocid=_ocid(framework)).releases == len(everything)


def test_a_refused_or_undone_move_publishes_nothing(applied):
    framework, manager, applications = applied
    framework = f.close(framework, manager)
    before = list(Release.objects.filter(ocid=_ocid(framework)).values_list("pk", flat=True))
    with pytest.raises(Conflict, match="3 submitted declarations have no result yet"):
        actions.framework_announce(actor=manager, framework=framework)

    def refuse(event):
        raise Conflict("Open data is being rebuilt; try again in an hour")

    with (
        hooks.results_announced.connected(refuse, order=REPORTING + 1),
        pytest.raises(Conflict, match="Open data is being rebuilt"),
    ):
        _results(framework, manager, applications)
    assert Framework.objects.get(pk=framework.pk).status == Framework.Status.PENDING
    assert list(Release.objects.filter(ocid=_ocid(framework)).values_list("pk", flat=True)) == (
        before
    )
    assert Record.objects.get(ocid=_ocid(framework)).releases == len(before)


def test_the_public_page_links_to_the_frameworks_record(applied, client):
    framework, _manager, _applications = applied
    page = client.get(f"/frameworks/{framework.slug}/").content.decode()
    link = f"/api/v1/ocds/records/{_ocid(framework)}"
    assert f'href="{link}">Its OCDS record (JSON)</a>' in page
    (record,) = client.get(link).json()["records"]
    assert record["ocid"] == _ocid(framework)
    assert record["compiledRelease"]["tender"]["status"] == "active"
    assert len(record["releases"]) == 5
