"""The shell is fully available in French: the catalogue is complete, and no English
sentence survives on French pages (which would mean a string was not marked)."""

import re
import subprocess
from html.parser import HTMLParser

import pytest

from openbuy.accounts.models import Organisation
from tests import helpers
from tests.core.helpers import CATALOGUE


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
    """A page's text, and apart its headings' and its main content's."""

    def __init__(self):
        super().__init__()
        self.chunks, self._skip = [], 0
        self.h1, self.main, self._in_h1, self._in_main = "", [], 0, 0

    def handle_starttag(self, tag, attrs):
        self._skip += tag in {"script", "style", "code", "title"}
        self._in_h1 += tag == "h1"
        self._in_main += tag == "main"

    def handle_endtag(self, tag):
        self._skip -= tag in {"script", "style", "code", "title"}
        self._in_h1 -= tag == "h1"
        self._in_main -= tag == "main"

    def handle_data(self, data):
        if not self._skip and data.strip():
            text = " ".join(data.split())
            self.chunks.append(text)
            self.main += [text] if self._in_main else []
            self.h1 += text if self._in_h1 else ""


def sentences(chunks: list[str]) -> set[str]:
    return {chunk for chunk in chunks if len(chunk.split()) >= 3}


def both_languages(client, path: str, status: int = 200) -> tuple[set[str], set[str]]:
    """The sentences of a page in English and in French, once each has answered `status`
    itself (not a redirect to some other page, which would compare two empty pages) with a
    heading and main content, and the two differ."""
    pages = []
    for address in (path, "/fr" + path):
        response = client.get(address)
        assert response.status_code == status, (
            f"{address} answered {response.status_code} {response.get('Location', '')}"
        )
        page = _Text()
        page.feed(response.content.decode())
        assert page.h1, f"{address} has no heading"
        assert len(page.main) > 1, f"{address} has no content: {page.main}"
        pages.append(page)
    english, french = pages
    assert english.main != french.main, f"{path} reads the same in both languages"
    return sentences(english.chunks), sentences(french.chunks)


# Pages anyone opens, signed in or not; those only a visitor who is not signed in opens
# (signed in, sign-up sends you to your account); those that need someone signed in.
PUBLIC = [
    "/",
    "/cookies/",
    "/accessibility/",
    "/privacy/",
    "/jurisdictions/",
    "/organisations/",
    "/organisations/{slug}/",
]
SIGNED_OUT = [
    "/account/sign-in/",
    "/account/sign-up/",
    "/account/forgotten-password/",
]
NOT_FOUND = "/no-such-page/"
SIGNED_IN = [
    "/account/",
    "/account/details/",
    "/account/password/",
    "/account/api-tokens/",
    "/suppliers/register/",
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
    data = {
        *Organisation.objects.values_list("name", flat=True),
        org.address.replace("\n", " "),
    }
    for person, paths in [(None, PUBLIC + SIGNED_OUT + [NOT_FOUND]), (admin, PUBLIC + SIGNED_IN)]:
        if person:
            client.force_login(person)
        for path in paths:
            status = 404 if path == NOT_FOUND else 200
            english, french = both_languages(client, path.format(slug=org.slug), status)
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
            english, french = both_languages(client, path)
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
