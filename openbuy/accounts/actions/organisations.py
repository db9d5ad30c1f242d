"""Organisations: suppliers register themselves; platform admins set up public bodies."""

import secrets
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import validate_domain_name
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from openbuy.core import audit
from openbuy.core.actors import SYSTEM
from openbuy.core.errors import ActionError, Conflict, Forbidden, Invalid, NotFound, full_clean
from openbuy.core.models import Jurisdiction
from openbuy.core.permissions import is_platform_admin

from ..hooks import OrganisationRenamed, organisation_renamed
from ..models import BuyerEmailDomain, Membership, Organisation, Role, User
from ..permissions import ROLES_BY_KIND, can_edit_supplier, grantable_roles, managing_roles
from ..registration import SCHEMES
from ..verbs import Verb
from .people import _check_password, normalise_email

SUPPLIER_FIELDS = (
    "name",
    "registration_scheme",
    "registration_number",
    "country",
    "address",
    "headcount",
    "annual_turnover",
    "balance_sheet_total",
)
DUPLICATE_REGISTRATION = gettext_lazy(
    "A supplier with this registration number is already on openbuy. Ask its supplier admin "
    "to invite you."
)


def _unique_slug(name: str, *, random_suffix: bool = False) -> str:
    base = slugify(name)[:70] or "organisation"
    if random_suffix:
        return f"{base}-{secrets.token_hex(3)}"
    slug, n = base, 1
    while Organisation.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _check_registration(org: Organisation) -> None:
    scheme = SCHEMES.get(org.registration_scheme)
    if scheme is None:
        raise Invalid(_("Select the register your organisation is in"), field="registration_scheme")
    org.registration_number = scheme.normalise(org.registration_number or "")
    if not org.registration_number:
        raise Invalid(_("Enter your registration number"), field="registration_number")
    if not scheme.check(org.registration_number):
        raise Invalid(
            _("Enter a valid registration number for %(register)s, like %(example)s")
            % {"register": scheme.name, "example": scheme.example},
            field="registration_number",
        )


def _check_amounts(org: Organisation) -> None:
    for field, label in (
        ("annual_turnover", _("Annual turnover")),
        ("balance_sheet_total", _("Balance sheet total")),
    ):
        value = getattr(org, field)
        if not isinstance(value, Decimal):
            raise Invalid(_("Enter %(label)s in figures") % {"label": label.lower()}, field=field)
        if value < 0:
            raise Invalid(_("%(label)s must be 0 or more") % {"label": label}, field=field)
    if not isinstance(org.headcount, int) or org.headcount < 0:
        raise Invalid(
            _("Enter the number of staff as a whole number, 0 or more"), field="headcount"
        )


def _save_supplier(org: Organisation) -> None:
    _check_registration(org)
    _check_amounts(org)
    duplicate = Organisation.objects.filter(
        kind=Organisation.Kind.SUPPLIER,
        registration_scheme=org.registration_scheme,
        registration_number=org.registration_number,
    ).exclude(pk=org.pk)
    if duplicate.exists():
        raise Invalid(str(DUPLICATE_REGISTRATION), field="registration_number")
    full_clean(org, validate_unique=False)
    for _attempt in range(5):
        try:
            with transaction.atomic():
                org.save()
            return
        except IntegrityError as error:
            # A concurrent registration took the number (refuse) or the web address (retry).
            if duplicate.exists():
                raise Invalid(str(DUPLICATE_REGISTRATION), field="registration_number") from error
            if not org._state.adding:
                raise
            org.slug = _unique_slug(org.name, random_suffix=True)
    raise Conflict(_("Too many people are registering at once; try again"))


@audit.action
def supplier_register(*, actor: User, jurisdiction: Jurisdiction, **fields) -> Organisation:
    """A verified person registers their company; they become its supplier admin."""
    if not actor.is_authenticated:
        raise Forbidden(_("Sign in to register a supplier"))
    if not actor.email_verified:
        raise Forbidden(_("Verify your email address before you register a supplier"))
    unknown = set(fields) - set(SUPPLIER_FIELDS)
    if unknown:
        raise Invalid(_("Unknown fields: %(names)s") % {"names": ", ".join(sorted(unknown))})
    org = Organisation(kind=Organisation.Kind.SUPPLIER, jurisdiction=jurisdiction, **fields)
    org.name = (org.name or "").strip()
    org.slug = _unique_slug(org.name)
    _save_supplier(org)
    Membership.objects.create(user=actor, organisation=org, role=Role.SUPPLIER_ADMIN)
    audit.record(
        Verb.SUPPLIER_REGISTERED,
        actor=actor,
        obj=org,
        organisation=org,
        payload={
            "name": org.name,
            "scheme": org.registration_scheme,
            "number": org.registration_number,
            "size_band": org.size_band,
        },
    )
    return org


