"""Who performs an action: a signed-in user, or the system itself (commands, demo data)."""


class SystemActor:
    """Used by operators' commands; the audit trail records it as actor 'system'."""

    pk = None
    id = None
    is_authenticated = True
    is_system = True

    def __repr__(self) -> str:
        return "SYSTEM"

    def __str__(self) -> str:
        return "system"


SYSTEM = SystemActor()


def is_system(actor) -> bool:
    return actor is SYSTEM
