"""Awards through the API: the same actions as the pages, problems with a field map for
bad input, and the public record of awards and lots' outcomes."""

import pytest
from django.utils import timezone

from openbuy.opportunities import actions
from openbuy.opportunities.models import Award
from tests import helpers
from tests.api_client import ApiClient, api_for, send
from tests.opportunities import factories as f

pytestmark = pytest.mark.django_db

NEXT_YEAR = timezone.localdate().year + 1
CONTRACT = {
    "contract_start": f"{NEXT_YEAR}-04-01",
    "contract_end": f"{NEXT_YEAR + 1}-03-31",
    "value": "45,000.00",
}


@pytest.fixture(autouse=True)
def no_api_rate(settings):
    f.api_rate_off(settings)


@pytest.fixture
def evaluated():
    with f.evaluated() as found:
        yield found


def test_a_buyer_awards_through_the_api_and_everyone_reads_the_record(evaluated):
    market, requirement, responses = evaluated
    api = api_for(market["buyer"])
    base = f"/api/v1/requirements/{requirement.pk}"
    second = {"lot": 1, "response": responses[1].pk}
    unsaid = send(api, "post", f"{base}/awards", second)
    assert unsaid.status_code == 422
    assert unsaid.json()["errors"]["reason"] == [
        "Say why you are choosing the response ranked 2 of 3 rather than the first"
    ]
    made = send(api, "post", f"{base}/awards", {**second, "reason": "Best presentation"})
    assert made.status_code == 201, made.content
    award = made.json()
    assert award["reason"] == "Best presentation"
    assert (award["status"], award["supplier"], award["lot"], award["in_standstill"]) == (
        "standstill",
        "Supplier 1",
        1,
        True,
    )
    again = send(api, "post", f"{base}/awards", {"lot": 1, "response": responses[0].pk})
    assert again.status_code == 409
    assert "already being awarded to Supplier 1" in again.json()["detail"]
    public = ApiClient()
    assert [a["id"] for a in public.get(f"{base}/awards").json()] == [award["id"]]
    path = f"/api/v1/awards/{award['id']}"
    assert public.get(path).json()["value"] is None
    early = send(api, "post", f"{path}/confirm", CONTRACT)
    assert early.status_code == 409
    assert early.json()["detail"].startswith("The standstill period has not ended")
    with f.after_standstill(Award.objects.get(pk=award["id"])):
        api = api_for(market["buyer"])
        bad = send(api, "post", f"{path}/confirm", {**CONTRACT, "value": "1.000,00"})
        assert bad.status_code == 422
        assert bad.json()["errors"] == {"value": ["Enter an amount in figures, like 1,250.00"]}
        year = send(api, "post", f"{path}/confirm", {**CONTRACT, "contract_start": "0027-04-01"})
        assert year.json()["errors"] == {
            "contract_start": [f"Enter the year as 4 digits, like {NEXT_YEAR}"]
        }
        short = send(api, "post", f"{path}/confirm", {**CONTRACT, "contract_end": "27-3-31"})
        assert short.status_code == 422
        assert "contract_end" in short.json()["errors"]
        confirmed = send(api, "post", f"{path}/confirm", CONTRACT)
    assert confirmed.status_code == 200, confirmed.content
    assert (confirmed.json()["value"], confirmed.json()["currency"]) == ("45000.00", "GBP")
    decision = public.get(f"{base}/decision").json()
    assert (decision["status"], decision["lots"]) == (
        "awarded",
        [{"number": 1, "title": "", "outcome": "awarded", "outcome_reason": ""}],
    )


def test_cancelling_an_award_and_ending_the_lot(evaluated):
    market, requirement, responses = evaluated
    api = api_for(market["buyer"])
    base = f"/api/v1/requirements/{requirement.pk}"
    award = send(api, "post", f"{base}/awards", {"response": responses[0].pk}).json()
    path = f"/api/v1/awards/{award['id']}/cancel"
    empty = send(api, "post", path, {"reason": "  "})
    assert (empty.status_code, empty.json()["errors"]) == (422, {"reason": ["Enter the reason"]})
    huge = send(api, "post", path, {"reason": "x" * 5001})
    assert huge.status_code == 422
    surrogate = api.post(path, '{"reason": "\\ud800"}', content_type="application/json")
    assert surrogate.status_code == 400
    assert "lone surrogate" in surrogate.json()["detail"]
    cancelled = send(api, "post", path, {"reason": "A challenge was upheld"})
    assert (cancelled.status_code, cancelled.json()["status"]) == (200, "cancelled")
    wrong = send(api, "post", f"{base}/lots/1/decide", {"outcome": "awarded", "reason": "x"})
    assert wrong.status_code == 422
    unknown = send(api, "post", f"{base}/lots/7/decide", {"outcome": "cancelled", "reason": "x"})
    assert unknown.status_code == 404
    ended = send(api, "post", f"{base}/lots/1/decide", {"outcome": "cancelled", "reason": "Gone"})
    assert ended.json() == {
        "number": 1,
        "title": "",
        "outcome": "cancelled",
        "outcome_reason": "Gone",
    }
    assert ApiClient().get(f"{base}/decision").json()["status"] == "cancelled"
    statuses = [a["status"] for a in ApiClient().get(f"{base}/awards").json()]
    assert statuses == ["cancelled"]


def test_only_the_team_who_may_award_does_and_only_with_a_response_to_the_lot(evaluated):
    market, requirement, responses = evaluated
    base = f"/api/v1/requirements/{requirement.pk}"
    colleague, _body = f.buyer("ailsa@sepa.org.uk", market["body"])
    supplier = f.fw.supplier_owner(market["suppliers"][0])
    for person in (colleague, supplier):
        refused = send(api_for(person), "post", f"{base}/awards", {"response": responses[0].pk})
        assert refused.status_code == 403
        cancel = send(api_for(person), "post", f"{base}/cancel", {"reason": "x"})
        assert cancel.status_code == 403
    anonymous = send(ApiClient(), "post", f"{base}/awards", {"response": responses[0].pk})
    assert anonymous.status_code == 401
    other = f.published(market["buyer"], market["body"], lot=market["lot"])
    api = api_for(market["buyer"])
    stray = send(api, "post", f"{base}/awards", {"response": 10**6})
    assert (stray.status_code, stray.json()["errors"]) == (
        422,
        {"response": ["Choose a response submitted to this lot"]},
    )
    early = send(api, "post", f"/api/v1/requirements/{other.pk}/cancel", {"reason": "x"})
    assert early.status_code == 409
    cancelled = send(api, "post", f"{base}/cancel", {"reason": "Policy changed"})
    assert cancelled.json()["status"] == "cancelled"
    assert cancelled.json()["lots"][0]["outcome_reason"] == "Policy changed"
    assert helpers.events("requirement.decided").get().public


def test_a_drafts_awards_are_not_there(evaluated):
    market, _requirement, _responses = evaluated
    draft = actions.requirement_create(actor=market["buyer"], buyer=market["body"])
    path = f"/api/v1/requirements/{draft.pk}"
    assert ApiClient().get(f"{path}/awards").status_code == 404
    assert ApiClient().get(f"{path}/decision").status_code == 404
    assert api_for(market["buyer"]).get(f"{path}/awards").json() == []
