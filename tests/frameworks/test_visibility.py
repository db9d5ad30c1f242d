"""Applications and their results: the pages and the API answer each person alike
(docs/visibility.md)."""

import re

import pytest

from openbuy.frameworks import actions
from tests import helpers
from tests.api_client import api_for, send
from tests.frameworks import factories as f
from tests.visibility import answer, client_of

pytestmark = pytest.mark.django_db

PEOPLE = ["anonymous", "other supplier", "supplier", "buyer", "manager", "admin"]
RUN_BY = {"manager", "admin"}


@pytest.fixture
def evaluated():
    """A submitted application whose results are recorded but not yet announced."""
    manager, authority = f.manager()
    framework = f.gcloud(authority, manager)
    ours, theirs = f.suppliers(2)
    application = f.apply(framework, ours)
    framework = f.close(framework, manager)
    actions.result_record(
        actor=manager,
        application=application,
        declaration=("pass", "Well answered"),
        services={d.pk: ("pass", "") for d in application.services.all()},
    )
    helpers.buyer_body()
    return {
        "framework": framework,
        "application": application,
        "people": {
            "anonymous": None,
            "other supplier": f.supplier_owner(theirs),
            "supplier": f.supplier_owner(ours),
            "buyer": helpers.user("morag@sepa.org.uk", purpose="buyer"),
            "manager": manager,
            "admin": helpers.platform_admin(),
        },
    }


def page_of(who, application) -> str:
    """Where each person reads the application: its supplier's people on their own pages,
    the framework's managers on theirs (others are sent to the supplier's address)."""
    slug = application.framework.slug
    if who in RUN_BY:
        return f"/frameworks/{slug}/applications/{application.pk}/"
    return f"/frameworks/{slug}/apply/{application.supplier.slug}/"


def test_an_application_is_for_its_suppliers_people_and_the_frameworks_managers(evaluated):
    application = evaluated["application"]
    found = {}
    for who in PEOPLE:
        client = client_of(evaluated["people"][who])
        found[who] = (
            answer(client.get(page_of(who, application))),
            answer(client.get(f"/api/v1/applications/{application.pk}")),
        )
    expected = {
        who: "sign in"
        if who == "anonymous"
        else "shown"
        if who in RUN_BY | {"supplier"}
        else "hidden"
        for who in PEOPLE
    }
    assert found == {who: (expected[who],) * 2 for who in PEOPLE}


def _results_told(evaluated, who) -> tuple[bool, bool]:
    """Whether the person's page and the API tell them the declaration's result: the
    supplier's application page, or the managers' list of applications."""
    application = evaluated["application"]
    client = client_of(evaluated["people"][who])
    api = client.get(f"/api/v1/applications/{application.pk}").json()
    if who == "supplier":
        page = client.get(page_of(who, application)).content.decode()
        on_page = 'id="declaration-result"' in page and "Well answered" in page
    else:
        listing = client.get(f"/frameworks/{application.framework.slug}/applications/")
        on_page = bool(
            re.search(r'data-label="Declaration result"[^>]*>Pass<', listing.content.decode())
        )
    return on_page, api["declaration_result"] == "pass" and api["declaration_reason"] != ""


def test_results_reach_the_supplier_once_announced_and_managers_as_they_are_set(evaluated):
    told = {who: _results_told(evaluated, who) for who in ("supplier", "manager", "admin")}
    assert told == {"supplier": (False, False), "manager": (True, True), "admin": (True, True)}
    actions.framework_announce(
        actor=evaluated["people"]["manager"], framework=evaluated["framework"]
    )
    told = {who: _results_told(evaluated, who) for who in ("supplier", "manager", "admin")}
    assert told == dict.fromkeys(("supplier", "manager", "admin"), (True, True))


def test_the_agreement_page_does_not_say_what_was_awarded_before_the_results(evaluated):
    application = evaluated["application"]
    client = client_of(evaluated["people"]["supplier"])
    address = (
        f"/frameworks/{application.framework.slug}/apply/{application.supplier.slug}/agreement/"
    )
    before = client.get(address).content.decode()
    assert "Not announced yet" in before
    assert "Secure hosting" not in before
    actions.framework_announce(
        actor=evaluated["people"]["manager"], framework=evaluated["framework"]
    )
    after = client.get(address).content.decode()
    assert "Secure hosting" in after
    assert "Not announced yet" not in after


def _moves_answered(evaluated, address, body) -> dict[str, str]:
    """What each person gets posting to an object's address, and to the address of one
    that does not exist (the same answer: an object you may not see is not there)."""
    missing = re.sub(r"/\d+/", "/999999/", address)
    found = {}
    for who in ("other supplier", "buyer", "supplier"):
        client = api_for(evaluated["people"][who])
        real, none = send(client, "post", address, body), send(client, "post", missing, body)
        found[who] = answer(real) if real.status_code != none.status_code else "hidden"
    return found


def test_an_agreement_is_not_there_for_who_may_not_see_its_application(evaluated):
    actions.framework_announce(
        actor=evaluated["people"]["manager"], framework=evaluated["framework"]
    )
    owner = evaluated["people"]["supplier"]
    agreement = actions.agreement_sign(
        actor=owner,
        application=evaluated["application"],
        signer_name=owner.name,
        signer_role="Director",
        authority_confirmed=True,
    )
    found = _moves_answered(evaluated, f"/api/v1/agreements/{agreement.pk}/countersign", {})
    # Its own supplier may see it, but not countersign it.
    assert found == {"other supplier": "hidden", "buyer": "hidden", "supplier": "answered 403"}


def test_an_unpublished_clarification_is_not_there_for_other_suppliers():
    manager, authority = f.manager()
    framework = f.gcloud(authority, manager)
    ours, theirs = f.suppliers(2)
    helpers.buyer_body()
    asked = actions.clarification_ask(
        actor=f.supplier_owner(ours),
        framework=framework,
        supplier=ours,
        question="Is our pricing model acceptable?",
    )
    people = {
        "other supplier": f.supplier_owner(theirs),
        "buyer": helpers.user("morag@sepa.org.uk", purpose="buyer"),
        "supplier": f.supplier_owner(ours),
    }
    address = f"/api/v1/clarifications/{asked.pk}/publish"
    found = _moves_answered({"people": people}, address, {"answer": "Yes"})
    assert found == {"other supplier": "hidden", "buyer": "hidden", "supplier": "answered 403"}
