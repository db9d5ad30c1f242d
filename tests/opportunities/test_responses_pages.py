"""A supplier's response on the pages: start (choosing the lot), answer each section, check,
submit, withdraw, change and submit again while open; read it after closing; the list of
its responses; a clear page for a supplier that may not respond."""

import re

import pytest

from openbuy.accounts.models import Organisation
from openbuy.core.errors import Conflict
from openbuy.opportunities.models import Response
from tests import helpers
from tests.frameworks import factories as fw
from tests.opportunities import factories as f
from tests.query_counts import queries, same_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_requirement():
    market = f.market()
    requirement = f.published(market["buyer"], market["body"], lot=market["lot"])
    supplier = market["suppliers"][0]
    return requirement, supplier, fw.supplier_owner(supplier)


def page(client, path, data=None):
    response = client.post(path, data) if data is not None else client.get(path)
    return response, response.content.decode()


def base(requirement, response=None) -> str:
    path = f"/opportunities/{requirement.pk}/respond/"
    return f"{path}{response.pk}/" if response else path


def answer_every_section(client, requirement, response):
    """The supplier's answers, a section at a time, as the pages send them."""
    path = base(requirement, response) + "section/"
    sent = {
        "essential": {
            "meetsEssential": "yes",
            "essentialEvidence": "Flood maps for SEPA, 2024\r\nA service for 5 councils",
        },
        "nice-to-have": {"niceToHaveEvidence": "Gaelic content, 2023"},
        "working-together": {"culturalFit": "We pair with your developers and hand over"},
        "price-and-availability": {
            "dayRate": "600",
            **f.start_fields(),
        },
    }
    for section, data in sent.items():
        reply = client.post(path + section + "/", data)
        assert reply.status_code == 302, reply.content.decode()
    return reply


def test_a_supplier_starts_answers_checks_and_submits(client, open_requirement):
    requirement, _supplier, owner = open_requirement
    client.force_login(owner)
    _reply, text = page(client, base(requirement))
    assert "Respond to Flood warnings for Scotland" in text
    assert "Responses close at the end of" in text
    reply = client.post(base(requirement), {})
    response = Response.objects.get()
    assert reply.url == base(requirement, response)
    _reply, text = page(client, base(requirement, response))
    assert "Not started" in text
    assert "Answer every section before you submit." in text
    _reply, text = page(client, base(requirement, response) + "section/essential/")
    assert "one line for each of these criteria, in this order" in text
    assert text.index("Accessible to everyone") < text.index("Backed up every night")
    last = answer_every_section(client, requirement, response)
    assert last.url == base(requirement, response) + "check/"
    _reply, text = page(client, last.url)
    assert "Check your response before submitting it" in text
    assert "Flood maps for SEPA, 2024" in text
    assert "£600" in text
    reply = client.post(last.url)
    assert reply.url == base(requirement, response)
    response.refresh_from_db(fields=["submitted_at"])
    assert Response.objects.get().status == "submitted"
    _reply, text = page(client, reply.url)
    assert "Response submitted" in text
    assert "Withdraw response" in text


def test_a_no_to_the_essential_criteria_ends_on_a_page_that_says_why(client, open_requirement):
    requirement, _supplier, owner = open_requirement
    client.force_login(owner)
    client.post(base(requirement), {})
    response = Response.objects.get()
    reply, text = page(
        client,
        base(requirement, response) + "section/essential/",
        {"meetsEssential": "no", "essentialEvidence": "Kept"},
    )
    assert reply.status_code == 200
    assert "You cannot respond to this requirement" in text
    assert "You can respond only if you meet every essential criterion" in text
    assert Response.objects.get().answers == {}


def test_the_supplier_withdraws_changes_and_submits_again(client, open_requirement):
    requirement, supplier, owner = open_requirement
    response = f.respond(requirement, supplier)
    client.force_login(owner)
    path = base(requirement, response)
    reply = client.get(path + "section/price-and-availability/")
    assert reply.url == path  # a submitted response is withdrawn before it changes
    _reply, text = page(client, path + "withdraw/")
    assert "Withdraw your response?" in text
    assert client.post(path + "withdraw/").url == path
    assert Response.objects.get().status == "withdrawn"
    reply = client.post(
        path + "section/price-and-availability/",
        {"dayRate": "550", **f.start_fields(31)},
    )
    assert reply.status_code == 302
    assert Response.objects.get().status == "draft"
    client.post(path + "check/")
    changed = Response.objects.get()
    assert (changed.status, changed.answers["dayRate"]) == ("submitted", "550")


