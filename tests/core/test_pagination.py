"""Every paged list shows GOV.UK pagination with numbers, and a page past the end is a
404 that says how many pages there are."""

import html as html_module

import pytest

from openbuy.accounts import actions
from openbuy.core.pagination import page_numbers
from tests import helpers


@pytest.mark.parametrize(
    ("number", "pages", "shown"),
    [
        (1, 1, [1]),
        (1, 3, [1, 2, 3]),
        (1, 10, [1, 2, None, 10]),
        (4, 10, [1, 2, 3, 4, 5, None, 10]),
        (6, 10, [1, None, 5, 6, 7, None, 10]),
        (10, 10, [1, None, 9, 10]),
    ],
)
def test_the_first_the_last_the_current_page_and_its_neighbours_are_numbered(number, pages, shown):
    assert page_numbers(number, pages) == shown


@pytest.fixture
def admin_with_three_pages_of_events(client, db):
    admin = helpers.platform_admin()
    for n in range(110):
        actions.api_token_create(actor=admin, name=f"script {n}")
    client.force_login(admin)
    return admin


def test_a_paged_list_links_every_page_by_number(client, admin_with_three_pages_of_events):
    html = client.get("/platform/audit/", {"page": 2, "verb": ""}).content.decode()
    for number in (1, 3):
        assert f'href="?verb=&amp;page={number}" aria-label="Page {number}">{number}</a>' in html
    assert 'href="?verb=&amp;page=2" aria-label="Page 2" aria-current="page">2</a>' in html
    assert 'rel="prev"' in html
    assert 'rel="next"' in html
    last = client.get("/platform/audit/", {"page": 3}).content.decode()
    assert 'rel="next"' not in last


def test_a_page_past_the_end_is_a_404_that_links_to_the_last_page(
    client, admin_with_three_pages_of_events
):
    response = client.get("/platform/audit/", {"verb": "api_token.created", "page": 9})
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page 9 does not exist: there are only 3 pages." in html
    assert 'href="?verb=api_token.created&amp;page=3" id="problem-link">Go to the last page' in html
    french = html_module.unescape(client.get("/fr/platform/audit/", {"page": 9}).content.decode())
    assert "La page 9 n'existe pas : il n'y a que 3 pages." in french


@pytest.mark.parametrize("page", ["0", "two", "-1", "١", "2.5", "1e3", " 1"])
@pytest.mark.parametrize("path", ["/platform/audit/", "/platform/outbox/", "/organisations/"])
def test_a_page_that_is_not_a_whole_number_from_1_is_a_404_linking_to_page_1(
    client, admin_with_three_pages_of_events, page, path
):
    """Not quietly the first page, on every paged list alike (as past the end is a 404)."""
    response = client.get(path, {"kind": "supplier", "page": page})
    assert response.status_code == 404
    html = html_module.unescape(response.content.decode())
    assert "There is no such page" in html
    assert f"“{page}” is not a page number: pages are numbered 1, 2, 3 and so on." in html
    assert '"?kind=supplier&page=1" id="problem-link">Go to the first page' in html
    assert client.get(path, {"kind": "supplier", "page": "1"}).status_code == 200
    assert client.get(path, {"kind": "supplier", "page": ""}).status_code == 200


def test_a_huge_page_number_is_past_the_end_and_a_runaway_one_is_no_page(
    client, admin_with_three_pages_of_events
):
    huge = client.get("/platform/audit/", {"page": "99999999999999999999"})
    assert huge.status_code == 404
    assert "Page 99999999999999999999 does not exist: there are only 3 pages." in (
        huge.content.decode()
    )
    runaway = client.get("/platform/audit/", {"page": "9" * 5000})
    assert runaway.status_code == 404
    assert f"“{'9' * 20}…” is not a page number" in html_module.unescape(runaway.content.decode())
    french = client.get("/fr/platform/audit/", {"page": "abc"}).content.decode()
    assert "Aller à la première page" in html_module.unescape(french)


def test_an_empty_list_has_its_one_page_and_no_pagination(client, db):
    client.force_login(helpers.platform_admin())
    response = client.get("/platform/outbox/", {"page": 1})
    assert response.status_code == 200
    assert "govuk-pagination" not in response.content.decode()
    assert client.get("/platform/outbox/", {"page": 2}).status_code == 404


@pytest.mark.parametrize("kind", ["abc", "operator", "SUPPLIER"])
def test_a_kind_of_organisation_the_list_does_not_have_is_a_404_not_every_organisation(
    client, db, kind
):
    helpers.supplier()
    response = client.get("/organisations/", {"kind": kind})
    assert response.status_code == 404
    html = html_module.unescape(response.content.decode())
    assert f"There is no kind of organisation called “{kind}”." in html
    assert 'href="/organisations/" id="problem-link">See every kind' in html
    assert "Thistle" not in html
    assert "Thistle" in client.get("/organisations/", {"kind": "supplier"}).content.decode()
