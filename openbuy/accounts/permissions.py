"""Who may do what in an organisation. Roles are held per membership."""

from openbuy.core.permissions import is_platform_admin

from .models import Organisation, Role

Kind = Organisation.Kind

# The roles each kind of organisation can hold.
ROLES_BY_KIND: dict[str, tuple[str, ...]] = {
    Kind.BUYER: (Role.BUYER, Role.EVALUATOR, Role.CHALLENGE_SPONSOR),
    Kind.AUTHORITY: (Role.BUYER, Role.EVALUATOR, Role.CHALLENGE_SPONSOR, Role.FRAMEWORK_MANAGER),
    Kind.SUPPLIER: (Role.SUPPLIER_ADMIN, Role.SUPPLIER_MEMBER),
    Kind.OPERATOR: (Role.PLATFORM_ADMIN,),
}

# Which roles a holder of a role may give to colleagues (and take away): never one above
# their own, so a buyer cannot make themselves a framework manager.
GRANTS: dict[str, dict[str, tuple[str, ...]]] = {
    Kind.BUYER: {
        Role.BUYER: (Role.BUYER, Role.EVALUATOR),
        Role.CHALLENGE_SPONSOR: (Role.CHALLENGE_SPONSOR, Role.EVALUATOR),
    },
    Kind.AUTHORITY: {
        Role.FRAMEWORK_MANAGER: ROLES_BY_KIND[Kind.AUTHORITY],
        Role.BUYER: (Role.BUYER, Role.EVALUATOR),
        Role.CHALLENGE_SPONSOR: (Role.CHALLENGE_SPONSOR, Role.EVALUATOR),
    },
    Kind.SUPPLIER: {Role.SUPPLIER_ADMIN: ROLES_BY_KIND[Kind.SUPPLIER]},
    Kind.OPERATOR: {Role.PLATFORM_ADMIN: ROLES_BY_KIND[Kind.OPERATOR]},
}

# Roles that include others: a supplier admin can do all a supplier member can, so an
# admin is never invited to be a member too. Other roles add to each other.
INCLUDED_ROLES: dict[str, tuple[str, ...]] = {Role.SUPPLIER_ADMIN: (Role.SUPPLIER_MEMBER,)}

# Roles open to people outside a buyer body's own e-mail domains (external evaluators).
OPEN_TO_OUTSIDERS = (Role.EVALUATOR,)


def roles_in(user, organisation: Organisation) -> set[str]:
    if not getattr(user, "is_authenticated", False) or user.pk is None:
        return set()
    return set(organisation.memberships.filter(user=user).values_list("role", flat=True))


def is_member(user, organisation: Organisation) -> bool:
    return bool(roles_in(user, organisation)) or is_platform_admin(user)


def grantable_roles(user, organisation: Organisation) -> tuple[str, ...]:
    """Roles this person may invite colleagues to, or remove them from."""
    if is_platform_admin(user):
        return ROLES_BY_KIND[organisation.kind]
    grants = GRANTS[organisation.kind]
    allowed = {role for held in roles_in(user, organisation) for role in grants.get(held, ())}
    return tuple(role for role in ROLES_BY_KIND[organisation.kind] if role in allowed)


def can_manage_members(user, organisation: Organisation) -> bool:
    return bool(grantable_roles(user, organisation))


def managing_roles(organisation: Organisation) -> tuple[str, ...]:
    return tuple(GRANTS[organisation.kind])


def can_edit_supplier(user, organisation: Organisation) -> bool:
    if organisation.kind != Kind.SUPPLIER:
        return False
    return is_platform_admin(user) or Role.SUPPLIER_ADMIN in roles_in(user, organisation)


def supplier_roles(user, supplier: Organisation) -> tuple[bool, bool]:
    """(works for the supplier, is its admin), from one read of the person's roles."""
    roles = roles_in(user, supplier) if supplier.kind == Organisation.Kind.SUPPLIER else set()
    return bool(roles & {Role.SUPPLIER_ADMIN, Role.SUPPLIER_MEMBER}), Role.SUPPLIER_ADMIN in roles


def works_for(user, supplier: Organisation) -> bool:
    """The supplier's people (admins and members) act for it."""
    return supplier.kind == Organisation.Kind.SUPPLIER and bool(
        roles_in(user, supplier) & {Role.SUPPLIER_ADMIN, Role.SUPPLIER_MEMBER}
    )


def admin_of(user, supplier: Organisation) -> bool:
    return Role.SUPPLIER_ADMIN in roles_in(user, supplier)
