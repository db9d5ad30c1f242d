"""Issue 7 review (B3, B4, B6, B15): an open framework shows every visitor their way in
and each lot's questions; the agreement page shows where the agreement stands and a form
only to who may sign; submitting, countersigning and removing a member each go through a
page that says what will happen; step messages read as sentences."""

import html
import re
from types import SimpleNamespace

import pytest
from django.utils import translation

from openbuy.accounts import actions as accounts
from openbuy.accounts.models import Role
from openbuy.core.actors import SYSTEM
from openbuy.frameworks import actions
from openbuy.frameworks.models import Agreement, Application
from openbuy.frameworks.views.steps import now_in
from tests import helpers
from tests.frameworks import factories as f

pytestmark = pytest.mark.django_db


def text(response) -> str:
    words = re.sub(r"<[^>]+>", " ", response.content.decode())
    return re.sub(r"\s+", " ", html.unescape(words))


def test_an_open_framework_tells_each_visitor_how_to_apply(client):
    person, authority = f.manager()
    framework = f.gcloud(authority, person)
    url = f"/frameworks/{framework.slug}/"

    anonymous = client.get(url).content.decode()
    assert "How to apply" in anonymous
    assert 'href="/account/sign-up/"' in anonymous
    assert f'href="/account/sign-in/?next={url}"' in anonymous

    client.force_login(helpers.user("morag@gov.scot", purpose="buyer"))
    buyer = text(client.get(url))
    assert "Suppliers apply to this framework. Your account belongs to a buyer" in buyer
    assert "register your company to apply for it" in buyer

    client.force_login(helpers.user("new@example.org"))
    nobody = client.get(url).content.decode()
    assert 'href="/suppliers/register/"' in nobody
    assert "Register your company" in nobody

    client.force_login(helpers.user("late@example.org", verified=False))
    assert "Confirm your email address first" in client.get(url).content.decode()

    (supplier,) = f.suppliers(1)
    client.force_login(f.supplier_owner(supplier))
    page = client.get(url).content.decode()
    assert "How to apply" not in page
    assert f"Apply as {supplier.name}" in page

    client.force_login(person)
    assert "How to apply" not in client.get(url).content.decode()


def test_each_lot_has_a_public_page_with_its_sections_questions_and_hints(client):
    person, authority = f.manager()
    framework = f.gcloud(authority, person)
    lot = framework.lots.get(slug="cloud-hosting")
    page = client.get(f"/frameworks/{framework.slug}/").content.decode()
    assert f'href="/frameworks/{framework.slug}/lots/cloud-hosting/"' in page
    assert f'href="/frameworks/{framework.slug}/declaration/"' in page

    shown = client.get(f"/frameworks/{framework.slug}/lots/cloud-hosting/")
    assert shown.status_code == 200
    words = text(shown)
    document = lot.questions.doc
    for section in document.sections:
        assert section.name in words
        for question in section.questions:
            assert question.question in words
            if question.hint:
                assert question.hint.split()[0] in words
    assert "Choose one or more" in words
    declaration = text(client.get(f"/frameworks/{framework.slug}/declaration/"))
    assert "Do you accept the framework agreement and the call-off contract terms?" in declaration
    assert client.get(f"/frameworks/{framework.slug}/lots/nothing/").status_code == 404


def test_the_agreement_page_shows_where_it_stands_and_the_form_only_to_who_may_sign(client):
    person, authority = f.manager()
    (supplier,) = f.suppliers(1)
    framework = f.live_gcloud({supplier: None}, actor=person, authority=authority)
    owner = f.supplier_owner(supplier)
    dana = helpers.member(supplier, "dana@supplier0.example")
    url = f"/frameworks/{framework.slug}/apply/{supplier.slug}/agreement/"
    agreement = Agreement.objects.get()

    client.force_login(owner)
    page = client.get(url)
    words = text(page)
    assert "Sign the framework agreement" not in words
    assert 'name="signer_name"' not in page.content.decode()
    signed = agreement.signed_at.strftime("%-d %B %Y")
    assert f"Signed By {agreement.signer_name}, Director, on {signed}" in words
    countersigned = agreement.countersigned_at.strftime("%-d %B %Y")
    assert f"Countersigned By Scottish Government, on {countersigned}" in words
    assert "Services awarded Secure hosting (Cloud hosting)" in words
    assert "Framework agreement for G Cloud 14" in words

    client.force_login(dana)
    words = text(client.get(url))
    assert 'name="signer_name"' not in client.get(url).content.decode()
    assert "Countersigned By Scottish Government" in words


def in_standstill():
    """A manager, a framework in standstill, and a supplier whose application passed."""
    person, authority = f.manager()
    framework = f.gcloud(authority, person)
    (supplier,) = f.suppliers(1)
    application = f.apply(framework, supplier)
    f.pass_all(f.close(framework, person), person, [application])
    return person, framework, supplier, application


def test_a_supplier_member_is_told_who_can_sign(client):
    _person, framework, supplier, _application = in_standstill()
    dana = helpers.member(supplier, "dana@supplier0.example")
    client.force_login(dana)
    url = f"/frameworks/{framework.slug}/apply/{supplier.slug}/agreement/"
    page = client.get(url)
    assert 'name="signer_name"' not in page.content.decode()
    words = text(page)
    assert "Only the supplier's admins can sign its framework agreement." in words
    assert f"Who can sign: {f.supplier_owner(supplier).name}." in words
    client.force_login(f.supplier_owner(supplier))
    assert 'name="signer_name"' in client.get(url).content.decode()


