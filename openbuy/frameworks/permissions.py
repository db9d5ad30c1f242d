"""Who may run a framework and who may apply to it."""

from openbuy.accounts.models import Role
from openbuy.accounts.permissions import roles_in
from openbuy.core.errors import Forbidden
from openbuy.core.permissions import is_platform_admin


def manages(user, framework_or_authority) -> bool:
    """Framework managers of the authority (and platform admins) run its frameworks."""
    authority = getattr(framework_or_authority, "authority", framework_or_authority)
    return is_platform_admin(user) or Role.FRAMEWORK_MANAGER in roles_in(user, authority)


def require_manager(user, framework_or_authority, message) -> None:
    if not manages(user, framework_or_authority):
        raise Forbidden(message)