@audit.action
def supplier_update(*, actor: User, organisation: Organisation, **fields) -> Organisation:
    """A supplier admin corrects details; the size band follows the new figures."""
    org = Organisation.objects.select_for_update(of=("self",)).get(pk=organisation.pk)
    if not can_edit_supplier(actor, org):
        raise Forbidden(_("Only the supplier's admins can change its details"))
    unknown = set(fields) - set(SUPPLIER_FIELDS)
    if unknown:
        raise Invalid(_("Unknown fields: %(names)s") % {"names": ", ".join(sorted(unknown))})
    before = {name: getattr(org, name) for name in SUPPLIER_FIELDS}
    band_before = org.size_band
    for name, value in fields.items():
        setattr(org, name, value)
    org.name = (org.name or "").strip()
    _check_registration(org)  # normalises the number, so "sc 612 345" is no change
    changed = sorted(name for name in SUPPLIER_FIELDS if getattr(org, name) != before[name])
    if not changed:
        # Nothing is written: a save would also re-index every service of the supplier.
        audit.nothing_changed()
        return org
    _save_supplier(org)
    audit.record(
        Verb.SUPPLIER_UPDATED,
        actor=actor,
        obj=org,
        organisation=org,
        payload={"changed": changed, "size_band": org.size_band, "size_band_before": band_before},
    )
    if "name" in changed:
        organisation_renamed.send(
            OrganisationRenamed(organisation=org, actor=actor, old_name=before["name"])
        )
    return org


@audit.action
def organisation_create(
    *, actor, kind: str, name: str, jurisdiction: Jurisdiction | None, email_domains=()
) -> Organisation:
    """Platform admins add public bodies (buyers, authorities) and the operator."""
    if not is_platform_admin(actor):
        raise Forbidden(_("Only platform admins can add public bodies"))
    if kind == Organisation.Kind.SUPPLIER:
        raise Invalid(_("Suppliers register themselves"), field="kind")
    org = Organisation(kind=kind, name=(name or "").strip(), jurisdiction=jurisdiction)
    org.slug = _unique_slug(org.name)
    full_clean(org, validate_unique=False)
    org.save()
    domains = [_add_domain(org, domain) for domain in email_domains]
    audit.record(
        Verb.ORGANISATION_CREATED,
        actor=actor,
        obj=org,
        organisation=org,
        public=True,
        payload={"kind": kind, "name": org.name, "domains": domains},
    )
    return org


@audit.action
def organisation_rename(*, actor, organisation: Organisation, name: str) -> Organisation:
    """Platform admins rename a public body (departments are renamed and merged); its
    address (slug) stays. Suppliers rename themselves (supplier_update)."""
    if not is_platform_admin(actor):
        raise Forbidden(_("Only platform admins can rename public bodies"))
    org = Organisation.objects.select_for_update(of=("self",)).get(pk=organisation.pk)
    if org.kind == Organisation.Kind.SUPPLIER:
        raise Invalid(_("Suppliers change their own name"), field="name")
    old_name, org.name = org.name, (name or "").strip()
    full_clean(org, validate_unique=False)
    if org.name == old_name:
        audit.nothing_changed()
        return org
    org.save(update_fields=["name"])
    audit.record(
        Verb.ORGANISATION_RENAMED,
        actor=actor,
        obj=org,
        organisation=org,
        public=True,
        payload={"name": org.name, "name_before": old_name},
    )
    organisation_renamed.send(OrganisationRenamed(organisation=org, actor=actor, old_name=old_name))
    return org


def _add_domain(org: Organisation, domain: str) -> str:
    domain = (domain or "").strip().lower().lstrip("@")
    if not org.is_buyer_body:
        raise Invalid(_("Only buyer bodies and authorities have e-mail domains"), field="domain")
    try:
        validate_domain_name(domain)
    except ValidationError as error:
        raise Invalid(_("Enter a domain like sepa.org.uk"), field="domain") from error
    if "." not in domain:
        raise Invalid(_("Enter a domain like sepa.org.uk"), field="domain")
    owner = BuyerEmailDomain.objects.filter(domain=domain).select_related("organisation").first()
    if owner:
        raise Invalid(
            _("%(domain)s already belongs to %(org)s")
            % {"domain": domain, "org": owner.organisation},
            field="domain",
        )
    BuyerEmailDomain.objects.create(organisation=org, domain=domain)
    return domain


