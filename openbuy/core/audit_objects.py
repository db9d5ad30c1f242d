"""How the audit trail names the objects its events are about, and links to their pages.

An event stores only `object_type` ("frameworks.framework") and `object_id`. Each app says
how to name and link its own types with `register()` in its `AppConfig.ready()`, so core
never imports the apps above it. `describe()` resolves a page of events with one query per
object type on the page, however many events there are. A link is given only to a reader
the page lets in (a supplier's application is the supplier's page for its people and the
evaluation page for the framework's managers, and no link for anyone else).
"""

import contextlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import models


@dataclass(frozen=True)
class Viewer:
    """Who reads the trail: a platform admin or not, and their roles in each organisation
    (read once for the page), so each link can be checked without a query per event."""

    is_admin: bool = False
    roles: Mapping[int, frozenset[str]] = field(default_factory=dict)

    def holds(self, organisation_id, *roles: str) -> bool:
        """Holds any of `roles` in the organisation (any role at all when none is named)."""
        held = self.roles.get(organisation_id, frozenset())
        return bool(held & set(roles)) if roles else bool(held)


NOBODY = Viewer()


@dataclass(frozen=True)
class ObjectType:
    model: type[models.Model]
    kind: str  # what it is, for people: "Framework"
    name: Callable[[models.Model], str]
    # The object's page for this reader, or "" when the page would not let them in.
    url: Callable[[models.Model, Viewer], str] | None
    related: tuple[str, ...]


@dataclass(frozen=True)
class AuditObject:
    kind: str
    name: str
    url: str = ""
    gone: bool = False  # deleted since the event


_TYPES: dict[str, ObjectType] = {}


def register(
    model: type[models.Model],
    *,
    kind,
    name: Callable[[models.Model], str] = str,
    url: Callable[[models.Model, Viewer], str] | None = None,
    related: Iterable[str] = (),
    former: Iterable[str] = (),
) -> None:
    """Declare how events on `model` name and link their object. `name` and `url` must
    not query: list what they read through relations in `related` (select_related).
    `former` lists the model's object types in earlier versions (before it moved to
    another app), so the events recorded then resolve too."""
    object_type = ObjectType(model, kind, name, url, tuple(related))
    for type_name in (model._meta.label_lower, *former):
        _TYPES[type_name] = object_type


def describe(events: Iterable, viewer: Viewer = NOBODY) -> dict[tuple[str, str], AuditObject]:
    """Each event's object, keyed by (object_type, object_id), linked for `viewer`."""
    wanted: dict[str, set] = defaultdict(set)
    keys = set()
    for event in events:
        keys.add((event.object_type, event.object_id))
        object_type = _TYPES.get(event.object_type)
        if object_type is not None and event.object_id:
            # An id that is not this model's key cannot name a row.
            with contextlib.suppress(ValidationError):
                wanted[event.object_type].add(object_type.model._meta.pk.to_python(event.object_id))
    found: dict[tuple[str, str], AuditObject] = {}
    for type_name, ids in wanted.items():
        object_type = _TYPES[type_name]
        rows = object_type.model._default_manager.all()
        if object_type.related:
            rows = rows.select_related(*object_type.related)
        for pk, obj in rows.in_bulk(ids).items():
            found[(type_name, str(pk))] = AuditObject(
                kind=str(object_type.kind),
                name=str(object_type.name(obj)),
                url=object_type.url(obj, viewer) if object_type.url else "",
            )
    return {key: found.get(key) or _missing(*key) for key in keys}


def _missing(type_name: str, object_id: str) -> AuditObject:
    """An object since deleted (its kind and number), or of a type no app declared."""
    object_type = _TYPES.get(type_name)
    if object_type is None:
        return AuditObject(kind="", name=f"{type_name}:{object_id}" if type_name else "")
    return AuditObject(
        kind=str(object_type.kind), name=f"{object_type.kind} {object_id}", gone=True
    )
