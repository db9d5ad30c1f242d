"""Registering a supplier: validated details, a computed size band, no duplicates."""

import threading
from decimal import Decimal

import pytest
from django.db import connections

from openbuy.accounts import actions
from openbuy.accounts.models import Membership, Organisation
from openbuy.core.errors import Forbidden, Invalid
from tests import helpers

pytestmark = pytest.mark.django_db

FORM = {
    "name": "Thistle Digital Ltd",
    "registration_scheme": "GB-COH",
    "registration_number": "sc 612 345",
    "country": "GB",
    "address": "1 High Street\nEdinburgh",
    "headcount": "6",
    "annual_turnover": "£450,000",
    "balance_sheet_total": "120000.50",
}


@pytest.fixture
def owner(client):
    helpers.jurisdiction()
    person = helpers.user("owner@thistle.example")
    client.force_login(person)
    return person


def test_a_verified_person_registers_a_supplier_and_becomes_its_admin(client, owner):
    response = client.post("/suppliers/register/", FORM)
    org = Organisation.objects.get(kind="supplier")
    assert response.url == f"/organisations/{org.slug}/"
    assert org.registration_number == "SC612345"
    assert org.annual_turnover == Decimal(450000)
    assert org.balance_sheet_total == Decimal("120000.50")
    assert org.size_band == "micro"
    assert Membership.objects.get(organisation=org).role == "supplier_admin"
    event = helpers.events("supplier.registered").get()
    assert event.payload["size_band"] == "micro"
    assert event.organisation_id == org.pk
    page = client.get(response.url).content.decode()
    assert "Micro" in page
    assert "SME" in page
    assert "£450,000" in page


def test_the_size_band_is_shown_publicly_but_the_finances_are_not(client, owner):
    org = helpers.supplier(
        owner,
        headcount=120,
        annual_turnover=Decimal(60000000),
        balance_sheet_total=Decimal(20000000),
    )
    client.logout()
    page = client.get(f"/organisations/{org.slug}/").content.decode()
    assert org.size_band == "medium"
    assert "Medium" in page
    assert "60,000,000" not in page
    assert "High Street" not in page


def test_updating_figures_recomputes_the_band(client, owner):
    org = helpers.supplier(owner)
    response = client.post(
        f"/organisations/{org.slug}/edit/",
        {**FORM, "headcount": "300", "balance_sheet_total": "120000"},
    )
    assert response.status_code == 302
    org.refresh_from_db()
    assert org.size_band == "large"
    event = helpers.events("supplier.updated").get()
    assert event.payload == {
        "changed": ["headcount"],
        "size_band": "large",
        "size_band_before": "micro",
    }


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"headcount": "-3"}, "headcount", "Enter a number of 0 or more"),
        ({"headcount": "six"}, "headcount", "Enter a whole number, like 12"),
        ({"headcount": "1,00"}, "headcount", "Enter a whole number, like 12"),
        ({"annual_turnover": "-100"}, "annual_turnover", "Enter an amount of 0 or more"),
        ({"annual_turnover": "lots"}, "annual_turnover", "Enter an amount in figures"),
        ({"balance_sheet_total": "1,00"}, "balance_sheet_total", "Enter an amount in figures"),
        ({"name": "x" * 201}, "name", "Company name must be 200 characters or fewer"),
        ({"address": "x" * 501}, "address", "Address must be 500 characters or fewer"),
        (
            {"registration_number": "12345"},
            "registration_number",
            "Enter a valid registration number for Companies House (UK), like SC123456",
        ),
        (
            {"registration_scheme": "AU-ABN", "registration_number": "51824753557"},
            "registration_number",
            "Enter a valid registration number for Australian Business Number",
        ),
        (
            {"registration_scheme": "XX-NOPE"},
            "registration_scheme",
            "Register: select one of the options shown",
        ),
        ({"country": "XX"}, "country", "Country of registration: select one of the options shown"),
    ],
)
def test_bad_supplier_details_get_a_clear_error_and_change_nothing(
    client, owner, change, field, message
):
    response = client.post("/suppliers/register/", {**FORM, **change})
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not Organisation.objects.filter(kind="supplier").exists()
    assert not helpers.events("supplier.registered").exists()


def test_a_registration_number_can_be_registered_once(client, owner):
    helpers.supplier(helpers.user("first@example.org"))
    response = client.post("/suppliers/register/", FORM)
    errors = response.context["form"].errors["registration_number"]
    assert errors == [
        (
            "A supplier with this registration number is already on openbuy. Ask its "
            "supplier admin to invite you."
        )
    ]
    assert Organisation.objects.filter(kind="supplier").count() == 1


def test_unverified_people_cannot_register_a_supplier():
    helpers.jurisdiction()
    person = helpers.user("new@example.org", verified=False)
    with pytest.raises(Forbidden, match="Verify your email address"):
        helpers.supplier(person)


def test_only_the_suppliers_admins_can_change_it():
    org = helpers.supplier()
    stranger = helpers.user("stranger@example.org")
    with pytest.raises(Forbidden, match="Only the supplier's admins can change its details"):
        actions.supplier_update(actor=stranger, organisation=org, headcount=1)


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_registrations_of_one_number_make_one_supplier():
    helpers.jurisdiction()
    people = [helpers.user(f"p{n}@example.org") for n in range(4)]
    outcomes = []

    def register(person):
        try:
            helpers.supplier(person)
            outcomes.append("registered")
        except Invalid as error:
            outcomes.append(error.errors)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=register, args=(p,)) for p in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("registered") == 1
    assert Organisation.objects.filter(kind="supplier").count() == 1
    assert helpers.events("supplier.registered").count() == 1


@pytest.mark.django_db(transaction=True)
def test_suppliers_with_the_same_name_registering_at_once_all_succeed():
    """Their web addresses clash, not their registrations: each gets its own address."""
    helpers.jurisdiction()
    numbers = ["SC100001", "SC100002", "SC100003", "SC100004"]
    people = [helpers.user(f"q{n}@example.org") for n in range(len(numbers))]
    outcomes = []

    def register(person, number):
        try:
            helpers.supplier(person, registration_number=number)
            outcomes.append("registered")
        except Invalid as error:
            outcomes.append(error.errors)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=register, args=pair) for pair in zip(people, numbers, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes == ["registered"] * 4
    slugs = set(Organisation.objects.values_list("slug", flat=True))
    assert len(slugs) == 4
