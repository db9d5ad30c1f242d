"""A supplier deletes a response it never submitted, or withdrew: while the requirement is
open, or after it closed, when the draft would otherwise stay on its list for ever. A
submitted response is never deleted: the buyer may be reading it."""

import pytest

from openbuy.accounts.models import Organisation
from openbuy.core.errors import Conflict, Forbidden, NotFound
from openbuy.opportunities import actions
from openbuy.opportunities.models import Response
from tests import helpers
from tests.api_client import api_for, send
from tests.frameworks import factories as fw
from tests.opportunities import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def opened():
    market = f.market()
    requirement = f.published(market["buyer"], market["body"], lot=market["lot"])
    supplier = market["suppliers"][0]
    return requirement, supplier, fw.supplier_owner(supplier)


def test_a_draft_left_after_closing_says_so_and_its_supplier_deletes_it(client, opened):
    requirement, supplier, owner = opened
    draft = f.respond(requirement, supplier, submit=False)
    path = f"/opportunities/{requirement.pk}/respond/{draft.pk}/"
    with f.after_close(requirement):
        client.force_login(owner)
        listed = client.get("/opportunities/your-responses/").content.decode()
        assert ">Not submitted<" in listed
        text = client.get(path).content.decode()
        assert "was not submitted before responses closed" in text
        assert "Delete this response" in text
        assert "Yes, delete response" in client.get(path + "delete/").content.decode()
        deleted = client.post(path + "delete/")
        assert deleted.url == "/opportunities/your-responses/"
        listed = client.get(deleted.url).content.decode()
    assert "Your response is deleted" in listed
    assert "No responses yet." in listed
    assert not Response.objects.exists()
    event = helpers.events("response.deleted").get()
    assert (event.actor_id, event.object_id, event.organisation_id) == (
        owner.pk,
        str(draft.pk),
        supplier.pk,
    )


def test_a_submitted_response_is_not_deleted_open_or_closed(client, opened):
    requirement, supplier, owner = opened
    response = f.respond(requirement, supplier)
    with pytest.raises(Conflict, match="A submitted response cannot be deleted: withdraw it"):
        actions.response_delete(actor=owner, response=response)
    client.force_login(owner)
    path = f"/opportunities/{requirement.pk}/respond/{response.pk}/"
    assert "Delete this response" not in client.get(path).content.decode()
    refused = client.post(path + "delete/")
    assert refused.status_code == 409
    assert "A submitted response cannot be deleted" in refused.content.decode()
    with (
        f.after_close(requirement),
        pytest.raises(Conflict, match="A submitted response cannot be deleted"),
    ):
        actions.response_delete(actor=owner, response=response)
    assert Response.objects.get().status == "submitted"
    assert not helpers.events("response.deleted").exists()


def test_a_withdrawn_response_is_deleted_while_open_and_the_supplier_can_start_again(opened):
    requirement, supplier, owner = opened
    response = f.respond(requirement, supplier)
    actions.response_withdraw(actor=owner, response=response)
    actions.response_delete(actor=owner, response=response)
    assert not Response.objects.exists()
    again = f.respond(requirement, supplier)
    assert again.status == "submitted"


def test_only_the_suppliers_people_delete_its_response(client, opened):
    requirement, supplier, _owner = opened
    draft = f.respond(requirement, supplier, submit=False)
    other = fw.supplier_owner(Organisation.objects.exclude(pk=supplier.pk).get(kind="supplier"))
    for person in (other, requirement.created_by, helpers.platform_admin()):
        with pytest.raises(Forbidden, match="Only the supplier's people"):
            actions.response_delete(actor=person, response=draft)
        client.force_login(person)
        path = f"/opportunities/{requirement.pk}/respond/{draft.pk}/delete/"
        assert client.post(path).status_code == 404
        assert send(api_for(person), "delete", f"/api/v1/responses/{draft.pk}").status_code == 404
    assert Response.objects.filter(pk=draft.pk).exists()


def test_the_api_deletes_a_draft_and_refuses_a_submitted_response(opened):
    requirement, supplier, owner = opened
    api = api_for(owner)
    draft = f.respond(requirement, supplier, submit=False)
    response = f.respond(requirement, supplier)  # the draft, now submitted
    assert response.pk == draft.pk
    refused = send(api, "delete", f"/api/v1/responses/{response.pk}")
    assert refused.status_code == 409
    assert refused.json()["detail"].startswith("A submitted response cannot be deleted")
    actions.response_withdraw(actor=owner, response=response)
    deleted = send(api, "delete", f"/api/v1/responses/{response.pk}")
    assert deleted.status_code == 204
    assert send(api, "delete", f"/api/v1/responses/{response.pk}").status_code == 404


def test_a_response_deleted_by_a_colleague_is_not_found_by_a_later_step_nor_made_again(opened):
    """Read before a colleague deleted it: submitting, withdrawing or saving it answers
    NotFound, and saving it does not start a new response in its place."""
    requirement, supplier, owner = opened
    stale = f.respond(requirement, supplier, submit=False)
    actions.response_delete(actor=owner, response=stale)
    for step in (actions.response_submit, actions.response_withdraw):
        with pytest.raises(NotFound, match="There is no such response"):
            step(actor=owner, response=stale)
    with pytest.raises(NotFound, match="There is no such response"):
        actions.response_save(
            actor=owner,
            requirement=requirement,
            supplier=supplier,
            submitted={"culturalFit": "We pair with you"},
            response=stale,
        )
    assert not Response.objects.exists()
