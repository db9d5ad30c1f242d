"""Review finding 7: every field error the API gives is written for people, in the asker's
language; none is pydantic's English. Walks every operation's request body and query
parameters with values of the wrong type, so a new field or type cannot slip through."""

import json
import re

import pytest
from django.db import connection
from django.test import override_settings

from openbuy.accounts import actions as accounts
from openbuy.api import api
from tests.api_client import ApiClient as Client
from tests.frameworks import factories as f

pytestmark = pytest.mark.django_db

# Values of every JSON type, and text that parses as no date, number or choice.
WRONG = [1.5, True, "1.5", "x", "2027-02-30", "2027-01-01T10:00:00", [], {}, [1], {"a": 1}]
WRONG += [None, 2**40, -1, "", "a" * 6000, "-", 0]
WRONG_IN_QUERY = ["1.5", "x", "", "-1", "2027-02-30", "true", "9" * 30]
# Pydantic's English, for programmers: none of it may reach a person.
PYDANTIC = re.compile(
    r"input should|should (be|have)|field required|extra inputs|datetimes provided|"
    r"unable to|value error|is not a valid|error parsing|fractional part|invalid character",
    re.IGNORECASE,
)


def _resolve(schema: dict, components: dict) -> dict:
    if "$ref" in schema:
        return components[schema["$ref"].rsplit("/", 1)[1]]
    return schema


def _nested(schema: dict, components: dict) -> dict | None:
    """The object schema a property holds (itself, as a list item or as one choice)."""
    schema = _resolve(schema, components)
    for choice in schema.get("anyOf", []):
        if (found := _nested(choice, components)) is not None:
            return found
    if schema.get("type") == "array":
        return _nested(schema.get("items", {}), components)
    return schema if "properties" in schema else None


def _bodies(schema: dict, components: dict, value) -> list[dict]:
    """Every property set to value; then each nested object's properties, alone and in a
    list, set to it too."""
    schema = _resolve(schema, components)
    properties = schema.get("properties", {})
    bodies = [dict.fromkeys(properties, value)]
    for name, child in properties.items():
        nested = _nested(child, components)
        if nested is not None:
            inner = dict.fromkeys(nested.get("properties", {}), value)
            bodies += [{name: inner}, {name: [inner]}]
    return bodies


def _requests():
    document = api.get_openapi_schema()
    components = document["components"]["schemas"]
    for template, methods in document["paths"].items():
        path = re.sub(r"\{[^}]+\}", "1", template)
        for method, operation in methods.items():
            if method == "head":
                continue  # a GET's answers without their bodies
            body = operation.get("requestBody", {}).get("content", {}).get("application/json")
            if body:
                for value in WRONG:
                    for payload in _bodies(body["schema"], components, value):
                        yield method, path, {"data": json.dumps(payload)}
            query = [p["name"] for p in operation.get("parameters", []) if p["in"] == "query"]
            for value in WRONG_IN_QUERY if query else ():
                yield method, path + "?" + "&".join(f"{name}={value}" for name in query), {}


# The words come from the schemas, before any database is asked: the walk (the suite's
# longest API test) runs once, on the SQLite leg, as the process tests do.
@pytest.mark.skipif(connection.vendor != "sqlite", reason="schema messages; run once")
@override_settings(API_RATE="1000000/m")
def test_no_field_error_is_pydantics_english_in_english_or_french():
    org = f.suppliers(1)[0]
    _token, secret = accounts.api_token_create(actor=f.supplier_owner(org), name="tests")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    leaks, untranslated, checked = set(), set(), 0
    for method, path, body in _requests():
        answers = {}
        for language in ("en", "fr"):
            response = getattr(client, method)(
                path, content_type="application/json", HTTP_ACCEPT_LANGUAGE=language, **body
            )
            if response.status_code != 422:
                break
            answers[language] = response.json()["errors"]
        if len(answers) < 2:
            continue
        for language, errors in answers.items():
            for field, messages in errors.items():
                checked += len(messages)
                leaks.update(f"{language} {field}: {m}" for m in messages if PYDANTIC.search(m))
        for field, messages in answers["en"].items():
            same = set(messages) & set(answers["fr"].get(field, []))
            untranslated.update(m for m in same if re.search(r"[a-z]{3}", m))
    assert checked > 500
    assert not leaks, sorted(leaks)
    assert not untranslated, sorted(untranslated)