def test_submitting_shows_the_answers_what_happens_and_the_declaration_first(client):
    person, authority = f.manager()
    framework = f.gcloud(authority, person)
    (supplier,) = f.suppliers(1)
    application = f.apply(framework, supplier, submit=False)
    owner = f.supplier_owner(supplier)
    actions.draft_create(
        actor=owner, application=application, lot=framework.lots.get(slug="cloud-software")
    )
    client.force_login(owner)
    url = f"/frameworks/{framework.slug}/apply/{supplier.slug}/submit/"
    dashboard = client.get(f"/frameworks/{framework.slug}/apply/{supplier.slug}/")
    assert f'href="{url}"' in dashboard.content.decode()

    shown = client.get(url)
    words = text(shown)
    assert Application.objects.get().status == "draft"
    assert "Check your application to G Cloud 14" in words
    assert "Do you accept the framework agreement" in words  # the declaration's answers
    assert "Your declaration and 1 service will be submitted." in words
    assert "1 service in progress will not be submitted: Untitled service." in words
    assert "By submitting this application you confirm that" in words
    assert "Accept and submit" in words

    dana = helpers.member(supplier, "dana@supplier0.example")
    client.force_login(dana)
    refused = text(client.get(url))
    assert "Only the supplier's admins can submit its application: " in refused
    assert "Accept and submit" not in refused

    client.force_login(owner)
    assert client.post(url).status_code == 302
    assert Application.objects.get().status == "submitted"


def test_countersigning_and_removing_a_member_say_what_will_happen_first(client):
    person, framework, supplier, application = in_standstill()
    owner = f.supplier_owner(supplier)
    agreement = actions.agreement_sign(
        actor=owner,
        application=application,
        signer_name="Ann Owner",
        signer_role="Director",
        authority_confirmed=True,
    )
    client.force_login(person)
    url = f"/frameworks/{framework.slug}/agreements/{agreement.pk}/countersign/"
    words = text(client.get(url))
    assert "Countersign the framework agreement with Supplier 0?" in words
    assert "Ann Owner, Director, signed it for Supplier 0 on" in words
    assert "its 1 service goes live with G Cloud 14" in words
    assert Agreement.objects.get().countersigned_at is None
    client.post(url)
    assert Agreement.objects.get().countersigned_by == person

    dana = helpers.member(supplier, "dana@supplier0.example")
    membership = supplier.memberships.get(user=dana)
    client.force_login(owner)
    url = f"/organisations/{supplier.slug}/members/{membership.pk}/remove/"
    words = text(client.get(url))
    assert "Remove Sam Person as supplier member?" in words
    assert "Sam Person will lose access to Supplier 0." in words
    assert supplier.memberships.filter(user=dana).exists()
    client.post(url)
    assert not supplier.memberships.filter(user=dana).exists()

    helpers.member(supplier, "dana@supplier0.example")
    accounts.membership_grant(
        actor=SYSTEM, organisation=supplier, user=dana, role=Role.SUPPLIER_ADMIN
    )
    membership = supplier.memberships.get(user=dana, role=Role.SUPPLIER_ADMIN)
    url = f"/organisations/{supplier.slug}/members/{membership.pk}/remove/"
    assert "Sam Person will keep the role of supplier member at Supplier 0." in text(
        client.get(url)
    )


def test_each_step_says_where_the_framework_now_stands_in_a_sentence(client):
    person, authority = f.manager()
    framework = f.gcloud(authority, person)
    (supplier,) = f.suppliers(1)
    application = f.apply(framework, supplier)
    client.force_login(person)
    base = f"/frameworks/{framework.slug}/status/"
    closed = text(client.post(f"{base}close/", follow=True))
    assert "Applications to G Cloud 14 are now closed, ready for evaluation" in closed
    actions.result_record(
        actor=person,
        application=application,
        declaration=("pass", ""),
        services={d.pk: ("pass", "") for d in application.services.all()},
    )
    announced = client.post(f"{base}announce/", follow=True)
    assert "G Cloud 14 is now in standstill" in text(announced)
    client.force_login(f.supplier_owner(supplier))
    page = text(client.get(f"/frameworks/{framework.slug}/apply/{supplier.slug}/"))
    assert "Your application to G Cloud 14 Successful" in page
    assert "Apply to G Cloud 14" not in page


@pytest.mark.parametrize(
    ("status", "english", "french"),
    [
        ("open", "G-Cloud 14 is now open for applications", "G-Cloud 14 est maintenant ouvert"),
        (
            "pending",
            "Applications to G-Cloud 14 are now closed, ready for evaluation",
            "Les candidatures à G-Cloud 14 sont maintenant closes",
        ),
        (
            "standstill",
            "G-Cloud 14 is now in standstill",
            "G-Cloud 14 est maintenant en période d'attente",
        ),
        ("live", "G-Cloud 14 is now live", "G-Cloud 14 est maintenant en vigueur"),
        ("expired", "G-Cloud 14 has now expired", "G-Cloud 14 a maintenant expiré"),
    ],
)
def test_every_state_after_a_step_reads_as_a_sentence_in_english_and_french(
    status, english, french
):
    framework = SimpleNamespace(status=status, name="G-Cloud 14")
    assert now_in(framework) == english
    with translation.override("fr"):
        assert now_in(framework).startswith(french)
