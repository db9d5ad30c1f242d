"""Who may read an audit event: whoever may see the object it is about.

Each app declares, for each kind of object it audits, the objects a person may see (through
the selectors that govern them), in its AppConfig.ready(); core never imports the apps. An
event whose kind of object nobody declared shows to platform admins only, so a new kind is
hidden until its app says who sees it. Events marked public show to every reader.
"""

from collections.abc import Callable

from django.db.models import CharField, Q, QuerySet
from django.db.models.functions import Cast

from .models import AuditEvent
from .permissions import is_platform_admin

# object type ("app_label.model") -> function(user) -> a Q over AuditEvent
RULES: dict[str, Callable[[object], Q]] = {}


def objects_in(visible: QuerySet) -> Q:
    """Events about one of these objects (ids are stored as text in the trail)."""
    return Q(object_id__in=visible.order_by().values_list(Cast("pk", CharField()), flat=True))


def register(object_type: str, rule: Callable[[object], Q | QuerySet]) -> None:
    """`rule(user)` gives the objects of this type the user may see, as a queryset (or a Q
    over AuditEvent, for events about objects since deleted)."""

    def as_q(user) -> Q:
        visible = rule(user)
        return visible if isinstance(visible, Q) else objects_in(visible)

    RULES[object_type] = as_q


def visible(events: QuerySet[AuditEvent], user) -> QuerySet[AuditEvent]:
    """The events among these that the user may read: one query, whatever their kinds."""
    if is_platform_admin(user):
        return events
    allowed = Q(public=True)
    for object_type, rule in RULES.items():
        allowed |= Q(object_type=object_type) & rule(user)
    return events.filter(allowed)
