"""The evaluator's pages: declare interests, score each response with a justification,
check and submit, then read the others' scores. Bad input is refused beside its field and
nothing typed is lost; a conflicted evaluator sees nothing of the responses; no one outside
the evaluation sees any of it (404, docs/visibility.md)."""

import pytest

from openbuy.accounts.models import Role
from openbuy.opportunities.models import Score
from tests import helpers
from tests.opportunities import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed():
    return f.with_responses()


def url(requirement, tail="") -> str:
    return f"/opportunities/{requirement.pk}/evaluation/{tail}"


def signed_in(client, person):
    client.force_login(person)
    return client


def assigned(requirement, email="ian@sepa.org.uk"):
    """An evaluator assigned on the overview page, not yet declared."""
    person = helpers.member(requirement.buyer, email, role=Role.EVALUATOR)
    from django.test import Client

    team = signed_in(Client(), requirement.created_by)
    added = team.post(url(requirement), {"user": person.pk})
    assert added.status_code == 302, added.content.decode()
    return person


def form_for(score=2, text="Strong evidence of delivery", keys=f.CRITERIA) -> dict:
    data = {}
    for key in keys:
        data[f"score_{key}"] = str(score)
        data[f"justification_{key}"] = text
    return data


def test_an_evaluator_declares_scores_and_submits_then_sees_the_others(client, closed):
    _market, requirement, responses = closed
    person = assigned(requirement)
    signed_in(client, person)
    overview = client.get(url(requirement)).content.decode()
    assert "Declare your interests before you see the responses" in overview
    assert responses[0].supplier.name not in overview
    assert client.get(url(requirement, "scores/")).url == url(requirement, "interests/")
    assert client.get(url(requirement, f"scores/{responses[0].pk}/")).status_code == 403

    no_details = client.post(url(requirement, "interests/"), {"has_conflict": "yes"})
    assert "Describe the conflict of interest" in no_details.content.decode()
    declared = client.post(url(requirement, "interests/"), {"has_conflict": "no"})
    assert declared.url == url(requirement, "scores/")

    listed = client.get(url(requirement, "scores/")).content.decode()
    assert all(r.supplier.name in listed for r in responses)
    assert "3 responses are still to score" in listed
    page = client.get(url(requirement, f"scores/{responses[0].pk}/")).content.decode()
    essential = requirement.answers["essentialCriteria"][0]
    assert essential in page
    assert "Their evidence:</span> Accessible to everyone" in page
    assert 'type="radio" value="3"' in page
    assert 'value="4"' not in page
    assert "Day rate" in page  # the response's answers beside

    others = client.get(url(requirement, f"scores/{responses[0].pk}/others/"))
    assert others.status_code == 403
    assert "once you have submitted yours" in others.content.decode()
    early = client.post(url(requirement, "scores/submit/"))
    assert "Score every criterion of every response first: 15 still to score" in (
        early.content.decode()
    )

    colleague = f.evaluator(requirement, "two@sepa.org.uk")  # before moderation starts
    for response in responses:
        saved = client.post(url(requirement, f"scores/{response.pk}/"), form_for())
        assert saved.url == url(requirement, "scores/")
    check = client.get(url(requirement, "scores/submit/")).content.decode()
    assert "Your scores cannot change once submitted" in check
    assert client.post(url(requirement, "scores/submit/")).url == url(requirement, "scores/")
    f.score_all(colleague, 1)
    page = client.get(url(requirement, f"scores/{responses[0].pk}/others/")).content.decode()
    assert "Strong evidence of delivery" in page
    assert "Scored 1 on the evidence" in page
    after = client.get(url(requirement, f"scores/{responses[0].pk}/")).content.decode()
    assert "can no longer change" in after


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        ("score_cultural", "4", "Choose a score from 0 to 3"),
        ("justification_cultural", "x" * 5001, "5,000 characters or fewer"),
        ("justification_cultural", "   ", "Explain the score"),
        ("score_cultural", "", "Choose a score"),
    ],
)
def test_bad_scores_are_refused_beside_the_field_and_nothing_typed_is_lost(
    client, closed, field, typed, message
):
    _market, requirement, responses = closed
    evaluator = f.evaluator(requirement)
    signed_in(client, evaluator.user)
    data = form_for(text="Kept as typed: a long justification") | {field: typed}
    refused = client.post(url(requirement, f"scores/{responses[0].pk}/"), data)
    page = refused.content.decode()
    assert refused.status_code == 422
    assert 'class="govuk-error-summary"' in page
    assert message in page
    assert page.count("Kept as typed: a long justification") >= 4
    if typed.strip():
        assert typed[:50] in page
    assert not Score.objects.exists()


def test_an_empty_scoring_form_says_what_to_do(client, closed):
    _market, requirement, responses = closed
    signed_in(client, f.evaluator(requirement).user)
    refused = client.post(url(requirement, f"scores/{responses[0].pk}/"), {})
    assert "Score at least one criterion" in refused.content.decode()


def test_a_lone_surrogate_in_a_justification_is_refused_and_nothing_saved(client, closed):
    _market, requirement, responses = closed
    signed_in(client, f.evaluator(requirement).user)
    body = b"score_cultural=2&justification_cultural=bad%ED%A0%80text"
    refused = client.post(
        url(requirement, f"scores/{responses[0].pk}/"),
        body,
        content_type="application/x-www-form-urlencoded",
    )
    assert refused.status_code == 400
    assert "not valid UTF-8 text" in refused.content.decode()
    assert not Score.objects.exists()


def test_a_conflicted_evaluator_sees_nothing_of_the_responses(client, closed):
    _market, requirement, responses = closed
    conflicted = f.evaluator(requirement, "con@sepa.org.uk", conflict=True)
    signed_in(client, conflicted.user)
    overview = client.get(url(requirement)).content.decode()
    assert "You declared a conflict of interest" in overview
    assert all(r.supplier.name not in overview for r in responses)
    for tail in (
        "scores/",
        f"scores/{responses[0].pk}/",
        f"scores/{responses[0].pk}/others/",
        "moderation/",
        "ranking/",
    ):
        assert client.get(url(requirement, tail)).status_code == 404, tail
    posted = client.post(url(requirement, f"scores/{responses[0].pk}/"), form_for())
    assert posted.status_code == 404


@pytest.mark.parametrize("who", ["colleague", "admin", "supplier"])
def test_no_one_outside_the_evaluation_sees_any_page_of_it(client, closed, who):
    market, requirement, responses = closed
    f.score_all(f.evaluator(requirement))
    f.moderate_all(requirement)
    person = {
        "colleague": lambda: f.buyer("other@sepa.org.uk", body=requirement.buyer)[0],
        "admin": helpers.platform_admin,
        "supplier": lambda: f.fw.supplier_owner(market["suppliers"][0]),
    }[who]()
    signed_in(client, person)
    for tail in (
        "",
        "interests/",
        "scores/",
        f"scores/{responses[0].pk}/",
        f"scores/{responses[0].pk}/others/",
        "moderation/",
        f"moderation/{responses[0].pk}/",
        "ranking/",
        "ranking.csv",
        "shortlist/",
    ):
        assert client.get(url(requirement, tail)).status_code == 404, tail


def test_someone_signed_out_is_asked_to_sign_in(client, closed):
    _market, requirement, _responses = closed
    answer = client.get(url(requirement, "ranking/"))
    assert answer.status_code == 302
    assert "/sign-in/" in answer.url