@pytest.mark.parametrize(
    ("language", "body", "errors"),
    [
        ("en", {"headcount": 1.5}, {"headcount": ["must be a whole number"]}),
        ("fr", {"headcount": 1.5}, {"headcount": ["doit être un nombre entier"]}),
        ("en", {"headcount": True, "country": 5}, {"country": ["must be text"]}),
    ],
)
def test_the_attackers_repros_are_in_words_for_people(language, body, errors):
    org = f.suppliers(1)[0]
    _token, secret = accounts.api_token_create(actor=f.supplier_owner(org), name="tests")
    response = Client(HTTP_AUTHORIZATION=f"Bearer {secret}").patch(
        f"/api/v1/suppliers/{org.slug}",
        json.dumps(body),
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.status_code == 422
    assert {k: v for k, v in response.json()["errors"].items() if k in errors} == errors


@pytest.mark.parametrize(
    ("opens_on", "message"),
    [(True, "must be a date like 2027-03-31"), ("1.5", "must be a date like 2027-03-31")],
)
def test_a_date_of_the_wrong_type_is_named_in_words_for_people(opens_on, message):
    person, authority = f.manager()
    _token, secret = accounts.api_token_create(actor=person, name="tests")
    response = Client(HTTP_AUTHORIZATION=f"Bearer {secret}").post(
        "/api/v1/frameworks",
        json.dumps({"authority": authority.slug, "opens_on": opens_on}),
        content_type="application/json",
    )
    assert response.json()["errors"]["opens_on"] == [message]


@pytest.mark.parametrize(
    ("body", "where", "detail"),
    [
        ('{"name": "a\\u0000b"}', "name", "Remove the NUL character"),
        ('{"address": {"lines": ["x", "\\u0000"]}}', "address.lines.1", "Remove the NUL"),
        ('{"answers": {"\\u0000": 1}}', "answers", "Remove the NUL character"),
        ('{"headcount": 9223372036854775808}', "headcount", "Numbers must be between"),
        ('{"a": ' + "[" * 40 + "]" * 40 + "}", "a" + ".0" * 31, "nested too deeply"),
    ],
)
def test_a_refused_body_names_the_field_it_is_about(body, where, detail):
    """Review finding 7: these 400s carried `errors: {}`, naming no field."""
    org = f.suppliers(1)[0]
    _token, secret = accounts.api_token_create(actor=f.supplier_owner(org), name="tests")
    response = Client(HTTP_AUTHORIZATION=f"Bearer {secret}").patch(
        f"/api/v1/suppliers/{org.slug}", body, content_type="application/json"
    )
    assert response.status_code == 400
    problem = response.json()
    assert detail in problem["detail"]
    assert problem["errors"] == {where: [problem["detail"]]}
    assert problem["title"] == "Check what you sent"
    assert problem["type"] == "https://openbuy.dev/problems/unreadable"


def test_a_bad_query_parameter_is_named_and_every_problem_has_a_specific_type():
    f.suppliers(1)
    response = Client().get("/api/v1/organisations?kind=a%00b")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["kind"]
    unknown = Client().get("/api/v1/nothing-here")
    assert unknown.json()["type"] == "https://openbuy.dev/problems/notfound"
    wrong_method = Client().delete("/api/v1/jurisdictions")
    assert wrong_method.json()["type"] == "https://openbuy.dev/problems/method-not-allowed"


def test_an_actions_invalid_has_the_apis_one_title():
    """Review finding 7: pydantic's 422 said "Check what you sent", an action's "Check what
    you entered"."""
    f.suppliers(1)
    response = Client().get("/api/v1/services?lot=999")
    assert response.status_code == 422
    assert response.json()["errors"] == {"lot": ["No live lot has that id"]}
    assert response.json()["title"] == "Check what you sent"
    assert response.json()["type"] == "https://openbuy.dev/problems/invalid"
