"""Members invite colleagues by e-mail; invitations expire after 7 days."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from openbuy.accounts import actions
from openbuy.accounts.models import Invitation, Membership
from openbuy.core.errors import Conflict, Forbidden, Gone, Invalid, NotFound
from tests import helpers

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    return helpers.supplier()


@pytest.fixture
def owner(org):
    return org.memberships.get().user


def invite(owner, org, email="dana@thistle.example", role="supplier_member"):
    return actions.invitation_create(actor=owner, organisation=org, email=email, role=role)


def test_a_colleague_is_invited_by_email_and_accepts(
    client, org, owner, django_capture_on_commit_callbacks
):
    client.force_login(owner)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/organisations/{org.slug}/members/invite/",
            {"email": "Dana@Thistle.example", "role": "supplier_member"},
        )
    assert response.url == f"/organisations/{org.slug}/members/"
    message = helpers.last_email("dana@thistle.example")
    assert message.subject == "You are invited to join Thistle Digital Ltd on openbuy"
    link = helpers.link_in(message)

    dana = helpers.user("dana@thistle.example", verified=False)
    client.force_login(dana)
    assert "Accept invitation" in client.get(link).content.decode()
    response = client.post(link)
    assert response.url == f"/organisations/{org.slug}/"
    assert Membership.objects.get(user=dana).role == "supplier_member"
    dana.refresh_from_db()
    assert dana.email_verified  # the link reached the address
    verbs = [e.verb for e in helpers.events() if e.verb.startswith("invitation.")]
    assert verbs == ["invitation.created", "invitation.accepted"]


def test_an_expired_invitation_cannot_be_accepted(client, org, owner):
    invitation, token = invite(owner, org)
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    dana = helpers.user("dana@thistle.example")
    client.force_login(dana)
    response = client.get(f"/invitations/{token}/")
    assert response.status_code == 410
    assert "This invitation expired on" in response.content.decode()
    client.post(f"/invitations/{token}/")
    assert not Membership.objects.filter(user=dana).exists()
    with pytest.raises(Gone, match="Ask Sam Person at Thistle Digital Ltd to send a new one"):
        actions.invitation_accept(actor=dana, token=token)


def test_only_the_invited_address_can_accept(org, owner):
    _invitation, token = invite(owner, org)
    other = helpers.user("other@example.org")
    with pytest.raises(Forbidden, match=r"This invitation was sent to dana@thistle\.example"):
        actions.invitation_accept(actor=other, token=token)


def test_a_wrong_token_is_not_found():
    person = helpers.user("dana@thistle.example")
    with pytest.raises(NotFound, match="This invitation link is not valid"):
        actions.invitation_accept(actor=person, token="nope")


def test_an_invitation_is_used_once_and_can_be_withdrawn(org, owner):
    _invitation, token = invite(owner, org)
    dana = helpers.user("dana@thistle.example")
    actions.invitation_accept(actor=dana, token=token)
    with pytest.raises(Gone, match="already been used"):
        actions.invitation_accept(actor=dana, token=token)
    second, token2 = invite(owner, org, "eve@thistle.example")
    actions.invitation_revoke(actor=owner, invitation=second)
    with pytest.raises(Gone, match="withdrawn"):
        actions.invitation_accept(actor=helpers.user("eve@thistle.example"), token=token2)
    with pytest.raises(Conflict, match="Only a pending invitation can be withdrawn"):
        actions.invitation_revoke(actor=owner, invitation=second)


@pytest.mark.parametrize(
    ("email", "role", "field", "message"),
    [
        (
            "not-an-email",
            "supplier_member",
            "email",
            "Enter an email address in the correct format",
        ),
        ("dana@thistle.example", "buyer", "role", "Select a role you can give"),
        ("owner@thistle.example", "supplier_admin", "email", "You cannot invite yourself"),
        ("owner@thistle.example", "supplier_member", "email", "You cannot invite yourself"),
    ],
)
def test_bad_invitations_are_refused(org, owner, email, role, field, message):
    with pytest.raises(Invalid, match=re.escape(message)) as error:
        invite(owner, org, email, role)
    assert message in error.value.errors[field][0]
    assert not Invitation.objects.exists()


def test_an_existing_member_is_invited_only_to_a_role_that_adds_to_theirs(org, owner):
    """A member may be invited to be an admin too; an admin is never invited to be a
    member, nor anyone to a role they hold."""
    helpers.member(org, "dana@thistle.example")
    helpers.member(org, "eve@thistle.example", role="supplier_admin")
    with pytest.raises(Invalid, match=r"dana@thistle\.example is already a member here"):
        invite(owner, org, "dana@thistle.example", "supplier_member")
    _invitation, token = invite(owner, org, "dana@thistle.example", "supplier_admin")
    dana = Membership.objects.get(user__email="dana@thistle.example").user
    actions.invitation_accept(actor=dana, token=token)
    with pytest.raises(Invalid, match=r"already a member here, as supplier admin$") as error:
        invite(dana, org, "eve@thistle.example", "supplier_member")
    assert list(error.value.errors) == ["email"]


def test_the_invitation_page_speaks_of_their_address_not_yours(client, org, owner):
    client.force_login(owner)
    page = client.post(
        f"/organisations/{org.slug}/members/invite/", {"email": "", "role": "supplier_member"}
    ).content.decode()
    assert "Enter their email address" in page
    assert "Enter your email address" not in page
    page = client.post(
        f"/organisations/{org.slug}/members/invite/",
        {"email": "owner@thistle.example", "role": "supplier_member"},
    ).content.decode()
    assert "You cannot invite yourself" in page


def test_inviting_the_same_person_twice_while_open_is_refused(org, owner):
    invite(owner, org)
    with pytest.raises(Invalid, match="was already invited as supplier member"):
        invite(owner, org)


def test_members_who_do_not_manage_cannot_invite(client, org, owner):
    member = helpers.member(org, "dana@thistle.example")
    with pytest.raises(Forbidden, match="Only the organisation's managers can invite people"):
        invite(member, org, "eve@thistle.example")
    client.force_login(member)
    assert client.get(f"/organisations/{org.slug}/members/invite/").status_code == 403
    assert client.get(f"/organisations/{org.slug}/members/").status_code == 200


def test_the_last_manager_cannot_be_removed(org, owner):
    with pytest.raises(Conflict, match="at least one person who can manage"):
        actions.membership_remove(actor=owner, membership=org.memberships.get())
    helpers.member(org, "dana@thistle.example")
    actions.membership_remove(actor=owner, membership=org.memberships.get(role="supplier_member"))
    assert org.memberships.count() == 1


@pytest.fixture
def government():
    helpers.jurisdiction()
    return helpers.buyer_body("Scottish Government", "gov.scot", kind="authority")


def test_a_buyer_cannot_make_themselves_framework_manager_or_remove_one(government):
    fiona = helpers.user("fiona@gov.scot", purpose="buyer")
    from openbuy.core.actors import SYSTEM

    actions.membership_grant(
        actor=SYSTEM, organisation=government, user=fiona, role="framework_manager"
    )
    bob = helpers.user("bob@gov.scot", purpose="buyer")
    with pytest.raises(Invalid, match="Select a role you can give"):
        actions.invitation_create(
            actor=bob, organisation=government, email="bob@gov.scot", role="framework_manager"
        )
    with pytest.raises(Forbidden, match="You cannot remove people from that role"):
        actions.membership_remove(
            actor=bob, membership=government.memberships.get(role="framework_manager")
        )
    assert government.memberships.filter(role="framework_manager").count() == 1


def test_buyers_invite_colleagues_from_their_domains_and_evaluators_from_anywhere(government):
    bob = helpers.user("bob@gov.scot", purpose="buyer")
    with pytest.raises(
        Invalid, match=r"A buyer at Scottish Government must use an address at gov\.scot"
    ):
        actions.invitation_create(
            actor=bob, organisation=government, email="pal@gmail.com", role="buyer"
        )
    actions.invitation_create(
        actor=bob, organisation=government, email="expert@uni.example", role="evaluator"
    )
    actions.invitation_create(
        actor=bob, organisation=government, email="ann@gov.scot", role="buyer"
    )
    assert Invitation.objects.count() == 2


def test_managers_act_only_on_their_own_organisation(client, org, owner):
    other = helpers.supplier(
        helpers.user("boss@loch.example"), name="Loch Data", registration_number="SC598765"
    )
    boss = other.memberships.get().user
    dana = helpers.member(org, "dana@thistle.example")
    invitation, _token = invite(owner, org, "eve@thistle.example")
    client.force_login(boss)
    membership = org.memberships.get(user=dana)
    assert (
        client.post(f"/organisations/{org.slug}/members/{membership.pk}/remove/").status_code == 403
    )
    # An invitation of an organisation they do not manage is not there for them, on the
    # page and in the API alike.
    assert (
        client.post(f"/organisations/{org.slug}/invitations/{invitation.pk}/withdraw/").status_code
        == 404
    )
    _token, secret = actions.api_token_create(actor=boss, name="laptop")
    revoked = client.post(
        f"/api/v1/organisations/{org.slug}/invitations/{invitation.pk}/revoke",
        headers={"Authorization": f"Bearer {secret}"},
    )
    assert revoked.status_code == 404
    # An id from one organisation under another's address is simply not found.
    assert (
        client.post(f"/organisations/{other.slug}/members/{membership.pk}/remove/").status_code
        == 404
    )
    assert client.get(f"/organisations/{org.slug}/members/").status_code == 403
    assert client.get(f"/organisations/{org.slug}/audit/").status_code == 403
    assert org.memberships.filter(user=dana).exists()
    assert Invitation.objects.get(pk=invitation.pk).status == "pending"


def test_removing_a_membership_twice_records_it_once(org, owner):
    dana = helpers.member(org, "dana@thistle.example")
    membership = org.memberships.get(user=dana)
    actions.membership_remove(actor=owner, membership=membership)
    with pytest.raises(NotFound, match="That person no longer has that role"):
        actions.membership_remove(actor=owner, membership=membership)
    assert helpers.events("membership.removed").count() == 1


def test_invitation_subjects_are_plain_text(org, owner, django_capture_on_commit_callbacks):
    from openbuy.accounts.models import Organisation

    Organisation.objects.filter(pk=org.pk).update(name="Smith & O'Brien Ltd")
    org.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        invite(owner, org)
    subject = helpers.last_email("dana@thistle.example").subject
    assert subject == "You are invited to join Smith & O'Brien Ltd on openbuy"
