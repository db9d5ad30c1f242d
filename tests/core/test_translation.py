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
