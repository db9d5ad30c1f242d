"""Organisation, member, invitation and audit lists take as many queries for six rows as
for two (tests/query_counts.py)."""

import pytest

from openbuy.accounts import actions
from openbuy.accounts.models import Role
from tests import helpers
from tests.api_client import ApiClient as Client
from tests.query_counts import queries, same_queries

pytestmark = pytest.mark.django_db


def test_lists_of_organisations_people_and_events_take_the_same_queries_for_two_as_for_six(
    django_assert_max_num_queries,
):
    owner = helpers.user("owner@thistle.example")
    org = helpers.supplier(owner)
    admin = helpers.platform_admin()

    def grow(numbers):
        for n in numbers:
            helpers.supplier(
                helpers.user(f"boss{n}@firm{n}.example"),
                name=f"Firm {n}",
                registration_number=f"SC{n:06d}",
            )
            helpers.member(org, f"dev{n}@thistle.example")
            actions.invitation_create(
                actor=owner,
                organisation=org,
                email=f"new{n}@thistle.example",
                role=Role.SUPPLIER_MEMBER,
            )
            actions.api_token_create(actor=owner, name=f"token {n}")

    grow(range(2))
    as_owner, as_admin = Client(), Client()
    as_owner.force_login(owner)
    as_admin.force_login(admin)
    asked = [
        (Client(), "/organisations/"),
        (Client(), "/api/v1/organisations"),
        (as_owner, f"/organisations/{org.slug}/members/"),
        (as_owner, f"/api/v1/organisations/{org.slug}/members"),
        (as_owner, f"/api/v1/organisations/{org.slug}/invitations"),
        (as_owner, "/api/v1/me/memberships"),
        (as_owner, "/account/api-tokens/"),
        (as_owner, f"/organisations/{org.slug}/audit/"),
        (as_owner, f"/api/v1/organisations/{org.slug}/audit-events"),
        (as_admin, "/platform/audit/"),
    ]
    counts = [queries(client, path) for client, path in asked]
    grow(range(2, 6))
    for (client, path), count in zip(asked, counts, strict=True):
        same_queries(client, path, count, django_assert_max_num_queries)
