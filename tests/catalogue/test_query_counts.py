"""Catalogue lists take as many queries for six rows as for two (tests/query_counts.py)."""

import pytest

from openbuy.catalogue import actions
from openbuy.catalogue.models import Service
from tests import helpers
from tests.api_client import ApiClient as Client
from tests.frameworks import factories as f
from tests.query_counts import queries, same_queries

pytestmark = pytest.mark.django_db


def offers(suppliers, per_supplier=1):
    return {
        s: [
            ("cloud-hosting", f.service_answers(f"Hosting {s.pk} {n}")) for n in range(per_supplier)
        ]
        for s in suppliers
    }


def test_search_page_and_api_take_the_same_queries_for_two_services_as_for_six(
    django_assert_max_num_queries,
):
    manager, authority = f.manager()
    suppliers = f.suppliers(6)
    f.live_gcloud(offers(suppliers[:2]), actor=manager, authority=authority)
    client = Client()
    paths = ["/services/", "/services/?q=hosting", "/api/v1/services", "/api/v1/services?q=hosting"]
    counts = {path: queries(client, path) for path in paths}
    # The family's next iteration goes live with six suppliers' services (the first
    # iteration's leave search), on as many lots.
    f.live_gcloud(offers(suppliers), actor=manager, authority=authority, slug="g-cloud-15")
    assert Service.objects.filter(framework__slug="g-cloud-15").count() == 6
    for path, count in counts.items():
        same_queries(client, path, count, django_assert_max_num_queries)


def _edit(service, owner, n):
    actions.service_edit(
        actor=owner,
        service=Service.objects.get(pk=service.pk),
        section="description",
        submitted={
            "serviceName": f"Hosting {n}",
            "serviceDescription": "Hosting in Scotland",
            "serviceFeatures": ["Fast"],
            "serviceBenefits": ["Safe"],
        },
    )


def test_versions_reviews_and_projects_take_the_same_queries_for_two_rows_as_for_six(
    django_assert_max_num_queries,
):
    manager, authority = f.manager()
    suppliers = f.suppliers(2)
    framework = f.live_gcloud(offers(suppliers, per_supplier=3), actor=manager, authority=authority)
    lot = framework.lots.get(slug="cloud-hosting")
    services = list(Service.objects.filter(supplier=suppliers[0]))
    owner = f.supplier_owner(suppliers[0])
    buyer = helpers.user("morag@gov.scot", purpose="buyer")

    def projects(count):
        for n in range(count):
            project = actions.project_create(
                actor=buyer, buyer=authority, name=f"P{n}", lot=lot, keywords="hosting"
            )
            if n % 2:
                actions.project_end(actor=buyer, project=project)

    _edit(services[0], owner, 2)
    _edit(services[1], owner, 2)
    projects(2)
    supplier, managing, buying = Client(), Client(), Client()
    supplier.force_login(owner)
    managing.force_login(manager)
    buying.force_login(buyer)
    sid = services[0].service_id
    asked = [
        (supplier, f"/services/{sid}/versions/"),
        (supplier, f"/api/v1/services/{sid}/versions"),
        (managing, f"/frameworks/{framework.slug}/reviews/"),
        (buying, "/direct-award/"),
        (buying, "/api/v1/projects"),
    ]
    counts = [queries(client, path) for client, path in asked]
    for n in range(3, 7):
        _edit(services[0], owner, n)
    for service in services[1:]:
        for n in range(3, 5):
            _edit(service, owner, n)
    projects(4)
    for (client, path), count in zip(asked, counts, strict=True):
        same_queries(client, path, count, django_assert_max_num_queries)
