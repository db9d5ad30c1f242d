"""Words and amounts as a reader sees them (review findings 7, 10 and 15): on a French
page a question set translated into French shows its French, suppliers' words are marked
lang="en" and prices' units are French; money boxes show the currency beside them and saved
amounts as people write them; a summary's "Change" opens its question."""

import pytest

from openbuy.catalogue.models import Service
from openbuy.frameworks.models import DraftService
from tests.browser.helpers import sign_in
from tests.frameworks import factories as f

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PRICE = {"min": "0.08", "max": None, "unit": "gigabyte", "interval": "month"}


def test_a_french_service_page_and_its_search_card_mark_english_and_translate_units(new_page):
    person, authority = f.manager()
    (supplier,) = f.suppliers(1)
    f.live_gcloud(
        {supplier: [("cloud-hosting", f.service_answers("Secure hosting", price=PRICE))]},
        actor=person,
        authority=authority,
    )
    service = Service.objects.get()
    page = new_page()
    page.goto(f"/fr/services/{service.service_id}/")
    assert page.locator("h1").get_attribute("lang") == "en"
    price = page.locator("dd", has_text="0,08")
    assert price.inner_text() == "0,08\u00a0£ par gigaoctet par mois"
    assert price.locator("[lang]").count() == 0  # openbuy's own words, in French
    # The shipped set speaks French: its option is shown in French, unmarked.
    assert page.locator("dd", has_text="Nuage public").count() == 1
    assert page.locator("dd [lang]", has_text="Nuage public").count() == 0
    assert page.locator('dd [lang="en"]', has_text="Fast").count() == 1  # the supplier's
    page.goto(f"/fr/services/?lot={service.lot_id}")
    card = page.locator("#main-content li", has_text="Secure hosting").first
    assert card.locator('a[lang="en"]').inner_text() == "Secure hosting"
    assert "Nuage public" in card.inner_text()
    assert card.locator("[lang]", has_text="Nuage public").count() == 0
    assert "par gigaoctet par mois" in card.inner_text()


def test_money_boxes_show_the_currency_and_amounts_as_people_write_them(new_page):
    manager, authority = f.manager()
    framework = f.gcloud(authority, manager)
    (supplier,) = f.suppliers(1)
    declaration = {**f.DECLARATION, "indemnityInsurance": "2000000"}
    f.apply(framework, supplier, submit=False, declaration=declaration)
    page = new_page()
    sign_in(page, f.supplier_owner(supplier).email)
    base = f"/frameworks/{framework.slug}/apply/{supplier.slug}/"
    page.goto(f"{base}declaration/essentials/")
    insurance = page.locator("#id_indemnityInsurance")
    assert insurance.input_value() == "2,000,000"
    wrapper = page.locator(".govuk-input__wrapper", has=insurance)
    assert wrapper.locator(".govuk-input__prefix").inner_text() == "£"
    assert page.locator("#id_indemnityInsurance_helptext").inner_text() == "At least £1,000,000"
    draft = DraftService.objects.get()
    page.goto(f"{base}services/{draft.pk}/pricing/")
    assert page.locator("#id_price_0").input_value() == "10"
    minimum = page.locator(".govuk-input__wrapper", has=page.locator("#id_price_0"))
    assert minimum.locator(".govuk-input__prefix").inner_text() == "£"
    page.locator("#id_price_0").fill("ten pounds")
    page.submit("Save and continue")
    assert (
        "Enter an amount in figures, like 1,250.00"
        in page.locator(".govuk-error-summary").inner_text()
    )

    # Finding 15: "Change" opens the question, not only its section's page.
    page.goto(f"{base}services/{draft.pk}/")
    change = page.locator(".govuk-summary-list__row", has_text="Where is buyers' data stored")
    page.click(change.get_by_role("link", name="Change"))
    assert page.url.endswith(f"/services/{draft.pk}/technical/#id_dataLocation_0")
    assert page.evaluate("document.querySelector(':target').id") == "id_dataLocation_0"


def test_a_live_services_change_links_go_to_their_question(client):
    person, authority = f.manager()
    (supplier,) = f.suppliers(1)
    f.live_gcloud(
        {supplier: [("cloud-hosting", f.service_answers())]}, actor=person, authority=authority
    )
    service = Service.objects.get()
    client.force_login(f.supplier_owner(supplier))
    page = client.get(f"/services/{service.service_id}/").content.decode()
    assert f'href="/services/{service.service_id}/edit/description/#id_serviceName"' in page
    assert f'href="/services/{service.service_id}/edit/pricing/#id_price_0"' in page
