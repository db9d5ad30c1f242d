"""A requirement's public events, each as an OCDS release: published, amended, answered,
closed with a count, awarded through standstill, confirmed, withdrawn or cancelled."""

import copy
import datetime

import pytest
from django.utils import timezone
from ocdsmerge import Merger

from openbuy.core.hooks import REPORTING
from openbuy.core.ocid import ocid
from openbuy.opendata import ocds, store
from openbuy.opendata.merge import FLAT_RULES
from openbuy.opendata.models import Release
from openbuy.opportunities import actions, hooks
from openbuy.opportunities.models import Requirement
from tests.opportunities import factories as f

from . import published

pytestmark = pytest.mark.django_db


def ocid_of(requirement) -> str:
    return ocid(requirement.buyer.jurisdiction, "requirement", requirement.pk)


def a_buyer():
    f.question_sets()
    return f.buyer()


def tags(requirement) -> list[list[str]]:
    return [r["tag"] for r in published.releases(ocid_of(requirement))]


def test_publishing_releases_planning_and_tender_under_the_frameworks_process():
    made = f.market()
    requirement = f.published(made["buyer"], made["body"], lot=made["lot"])
    (release,) = published.releases(ocid_of(requirement))
    assert release["ocid"] == f"{made['body'].jurisdiction.ocid_prefix}-rq-{requirement.pk}"
    assert release["id"] == f"{release['ocid']}-1"
    assert release["tag"] == ["planning", "tender"]
    tender = release["tender"]
    assert tender["status"] == "active"
    assert tender["title"] == requirement.title
    assert tender["procurementMethod"] == "selective"
    assert tender["tenderPeriod"]["endDate"] == requirement.closes_at.isoformat().replace(
        "+00:00", "Z"
    )
    assert [lot["id"] for lot in tender["lots"]] == ["1"]
    assert tender["items"] == [{"id": "1", "description": requirement.title, "relatedLot": "1"}]
    (buyer,) = release["parties"]
    assert buyer["roles"] == ["buyer", "procuringEntity"]
    assert release["buyer"] == {"id": buyer["id"], "name": made["body"].name}
    framework = made["framework"]
    assert release["relatedProcesses"] == [
        {
            "id": "framework",
            "relationship": ["framework"],
            "title": framework.name,
            "scheme": "ocid",
            "identifier": ocid(framework.authority.jurisdiction, "framework", framework.pk),
        }
    ]


def test_an_amendment_links_the_release_it_amends():
    person, body = a_buyer()
    requirement = f.published(person, body)
    actions.requirement_amend(
        actor=person, requirement=requirement, submitted={"lengthMonths": "9"}, summary="Nine"
    )
    first, second = published.releases(ocid_of(requirement))
    assert second["tag"] == ["tenderAmendment"]
    (amendment,) = second["tender"]["amendments"]
    assert amendment["releaseID"] == second["id"]
    assert amendment["amendsReleaseID"] == first["id"]
    assert amendment["rationale"] == "Nine"
    assert amendment["description"] == "Expected length of the contract, in months"
    assert second["tender"]["items"] == first["tender"]["items"]  # the same ids every time


def test_an_amended_budget_is_the_budget_of_the_compiled_release():
    person, body = a_buyer()
    requirement = f.published(person, body)
    actions.requirement_amend(
        actor=person, requirement=requirement, submitted={"budgetMax": "85000"}, summary="More"
    )
    compiled = published.compiled(requirement.ocid)
    assert compiled["planning"]["budget"]["amount"]["amount"] == 85000
    assert compiled["tender"]["value"]["amount"] == 85000
    assert compiled["tender"]["minValue"]["amount"] == int(requirement.answers["budgetMin"])


def test_every_time_is_written_in_utc_and_the_notice_links_the_public_page():
    """A summer day's start in London is written as 23:00 the day before, with a Z, in
    every release, so the versioned release shows no change that never happened."""
    person, body = a_buyer()
    requirement = f.published(person, body)
    text = b"".join(published.raw(requirement.ocid)).decode()
    assert "+01:00" not in text
    assert "+00:00" not in text
    (release,) = published.releases(requirement.ocid)
    (notice,) = release["tender"]["documents"]
    assert notice["documentType"] == "tenderNotice"
    assert notice["url"].endswith(f"/opportunities/{requirement.pk}/")


def test_an_answered_question_is_an_enquiry_that_never_names_who_asked():
    made = f.market()
    requirement = f.published(made["buyer"], made["body"], lot=made["lot"])
    question = f.ask(requirement, made["suppliers"][0])
    assert tags(requirement) == [["planning", "tender"]]  # asking publishes nothing
    f.answer(question, made["buyer"])
    last = published.releases(ocid_of(requirement))[-1]
    assert last["tag"] == ["tenderUpdate"]
    assert last["tender"]["hasEnquiries"] is True
    (enquiry,) = last["tender"]["enquiries"]
    assert enquiry["answer"] == "Yes, two days a week."
    assert "author" not in enquiry
    text = b"".join(published.raw(ocid_of(requirement)))
    assert made["suppliers"][0].name.encode() not in text


def test_closing_publishes_how_many_responded_and_nothing_they_said():
    made = f.market(suppliers=2)
    requirement = f.published(made["buyer"], made["body"], lot=made["lot"])
    for supplier in made["suppliers"]:
        f.respond(requirement, supplier, rate="612.34")
    with f.clock(requirement.closes_at + datetime.timedelta(days=3)):
        actions.requirement_close(requirement=requirement)  # recorded three days late
    last = published.releases(ocid_of(requirement))[-1]
    assert last["tag"] == ["tenderUpdate"]
    closed_at = requirement.closes_at.isoformat().replace("+00:00", "Z")
    assert last["date"] == closed_at
    assert last["bids"]["statistics"][0]["date"] == closed_at
    assert last["tender"]["numberOfTenderers"] == 2
    assert [(s["measure"], s["value"]) for s in last["bids"]["statistics"]] == [("bids", 2)]
    text = b"".join(published.raw(ocid_of(requirement)))
    assert b"612.34" not in text
    assert not any(s.name.encode() in text for s in made["suppliers"])


