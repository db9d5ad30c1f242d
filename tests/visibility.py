"""What the visibility tests of each app share: a client for each kind of person (one that
checks API answers against the OpenAPI document), and what a page or an API answer tells
them, in the words of docs/visibility.md."""

from tests.api_client import ApiClient


def client_of(person) -> ApiClient:
    client = ApiClient()
    if person is not None:
        client.force_login(person)
    return client


def answer(response) -> str:
    """What a page or an API answer tells the person, in the rule's words."""
    if response.status_code == 200:
        return "shown"
    if response.status_code == 404:
        return "hidden"
    if response.status_code == 401 or (
        response.status_code == 302 and response.url.startswith("/account/sign-in/")
    ):
        return "sign in"
    return f"answered {response.status_code}"