@audit.action
def buyer_domain_add(*, actor, organisation: Organisation, domain: str) -> str:
    if not is_platform_admin(actor):
        raise Forbidden(_("Only platform admins can add e-mail domains"))
    domain = _add_domain(organisation, domain)
    audit.record(
        Verb.ORGANISATION_DOMAIN_ADDED,
        actor=actor,
        obj=organisation,
        organisation=organisation,
        payload={"domain": domain},
    )
    return domain


@audit.action
def buyer_domain_remove(*, actor, domain: BuyerEmailDomain) -> None:
    if not is_platform_admin(actor):
        raise Forbidden(_("Only platform admins can remove e-mail domains"))
    org = domain.organisation
    domain.delete()
    audit.record(
        Verb.ORGANISATION_DOMAIN_REMOVED,
        actor=actor,
        obj=org,
        organisation=org,
        payload={"domain": domain.domain},
    )


@audit.action
def membership_grant(*, actor, organisation: Organisation, user: User, role: str) -> Membership:
    """Platform admins give a person a role directly (invitations are the usual way)."""
    if not is_platform_admin(actor):
        raise Forbidden(_("Only platform admins can grant roles directly"))
    if role not in ROLES_BY_KIND[organisation.kind]:
        raise Invalid(
            _("A %(kind)s cannot have that role") % {"kind": organisation.get_kind_display()},
            field="role",
        )
    membership, created = Membership.objects.get_or_create(
        user=user, organisation=organisation, role=role
    )
    if not created:
        audit.nothing_changed()
        return membership
    user.__dict__.pop("is_platform_admin", None)
    audit.record(
        Verb.MEMBERSHIP_GRANTED,
        actor=actor,
        obj=membership,
        organisation=organisation,
        payload={"user": user.pk, "role": role},
    )
    return membership


def removal_refusal(actor, membership: Membership, org: Organisation) -> ActionError | None:
    """Why the actor cannot take this role away, or None: the action raises it, the
    confirmation page shows it."""
    if membership.role not in grantable_roles(actor, org):
        return Forbidden(_("You cannot remove people from that role"))
    managing = managing_roles(org)
    others = org.memberships.filter(role__in=managing).exclude(pk=membership.pk)
    if membership.role in managing and not others.exists():
        return Conflict(_("An organisation needs at least one person who can manage its members"))
    return None


@audit.action
def membership_remove(*, actor, membership: Membership) -> None:
    """Take a role away; managers may remove the roles they could grant, never the last manager."""
    org = Organisation.objects.select_for_update(of=("self",)).get(pk=membership.organisation_id)
    membership = Membership.objects.filter(pk=membership.pk).select_related("user").first()
    if membership is None:
        raise NotFound(_("That person no longer has that role"))
    refusal = removal_refusal(actor, membership, org)
    if refusal is not None:
        raise refusal
    user_id, role = membership.user_id, membership.role
    membership.delete()
    audit.record(
        Verb.MEMBERSHIP_REMOVED,
        actor=actor,
        obj=org,
        organisation=org,
        payload={"user": user_id, "role": role},
    )


OPERATOR_NAME = "openbuy platform operator"


@audit.action
def platform_admin_bootstrap(*, email: str, password: str | None, name: str | None = None) -> User:
    """Create a verified platform admin from the command line (createsuperuser, demo)."""
    email = normalise_email(email)
    operator = Organisation.objects.filter(kind=Organisation.Kind.OPERATOR).first()
    if operator is None:
        operator = Organisation.objects.create(
            kind=Organisation.Kind.OPERATOR, name=OPERATOR_NAME, slug=_unique_slug(OPERATOR_NAME)
        )
    user = User.objects.filter(email=email).first()
    created = user is None
    if created:
        user = User(
            email=email, name=name or email.partition("@")[0], email_verified_at=timezone.now()
        )
        if password:
            _check_password(password, user)
            user.set_password(password)
        else:
            user.set_unusable_password()
        full_clean(user, exclude=["password"], validate_unique=False)
        user.save()
    Membership.objects.get_or_create(user=user, organisation=operator, role=Role.PLATFORM_ADMIN)
    audit.record(
        Verb.PLATFORM_ADMIN_BOOTSTRAPPED,
        actor=SYSTEM,
        obj=user,
        organisation=operator,
        payload={"created_user": created},
    )
    return user