def test_the_lot_is_chosen_when_there_are_several_within_the_limit(client):
    market = f.market()
    requirement, (lot1, lot2, _lot3) = f.published_in_lots(
        market["buyer"], market["body"], market["lot"], count=2, limit=1
    )
    owner = fw.supplier_owner(market["suppliers"][0])
    client.force_login(owner)
    _reply, text = page(client, base(requirement))
    assert "Which lot are you responding to?" in text
    assert "A supplier can respond to at most 1 of its lots." in text
    reply, text = page(client, base(requirement), {})
    assert "Choose the lot you are responding to" in text
    client.post(base(requirement), {"lot": lot2.pk})
    assert Response.objects.get().lot == lot2
    # At its limit, the supplier is offered no more lots and told why.
    _reply, text = page(client, base(requirement))
    assert "Which lot are you responding to?" not in text
    assert "You have responded to as many lots as this requirement allows (1)" in text
    reply, _text = page(client, base(requirement), {"lot": lot1.pk})
    assert reply.status_code == 200
    assert Response.objects.count() == 1
    with pytest.raises(Conflict, match="A supplier may respond to at most 1 of this"):
        f.respond(requirement, market["suppliers"][0], lot=lot1, submit=False)


def test_a_supplier_that_may_not_respond_is_told_why(client, open_requirement):
    requirement, _supplier, _owner = open_requirement
    outsider = helpers.supplier(helpers.user("owner@outsider.example"), name="Outsider Ltd")
    client.force_login(fw.supplier_owner(outsider))
    reply, text = page(client, base(requirement))
    assert reply.status_code == 403
    assert "You cannot respond to this requirement" in text
    assert "Only suppliers with a live service on Outcomes of Dos 7 can respond" in text
    assert "Start your response" not in text
    assert client.post(base(requirement), {}).status_code == 403
    assert not Response.objects.exists()
    client.force_login(helpers.user("nobody@example.org"))
    _reply, text = page(client, base(requirement))
    assert "Only suppliers can respond" in text


def test_after_closing_the_supplier_reads_its_response_and_cannot_change_it(
    client, open_requirement
):
    requirement, supplier, owner = open_requirement
    response = f.respond(requirement, supplier)
    path = base(requirement, response)
    with f.after_close(requirement):
        client.force_login(owner)  # a session from two weeks before has run out
        _reply, text = page(client, path)
        assert "Responses closed at the end of" in text
        assert "Accessible to everyone" in text
        assert "Withdraw response" not in text
        _reply, text = page(client, path + "withdraw/")
        assert "This requirement is closed to responses" in text
        assert client.post(path + "withdraw/").status_code == 409
        assert client.get(path + "section/essential/").url == path
    assert Response.objects.get().status == "submitted"


def test_other_people_do_not_find_a_suppliers_response_page(client, open_requirement):
    requirement, supplier, _owner = open_requirement
    response = f.respond(requirement, supplier)
    path = base(requirement, response)
    other = fw.supplier_owner(Organisation.objects.exclude(pk=supplier.pk).get(kind="supplier"))
    for person in (other, requirement.created_by, helpers.platform_admin()):
        client.force_login(person)
        for suffix in ("", "section/essential/", "check/", "withdraw/"):
            assert client.get(path + suffix).status_code == 404


def test_your_responses_lists_each_with_its_status_in_as_many_queries_for_six(
    client, django_assert_max_num_queries
):
    market = f.market()
    supplier = market["suppliers"][0]
    owner = fw.supplier_owner(supplier)
    client.force_login(owner)

    def respond(count):
        for n in range(count):
            requirement = f.published(market["buyer"], market["body"], lot=market["lot"])
            f.respond(requirement, supplier, submit=n % 2 == 0)

    respond(2)
    counted = queries(client, "/opportunities/your-responses/")
    respond(4)
    _reply, text = page(client, "/opportunities/your-responses/")
    assert text.count("Flood warnings for Scotland") == 6
    assert text.count(">Submitted<") == 3
    assert text.count(">Draft<") == 3
    same_queries(client, "/opportunities/your-responses/", counted, django_assert_max_num_queries)


def test_the_buyers_list_after_closing_takes_as_many_queries_for_six_as_for_two(
    client, django_assert_max_num_queries
):
    market = f.market(suppliers=6)
    requirement = f.published(market["buyer"], market["body"], lot=market["lot"])
    path = f"/opportunities/{requirement.pk}/responses/"
    for supplier in market["suppliers"][:2]:
        f.respond(requirement, supplier)
    with f.after_close(requirement):
        client.force_login(market["buyer"])
        counted = queries(client, path)
    for supplier in market["suppliers"][2:]:
        f.respond(requirement, supplier)
    with f.after_close(requirement):
        client.force_login(market["buyer"])
        _reply, text = page(client, path)
        assert "6 responses submitted" in text
        assert len(re.findall(rf"/opportunities/{requirement.pk}/responses/\d+/", text)) == 6
        same_queries(client, path, counted, django_assert_max_num_queries)
