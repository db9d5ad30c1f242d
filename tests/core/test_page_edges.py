"""The pages' edges (issue 7, B18, B25, B26): text that is not valid Unicode and bodies that
cannot be read get a GOV.UK error summary, before any view reads them; nothing is saved."""

import io
import json
import re

import pytest
from django.core.management import CommandError, call_command
from django.test import Client, override_settings

from openbuy.accounts.models import User
from openbuy.questions.models import QuestionSet
from tests import helpers
from tests.frameworks import factories as f

pytestmark = pytest.mark.django_db


def refused(response, message, status=400) -> None:
    html = response.content.decode()
    assert response.status_code == status
    assert 'class="govuk-error-summary"' in html
    assert message in html


def sign_up(client, body: bytes, content_type="application/x-www-form-urlencoded"):
    return client.post("/account/sign-up/", body, content_type=content_type)


def test_a_lone_surrogate_in_a_query_string_is_refused(client):
    """B18: a charset parameter makes Django decode the query string as asked, so
    `\\ud800` arrived as a lone surrogate and the search failed with a 500."""
    helpers.jurisdiction()
    response = client.get(
        "/services/?q=%5Cud800", CONTENT_TYPE="text/plain; charset=unicode_escape"
    )
    refused(response, "not valid Unicode text")
    assert client.get("/services/?q=hosting").status_code == 200


@pytest.mark.parametrize(
    "body",
    [
        b"email=a%ED%A0%80%40example.org&name=Sam&password=correct-horse-battery",
        b"email=a%40example.org&name=S%FFam&password=correct-horse-battery",
        b"email=a%40example.org&name=\xed\xa0\x80&password=correct-horse-battery",
    ],
)
def test_text_that_is_not_utf8_is_refused_not_stored_as_replacement_characters(client, body):
    """B18: `%ED%A0%80` (a surrogate, UTF-8-encoded) became U+FFFD and was saved."""
    helpers.jurisdiction()
    refused(sign_up(client, body), "not valid UTF-8 text")
    assert not User.objects.exists()


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("multipart/form-data; boundary=xx", b"the boundary never appears"),
        ("multipart/form-data", b"--xx\r\n"),
        ("multipart/form-data; boundary=", b"--\r\n"),
    ],
)
def test_a_malformed_multipart_body_gets_an_error_summary(client, content_type, body):
    """B26: it re-rendered the form with no message."""
    helpers.jurisdiction()
    refused(sign_up(client, body, content_type), "What you sent could not be read")
    assert not User.objects.exists()


def test_an_empty_multipart_form_is_still_a_form(client):
    helpers.jurisdiction()
    response = client.post("/account/sign-up/", {})
    assert response.status_code == 200
    assert "There is a problem with what you sent" not in response.content.decode()


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
def test_a_form_over_the_upload_limit_gets_an_error_summary(client):
    helpers.jurisdiction()
    body = b"email=a%40example.org&name=" + b"x" * 2000
    refused(sign_up(client, body), "What you sent is larger than 1000\xa0bytes", status=413)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"title": "\\ud800"}', "The text is not valid JSON"),
        ('{"title": "a\\u0000"}', "Remove the NUL character"),
        ("[" * 2000 + "]" * 2000, "nested too deeply"),
        ('{"a": ' + "1" * 5000 + "}", "The text is not valid JSON"),
    ],
)
def test_question_set_uploads_refuse_what_cannot_be_stored(client, text, message):
    """B18, B25: pasted and uploaded question sets, read strictly."""
    person, _authority = f.manager()
    client.force_login(person)
    pasted = client.post("/question-sets/new/", {"slug": "bad", "document": text})
    assert message in pasted.content.decode()
    upload = io.BytesIO(text.encode())
    upload.name = "bad.json"
    uploaded = client.post("/question-sets/new/", {"slug": "bad", "file": upload})
    assert message in uploaded.content.decode()
    assert not QuestionSet.objects.exists()


def _upload(client, content: bytes):
    upload = io.BytesIO(content)
    upload.name = "set.json"
    return client.post("/question-sets/new/", {"slug": "hosting", "file": upload})


def test_a_question_set_file_with_a_byte_order_mark_is_read(client):
    """Review finding 9: a UTF-8 file with a BOM was refused, though the results CSV takes
    one."""
    person, _authority = f.manager()
    client.force_login(person)
    document = (f.SETS / "g-cloud-hosting.json").read_text()
    response = _upload(client, b"\xef\xbb\xbf" + document.encode())
    assert response.status_code == 302
    assert QuestionSet.objects.get().slug == "hosting"


@pytest.mark.parametrize("encoding", ["latin-1", "utf-16"])
def test_a_question_set_file_not_in_utf8_gets_only_that_error(client, encoding):
    """Review finding 9: it also said "Paste the document or upload a file", though a file
    was uploaded."""
    person, _authority = f.manager()
    client.force_login(person)
    page = _upload(client, '{"title": "Café"}'.encode(encoding)).content.decode()
    assert "The file must be UTF-8 text" in page
    assert "Paste the document or upload a file" not in page


def test_a_truncated_multipart_body_is_refused_not_read_as_an_empty_form(client):
    """Review finding 9: without its closing boundary the form came back empty ("Enter a
    name"), as if nothing had been sent."""
    person, _authority = f.manager()
    client.force_login(person)
    body = (
        b'--xx\r\nContent-Disposition: form-data; name="slug"\r\n\r\nhosting\r\n'
        b'--xx\r\nContent-Disposition: form-data; name="file"; filename="s.json"\r\n'
        b'Content-Type: application/json\r\n\r\n{"title": '
    )
    response = client.post(
        "/question-sets/new/", body, content_type="multipart/form-data; boundary=xx"
    )
    refused(response, "What you sent could not be read")
    assert "Enter a name" not in response.content.decode()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b'{"title": "\\ud800"}', "The text is not valid JSON"),
        (b'{"title": "\xed\xa0\x80"}', "The text is not valid JSON"),
        (b"[" * 2000 + b"]" * 2000, "nested too deeply"),
        (
            json.dumps(
                {"a": [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}
            ).encode(),
            "nested too deeply",
        ),
    ],
)
def test_the_cli_refuses_unreadable_documents_in_one_line(tmp_path, content, message):
    path = tmp_path / "set.json"
    path.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        call_command("questions", "check", str(path))


def test_the_cli_refuses_arguments_that_are_not_utf8(tmp_path):
    """Arguments that are not UTF-8 reach Python as lone surrogates (surrogateescape)."""
    with pytest.raises(CommandError, match="not valid Unicode text"):
        call_command("questions", "check", str(tmp_path / "caf\udce9.json"))


@pytest.mark.urls("tests.core.failing_urls")
def test_the_server_error_page_runs_its_scripts_without_a_nonce():
    """B25: the production 500 page rendered an empty nonce, so its inline script was
    blocked; pages now run only the site's own files, which the policy allows as they are."""
    helpers.jurisdiction()
    client = Client(raise_request_exception=False)
    response = client.get("/fail/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "nonce" not in html
    scripts = re.findall(r"<script[^>]*>", html)
    assert scripts
    assert all(' src="/static/' in tag for tag in scripts)
    assert "script-src 'self'" in response["Content-Security-Policy"]
    api = client.get("/api/v1/fail")
    assert api.status_code == 500
    assert api["Content-Type"] == "application/problem+json"
    assert api.json()["title"] == "Sorry, there is a problem with the service"
