"""Feedback and e-mails: every responding supplier's people are told at each step; once a
lot is decided each reads its own final scores and the chosen supplier's, never another
unsuccessful supplier's. Anyone else is told there is nothing there (404)."""

import pytest
from django.utils import timezone

from openbuy.core.models import Email
from openbuy.opportunities import actions, selectors
from openbuy.opportunities.standstill import last_day
from tests import helpers
from tests.api_client import ApiClient, api_for
from tests.opportunities import factories as f

pytestmark = pytest.mark.django_db

NEXT_YEAR = timezone.localdate().year + 1
# Final scores 3, 2 and 1 at day rates 600, 500 and 400 (weights 60/15/25): the totals.
TOTALS = ("91.67", "70.00", "50.00")


@pytest.fixture(autouse=True)
def no_api_rate(settings):
    f.api_rate_off(settings)


@pytest.fixture
def evaluated():
    with f.evaluated() as (market, requirement, responses):
        helpers.member(market["suppliers"][1], "dana@supplier1.example")
        Email.objects.all().delete()
        yield market, requirement, responses


def _mail():
    return {email.to: email for email in Email.objects.all()}


def _page(person, requirement):
    client = ApiClient()
    client.force_login(person)
    return client.get(f"/opportunities/{requirement.pk}/feedback/")


def _api(person, requirement):
    return api_for(person).get(f"/api/v1/requirements/{requirement.pk}/feedback")


def test_choosing_a_supplier_tells_each_responder_without_anyone_s_scores(evaluated):
    market, requirement, responses = evaluated
    award = f.award(requirement, responses[0])
    day = f"{last_day(award.standstill_ends_at, requirement.zone):%-d %B %Y}"
    mail = _mail()
    assert sorted(mail) == [
        "dana@supplier1.example",
        "owner0@supplier0.example",
        "owner1@supplier1.example",
        "owner2@supplier2.example",
    ]
    won = mail["owner0@supplier0.example"]
    assert won.subject == "You are the intended supplier for Flood warnings for Scotland"
    assert f"A standstill period runs until the end of {day}" in won.body
    link = f"/opportunities/{requirement.pk}/feedback/"
    for address, other in (("owner1", "Supplier 2"), ("dana", "Supplier 2"), ("owner2", "x")):
        lost = next(m for to, m in mail.items() if to.startswith(address))
        assert lost.subject == "Your response to Flood warnings for Scotland was not successful"
        assert "intends to award this contract to Supplier 0" in lost.body
        assert link in lost.body
        assert f"A standstill period runs until the end of {day}" in lost.body
        assert other not in lost.body
    for email in mail.values():
        assert not any(total in email.body for total in TOTALS)
    assert not Email.objects.filter(to=market["buyer"].email).exists()
    owner = f.fw.supplier_owner(market["suppliers"][1])
    assert _page(owner, requirement).status_code == 200
    assert helpers.link_in(mail["owner1@supplier1.example"]).endswith(link)


def test_a_loser_reads_its_own_scores_and_the_winners_never_another_losers(evaluated):
    market, requirement, responses = evaluated
    loser = f.fw.supplier_owner(market["suppliers"][1])
    before = _page(loser, requirement)
    assert "Your feedback will be here once the buyer has decided" in before.content.decode()
    assert [r["outcome"] for r in _api(loser, requirement).json()] == ["pending"]
    f.award(requirement, responses[0])
    page = _page(loser, requirement).content.decode()
    assert "Your response was not successful this time. The buyer chose Supplier 0." in page
    assert f"Why the buyer chose this supplier:</span> {f.AWARD_REASON}" in page
    assert "Cultural fit: how the team would work with ours" in page
    assert "Supplier 0&#x27;s score" in page
    assert "70.00" in page
    assert "91.67" in page
    assert "Supplier 2" not in page
    assert "50.00" not in page
    (feedback,) = _api(loser, requirement).json()
    assert (feedback["outcome"], feedback["score_min"], feedback["score_max"]) == (
        "not_chosen",
        0,
        3,
    )
    assert feedback["award_reason"] == f.AWARD_REASON
    assert feedback["own"]["supplier"] == "Supplier 1"
    assert {c["score"] for c in feedback["own"]["scores"]} == {2}
    assert feedback["own"]["total"] == "70.00"
    assert (feedback["winner"]["supplier"], feedback["winner"]["total"]) == ("Supplier 0", "91.67")
    assert {c["score"] for c in feedback["winner"]["scores"]} == {3}
    assert feedback["weights"] == {"technical": 60, "cultural": 15, "price": 25}
    assert "Supplier 2" not in str(feedback)


