"""Live services: public pages, versioned edits, review, removal and suspension."""

import re

import pytest

from openbuy.catalogue import actions
from openbuy.catalogue.models import ServiceVersion
from openbuy.core import search
from openbuy.core.errors import Conflict, Forbidden, Invalid
from openbuy.core.models import SearchText
from tests import helpers
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
    with pytest.raises(Invalid) as error:
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
    with pytest.raises(Forbidden):
        actions.version_approve(
            actor=f.supplier_owner(supplier), version=service.versions.get(number=1)
        )


def test_a_supplier_removes_a_service_and_it_leaves_search(client, live):
    service, supplier, _person, _framework = live
    member = helpers.member(supplier, "dev@supplier0.example")
    with pytest.raises(Forbidden):
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
    with pytest.raises(Conflict):
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
    page = client.get(f"/services/{service.service_id}/").content.decode()
    assert "This service is suspended: Misleading price" in page
    assert "Misleading price" in helpers.last_email(f.supplier_owner(supplier).email).body
    with pytest.raises(Forbidden):
        actions.service_reinstate(actor=f.supplier_owner(supplier), service=service)
    actions.service_reinstate(actor=person, service=service)
    assert found() == [service.pk]


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
    supplier.name = "Brightwater Digital"
    # Saved as the admin site saves it, outside any action.
    supplier.save()
    html = client.get("/services/", {"q": "hosting"}).content.decode()
    assert "Brightwater Digital" in html
    assert "Supplier 0" not in html
    assert found("brightwater") == [service.pk]
    assert found("supplier") == []


def test_cards_indexed_before_names_were_kept_in_them_still_show_the_supplier(client, live):
    _service, supplier, _person, _framework = live
    text = SearchText.objects.get()
    text.card = {k: v for k, v in text.card.items() if k != "supplier_name"}
    text.save()
    assert supplier.name in client.get("/services/", {"q": "hosting"}).content.decode()


def test_odd_numbers_in_the_search_address_are_ignored(client, live):
    for odd in ["²", "٣", "abc", "99999999999999999999", "0"]:
        page = client.get("/services/", {"lot": odd, "page": odd, "project": odd})
        assert page.status_code == 200
        assert "1 service found" in page.content.decode()


def test_paging_past_the_last_page_of_results_is_a_404_saying_how_many_there_are(client, live):
    """Not an empty page under "1 service found"."""
    response = client.get("/services/", {"q": "hosting", "page": 3})
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page 3 does not exist: there is only 1 page." in html
    assert "service found" not in html
    assert 'href="?q=hosting&amp;page=1" id="problem-link">Go to the last page' in html
    assert client.get("/services/", {"q": "hosting", "page": 1}).status_code == 200
