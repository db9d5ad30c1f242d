"""The shell is fully available in French: the catalogue is complete, and no English
sentence survives on French pages (which would mean a string was not marked)."""

import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from openbuy.accounts.models import Organisation
from tests import helpers

CATALOGUE = (
    Path(__file__).resolve().parents[2] / "openbuy" / "locale" / "fr" / "LC_MESSAGES" / "django.po"
)


def _msgattrib(option: str) -> str:
    result = subprocess.run(
        ["msgattrib", option, "--no-obsolete", str(CATALOGUE)],
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


def test_every_catalogue_entry_is_translated_and_none_is_fuzzy():
    untranslated = re.findall(r'^msgid "(.+)"$', _msgattrib("--untranslated"), re.MULTILINE)
    assert untranslated == []
    assert re.findall(r'^msgid "(.+)"$', _msgattrib("--only-fuzzy"), re.MULTILINE) == []


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.chunks, self._skip = [], 0

    def handle_starttag(self, tag, attrs):
        self._skip += tag in {"script", "style", "code", "title"}

    def handle_endtag(self, tag):
        self._skip -= tag in {"script", "style", "code", "title"}

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.chunks.append(" ".join(data.split()))


def sentences(html: str) -> set[str]:
    parser = _Text()
    parser.feed(html)
    return {chunk for chunk in parser.chunks if len(chunk.split()) >= 3}


PAGES = [
    "/",
    "/cookies/",
    "/accessibility/",
    "/privacy/",
    "/jurisdictions/",
    "/account/sign-in/",
    "/account/sign-up/",
    "/account/forgotten-password/",
    "/organisations/",
    "/no-such-page/",
    "/account/",
    "/account/details/",
    "/account/password/",
    "/account/api-tokens/",
    "/suppliers/register/",
    "/organisations/{slug}/",
    "/organisations/{slug}/members/",
    "/organisations/{slug}/members/invite/",
    "/organisations/{slug}/audit/",
    "/platform/",
    "/platform/audit/",
    "/platform/outbox/",
]


@pytest.mark.django_db
def test_french_pages_have_no_english_sentences(client):
    helpers.jurisdiction()
    admin = helpers.platform_admin()
    org = helpers.supplier(admin)
    client.force_login(admin)
    for path in PAGES:
        path = path.format(slug=org.slug)
        english = sentences(client.get(path).content.decode())
        french = sentences(client.get("/fr" + path).content.decode())
        data = {
            *Organisation.objects.values_list("name", flat=True),
            org.address.replace("\n", " "),
        }
        left = sorted(s for s in english & french if s not in data and "@" not in s)
        assert left == [], f"untranslated on /fr{path}: {left}"


@pytest.mark.django_db
def test_french_framework_and_catalogue_pages_have_no_english_sentences(client):
    from openbuy.catalogue import actions as catalogue
    from openbuy.catalogue.models import Service
    from openbuy.questions.models import QuestionSet
    from tests.frameworks import factories as f

    manager, authority = f.manager()
    (supplier,) = f.suppliers(1)
    framework = f.live_gcloud(
        {supplier: [("cloud-hosting", f.service_answers())]}, actor=manager, authority=authority
    )
    service = Service.objects.get()
    lot = framework.lots.get(slug="cloud-hosting")
    buyer = helpers.user("morag@gov.scot", purpose="buyer")
    project = catalogue.project_create(actor=buyer, buyer=authority, name="Hosting", lot=lot)
    catalogue.project_end(actor=buyer, project=project)
    pages = {
        manager: [
            "/frameworks/",
            f"/frameworks/{framework.slug}/",
            "/question-sets/",
            f"/frameworks/{framework.slug}/applications/",
            f"/frameworks/{framework.slug}/agreements/",
            f"/frameworks/{framework.slug}/clarifications/",
            f"/services/{service.service_id}/versions/",
            f"/frameworks/{framework.slug}/reviews/",
        ],
        f.supplier_owner(supplier): [
            f"/frameworks/{framework.slug}/apply/{supplier.slug}/",
            f"/services/{service.service_id}/",
        ],
        buyer: [
            "/services/",
            f"/services/?lot={lot.pk}",
            "/direct-award/",
            f"/direct-award/{project.pk}/",
        ],
    }
    data = {
        *Organisation.objects.values_list("name", flat=True),
        "Secure hosting",
        "Secure hosting for public bodies",
        framework.name,
        *QuestionSet.objects.values_list("title", flat=True),
        f"{f.supplier_owner(supplier).name}, Director",
        "Secure hosting (Cloud hosting)",
        "Cloud hosting",
        "Secure hosting – Supplier 0",
        *_content_of_question_sets(),
    }
    for person, paths in pages.items():
        client.force_login(person)
        for path in paths:
            english = sentences(client.get(path).content.decode())
            french = sentences(client.get("/fr" + path).content.decode())
            left = sorted(
                s
                for s in english & french
                if s not in data and "@" not in s and not set(s.split(": ")) <= data
            )
            assert left == [], f"untranslated on /fr{path}: {left}"


def _content_of_question_sets() -> set[str]:
    """Question sets are data, written in one language by the authority that owns them."""
    from openbuy.questions.models import QuestionSet

    texts = set()
    for question_set in QuestionSet.objects.all():
        for section in question_set.doc.sections:
            texts.add(section.name)
            for question in section.questions:
                texts |= {question.question, question.hint, question.label_for_filter}
                texts |= {o.label for o in getattr(question, "options", [])}
    return texts
