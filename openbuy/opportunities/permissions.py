"""Who may do what on a requirement: the members of its buyer team, each with the
permissions they were given. The person who starts a requirement holds them all.

A team member who declared a conflict of interest as an evaluator of the requirement loses
what would let them see or decide on the responses (reading them, running the evaluation,
awarding), whatever they were given."""

from django.utils.translation import gettext_lazy as _

from openbuy.core.errors import Forbidden

from .models import Evaluator, Requirement, TeamMember

Permission = TeamMember.Permission

# What a declared conflict of interest takes away.
CONFLICTED = frozenset({Permission.READ_RESPONSES, Permission.EVALUATE, Permission.AWARD})


def conflicted(user, requirement_id) -> bool:
    return Evaluator.objects.filter(
        requirement_id=requirement_id, user=user, has_conflict=True
    ).exists()


def permissions_of(user, requirement: Requirement) -> frozenset[str]:
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    member = requirement.team.filter(user=user).only("permissions").first()
    if member is None:
        return frozenset()
    held = frozenset(member.permissions)
    if held & CONFLICTED and conflicted(user, requirement.pk):
        held -= CONFLICTED
    return held


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
