"""No address on the site sends a browser to another site (issue 7, review): a page address
used in language links or redirects never starts with '//' or '/\\', which browsers read as
another host, however the address was written (/%2F%2Fevil.example/ decodes to
//evil.example/)."""

import re

import pytest

from tests import helpers

pytestmark = pytest.mark.django_db

CRAFTED = [
    "/%2F%2Fevil.example/",
    "/%5Cevil.example/",
    "/%2F%5Cevil.example/",
    "/fr/%2F%2Fevil.example/",
]


def hrefs(response) -> list[str]:
    return re.findall(r'href="([^"]*)"', response.content.decode())


@pytest.mark.parametrize("address", CRAFTED)
def test_language_links_on_a_missing_page_stay_on_the_site(client, address):
    response = client.get(address)
    assert response.status_code == 404
    other_language = re.findall(r'href="([^"]*)"[^>]*hreflang=', response.content.decode())
    assert other_language, "the page links to itself in the other language"
    links = other_language + [h for h in hrefs(response) if "evil" in h]
    for link in links:
        assert link.startswith("/"), link
        assert not re.match(r"(?i)^(?:/|\\|%2f|%5c){2}", link), link


@pytest.mark.parametrize("target", ["/%2F%2Fevil.example", "/%5Cevil.example", "///evil.example"])
def test_sign_in_goes_on_only_to_a_page_of_this_site(client, target):
    helpers.user("sam@example.org")
    signed_in = client.post(
        "/account/sign-in/",
        {"email": "sam@example.org", "password": helpers.PASSWORD, "next": target},
    )
    assert signed_in.status_code == 302
    assert not re.match(r"(?i)^(?:/|\\|%2f|%5c){2}", signed_in.url), signed_in.url
    assert signed_in.url.startswith("/")


@pytest.mark.parametrize("target", ["/%2F%2Fevil.example", "/%5Cevil.example"])
def test_choosing_a_jurisdiction_goes_on_only_to_a_page_of_this_site(client, target):
    helpers.jurisdiction()
    chosen = client.post("/jurisdictions/choose/", {"code": "GB-SCT", "next": target})
    assert chosen.status_code == 302
    assert chosen.url == "/evil.example"
