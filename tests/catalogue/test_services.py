"""Live services: public pages, versioned edits, review, removal and suspension."""

import html as html_module
import re

import pytest

from openbuy.accounts import actions as accounts
from openbuy.catalogue import actions
from openbuy.catalogue.models import ServiceVersion
from openbuy.core import search
from openbuy.core.errors import Conflict, Forbidden, Invalid
from tests import helpers
from tests.api_client import ApiClient as Client
from tests.frameworks import factories as f

pytestmark = pytest.mark.django_db


def found(text=""):
    return search.search(search.Query(kind="service", text=text)).object_ids


def test_each_published_service_has_a_public_page(client, live):
    service, supplier, _person, _framework = live
    page = client.get(f"/services/{service.service_id}/").content.decode()
    assert "Secure hosting" in page
    assert supplier.name in page
    assert "£10 per user per month" in page
    assert client.get("/services/0000000000000000/").status_code == 404


def test_an_edit_makes_a_new_live_version_and_keeps_the_old_one(live):
    service, supplier, _person, _framework = live
    owner = f.supplier_owner(supplier)
    version = actions.service_edit(
        actor=owner,
        service=service,
        section="description",
        submitted={
            "serviceName": "Sovereign hosting",
            "serviceDescription": "Hosting in Scotland",
            "serviceFeatures": ["Fast"],
            "serviceBenefits": ["Safe"],
        },
    )
    assert version.number == 2
    assert version.approved_at is None
    assert list(
        service.versions.order_by("number").values_list("answers__serviceName", flat=True)
    ) == ["Secure hosting", "Sovereign hosting"]
    assert found("sovereign") == [service.pk]
    assert found("secure") == []
    assert helpers.events("service.edited").get().payload == {
        "version": 2,
        "changed": ["serviceBenefits", "serviceDescription", "serviceFeatures", "serviceName"],
    }


def test_edits_obey_the_question_rules_and_change_nothing_when_invalid(live):
    service, supplier, _person, _framework = live
    with pytest.raises(
        Invalid, match="retired-option is not one of the options; choose again"
    ) as error:
        actions.service_edit(
            actor=f.supplier_owner(supplier),
            service=service,
            section="technical",
            submitted={"deploymentModel": "retired-option"},
        )
    assert "retired-option is not one of the options" in error.value.errors["deploymentModel"][0]
    assert service.versions.count() == 1


def test_managers_see_the_diff_and_approve_flagged_edits(client, live):
    service, supplier, person, framework = live
    actions.service_edit(
        actor=f.supplier_owner(supplier),
        service=service,
        section="pricing",
        submitted={
            "price": {"min": "12", "unit": "user", "interval": "month"},
            "freeVersionOrTrial": False,
            "educationPricing": False,
        },
    )
    client.force_login(person)
    reviews = client.get(f"/frameworks/{framework.slug}/reviews/").content.decode()
    assert "version 2" in reviews
    diff = client.get(f"/services/{service.service_id}/versions/2/").content.decode()
    assert "£10 per user per month" in diff
    assert "£12 per user per month" in diff
    client.post(f"/services/{service.service_id}/versions/2/approve/")
    assert ServiceVersion.objects.get(service=service, number=2).approved_by == person
    with pytest.raises(Forbidden, match="Only the authority's framework managers approve edits"):
        actions.version_approve(
            actor=f.supplier_owner(supplier), version=service.versions.get(number=1)
        )


def test_anonymous_visitors_to_a_services_history_are_asked_to_sign_in(client, live):
    """As on other signed-in pages: a sign-in link that comes back, not a 403."""
    service = live[0]
    for path in [
        f"/services/{service.service_id}/versions/",
        f"/services/{service.service_id}/versions/1/",
    ]:
        answer = client.get(path)
        assert answer.status_code == 302
        assert answer.url == f"/account/sign-in/?next={path}"
    # Signed in, someone who may not read the history is told it is not there, as the API
    # tells them (docs/visibility.md).
    client.force_login(helpers.user("stranger@example.org"))
    assert client.get(f"/services/{service.service_id}/versions/").status_code == 404


def test_a_supplier_removes_a_service_and_it_leaves_search(client, live):
    service, supplier, _person, _framework = live
    member = helpers.member(supplier, "dev@supplier0.example")
    with pytest.raises(Forbidden, match="Only the supplier's admins can remove its services"):
        actions.service_remove(actor=member, service=service)
    actions.service_remove(actor=f.supplier_owner(supplier), service=service)
    assert found() == []
    assert client.get(f"/services/{service.service_id}/").status_code == 404
    client.force_login(f.supplier_owner(supplier))
    # A removed service offers no edit or removal form, only the reason why not.
    edit = client.get(f"/services/{service.service_id}/edit/description/")
    assert edit.status_code == 409
    assert "Only published services on a live framework can be edited" in edit.content.decode()
    assert client.get(f"/services/{service.service_id}/remove/").status_code == 409
    with pytest.raises(Conflict, match="Only published services on a live framework can be edited"):
        actions.service_edit(
            actor=f.supplier_owner(supplier), service=service, section="description", submitted={}
        )


