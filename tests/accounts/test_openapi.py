"""The committed OpenAPI document is the one the code generates."""

import json
from pathlib import Path

from openbuy.api import api

COMMITTED = Path(__file__).resolve().parents[2] / "docs" / "openapi.json"


def test_committed_openapi_document_matches_the_code():
    generated = json.loads(json.dumps(api.get_openapi_schema(), sort_keys=True, default=str))
    committed = json.loads(COMMITTED.read_text())
    assert committed == generated, "run `make openapi` and commit docs/openapi.json"


def test_every_endpoint_is_described_and_the_version_is_3_1():
    schema = api.get_openapi_schema()
    assert schema["openapi"].startswith("3.1")
    paths = schema["paths"]
    for path in [
        "/api/v1/me",
        "/api/v1/me/memberships",
        "/api/v1/jurisdictions",
        "/api/v1/organisations/{slug}",
        "/api/v1/suppliers",
        "/api/v1/organisations/{slug}/invitations",
        "/api/v1/invitations/accept",
        "/api/v1/organisations/{slug}/audit-events",
    ]:
        assert path in paths, path
