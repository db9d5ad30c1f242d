"""A buyer deletes a draft that will not be published; a published requirement is part of
the public record and is withdrawn or cancelled instead."""

import pytest

from openbuy.core.errors import Conflict, Forbidden
from openbuy.opportunities import actions
from openbuy.opportunities.models import Requirement, RequirementLot
from openbuy.opportunities.permissions import Permission
from tests import helpers
from tests.api_client import api_for, send
from tests.opportunities import factories as f

pytestmark = pytest.mark.django_db


def test_a_draft_is_deleted_after_a_page_saying_what_goes_with_it(client):
    market = f.market()
    draft = f.complete_draft(market["buyer"], market["body"], lot=market["lot"])
    client.force_login(market["buyer"])
    overview = client.get(f"/buying/requirements/{draft.pk}/").content.decode()
    assert f'href="/buying/requirements/{draft.pk}/delete/"' in overview
    page = client.get(f"/buying/requirements/{draft.pk}/delete/").content.decode()
    assert "Delete this draft requirement?" in page
    assert "Its answers, lots and buyer team are deleted." in page
    assert Requirement.objects.filter(pk=draft.pk).exists()
    done = client.post(f"/buying/requirements/{draft.pk}/delete/")
    assert done.url == "/buying/requirements/"
    assert "The draft is deleted" in client.get(done.url).content.decode()
    assert not Requirement.objects.filter(pk=draft.pk).exists()
    assert not RequirementLot.objects.filter(requirement_id=draft.pk).exists()
    event = helpers.events("requirement.deleted").get()
    assert (event.actor_id, event.object_id, event.payload) == (
        market["buyer"].pk,
        str(draft.pk),
        {"title": "Flood warnings for Scotland"},
    )


def test_a_published_requirement_is_not_deleted(client):
    market = f.market()
    published = f.published(market["buyer"], market["body"], lot=market["lot"])
    with pytest.raises(Conflict, match="published"):
        actions.requirement_delete(actor=market["buyer"], requirement=published)
    client.force_login(market["buyer"])
    assert (
        "Delete this draft"
        not in client.get(f"/buying/requirements/{published.pk}/").content.decode()
    )
    refused = client.post(f"/buying/requirements/{published.pk}/delete/")
    assert refused.status_code == 409
    api = send(api_for(market["buyer"]), "delete", f"/api/v1/requirements/{published.pk}")
    assert api.status_code == 409
    assert Requirement.objects.filter(pk=published.pk).exists()
    assert not helpers.events("requirement.deleted").exists()


def test_only_the_team_with_the_draft_permission_deletes_a_draft():
    market = f.market()
    draft = f.complete_draft(market["buyer"], market["body"], lot=market["lot"])
    reader = f.teammate(draft, "rae@sepa.org.uk", [Permission.ANSWER], by=market["buyer"])
    with pytest.raises(Forbidden):
        actions.requirement_delete(actor=reader, requirement=draft)
    outsider = helpers.user("sam@thistle.example")
    assert send(api_for(outsider), "delete", f"/api/v1/requirements/{draft.pk}").status_code == 404
    deleted = send(api_for(market["buyer"]), "delete", f"/api/v1/requirements/{draft.pk}")
    assert deleted.status_code == 204
    assert not Requirement.objects.filter(pk=draft.pk).exists()
