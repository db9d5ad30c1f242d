"""Question-set texts may come in several languages: pages, forms, messages and exports show
the page's language when the set is translated to it, and the set's own otherwise."""

import json
import re

import pytest
from django.utils import translation

from openbuy.core.errors import Invalid
from openbuy.questions import interface
from openbuy.questions.document import load_document
from tests.frameworks import factories as f

pytestmark = pytest.mark.django_db

SET_NAMES = sorted(p.stem for p in f.SETS.glob("*.json"))


def _declaration() -> dict:
    return json.loads((f.SETS / "g-cloud-declaration.json").read_text())


@pytest.fixture
def applying(client):
    manager, authority = f.manager()
    framework = f.gcloud(authority, manager)
    (supplier,) = f.suppliers(1)
    f.apply(framework, supplier, submit=False)
    client.force_login(f.supplier_owner(supplier))
    return f"/frameworks/{framework.slug}/apply/{supplier.slug}/declaration/about-you/"


def test_a_question_shows_in_french_on_french_pages_and_in_english_on_english_ones(
    client, applying
):
    french = client.get(f"/fr{applying}")
    assert french.status_code == 200
    page = french.content.decode()
    assert "Quelle est la forme juridique de votre organisation" in page
    assert "Société à responsabilité limitée" in page
    assert "What is your trading status?" not in page
    assert 'lang="en"' not in page.split("<main", 1)[1]  # all of it is in French now

    english = client.get(applying)
    assert english.status_code == 200
    page = english.content.decode()
    assert "What is your trading status?" in page
    assert "Quelle est la forme juridique" not in page


def test_a_rule_breaking_answer_is_explained_in_the_sets_french_words(client, applying):
    essentials = applying.replace("about-you", "exclusion")
    refused = client.post(f"/fr{essentials}", {"convictedOfFraud": "yes", "taxesPaid": "yes"})
    assert refused.status_code == 200
    assert "Les organisations condamnées pour fraude" in refused.content.decode()


def test_a_text_map_without_the_documents_language_is_refused():
    document = _declaration()
    document["sections"][0]["name"] = {"fr": "Votre organisation"}
    with pytest.raises(Invalid, match=r"sections\.0\.name: give the text in the document's"):
        load_document(document)


def test_a_language_openbuy_does_not_show_is_refused():
    document = _declaration()
    document["title"] = {"en": "G-Cloud declaration", "xx": "?"}
    with pytest.raises(Invalid, match="“xx” is not a language openbuy shows; use one of en, fr"):
        load_document(document)


@pytest.mark.parametrize(
    ("title", "message"),
    [
        ({"en": "Declaration", "fr-" + "a" * 100_000: "?"}, "“fr-aaaaaaaaaaaaaaaaa” is not a"),
        ({"en": "Declaration", "fr_CA": "?"}, "“fr_CA” is not a language tag like en or fr-CA"),
        (
            {"en": "Declaration", **{f"fr-x{n}": "?" for n in range(20)}},
            "give the text in at most 12 languages",
        ),
    ],
    ids=["huge tag", "not a tag", "too many"],
)
def test_language_tags_are_short_tags_and_few(title, message):
    """Text maps carry language tags as the document's own language is written, and only as
    many as anyone translates into: a document cannot be bloated through its keys."""
    document = _declaration()
    document["title"] = title
    with pytest.raises(Invalid, match=re.escape(message)):
        load_document(document)


@pytest.mark.parametrize("name", SET_NAMES)
def test_every_shipped_set_is_valid_and_complete_in_english_and_french(name):
    document = load_document(f.SETS / f"{name}.json")
    assert document.languages == ["en", "fr"]
    french = document.in_language("fr")
    assert all(isinstance(q.question, str) for q in french.questions.values())
    assert french.title != document.in_language("en").title


def test_a_half_translated_set_is_shown_in_its_own_language():
    document = _declaration()
    document["sections"][0]["name"] = "About you"  # one text left in English only
    half = load_document(document)
    assert half.languages == ["en"]
    with translation.override("fr"):
        shown = half.in_language("fr")
        assert shown.sections[1].name == "Grounds for exclusion"
        assert shown.text_lang() == "en"


def test_exports_use_the_active_language():
    _manager, authority = f.manager()
    question_set = f.question_set(authority, "g-cloud-hosting")
    answers = [f.service_answers()]
    with translation.override("fr"):
        header, rows = interface.export_rows(
            interface.document_of(question_set), answers, currency="GBP"
        )
        assert "Nom du service" in header
        assert "Nuage public" in rows[0]
    with translation.override("en"):
        header, rows = interface.export_rows(
            interface.document_of(question_set), answers, currency="GBP"
        )
        assert "Service name" in header
        assert "Public cloud" in rows[0]


def test_the_interface_tells_what_is_missing_and_builds_a_sections_form():
    _manager, authority = f.manager()
    document = interface.document_of(f.question_set(authority, "g-cloud-hosting"))
    answers = f.service_answers()
    assert interface.problems(document, answers, currency="GBP") == {}
    missing = interface.problems(document, {**answers, "serviceName": ""}, currency="GBP")
    assert missing == {"serviceName": "Answer this question"}
    form = interface.section_form(
        document,
        "description",
        currency="GBP",
        answers={},
        data={"serviceName": "Hosting", "serviceDescription": "Hosting for councils"},
    )
    assert form.is_valid()
    assert form.answers["serviceName"] == "Hosting"


def test_the_search_index_keeps_the_sets_own_words_whatever_the_page():
    from openbuy.questions import answers as content

    document = load_document(f.SETS / "g-cloud-hosting.json")
    with translation.override("fr"):
        text = content.search_text(document.in_language("fr"), f.service_answers())
    assert "Secure hosting" in text


def test_the_question_set_pages_show_its_purpose_and_its_title_in_the_pages_language(client):
    manager, authority = f.manager()
    declaration = f.question_set(authority, "g-cloud-declaration", actor=manager)
    client.force_login(manager)
    page = client.get(f"/fr/question-sets/{declaration.pk}/").content.decode()
    assert "Finalité : Déclaration" in page
    # Each question's type in words, in the page's language, beside its code.
    assert "Oui ou non<br><code>boolean</code>" in page
    listing = client.get("/fr/question-sets/").content.decode()
    french_title = declaration.source.in_language("fr").title
    assert french_title != declaration.title
    assert french_title in listing
    english = client.get(f"/question-sets/{declaration.pk}/").content.decode()
    assert "Purpose: Declaration" in english
    assert "Yes or no<br><code>boolean</code>" in english
