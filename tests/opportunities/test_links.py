"""People reach the pages that are theirs: from a requirement's overview and public page
the team reaches its responses, evaluation and award, a supplier's people start or carry
on their response and read their feedback; from the account page, suppliers reach their
responses and questions and evaluators their evaluations. Each link is shown to the
people the page behind it lets in, and to no one else."""

import pytest
from django.test import Client

from openbuy.opportunities import actions, selectors
from openbuy.opportunities.models import TeamMember
from tests import helpers
from tests.frameworks import factories as fw
from tests.opportunities import factories as f

pytestmark = pytest.mark.django_db

Permission = TeamMember.Permission


def page(person, path: str) -> str:
    client = Client()
    if person is not None:
        client.force_login(person)
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


def public(requirement) -> str:
    return f"/opportunities/{requirement.pk}/"


def overview(requirement) -> str:
    return f"/buying/requirements/{requirement.pk}/"


def href(requirement, tail: str) -> str:
    return f'href="/opportunities/{requirement.pk}/{tail}"'


def team_links(html: str, requirement) -> set[str]:
    """Which of the team's links a page shows."""
    return {
        name
        for name, tail in (
            ("responses", "responses/"),
            ("evaluation", "evaluation/"),
            ("award", "award/"),
        )
        if href(requirement, tail) in html
    }


def test_while_open_the_team_reaches_the_responses_with_their_count_and_nothing_else():
    market = f.market()
    person, suppliers = market["buyer"], market["suppliers"]
    requirement = f.published(person, market["body"], lot=market["lot"])
    f.respond(requirement, suppliers[0])
    f.respond(requirement, suppliers[1], submit=False)
    f.ask(requirement, suppliers[1])
    answerer = f.teammate(requirement, "ann@sepa.org.uk", [Permission.ANSWER], by=person)
    for who in (person, answerer):
        for path in (overview(requirement), public(requirement)):
            html = page(who, path)
            assert team_links(html, requirement) == {"responses"}, path
            assert "Responses (1)" in html
            assert "Clarification questions (1 to answer)" in html
    outsider, _body = f.buyer("olive@sepa.org.uk", market["body"])  # a buyer, not on the team
    for who in (None, outsider, fw.supplier_owner(suppliers[0])):
        html = page(who, public(requirement))
        assert team_links(html, requirement) == set()
        assert "Responses (" not in html
        assert "to answer)" not in html


def test_a_draft_shows_none_of_the_teams_links():
    market = f.market()
    draft = f.complete_draft(market["buyer"], market["body"], lot=market["lot"])
    html = page(market["buyer"], overview(draft))
    assert team_links(html, draft) == set()


def test_after_closing_evaluation_and_award_are_for_those_who_may_do_them():
    market, requirement, _responses = f.with_responses()
    person = market["buyer"]
    evaluates = f.teammate(requirement, "eva@sepa.org.uk", [Permission.EVALUATE], by=person)
    awards = f.teammate(requirement, "ada@sepa.org.uk", [Permission.AWARD], by=person)
    reads = f.teammate(requirement, "rex@sepa.org.uk", [Permission.READ_RESPONSES], by=person)
    expected = {
        person: {"responses", "evaluation", "award"},
        evaluates: {"responses", "evaluation"},
        awards: {"responses", "award"},
        reads: {"responses"},
    }
    for who, links in expected.items():
        for path in (overview(requirement), public(requirement)):
            html = page(who, path)
            assert team_links(html, requirement) == links, (who.email, path)
            assert "Responses (3)" in html
    # Each link leads somewhere the person is let in.
    client = Client()
    client.force_login(evaluates)
    assert client.get(f"/opportunities/{requirement.pk}/evaluation/").status_code == 200
    client.force_login(awards)
    assert client.get(f"/opportunities/{requirement.pk}/award/").status_code == 200


def test_an_eligible_suppliers_people_are_asked_to_respond_then_to_carry_on():
    market = f.market()
    suppliers = market["suppliers"]
    requirement = f.published(market["buyer"], market["body"], lot=market["lot"])
    owner = fw.supplier_owner(suppliers[0])
    html = page(owner, public(requirement))
    assert "Respond to this requirement" in html
    assert href(requirement, "respond/") in html
    assert "govuk-button--start" in html
    f.respond(requirement, suppliers[0], submit=False)
    member = helpers.member(suppliers[0], "mo@supplier0.example")
    for who in (owner, member):
        html = page(who, public(requirement))
        assert "Continue your response" in html
        assert "Respond to this requirement" not in html


def test_no_one_else_is_asked_to_respond():
    market = f.market()
    requirement = f.published(market["buyer"], market["body"], lot=market["lot"])
    stranger = helpers.user("sal@elsewhere.example")
    helpers.supplier(stranger, name="Not On The Lot Ltd", registration_number="SC999999")
    for who in (None, market["buyer"], stranger):
        html = page(who, public(requirement))
        assert href(requirement, "respond/") not in html
        assert "Respond to this requirement" not in html


def test_after_closing_no_one_is_asked_to_respond():
    market, requirement, _responses = f.with_responses(suppliers=3, rates=("600.00",))
    for supplier in market["suppliers"][:2]:
        html = page(fw.supplier_owner(supplier), public(requirement))
        assert "Respond to this requirement" not in html
        assert "Continue your response" not in html


def test_once_decided_responders_are_sent_to_their_feedback_and_no_one_else():
    other = helpers.user("sal@elsewhere.example")
    helpers.supplier(other, name="Not On The Lot Ltd", registration_number="SC999999")
    with f.evaluated(suppliers=2, rates=("600.00", "500.00"), scores=(3, 2)) as made:
        market, requirement, responses = made
        responder = fw.supplier_owner(market["suppliers"][1])
        assert "Read your feedback" not in page(responder, public(requirement))
        f.award(requirement, responses[0])
        for supplier in market["suppliers"][:2]:
            html = page(fw.supplier_owner(supplier), public(requirement))
            assert "Read your feedback" in html
            assert href(requirement, "feedback/") in html
        for who in (other, None, market["buyer"]):
            assert "Read your feedback" not in page(who, public(requirement))


def account(person) -> str:
    return page(person, "/account/")


def test_the_account_page_sends_suppliers_people_to_their_responses_and_questions():
    market = f.market()
    html = account(fw.supplier_owner(market["suppliers"][0]))
    assert 'href="/opportunities/your-responses/"' in html
    assert 'href="/opportunities/questions/"' in html
    html = account(market["buyer"])
    assert "Your responses" not in html
    assert "Your questions" not in html


def test_the_account_page_lists_an_evaluators_evaluations_while_they_run():
    market, requirement, _responses = f.with_responses(rates=("600.00",))
    assigned = f.assigned(requirement, "ian@sepa.org.uk")
    html = account(assigned.user)
    assert "Your evaluations" in html
    assert f"{href(requirement, 'evaluation/')}>{requirement.title}</a>" in html
    assert "Your evaluations" not in account(market["buyer"])
    assert list(selectors.evaluations_of(assigned.user)) == [assigned]
    actions.requirement_cancel(
        actor=market["buyer"], requirement=requirement, reason="The budget was withdrawn"
    )
    assert list(selectors.evaluations_of(assigned.user)) == []
    assert "Your evaluations" not in account(assigned.user)
