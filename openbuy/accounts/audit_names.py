"""How the audit trail names and links accounts' objects (see core.audit_objects)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from openbuy.core import audit_objects

from .models import ApiToken, Invitation, Membership, Organisation, User


def _members(org, viewer) -> str:
    """Only the organisation's own people (and platform admins) open its members page."""
    if viewer.is_admin or viewer.holds(org.pk):
        return reverse("accounts:members", args=[org.slug])
    return ""


def _organisation(org, viewer) -> str:
    """Every organisation's page is public but the platform operator's (its members')."""
    if org.kind == Organisation.Kind.OPERATOR and not viewer.holds(org.pk):
        return ""
    return reverse("accounts:organisation", args=[org.slug])


def register() -> None:
    # People have no page of their own: a name is enough.
    audit_objects.register(User, kind=_("Person"), name=lambda u: u.name or u.email)
    audit_objects.register(
        Organisation,
        kind=_("Organisation"),
        name=lambda o: o.name,
        url=_organisation,
    )
    audit_objects.register(
        Membership,
        kind=_("Membership"),
        name=lambda m: (
            _("%(person)s at %(organisation)s")
            % {"person": m.user.name, "organisation": m.organisation.name}
        ),
        url=lambda m, viewer: _members(m.organisation, viewer),
        related=("user", "organisation"),
    )
    audit_objects.register(
        Invitation,
        kind=_("Invitation"),
        name=lambda i: (
            _("%(email)s to %(organisation)s")
            % {"email": i.email, "organisation": i.organisation.name}
        ),
        url=lambda i, viewer: _members(i.organisation, viewer),
        related=("organisation",),
    )
    audit_objects.register(ApiToken, kind=_("API token"), name=lambda t: t.name)
