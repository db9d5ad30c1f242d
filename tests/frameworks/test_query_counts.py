"""Framework lists take as many queries for six rows as for two (tests/query_counts.py)."""

import pytest

from openbuy.frameworks import actions
from tests.api_client import ApiClient as Client
from tests.frameworks import factories as f
from tests.query_counts import queries, same_queries

pytestmark = pytest.mark.django_db

DOS_SETS = ["dos-declaration", "dos-outcomes", "dos-specialists", "dos-user-research"]


def signed_in(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def test_frameworks_and_question_sets_take_the_same_queries_for_two_as_for_six(
    django_assert_max_num_queries,
):
    manager, authority = f.manager()
    for n in range(2):
        f.gcloud(authority, manager, slug=f"g-cloud-{n}", family=f"g-cloud-{n}")
    asked = [
        (Client(), "/frameworks/"),
        (Client(), "/api/v1/frameworks"),
        (signed_in(manager), "/frameworks/"),
        (signed_in(manager), "/question-sets/"),
        (signed_in(manager), "/api/v1/question-sets"),
    ]
    counts = [queries(client, path) for client, path in asked]
    for n in range(2, 6):
        f.gcloud(authority, manager, slug=f"g-cloud-{n}", family=f"g-cloud-{n}")
    for name in DOS_SETS:  # four question sets more: eight in all
        f.question_set(authority, name)
    for (client, path), count in zip(asked, counts, strict=True):
        same_queries(client, path, count, django_assert_max_num_queries)


def test_applications_and_clarifications_take_the_same_queries_for_two_as_for_six(
    django_assert_max_num_queries,
):
    manager, authority = f.manager()
    framework = f.gcloud(authority, manager)
    suppliers = f.suppliers(6)

    def grow(among):
        for supplier in among:
            f.apply(framework, supplier)
            question = actions.clarification_ask(
                actor=f.supplier_owner(supplier),
                framework=framework,
                supplier=supplier,
                question=f"May {supplier.name} offer support?",
            )
            actions.clarification_publish(actor=manager, clarification=question, answer="Yes")

    grow(suppliers[:2])
    slug = framework.slug
    asked = [
        (signed_in(manager), f"/frameworks/{slug}/applications/"),
        (signed_in(manager), f"/frameworks/{slug}/applications/?format=csv"),
        (Client(), f"/frameworks/{slug}/clarifications/"),
        (Client(), f"/api/v1/frameworks/{slug}/clarifications"),
    ]
    counts = [queries(client, path) for client, path in asked]
    grow(suppliers[2:])
    for (client, path), count in zip(asked, counts, strict=True):
        same_queries(client, path, count, django_assert_max_num_queries)


def test_the_api_list_of_applications_takes_the_same_queries_for_two_as_for_six(
    django_assert_max_num_queries,
):
    manager, authority = f.manager()
    framework = f.gcloud(authority, manager)
    suppliers = f.suppliers(6)
    for supplier in suppliers[:2]:
        f.apply(framework, supplier)
    client, path = signed_in(manager), f"/api/v1/frameworks/{framework.slug}/applications"
    count = queries(client, path)
    for supplier in suppliers[2:]:
        f.apply(framework, supplier)
    same_queries(client, path, count, django_assert_max_num_queries)
