"""Forms of the framework pages sent back unchanged, as a browser sends them (line breaks
as CR LF): the declaration and a complete draft keep their answers and status and no audit
event is written; copying services with none chosen is a form error; a question set's
version saved unchanged adds no version (the role journeys found each of these)."""

import json

import pytest

from openbuy.core.models import AuditEvent
from openbuy.frameworks import actions
from openbuy.frameworks.models import Application, DraftService
from openbuy.questions.models import QuestionSet
from tests import helpers
from tests.frameworks import factories as f
from tests.frameworks.helpers import TWO_PARAGRAPHS, as_sent

pytestmark = pytest.mark.django_db


@pytest.fixture
def application(client):
    manager, authority = f.manager()
    framework = f.gcloud(authority, manager)
    (supplier,) = f.suppliers(1)
    answers = f.service_answers("Secure hosting", serviceDescription=TWO_PARAGRAPHS)
    application = f.apply(framework, supplier, [("cloud-hosting", answers)], submit=False)
    client.force_login(f.supplier_owner(supplier))
    return Application.objects.get(pk=application.pk)


def _base(application) -> str:
    return f"/frameworks/{application.framework.slug}/apply/{application.supplier.slug}/"


def test_a_complete_draft_saved_unchanged_stays_complete_with_no_event(client, application):
    draft = application.services.get()
    assert draft.status == DraftService.Status.COMPLETE
    answers, events = draft.answers, AuditEvent.objects.count()
    document = draft.lot.questions.doc
    for section in document.sections:
        url = f"{_base(application)}services/{draft.pk}/{section.slug}/"
        response = client.post(url, as_sent(document, section, answers))
        assert response.status_code == 302, section.slug
    draft = DraftService.objects.get(pk=draft.pk)
    assert draft.status == DraftService.Status.COMPLETE
    assert draft.answers == answers
    assert draft.answers["serviceDescription"] == TWO_PARAGRAPHS
    assert AuditEvent.objects.count() == events


def test_a_draft_saved_with_a_change_is_no_longer_complete(application):
    """Saving a complete draft reopens it, recorded as `draft.reopened`; saving it again
    while open is a plain `draft.saved`."""
    draft = application.services.get()
    owner = f.supplier_owner(application.supplier)
    section = draft.lot.questions.doc.section("description")
    submitted = {q.id: draft.answers.get(q.id) for q in section.questions}
    saved = helpers.events("draft.saved").count()
    for name in ("Secure hosting plus", "Secure hosting extra"):
        actions.draft_save(
            actor=owner,
            draft=draft,
            section="description",
            submitted={**submitted, "serviceName": name},
        )
    draft = DraftService.objects.get(pk=draft.pk)
    assert draft.status == DraftService.Status.DRAFT
    assert draft.answers["serviceName"] == "Secure hosting extra"
    reopened = helpers.events("draft.reopened").get()
    assert (reopened.actor_id, reopened.object_id) == (owner.pk, str(draft.pk))
    assert reopened.organisation_id == application.supplier_id
    assert reopened.payload == {"section": "description"}
    assert helpers.events("draft.saved").count() == saved + 1


def test_the_declaration_saved_unchanged_writes_no_event(client, application):
    document = application.framework.declaration.doc
    events = AuditEvent.objects.count()
    for section in document.sections:
        url = f"{_base(application)}declaration/{section.slug}/"
        response = client.post(url, as_sent(document, section, application.declaration))
        assert response.status_code == 302, section.slug
    assert AuditEvent.objects.count() == events
    declaration = application.declaration
    application = Application.objects.get(pk=application.pk)
    assert application.declaration == declaration


def test_copying_services_with_none_chosen_is_a_form_error(client, application):
    url = f"{_base(application)}services/copy/"
    response = client.post(url, {})
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert 'href="#id_source_0">Choose at least one service to copy</a>' in page
    assert application.services.count() == 1
    response = client.post(url, {"source": ["not-a-service"]})
    assert "Choose at least one service to copy" in response.content.decode()
    draft = application.services.get()
    response = client.post(url, {"source": [f"draft-{draft.pk}"]})
    assert response.url == _base(application)
    assert application.services.count() == 2


def test_a_question_sets_version_saved_unchanged_adds_no_version(client):
    """ "Make a new version from this one", saved as it is, in the set's own authority (an
    admin was given the first authority's instead, so a copy went to the wrong one)."""
    _manager, scotland = f.manager()
    _au_manager, australia = f.manager("jordan@dta.gov.au", "Digital Transformation Agency")
    hosting = f.question_set(scotland, "g-cloud-hosting")  # not the first authority by name
    client.force_login(helpers.platform_admin())
    url = f"/question-sets/new/?from={hosting.pk}"
    caption = '<span class="govuk-caption-l">Scottish Government</span>'
    assert caption in client.get(url).content.decode()
    shown = json.dumps(hosting.document, indent=2)
    events = AuditEvent.objects.count()
    response = client.post(url, {"slug": hosting.slug, "document": shown.replace("\n", "\r\n")})
    assert response.url == f"/question-sets/{hosting.pk}/"
    assert "You did not change anything" in client.get(response.url).content.decode()
    assert AuditEvent.objects.count() == events
    assert list(QuestionSet.objects.values_list("authority", "version")) == [(scotland.pk, 1)]
    changed = shown.replace("Service name", "Name of the service")
    response = client.post(url, {"slug": hosting.slug, "document": changed})
    assert "Version 2 of g-cloud-hosting is saved" in client.get(response.url).content.decode()
    assert QuestionSet.objects.filter(authority=scotland, version=2).exists()
    assert not QuestionSet.objects.filter(authority=australia).exists()
