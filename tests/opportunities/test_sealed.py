"""Responses are sealed until the requirement closes. Before closing, through every page,
API address and download, no one but the responding supplier's people reads an answer or
learns who responded (the buyer with every permission, a platform admin, a Django
superuser, an evaluator of the buyer body, another supplier): they learn the count. After
closing, the team members who may read responses read the submitted ones; others still
don't. (E-mails, search, the Django admin and the audit trail: test_sealed_elsewhere.py.)"""

import io
import json
import zipfile

import pytest

from tests import helpers
from tests.api_client import api_for
from tests.opportunities import factories as f
from tests.visibility import client_of

pytestmark = pytest.mark.django_db

ROLES = ["buyer", "platform admin", "superuser", "evaluator", "other supplier"]


@pytest.fixture
def world():
    return f.sealed_world()


def pages(world) -> dict[str, str]:
    pk, rpk, draft = world["requirement"].pk, world["response"].pk, world["draft"].pk
    return {
        "responses": f"/opportunities/{pk}/responses/",
        "buyer's reading": f"/opportunities/{pk}/responses/{rpk}/",
        "buyer's reading of the draft": f"/opportunities/{pk}/responses/{draft}/",
        "CSV": f"/opportunities/{pk}/responses/export.csv",
        "ODS": f"/opportunities/{pk}/responses/export.ods",
        "supplier's page": f"/opportunities/{pk}/respond/{rpk}/",
        "supplier's check page": f"/opportunities/{pk}/respond/{rpk}/check/",
        "supplier's section": f"/opportunities/{pk}/respond/{draft}/section/essential/",
        "start page": f"/opportunities/{pk}/respond/",
        "your responses": "/opportunities/your-responses/",
    }


def api(world) -> dict[str, str]:
    pk, rpk = world["requirement"].pk, world["response"].pk
    return {
        "team's list": f"/api/v1/requirements/{pk}/responses",
        "team's reading": f"/api/v1/requirements/{pk}/responses/{rpk}",
        "supplier's reading": f"/api/v1/responses/{rpk}",
        "supplier's list": "/api/v1/responses",
        "count": f"/api/v1/requirements/{pk}/response-count",
        "requirement": f"/api/v1/requirements/{pk}",
    }


def text_of(reply) -> str:
    """What a person reads in an answer: an ODS download is a zip of XML."""
    if reply.get("Content-Type", "").startswith("application/vnd.oasis"):
        with zipfile.ZipFile(io.BytesIO(reply.content)) as ods:
            return ods.read("content.xml").decode()
    return reply.content.decode()


def seen(person, world) -> dict[str, tuple[int, str]]:
    """Each page's and API address's status and text, as the person gets them."""
    client, token = client_of(person), api_for(person)
    found = {name: client.get(path) for name, path in pages(world).items()}
    found |= {name: token.get(path) for name, path in api(world).items()}
    return {name: (reply.status_code, text_of(reply)) for name, reply in found.items()}


@pytest.mark.parametrize("role", ROLES)
def test_before_closing_no_door_shows_an_answer_or_who_responded(world, role):
    found = seen(world["people"][role], world)
    supplier = world["supplier"].name
    for door, (_status, text) in found.items():
        assert f.PHRASE not in text, f"{role} reads the response through {door}"
        assert supplier not in text, f"{role} learns who responded through {door}"
    statuses = {door: status for door, (status, _text) in found.items()}
    for door in ("buyer's reading", "buyer's reading of the draft", "team's reading"):
        assert statuses[door] == 404, door
    for door in ("supplier's page", "supplier's check page", "supplier's section"):
        assert statuses[door] == 404, door
    # Downloads are refused: sealed for the team, not theirs to take for anyone else.
    refused = 409 if role == "buyer" else 403
    assert (statuses["CSV"], statuses["ODS"]) == (refused, refused)
    assert found["responses"][0] == 200
    assert "1 response submitted" in found["responses"][1]
    assert json.loads(found["team's list"][1]) == {"items": [], "count": 0}
    assert json.loads(found["count"][1]) == {"submitted": 1, "closed": False}


def test_before_closing_the_buyer_is_told_when_the_seal_lifts(world):
    client = client_of(world["people"]["buyer"])
    pk = world["requirement"].pk
    text = client.get(f"/opportunities/{pk}/responses/").content.decode()
    assert "Responses are sealed until they close at the end of" in text
    refused = client.get(f"/opportunities/{pk}/responses/export.csv")
    assert "Responses are sealed until the requirement closes at the end of" in text_of(refused)


def test_the_responder_reads_its_own_response_all_along(world):
    found = seen(world["responder"], world)
    for door in ("supplier's page", "supplier's check page", "supplier's reading"):
        assert f.PHRASE in found[door][1], door
    assert found["team's reading"][0] == 404
    with f.after_close(world["requirement"]):
        found = seen(world["responder"], world)
        assert f.PHRASE in found["supplier's page"][1]
        assert found["buyer's reading"][0] == 404


def test_after_closing_the_team_reads_the_submitted_responses(world):
    with f.after_close(world["requirement"]):
        found = seen(world["people"]["buyer"], world)
    for door in ("buyer's reading", "CSV", "ODS", "team's reading", "team's list"):
        assert found[door][0] == 200, door
        assert f.PHRASE in found[door][1], door
    assert world["supplier"].name in found["responses"][1]
    # The draft was never submitted: it is not the buyer's to read.
    assert found["buyer's reading of the draft"][0] == 404
    assert "Supplier 2" not in found["responses"][1]
    assert "Supplier 2" not in found["CSV"][1]
    assert found["CSV"][1].splitlines()[0].startswith("\ufeffSupplier,Lot,Submitted,")


@pytest.mark.parametrize("role", [r for r in ROLES if r != "buyer"])
def test_after_closing_no_one_else_reads_them(world, role):
    with f.after_close(world["requirement"]):
        found = seen(world["people"][role], world)
    for door, (_status, text) in found.items():
        assert f.PHRASE not in text, f"{role} reads the response through {door}"
    assert found["buyer's reading"][0] == 404
    assert found["CSV"][0] == 403
    if role != "other supplier":
        assert "who may read responses can read them" in found["responses"][1]


def test_downloads_are_recorded_with_who_took_them(world):
    with f.after_close(world["requirement"]):
        client_of(world["people"]["buyer"]).get(
            f"/opportunities/{world['requirement'].pk}/responses/export.ods"
        )
    event = helpers.events("response.downloaded").get()
    assert (event.actor_id, event.payload) == (
        world["people"]["buyer"].pk,
        {"format": "ods", "responses": 1},
    )
