"""Who may do what on a requirement: the members of its buyer team, each with the
permissions they were given. The person who starts a requirement holds them all."""

from django.utils.translation import gettext_lazy as _

from openbuy.core.errors import Forbidden

from .models import Requirement, TeamMember

Permission = TeamMember.Permission


def permissions_of(user, requirement: Requirement) -> frozenset[str]:
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    member = requirement.team.filter(user=user).only("permissions").first()
    return frozenset(member.permissions) if member else frozenset()


def may(user, requirement: Requirement, permission: str) -> bool:
    return permission in permissions_of(user, requirement)


_REFUSALS = {
    Permission.DRAFT: _("Only members of the requirement's team who may draft can do this"),
    Permission.PUBLISH: _("Only members of the requirement's team who may publish can do this"),
    Permission.ANSWER: _(
        "Only members of the requirement's team who may answer questions can do this"
    ),
    Permission.READ_RESPONSES: _(
        "Only members of the requirement's team who may read responses can do this"
    ),
    Permission.EVALUATE: _(
        "Only members of the requirement's team who may run the evaluation can do this"
    ),
    Permission.AWARD: _("Only members of the requirement's team who may award can do this"),
}


def require(user, requirement: Requirement, permission: str) -> None:
    if not may(user, requirement, permission):
        raise Forbidden(str(_REFUSALS[permission]))
