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

# Holders of these roles invite colleagues and manage the organisation's members.
MANAGER_ROLES: dict[str, tuple[str, ...]] = {
    Kind.BUYER: (Role.BUYER,),
    Kind.AUTHORITY: (Role.FRAMEWORK_MANAGER, Role.BUYER),
    Kind.SUPPLIER: (Role.SUPPLIER_ADMIN,),
    Kind.OPERATOR: (Role.PLATFORM_ADMIN,),
}


def roles_in(user, organisation: Organisation) -> set[str]:
    if not getattr(user, "is_authenticated", False) or user.pk is None:
        return set()
    return set(organisation.memberships.filter(user=user).values_list("role", flat=True))


def is_member(user, organisation: Organisation) -> bool:
    return bool(roles_in(user, organisation)) or is_platform_admin(user)


def can_manage_members(user, organisation: Organisation) -> bool:
    if is_platform_admin(user):
        return True
    return bool(roles_in(user, organisation) & set(MANAGER_ROLES[organisation.kind]))


def grantable_roles(user, organisation: Organisation) -> tuple[str, ...]:
    """Roles a manager may invite people to: any the organisation's kind can hold."""
    return ROLES_BY_KIND[organisation.kind] if can_manage_members(user, organisation) else ()


def can_edit_supplier(user, organisation: Organisation) -> bool:
    return organisation.kind == Kind.SUPPLIER and can_manage_members(user, organisation)
