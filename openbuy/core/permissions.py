from .actors import is_system


def is_platform_admin(actor) -> bool:
    """The system actor and platform admins may administer the whole instance."""
    return is_system(actor) or bool(getattr(actor, "is_platform_admin", False))
