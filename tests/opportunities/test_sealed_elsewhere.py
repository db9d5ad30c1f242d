"""Responses are sealed until the requirement closes, beyond the pages and the API too:
e-mails, search, the Django admin and the audit trail (pages and API). The phrase in the
response (factories.PHRASE) is found nowhere but by the responding supplier's people."""

import pytest
from django.db.models import Q

from openbuy.core import search
from openbuy.core.models import AuditEvent, Email, OutboxMessage, SearchText
from tests.api_client import api_for
from tests.opportunities import factories as f
from tests.visibility import client_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # e-mails delivered to the outbox
        return f.sealed_world()


def responders(world) -> set[str]:
    return set(world["supplier"].memberships.values_list("user__email", flat=True))


def test_no_email_to_anyone_holds_an_answer_and_none_names_the_responder_to_others(world):
    mine = responders(world)
    messages = [(m.to, m.subject + m.body) for m in OutboxMessage.objects.all()]
    messages += [(m.to, m.subject + m.body) for m in Email.objects.all()]
    receipt = f"{world['supplier'].name}'s response"
    receipts = [to for to, text in messages if receipt in text]
    assert receipts
    assert set(receipts) <= mine
    # A receipt does not say which requirement it answers (the outbox is the operator's).
    assert not [to for to, text in messages if "response to Flood warnings" in text]
    for to, text in messages:
        assert f.PHRASE not in text, to
        if world["supplier"].name in text:
            assert to in mine, f"{to} is told who responded"


def test_the_platforms_outbox_pages_hold_no_answer(world):
    client = client_of(world["people"]["platform admin"])
    assert f.PHRASE not in client.get("/platform/outbox/").content.decode()
    for message in OutboxMessage.objects.all():
        page = client.get(f"/platform/outbox/{message.pk}/")
        assert page.status_code == 200
        assert f.PHRASE not in page.content.decode()


def test_search_finds_no_response_before_or_after_closing(world):
    words = [f.PHRASE, "Quokka", "marmalade"]

    def found() -> list:
        hits = [
            (kind, word)
            for kind in search.sources()
            for word in words
            if search.search(search.Query(kind=kind, text=word)).total
        ]
        stored = SearchText.objects.filter(
            Q(body_tokens__icontains="quokka") | Q(title_tokens__icontains="quokka")
        )
        return hits + list(stored)

    assert found() == []
    for role in ("buyer", "platform admin", "other supplier"):
        page = client_of(world["people"][role]).get("/services/", {"q": "Quokka marmalade"})
        assert f.PHRASE not in page.content.decode()
    with f.after_close(world["requirement"]):
        assert found() == []


ADMIN = "/django-admin/opportunities/response/"


def test_the_django_admin_leaves_sealed_responses_out_even_for_superusers(world):
    response = world["response"]
    for role in ("superuser", "platform admin"):
        client = client_of(world["people"][role])
        listing = client.get(ADMIN)
        assert listing.status_code == 200
        text = listing.content.decode()
        assert "0 responses" in text
        assert world["supplier"].name not in text
        searched = client.get(ADMIN, {"q": world["supplier"].name}).content.decode()
        assert "0 results" in searched
        for page in ("change", "history", "delete"):
            reply = client.get(f"{ADMIN}{response.pk}/{page}/", follow=True)
            assert f.PHRASE not in reply.content.decode(), page
            # Sent back (the admin does not have it), or never anyone's to delete.
            assert reply.redirect_chain or reply.status_code == 403, page
        for trail in ("/django-admin/core/auditevent/", "/django-admin/core/outboxmessage/"):
            assert f.PHRASE not in client.get(trail).content.decode()
    buyer = client_of(world["people"]["buyer"])
    assert buyer.get(ADMIN).status_code == 302


def test_after_closing_the_admin_shows_submitted_responses_read_only(world):
    response, draft = world["response"], world["draft"]
    with f.after_close(world["requirement"]):
        client = client_of(world["people"]["superuser"])
        text = client.get(ADMIN).content.decode()
        assert world["supplier"].name in text
        assert "Supplier 2" not in text  # a draft stays the supplier's
        change = client.get(f"{ADMIN}{response.pk}/change/").content.decode()
        assert f.PHRASE in change
        assert 'type="submit" value="Save"' not in change
        assert client.get(f"{ADMIN}{draft.pk}/change/").status_code == 302


def test_the_audit_trail_holds_no_answer_for_anyone(world):
    people = world["people"]
    buyer_body = world["requirement"].buyer
    other = people["other supplier"].memberships.get().organisation
    trails = {
        "buyer": [f"/organisations/{buyer_body.slug}/audit/"],
        "evaluator": [f"/organisations/{buyer_body.slug}/audit/"],
        "other supplier": [f"/organisations/{other.slug}/audit/"],
        "platform admin": ["/platform/audit/", f"/organisations/{world['supplier'].slug}/audit/"],
        "superuser": ["/platform/audit/"],
    }
    for role, paths in trails.items():
        client, token = client_of(people[role]), api_for(people[role])
        for path in paths:
            page = client.get(path)
            assert page.status_code == 200, (role, path)
            assert f.PHRASE not in page.content.decode(), (role, path)
            if path.startswith("/organisations/"):
                api = token.get(f"/api/v1{path.removesuffix('/audit/')}/audit-events")
                assert api.status_code == 200, (role, path)
                assert f.PHRASE not in api.content.decode(), (role, path)
            if role in {"buyer", "evaluator", "other supplier"}:
                assert world["supplier"].name not in page.content.decode(), (role, path)
    assert not AuditEvent.objects.filter(payload__icontains="Quokka").exists()


def test_the_suppliers_people_read_its_events_linked_to_its_response(world):
    client = client_of(world["responder"])
    text = client.get(f"/organisations/{world['supplier'].slug}/audit/").content.decode()
    response = world["response"]
    assert f"/opportunities/{response.requirement_id}/respond/{response.pk}/" in text
    assert "Submitted response" in text
