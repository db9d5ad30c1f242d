"""A live service's section and a project's search sent back unchanged, as a browser sends
them: no new version, no audit event, and the page says that nothing changed rather than
"live as version 1" or "updated" (the role journeys found both)."""

import pytest

from openbuy.catalogue import actions
from openbuy.catalogue.models import Project, Service
from openbuy.core.models import AuditEvent
from tests import helpers
from tests.frameworks import factories as f
from tests.frameworks.helpers import TWO_PARAGRAPHS, as_sent

pytestmark = pytest.mark.django_db


@pytest.fixture
def service():
    manager, authority = f.manager()
    (supplier,) = f.suppliers(1)
    answers = f.service_answers("Secure hosting", serviceDescription=TWO_PARAGRAPHS)
    f.live_gcloud({supplier: [("cloud-hosting", answers)]}, actor=manager, authority=authority)
    return Service.objects.select_related("current", "lot__questions", "supplier").get()


def test_each_section_of_a_live_service_saved_unchanged_makes_no_version(client, service):
    client.force_login(f.supplier_owner(service.supplier))
    document = service.lot.questions.doc
    version, events = service.current, AuditEvent.objects.count()
    for section in document.sections:
        url = f"/services/{service.service_id}/edit/{section.slug}/"
        response = client.post(url, as_sent(document, section, version.answers))
        assert response.status_code == 302, section.slug
        page = client.get(response.url).content.decode()
        assert "You did not change anything" in page, section.slug
        assert "live as version" not in page
    service = Service.objects.get(pk=service.pk)
    assert service.current_id == version.pk
    assert service.versions.count() == 1
    assert AuditEvent.objects.count() == events


def test_a_changed_section_still_says_which_version_is_live(client, service):
    client.force_login(f.supplier_owner(service.supplier))
    section = service.lot.questions.doc.section("description")
    sent = as_sent(service.lot.questions.doc, section, service.current.answers)
    url = f"/services/{service.service_id}/edit/description/"
    response = client.post(url, {**sent, "serviceName": "Secure hosting plus"})
    page = client.get(response.url).content.decode()
    assert "Your changes are live as version 2" in page


def test_a_projects_search_saved_unchanged_changes_nothing(client, service):
    body = helpers.buyer_body()
    buyer = helpers.user("morag@sepa.org.uk", purpose="buyer")
    project = actions.project_create(
        actor=buyer, buyer=body, name="Hosting", lot=service.lot, keywords="hosting"
    )
    client.force_login(buyer)
    events = AuditEvent.objects.count()
    search = f"?lot={service.lot.pk}&q=hosting&project={project.pk}"
    response = client.post(f"/direct-award/{project.pk}/search/{search}")
    assert response.url == f"/direct-award/{project.pk}/"
    assert "You did not change the search" in client.get(response.url).content.decode()
    assert AuditEvent.objects.count() == events
    assert Project.objects.get(pk=project.pk).searched_at == project.searched_at

    response = client.post(f"/direct-award/{project.pk}/search/?lot={service.lot.pk}&q=secure")
    assert "The project&#x27;s search is updated" in client.get(response.url).content.decode()
    assert Project.objects.get(pk=project.pk).keywords == "secure"
    assert helpers.events("project.search_updated").count() == 1
