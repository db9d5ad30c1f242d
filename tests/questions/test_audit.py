"""Question sets' audit events, before and after they had their own app: events recorded
before issue 8 name them "frameworks.questionset", and the hash chain forbids rewriting
them, so the trail reads both names as question sets."""

import pytest

from openbuy.accounts.selectors import audit_events_visible_to, audit_viewer
from openbuy.core import audit, audit_objects
from openbuy.core.models import AuditEvent
from tests.frameworks import factories as f

pytestmark = pytest.mark.django_db


@audit.action
def _recorded_before_the_move(*, actor, question_set):
    """The event question_set_create wrote while question sets belonged to frameworks."""
    audit.record(
        "question_set.created",
        actor=actor,
        object_type="frameworks.questionset",
        object_id=question_set.pk,
        organisation=question_set.authority,
        payload={"slug": question_set.slug, "version": question_set.version},
    )


def test_old_and_new_events_on_a_question_set_show_and_link_in_the_trail(client):
    manager, authority = f.manager()
    question_set = f.question_set(authority, "g-cloud-hosting", actor=manager)
    _recorded_before_the_move(actor=manager, question_set=question_set)
    events = list(AuditEvent.objects.filter(verb="question_set.created").order_by("seq"))
    assert [e.object_type for e in events] == ["questions.questionset", "frameworks.questionset"]

    assert set(events) <= set(audit_events_visible_to(manager))
    described = audit_objects.describe(events, audit_viewer(manager))
    url = f"/question-sets/{question_set.pk}/"
    for event in events:
        shown = described[(event.object_type, event.object_id)]
        assert (shown.kind, shown.name, shown.url, shown.gone) == (
            "Question set",
            "Cloud hosting services, version 1",
            url,
            False,
        )

    client.force_login(manager)
    page = client.get(f"/organisations/{authority.slug}/audit/")
    assert page.status_code == 200
    assert page.content.decode().count(f'href="{url}"') == 2
    assert "Added question set version" in page.content.decode()