def test_managers_suspend_with_a_reason_shown_and_reinstate(
    client, live, django_capture_on_commit_callbacks
):
    service, supplier, person, _framework = live
    with pytest.raises(Invalid, match="Enter the reason"):
        actions.service_suspend(actor=person, service=service, reason=" ")
    with django_capture_on_commit_callbacks(execute=True):
        actions.service_suspend(actor=person, service=service, reason="Misleading price")
    assert found() == []
    client.force_login(person)
    page = client.get(f"/services/{service.service_id}/").content.decode()
    assert "This service is suspended: Misleading price" in page
    assert "Misleading price" in helpers.last_email(f.supplier_owner(supplier).email).body
    with pytest.raises(Forbidden, match="Only the authority's framework managers reinstate"):
        actions.service_reinstate(actor=f.supplier_owner(supplier), service=service)
    actions.service_reinstate(actor=person, service=service)
    assert found() == [service.pk]


def test_only_the_supplier_and_the_managers_see_why_a_service_is_suspended(live):
    """Review finding 8: anyone saw the manager's reason, on the page and in the API."""
    service, supplier, person, _framework = live
    actions.service_suspend(actor=person, service=service, reason="Misleading price")
    buyer = helpers.user("morag@gov.scot", purpose="buyer")
    owner = f.supplier_owner(supplier)
    for asker, sees in [(None, False), (buyer, False), (owner, True), (person, True)]:
        browser = Client()
        if asker is not None:
            browser.force_login(asker)
        page = browser.get(f"/services/{service.service_id}/").content.decode()
        assert ("Misleading price" in page) is sees
        assert "This service is suspended" in page
        answer = browser.get(f"/api/v1/services/{service.service_id}").json()
        assert answer["status"] == "suspended"
        assert answer["status_reason"] == ("Misleading price" if sees else "")
        if asker is not None:
            _token, secret = accounts.api_token_create(actor=asker, name="tests")
            by_token = Client(HTTP_AUTHORIZATION=f"Bearer {secret}").get(
                f"/api/v1/services/{service.service_id}"
            )
            assert by_token.json()["status_reason"] == ("Misleading price" if sees else "")


def test_a_reason_too_long_is_called_the_reason_not_the_question(client, live):
    """Review finding 9: "Why is the service suspended? must be 2,000 characters or fewer"."""
    service, _supplier, person, _framework = live
    client.force_login(person)
    page = client.post(f"/services/{service.service_id}/suspend/", {"reason": "x" * 2001})
    html = page.content.decode()
    assert "The reason must be 2,000 characters or fewer" in html
    assert "suspended? must" not in html


def test_search_page_filters_facets_categories_and_highlights(client, live):
    _service, _supplier, _person, framework = live
    lot = framework.lots.get(slug="cloud-hosting")
    page = client.get("/services/", {"lot": lot.pk, "q": "hosting", "deploymentModel": "public"})
    html = page.content.decode()
    assert page.status_code == 200
    assert "1 service found" in html
    assert "<mark>hosting</mark>" in html
    assert "Compute and virtual machines" in html
    assert re.search(r"Public cloud <span[^>]*>\(1\)</span>", html)
    assert re.search(r"Private cloud <span[^>]*>\(0\)</span>", html)
    none = client.get("/services/", {"lot": lot.pk, "deploymentModel": "private"}).content.decode()
    assert "0 services found" in none


def test_a_filter_option_that_no_longer_exists_is_a_clear_error(client, live):
    _service, _supplier, _person, framework = live
    lot = framework.lots.get(slug="cloud-hosting")
    response = client.get("/services/", {"lot": lot.pk, "deploymentModel": "mainframe"})
    assert response.status_code == 400
    assert "mainframe is not an option of Deployment model; it may no longer exist" in (
        response.content.decode()
    )


def test_a_keyword_too_long_to_search_for_is_refused_not_dropped(client, live):
    """A word over 100 characters used to be left out, so the search found everything."""
    _service, _supplier, person, framework = live
    lot = framework.lots.get(slug="cloud-hosting")
    word = "x" * 101
    message = "Each search word must be 100 characters or fewer. Shorten or remove the word"
    response = client.get("/services/", {"lot": lot.pk, "q": f"hosting {word}"})
    html = response.content.decode()
    assert response.status_code == 400
    assert message in html
    assert 'href="#q"' in html
    assert "0 services found" in html
    assert client.get("/services/", {"q": "y" * 501}).status_code == 400
    api = client.get("/api/v1/services", {"q": word})
    assert api.status_code == 422
    assert api.json()["errors"]["q"][0].startswith(message)
    with pytest.raises(Invalid, match="Each search word must be 100 characters") as error:
        actions.project_create(
            actor=person, buyer=framework.authority, name="Long", lot=lot, keywords=word
        )
    assert list(error.value.errors) == ["keywords"]
    assert client.get("/services/", {"q": "x" * 100}).status_code == 200