def test_the_winner_reads_its_own_scores(evaluated):
    market, requirement, responses = evaluated
    f.award(requirement, responses[0])
    winner = f.fw.supplier_owner(market["suppliers"][0])
    page = _page(winner, requirement).content.decode()
    assert "You are the intended supplier." in page
    assert "91.67" in page
    assert "Supplier 1" not in page
    feedback = selectors.feedback_for(winner, responses[0])
    assert (feedback.won, feedback.outcome, feedback.winner) == (True, "won", None)
    assert feedback.own.total == feedback.parts()[-1][2]


def test_no_one_but_the_responding_supplier_reads_its_feedback(evaluated):
    market, requirement, responses = evaluated
    f.award(requirement, responses[0])
    outsider = helpers.supplier(
        helpers.user("owner@other.example"), name="Other Ltd", registration_number="SC999999"
    )
    admin = helpers.platform_admin()
    for person in (market["buyer"], f.fw.supplier_owner(outsider), admin):
        assert _page(person, requirement).status_code == 404
        assert _api(person, requirement).status_code == 404
        assert selectors.feedback_for(person, responses[1]) is None
    anonymous = ApiClient().get(f"/opportunities/{requirement.pk}/feedback/")
    assert anonymous.status_code == 302
    assert ApiClient().get(f"/api/v1/requirements/{requirement.pk}/feedback").status_code == 401


def test_feedback_when_no_supplier_was_suitable_shows_only_the_suppliers_own(evaluated):
    market, requirement, responses = evaluated
    actions.lot_decide(
        actor=requirement.created_by,
        lot=responses[0].lot,
        outcome="unsuccessful",
        reason="None met the budget",
    )
    owner = f.fw.supplier_owner(market["suppliers"][2])
    page = _page(owner, requirement).content.decode()
    assert "The buyer found no suitable supplier. None met the budget" in page
    assert "50.00" in page
    assert "Supplier 0" not in page
    (feedback,) = _api(owner, requirement).json()
    assert (feedback["outcome"], feedback["winner"], feedback["lot_reason"]) == (
        "unsuccessful",
        None,
        "None met the budget",
    )


def test_confirming_and_cancelling_tell_every_responder(evaluated):
    _market, requirement, responses = evaluated
    award = f.award(requirement, responses[1])
    cancelled = actions.award_cancel(
        actor=requirement.created_by, award=award, reason="A challenge was upheld"
    )
    for email in Email.objects.filter(subject__contains="cancelled"):
        assert email.subject == "The intended award for Flood warnings for Scotland is cancelled"
        assert "Reason: A challenge was upheld" in email.body
    assert Email.objects.filter(subject__contains="cancelled").count() == 4
    assert cancelled.status == "cancelled"
    award = f.award(requirement, responses[0])
    Email.objects.all().delete()
    with f.after_standstill(award):
        f.confirm(award, value="45,000")
    mail = _mail()
    won = mail["owner0@supplier0.example"]
    assert won.subject == "Your award for Flood warnings for Scotland is confirmed"
    assert "Contract value: £45,000" in won.body
    assert f"Contract start: 1 April {NEXT_YEAR}" in won.body
    lost = mail["owner2@supplier2.example"]
    assert lost.subject == "The award for Flood warnings for Scotland is confirmed"
    assert "confirmed the award of this contract to Supplier 0" in lost.body
    assert "45,000" not in lost.body
    assert len(mail) == 4


def test_each_suppliers_own_pages_say_how_its_response_stands_and_lead_to_feedback(evaluated):
    market, requirement, responses = evaluated
    winner, loser = (f.fw.supplier_owner(s) for s in market["suppliers"][:2])

    def status(person, response=None):
        client = ApiClient()
        client.force_login(person)
        path = "/opportunities/your-responses/"
        if response is not None:
            path = f"/opportunities/{requirement.pk}/respond/{response.pk}/"
        return client.get(path).content.decode()

    assert ">Submitted<" in status(loser)
    assert "Read your feedback" not in status(loser)
    award = f.award(requirement, responses[0])
    assert ">Intended supplier: in standstill<" in status(winner)
    for page in (status(loser), status(loser, responses[1])):
        assert ">Not successful<" in page
        assert f'href="/opportunities/{requirement.pk}/feedback/"' in page
    with f.after_standstill(award):
        f.confirm(award, value="45,000.00")
        assert ">Successful<" in status(winner, responses[0])
