"""Question sets are written in one language (the document says which, English unless told):
on a page in another language they are not translated to, their text carries its own lang
attribute, so screen readers pronounce it right; the page's own words do not."""

import json
import re

import pytest
from django.utils import translation

from openbuy.catalogue.models import Service
from openbuy.questions.document import load_document
from tests.frameworks import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def market():
    """A live G-Cloud whose question sets are in English only."""
    manager, authority = f.manager()
    for name in ("g-cloud-declaration", "g-cloud-hosting", "g-cloud-software", "g-cloud-support"):
        f.question_set(authority, name, only="en")
    (supplier,) = f.suppliers(1)
    framework = f.live_gcloud(
        {supplier: [("cloud-hosting", f.service_answers())]}, actor=manager, authority=authority
    )
    return framework, supplier


def _tags(html: str, text: str) -> list[str]:
    """The opening tags of the elements whose text starts with `text`."""
    return re.findall(r"(<[a-z0-9]+[^<>]*>)\s*" + re.escape(text), html)


def test_english_question_text_is_marked_on_french_pages_and_not_on_english_ones(client, market):
    framework, supplier = market
    client.force_login(f.supplier_owner(supplier))
    base = f"/frameworks/{framework.slug}/apply/{supplier.slug}/"
    french = client.get(f"/fr{base}declaration/about-you/").content.decode()
    assert '<html lang="fr"' in french
    assert 'lang="en"' in _tags(french, "About you")[-1]  # the section's heading
    assert 'lang="en"' in _tags(french, "What is your trading status?")[0]  # a question's legend
    assert 'lang="en"' in _tags(french, "Limited company")[0]  # one of its options
    english = client.get(f"{base}declaration/about-you/").content.decode()
    assert 'lang="en"' not in english.split("<main", 1)[1]

    essentials = client.get(f"/fr{base}declaration/essentials/").content.decode()
    assert 'lang="en"' not in _tags(essentials, "Oui")[0]  # yes and no are the page's words

    service = Service.objects.get()
    page = client.get(f"/fr/services/{service.service_id}/").content.decode()
    assert 'lang="en"' in _tags(page, "Service name")[0]
    assert 'lang="en"' in _tags(page, "Compute and virtual machines")[0]
    search = client.get("/fr/services/", {"lot": service.lot_id}).content.decode()
    assert 'lang="en"' in _tags(search, "Deployment model")[0]
    assert 'lang="en"' in _tags(search, "Public cloud")[0]


def test_a_question_set_says_its_language():
    document = json.loads((f.SETS / "g-cloud-declaration.json").read_text())
    assert load_document(document).language == "en"
    french = load_document({**document, "language": "fr"})
    with translation.override("fr"):
        assert french.lang() == ""
        assert load_document(document).lang() == "en"
    with translation.override("en"):
        assert french.lang() == "fr"


def test_text_over_several_lines_keeps_its_paragraphs_marked_with_its_language():
    """Read-only pages show a long answer as paragraphs (qs.summary's block), escaped, in
    the set's language on a page in another."""
    from openbuy.questions import interface as qs

    document = load_document(json.loads((f.SETS / "g-cloud-hosting.json").read_text()))
    answers = {"serviceDescription": "Hosting <i>fast</i>.\r\n\r\nBacked up\nnightly."}
    with translation.override("fr"):
        parts = qs.summary(document, answers, currency="GBP")
    rows = [row for part in parts for row in part["rows"]]
    (row,) = [row for row in rows if row["question"].id == "serviceDescription"]
    assert row["block"] == (
        '<p class="govuk-body" lang="en">Hosting &lt;i&gt;fast&lt;/i&gt;.</p>'
        '<p class="govuk-body" lang="en">Backed up<br>nightly.</p>'
    )
    one_line = qs.summary(document, {"serviceDescription": "Hosting"}, currency="GBP")
    assert all(row["block"] is None for part in one_line for row in part["rows"])
