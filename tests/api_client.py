"""A test client for the API that checks every error it receives against the OpenAPI
document: the body is a problem (application/problem+json) and the operation documents
the status. Every API test that uses it checks the document against what really happens."""

import functools
import json
import re

from django.test import Client
from django.urls import Resolver404, resolve

from openbuy.accounts import actions as accounts
from openbuy.api import api


@functools.cache
def documented_statuses() -> dict[tuple[str, str], set[int]]:
    schema = api.get_openapi_schema()
    return {
        (path, method.upper()): {int(status) for status in operation["responses"]}
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
    }


def operation_of(path: str, method: str) -> tuple[str, str] | None:
    """The OpenAPI path and method that answered, or None for an unknown address."""
    try:
        route = resolve(path).route
    except Resolver404:
        return None
    key = ("/" + re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", route), method)
    return key if key in documented_statuses() else None


def check_error(response, path: str, method: str) -> None:
    assert response["Content-Type"] == "application/problem+json", (
        f"{method} {path} answered {response.status_code} as {response['Content-Type']}"
    )
    if method != "HEAD":  # a HEAD answer has the headers of a GET's, and no body
        assert response.json()["status"] == response.status_code
    operation = operation_of(path, method)
    if operation is not None:
        assert response.status_code in documented_statuses()[operation], (
            f"{method} {operation[0]} answered {response.status_code}, which its OpenAPI "
            f"document does not list: {sorted(documented_statuses()[operation])}"
        )


class ApiClient(Client):
    def request(self, **request):
        response = super().request(**request)
        path, method = request["PATH_INFO"], request["REQUEST_METHOD"]
        if path.startswith("/api/v1/") and response.status_code >= 400:
            check_error(response, path, method)
        return response


def api_for(person) -> ApiClient:
    """A client of the API signed in with a new token of `person`'s."""
    _token, secret = accounts.api_token_create(actor=person, name="tests")
    return ApiClient(HTTP_AUTHORIZATION=f"Bearer {secret}")


def send(client, method, path, data=None):
    return getattr(client, method)(path, json.dumps(data or {}), content_type="application/json")