def test_only_the_suppliers_people_see_its_edit_and_removal_forms(client, live):
    service, supplier, person, _framework = live
    outsider = helpers.user("eve@outside.example")
    member = helpers.member(supplier, "dev@supplier0.example")
    client.force_login(outsider)
    assert client.get(f"/services/{service.service_id}/edit/description/").status_code == 403
    assert client.get(f"/services/{service.service_id}/remove/").status_code == 403
    client.force_login(member)
    assert client.get(f"/services/{service.service_id}/edit/description/").status_code == 200
    # Removing is for the supplier's admins, and so is the link to it (the role journeys
    # found members offered a link that refused them).
    assert client.get(f"/services/{service.service_id}/remove/").status_code == 403
    page = client.get(f"/services/{service.service_id}/").content.decode()
    assert f"/services/{service.service_id}/edit/description/" in page
    assert f"/services/{service.service_id}/remove/" not in page
    client.force_login(f.supplier_owner(supplier))
    page = client.get(f"/services/{service.service_id}/").content.decode()
    assert f"/services/{service.service_id}/remove/" in page
    client.force_login(person)
    assert client.get(f"/services/{service.service_id}/edit/description/").status_code == 403


def test_a_renamed_supplier_is_shown_and_found_by_its_new_name(client, live):
    service, supplier, _person, _framework = live
    # Renamed by its admin (the admin site shows names read-only): the catalogue hears of
    # it through accounts' organisation_renamed hook.
    accounts.supplier_update(
        actor=f.supplier_owner(supplier), organisation=supplier, name="Brightwater Digital"
    )
    html = client.get("/services/", {"q": "hosting"}).content.decode()
    assert "Brightwater Digital" in html
    assert "Supplier 0" not in html
    assert found("brightwater") == [service.pk]
    assert found("supplier") == []


def test_an_odd_project_number_in_the_search_address_is_ignored(client, live):
    for odd in ["²", "٣", "abc", "99999999999999999999", "0"]:
        page = client.get("/services/", {"project": odd})
        assert page.status_code == 200
        assert "1 service found" in page.content.decode()


@pytest.mark.parametrize("page", ["²", "٣", "abc", "0", "-1"])
def test_a_search_page_that_is_not_a_page_number_is_a_404_linking_to_page_1(client, live, page):
    response = client.get("/services/", {"q": "hosting", "page": page})
    assert response.status_code == 404
    html = html_module.unescape(response.content.decode())
    assert f"“{page}” is not a page number" in html
    assert "service found" not in html
    assert '"?q=hosting&page=1" id="problem-link">Go to the first page' in html


def test_a_huge_search_page_is_past_the_end_without_searching_that_deep(client, live):
    response = client.get("/services/", {"page": "99999999999999999999"})
    assert response.status_code == 404
    assert "Page 99999999999999999999 does not exist: there is only 1 page." in (
        response.content.decode()
    )


@pytest.mark.parametrize("lot", ["abc", "²", "0", "99999999", "99999999999999999999"])
def test_a_lot_that_is_not_a_live_lot_is_a_404_not_every_lot(client, live, lot):
    response = client.get("/services/", {"lot": lot, "q": "hosting"})
    assert response.status_code == 404
    html = html_module.unescape(response.content.decode())
    assert "There is no such lot" in html
    assert f"No lot of a live framework has the id “{lot}”." in html
    assert 'href="/services/" id="problem-link">Search every lot' in html
    assert "service found" not in html
    assert client.get("/services/", {"lot": "", "q": "hosting"}).status_code == 200


def test_a_category_that_does_not_exist_finds_nothing_and_says_so(client, live):
    """Not the lot's every service under the error."""
    _service, _supplier, _person, framework = live
    lot = framework.lots.get(slug="cloud-hosting")
    category = lot.questions.doc.category_question.id
    response = client.get("/services/", {"lot": lot.pk, category: "no-such-category"})
    html = html_module.unescape(response.content.decode())
    assert response.status_code == 400
    assert "no-such-category is not an option of" in html
    assert "0 services found" in html
    assert "Secure hosting" not in html


def test_paging_past_the_last_page_of_results_is_a_404_saying_how_many_there_are(client, live):
    """Not an empty page under "1 service found"."""
    response = client.get("/services/", {"q": "hosting", "page": 3})
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page 3 does not exist: there is only 1 page." in html
    assert "service found" not in html
    assert 'href="?q=hosting&amp;page=1" id="problem-link">Go to the last page' in html
    assert client.get("/services/", {"q": "hosting", "page": 1}).status_code == 200
