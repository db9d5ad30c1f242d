"""Direct award is offered only to buyers, with the same test the project pages use, so no
one follows a link to a refusal (issue 7, fix 2)."""

import pytest

from openbuy.catalogue.models import Project
from tests import helpers
from tests.frameworks import factories as f

pytestmark = pytest.mark.django_db

SAVE = "Save this search as a direct-award project"


@pytest.fixture
def lot(live):
    _service, _supplier, _person, framework = live
    return framework.lots.get(slug="cloud-hosting")


def people(live) -> dict:
    _service, supplier, _person, _framework = live
    return {
        "supplier owner": f.supplier_owner(supplier),
        "supplier member": helpers.member(supplier, "dana@supplier0.example"),
        "platform admin": helpers.platform_admin(),
    }


def test_only_buyers_are_offered_to_save_a_search_and_others_are_refused_alike(client, live, lot):
    for name, person in people(live).items():
        client.force_login(person)
        search = client.get("/services/", {"lot": lot.pk, "q": ""}).content.decode()
        assert SAVE not in search, name
        assert "Buyers can" not in search, name
        assert "to save a search for direct award" not in client.get("/services/").content.decode()
        assert client.get("/direct-award/new/", {"lot": lot.pk, "q": ""}).status_code == 403
        assert client.get("/direct-award/").status_code == 403, name
        account = client.get("/account/").content.decode()
        assert "Direct-award projects" not in account, name

    buyer = helpers.user("morag@gov.scot", purpose="buyer")
    client.force_login(buyer)
    search = client.get("/services/", {"lot": lot.pk, "q": ""}).content.decode()
    assert f'href="/direct-award/new/?lot={lot.pk}&amp;q=">{SAVE}</a>' in search
    assert client.get("/direct-award/new/", {"lot": lot.pk, "q": ""}).status_code == 200
    assert client.get("/direct-award/").status_code == 200
    assert (
        'href="/direct-award/">Direct-award projects</a>'
        in client.get("/account/").content.decode()
    )
    assert not Project.objects.exists()


def test_visitors_are_told_buyers_can_sign_in_to_save_a_search(client, live, lot):
    search = client.get("/services/", {"lot": lot.pk, "q": "hosting"}).content.decode()
    assert SAVE not in search
    assert (
        f'Buyers can <a class="govuk-link" href="/account/sign-in/?next=/services/'
        f'%3Flot%3D{lot.pk}%26q%3Dhosting">sign in</a> to save this search as a '
        "direct-award project." in search
    )
