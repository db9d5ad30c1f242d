"""Personal API tokens: shown once, stored hashed, revocable."""

import hashlib
import re

import pytest
from django.utils import timezone

from openbuy.accounts.models import ApiToken
from tests import helpers

pytestmark = pytest.mark.django_db


def test_a_token_is_shown_once_stored_hashed_and_revoked(client):
    person = helpers.user("sam@example.org")
    client.force_login(person)
    page = client.post("/account/api-tokens/", {"name": "spend script"}).content.decode()
    secret = page.split('id="new-token">')[1].split("<")[0]
    assert secret.startswith("obt_")
    token = ApiToken.objects.get()
    assert token.digest == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in str(ApiToken.objects.values().get())
    assert secret not in client.get("/account/api-tokens/").content.decode()

    api = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    assert client.get("/api/v1/me", **api).json()["email"] == "sam@example.org"
    client.post(f"/account/api-tokens/{token.pk}/revoke/")
    client.logout()
    response = client.get("/api/v1/me", **api)
    assert response.status_code == 401
    assert response.json()["detail"] == "The API token is not valid or has been revoked"
    assert [e.verb for e in helpers.events()][-2:] == ["api_token.created", "api_token.revoked"]


def test_people_cannot_revoke_each_others_tokens(client):
    from openbuy.accounts import actions

    owner = helpers.user("sam@example.org")
    token, _secret = actions.api_token_create(actor=owner, name="mine")
    client.force_login(helpers.user("eve@example.org"))
    assert client.post(f"/account/api-tokens/{token.pk}/revoke/").status_code == 404
    token.refresh_from_db()
    assert token.is_active


def test_a_token_needs_a_name(client):
    client.force_login(helpers.user("sam@example.org"))
    page = client.post("/account/api-tokens/", {"name": ""}).content.decode()
    assert "Enter a name for the token" in page
    assert not ApiToken.objects.exists()


def test_a_password_reset_revokes_every_token(client, django_capture_on_commit_callbacks):
    from openbuy.accounts import actions

    person = helpers.user("sam@example.org")
    _token, secret = actions.api_token_create(actor=person, name="script")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/account/forgotten-password/", {"email": person.email})
    client.post(
        helpers.link_in(helpers.last_email(person.email)), {"new_password": "new-secret-42x"}
    )
    response = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 401
    assert helpers.events("account.password_reset").get().payload["revoked_tokens"] == 1


def test_a_tokens_status_is_written_out_and_revoking_is_the_rows_action(client):
    """Review finding 15: the row labelled "Status" held only a Revoke button."""
    from openbuy.accounts import actions

    person = helpers.user("sam@example.org")
    _kept, _secret = actions.api_token_create(actor=person, name="spend script")
    gone, _secret = actions.api_token_create(actor=person, name="old script")
    actions.api_token_revoke(actor=person, token=gone)
    client.force_login(person)
    page = client.get("/account/api-tokens/").content.decode()
    status_cells = re.findall(
        r'<td role="cell" data-label="Status"[^>]*>(.*?)</td>', page, re.DOTALL
    )
    assert [re.sub(r"<[^>]+>", "", cell).strip() for cell in status_cells] == [
        f"Revoked on {timezone.localdate():%-d %b %Y}",
        "Active",
    ]
    assert all("Revoke" not in cell or "Revoked" in cell for cell in status_cells)
    assert page.count(">Revoke<span") == 1  # the active token only
