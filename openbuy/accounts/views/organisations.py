"""Organisations: public profiles, supplier registration, members and invitations."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from openbuy.core.confirm import Confirmation, confirm
from openbuy.core.errors import ActionError, Invalid, NotFound
from openbuy.core.forms import NOT_RUN, submit
from openbuy.core.pagination import page_of, query_without_page
from openbuy.core.scope import ALL, jurisdiction_scope
from openbuy.core.selectors import jurisdictions

from .. import actions, selectors
from ..forms import InvitationForm, SupplierForm
from ..models import Invitation, Membership, Organisation
from ..permissions import can_edit_supplier, can_manage_members, grantable_roles, is_member


def organisations(request):
    orgs = selectors.public_organisations()
    kinds = [(k, label) for k, label in Organisation.Kind.choices if k != "operator"]
    kind = request.GET.get("kind", "")
    if kind and kind not in dict(kinds):
        # Never quietly every organisation for a filter the list does not have.
        unknown = NotFound(
            _("There is no kind of organisation called “%(kind)s”.") % {"kind": kind[:20]}
        )
        unknown.link = {"url": reverse("accounts:organisations"), "text": _("See every kind")}
        raise unknown
    if kind:
        orgs = orgs.filter(kind=kind)
    scope = jurisdiction_scope(request)
    if scope.jurisdiction is not None:
        orgs = orgs.filter(jurisdiction=scope.jurisdiction)
    page = page_of(request, orgs)
    return render(
        request,
        "accounts/organisations.html",
        {
            "page": page,
            "mine": selectors.organisations_of(request.user)
            if request.user.is_authenticated
            else [],
            "kinds": kinds,
            "kind": kind,
            "jurisdictions": jurisdictions(),
            "jurisdiction_code": scope.jurisdiction.code if scope.jurisdiction else ALL,
            "query": query_without_page(request),
        },
    )


def organisation(request, slug: str):
    org = get_object_or_404(selectors.organisation_pages_for(request.user), slug=slug)
    return render(
        request,
        "accounts/organisation.html",
        {
            "org": org,
            "member": is_member(request.user, org),
            "can_manage": can_manage_members(request.user, org),
            "can_edit": can_edit_supplier(request.user, org),
            "domains": org.email_domains.all() if org.is_buyer_body else [],
        },
    )


def _supplier_fields(data: dict) -> dict:
    return {name: data[name] for name in actions.organisations.SUPPLIER_FIELDS}


@login_required
def supplier_register(request):
    jurisdiction = request.jurisdiction
    if not jurisdiction:
        raise Invalid(_("No jurisdiction is set up yet, so suppliers cannot register."))
    form = SupplierForm(request.POST or None, currency=jurisdiction.currency)
    org = submit(
        request,
        form,
        lambda data: actions.supplier_register(
            actor=request.user, jurisdiction=jurisdiction, **_supplier_fields(data)
        ),
    )
    if org is not NOT_RUN:
        messages.success(
            request,
            _("%(name)s is registered. Its size band is %(band)s.")
            % {
                "name": org.name,
                "band": org.get_size_band_display().lower(),
            },
        )
        return redirect("accounts:organisation", slug=org.slug)
    return render(request, "accounts/supplier_register.html", {"form": form})


@login_required
def supplier_edit(request, slug: str):
    org = get_object_or_404(Organisation, slug=slug, kind=Organisation.Kind.SUPPLIER)
    if not can_edit_supplier(request.user, org):
        raise PermissionDenied
    initial = {name: getattr(org, name) for name in actions.organisations.SUPPLIER_FIELDS}
    initial["country"] = org.country.code
    form = SupplierForm(request.POST or None, initial=initial, currency=org.jurisdiction.currency)
    if request.method == "POST" and form.is_valid() and not form.has_changed():
        messages.info(request, _("You did not change anything"))
        return redirect("accounts:organisation", slug=org.slug)
    saved = submit(
        request,
        form,
        lambda data: actions.supplier_update(
            actor=request.user, organisation=org, **_supplier_fields(data)
        ),
    )
    if saved is not NOT_RUN:
        messages.success(request, _("Your company's details have been saved"))
        return redirect("accounts:organisation", slug=org.slug)
    return render(request, "accounts/supplier_edit.html", {"form": form, "org": org})


@login_required
def members(request, slug: str):
    org = get_object_or_404(Organisation, slug=slug)
    if not is_member(request.user, org):
        raise PermissionDenied
    return render(
        request,
        "accounts/members.html",
        {
            "org": org,
            "memberships": selectors.members_of(org, request.user),
            "invitations": selectors.invitations_of(org, request.user).filter(
                status=Invitation.Status.PENDING
            ),
            "can_manage": can_manage_members(request.user, org),
        },
    )


@login_required
def invite(request, slug: str):
    org = get_object_or_404(Organisation, slug=slug)
    roles = grantable_roles(request.user, org)
    if not roles:
        raise PermissionDenied
    form = InvitationForm(request.POST or None, roles=roles)
    made = submit(
        request,
        form,
        lambda data: actions.invitation_create(actor=request.user, organisation=org, **data),
    )
    if made is not NOT_RUN:
        invitation, _token = made
        messages.success(
            request, _("We have sent an invitation to %(email)s") % {"email": invitation.email}
        )
        return redirect("accounts:members", slug=org.slug)
    return render(request, "accounts/invite.html", {"form": form, "org": org})


@login_required
@require_POST
def invitation_revoke(request, slug: str, pk: int):
    # Not there (404) to whoever may not see it, as in the API (docs/visibility.md).
    invitation = get_object_or_404(
        selectors.invitations_visible_to(request.user), pk=pk, organisation__slug=slug
    )
    actions.invitation_revoke(actor=request.user, invitation=invitation)
    messages.success(
        request, _("The invitation to %(email)s was withdrawn") % {"email": invitation.email}
    )
    return redirect("accounts:members", slug=slug)


@login_required
def member_remove(request, slug: str, pk: int):
    """Removing someone is final for them: a page says what they lose, then "Yes"."""
    membership = get_object_or_404(
        Membership.objects.select_related("user", "organisation"), pk=pk, organisation__slug=slug
    )
    org, person = membership.organisation, membership.user
    if not can_manage_members(request.user, org):
        raise PermissionDenied
    back = reverse("accounts:members", args=[slug])
    role = membership.get_role_display().lower()

    def describe() -> Confirmation:
        kept = [
            m.get_role_display().lower()
            for m in org.memberships.filter(user=person).exclude(pk=membership.pk)
        ]
        refusal = actions.removal_refusal(request.user, membership, org)
        return Confirmation(
            caption=org.name,
            title=_("Remove %(name)s as %(role)s?") % {"name": person.name, "role": role},
            yes=_("Yes, remove them"),
            back=back,
            consequences=[
                _("%(name)s will keep the role of %(roles)s at %(org)s.")
                % {"name": person.name, "roles": ", ".join(kept), "org": org.name}
                if kept
                else _("%(name)s will lose access to %(org)s.")
                % {"name": person.name, "org": org.name},
                _("To give them access again, invite them again."),
            ],
            destructive=True,
            refused=[str(refusal)] if refusal else [],
        )

    def run():
        actions.membership_remove(actor=request.user, membership=membership)
        messages.success(
            request, _("%(name)s is no longer a %(role)s") % {"name": person.name, "role": role}
        )
        return redirect(back)

    return confirm(request, describe, run)


def invitation(request, token: str):
    """Anyone with the link sees the invitation; the invited person accepts it."""
    found = actions.find_invitation(token)
    problem = None
    if request.user.is_authenticated:
        try:
            actions.check_acceptable(found, request.user)
        except ActionError as error:
            problem = str(error)
        if request.method == "POST" and problem is None:
            actions.invitation_accept(actor=request.user, token=token)
            messages.success(
                request,
                _("You are now a %(role)s at %(org)s")
                % {
                    "role": found.get_role_display().lower(),
                    "org": found.organisation.name,
                },
            )
            return redirect("accounts:organisation", slug=found.organisation.slug)
    elif found.is_expired:
        problem = _("This invitation has expired. Ask %(org)s to send a new one.") % {
            "org": found.organisation
        }
    return render(
        request,
        "accounts/invitation.html",
        {
            "invitation": found,
            "problem": problem,
        },
        status=410 if found.is_expired else 200,
    )