def test_an_award_goes_from_pending_in_standstill_to_active_with_its_contract():
    with f.evaluated() as (made, requirement, responses):
        award = f.award(requirement, responses[0])
        made_award = published.releases(ocid_of(requirement))[-1]
        with f.after_standstill(award):
            f.confirm(award, value="45,000.10")
    confirmed = published.releases(ocid_of(requirement))[-1]
    assert made_award["tag"] == ["award"]
    (pending,) = made_award["awards"]
    assert pending["status"] == "pending"
    assert pending["relatedLots"] == ["1"]
    winner = made["suppliers"][0]
    supplier = next(p for p in made_award["parties"] if p["name"] == winner.name)
    assert supplier["roles"] == ["supplier", "tenderer"]
    assert supplier["details"]["scale"] == winner.size_band
    assert pending["suppliers"] == [{"id": supplier["id"], "name": winner.name}]

    assert confirmed["tag"] == ["awardUpdate", "contract"]
    (active,) = confirmed["awards"]
    assert (active["id"], active["status"]) == (pending["id"], "active")
    (contract,) = confirmed["contracts"]
    assert contract["awardID"] == pending["id"]
    assert contract["status"] == "active"
    assert b'"amount":45000.10,' in published.raw(ocid_of(requirement))[-1]
    compiled = published.compiled(ocid_of(requirement))
    assert [a["status"] for a in compiled["awards"]] == ["active"]
    assert compiled["tender"]["status"] == "complete"


def test_a_cancelled_award_and_a_cancelled_requirement():
    with f.evaluated() as (_made, requirement, responses):
        award = f.award(requirement, responses[0])
        actions.award_cancel(actor=requirement.created_by, award=award, reason="Challenged")
        actions.requirement_cancel(
            actor=requirement.created_by, requirement=requirement, reason="Budget withdrawn"
        )
    *_, cancelled_award, cancelled = published.releases(ocid_of(requirement))
    assert cancelled_award["tag"] == ["awardCancellation"]
    assert cancelled_award["awards"][0]["status"] == "cancelled"
    assert cancelled["tag"] == ["tenderCancellation"]
    assert cancelled["tender"]["status"] == "cancelled"
    assert cancelled["tender"]["lots"][0]["status"] == "cancelled"
    _notice, why = cancelled["tender"]["documents"]
    assert (why["documentType"], why["description"]) == ("cancellationDetails", "Budget withdrawn")
    assert why["relatedLots"] == ["1"]


def test_withdrawing_is_a_tender_cancellation_with_the_reason():
    person, body = a_buyer()
    requirement = f.published(person, body)
    actions.requirement_withdraw(actor=person, requirement=requirement, reason="Bought elsewhere")
    last = published.releases(ocid_of(requirement))[-1]
    assert last["tag"] == ["tenderCancellation"]
    assert last["tender"]["status"] == "cancelled"
    _notice, why = last["tender"]["documents"]
    assert (why["documentType"], why["description"]) == ("cancellationDetails", "Bought elsewhere")


def test_dates_strictly_increase_and_ids_follow_on_even_when_the_clock_goes_back():
    person, body = a_buyer()
    requirement = f.published(person, body)
    with f.clock(timezone.now() - datetime.timedelta(days=3)):
        for n in range(2):
            actions.requirement_amend(
                actor=person,
                requirement=requirement,
                submitted={"lengthMonths": str(7 + n)},
                summary=f"Change {n}",
            )
    found = published.releases(ocid_of(requirement))
    dates = [r["date"] for r in found]
    assert dates == sorted(dates)
    assert len(set(dates)) == 3
    assert [r["id"].rsplit("-", 1)[1] for r in found] == ["1", "2", "3"]


def test_the_compiled_release_is_ocdsmerges_compiled_release_of_the_releases():
    with f.evaluated() as (_made, requirement, responses):
        award = f.award(requirement, responses[1], reason="Better value for the team we need")
        with f.after_standstill(award):
            f.confirm(award)
    found = published.releases(ocid_of(requirement))
    assert len(found) >= 4
    expected = Merger(merge_rules=FLAT_RULES).create_compiled_release(copy.deepcopy(found))
    assert published.compiled(ocid_of(requirement)) == expected


def test_a_release_that_breaks_the_schema_undoes_the_action():
    """A receiver whose release would break the schema (a document address that is no
    address) fails the publishing, and nothing of it stays: no release, still a draft."""
    person, body = a_buyer()
    draft = f.complete_draft(person, body)

    def broken(event):
        store.publish(
            jurisdiction=body.jurisdiction,
            ocid=ocid_of(event.requirement) + "-broken",
            at=timezone.now(),
            build=lambda _next: {
                "tag": ["tender"],
                "tender": ocds.Tender(
                    id="t", documents=[ocds.Document(id="d", url="not an address")]
                ),
            },
        )

    with (
        hooks.requirement_published.connected(broken, order=REPORTING + 1),
        pytest.raises(store.InvalidRelease, match="breaks the OCDS schema: tender/documents/url"),
    ):
        actions.requirement_publish(
            actor=person,
            requirement=draft,
            closes_on=timezone.localdate() + datetime.timedelta(days=14),
        )
    assert Requirement.objects.get(pk=draft.pk).status == Requirement.Status.DRAFT
    assert not Release.objects.exists()
