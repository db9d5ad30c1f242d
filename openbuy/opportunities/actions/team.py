"""A requirement's buyer team: who works on it and what each may do. Changing the team is
for members who may publish, and someone always keeps that permission."""

from django.utils.translation import gettext as _

from openbuy.accounts.models import Role, User
from openbuy.accounts.permissions import roles_in
from openbuy.core import audit
from openbuy.core.errors import Conflict, Invalid, NotFound

from ..models import Requirement, TeamMember
from ..permissions import Permission
from ..verbs import Verb
from .requirements import locked


def _permissions(chosen) -> list[str]:
    """The chosen permissions in their declared order; Invalid if none or unknown."""
    chosen = set(chosen or [])
    unknown = chosen - set(Permission.values)
    if unknown:
        raise Invalid(
            _("%(value)s is not a permission; choose from the list") % {"value": min(unknown)},
            field="permissions",
        )
    if not chosen:
        raise Invalid(_("Choose what they may do"), field="permissions")
    return [value for value in Permission.values if value in chosen]


def _member(requirement: Requirement, member: TeamMember) -> TeamMember:
    found = requirement.team.select_related("user").filter(pk=member.pk).first()
    if found is None:
        raise NotFound(_("That person is not on the requirement's team"))
    return found


def _keeps_a_publisher(requirement: Requirement, member: TeamMember, permissions) -> None:
    if Permission.PUBLISH in permissions or Permission.PUBLISH not in member.permissions:
        return
    others = [m for m in requirement.team.exclude(pk=member.pk) if m.may(Permission.PUBLISH)]
    if not others:
        raise Conflict(
            _(
                "Someone on the team must be able to publish and withdraw: give that "
                "permission to another member first"
            ),
            field="permissions",
        )


def _record(verb, actor, requirement: Requirement, member: TeamMember) -> None:
    audit.record(
        verb,
        actor=actor,
        obj=requirement,
        organisation=requirement.buyer,
        payload={"user": member.user_id, "permissions": list(member.permissions)},
    )


@audit.action
def team_member_add(*, actor, requirement: Requirement, user: User, permissions) -> TeamMember:
    """Put one of the buyer body's buyers on the team, with what they may do."""
    requirement = locked(requirement, actor, Permission.PUBLISH)
    if Role.BUYER not in roles_in(user, requirement.buyer):
        raise Invalid(
            _("Only buyers of %(body)s can join its requirements' teams")
            % {"body": requirement.buyer.name},
            field="user",
        )
    if requirement.team.filter(user=user).exists():
        raise Conflict(_("%(name)s is already on the team") % {"name": user.name}, field="user")
    member = TeamMember.objects.create(
        requirement=requirement, user=user, permissions=_permissions(permissions), added_by=actor
    )
    _record(Verb.TEAM_MEMBER_ADDED, actor, requirement, member)
    return member


@audit.action
def team_member_save(
    *, actor, requirement: Requirement, member: TeamMember, permissions
) -> TeamMember:
    """Change what a team member may do."""
    requirement = locked(requirement, actor, Permission.PUBLISH)
    member = _member(requirement, member)
    permissions = _permissions(permissions)
    if permissions == member.permissions:
        audit.nothing_changed()
        return member
    _keeps_a_publisher(requirement, member, permissions)
    member.permissions = permissions
    member.save(update_fields=["permissions"])
    _record(Verb.TEAM_MEMBER_SAVED, actor, requirement, member)
    return member


@audit.action
def team_member_remove(*, actor, requirement: Requirement, member: TeamMember) -> Requirement:
    """Take someone off the team; the last member who may publish stays."""
    requirement = locked(requirement, actor, Permission.PUBLISH)
    member = _member(requirement, member)
    _keeps_a_publisher(requirement, member, [])
    member.delete()
    _record(Verb.TEAM_MEMBER_REMOVED, actor, requirement, member)
    return requirement
