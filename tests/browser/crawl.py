"""What the role journeys walk through: the pages a signed-in person reaches by same-origin
links, the POST forms on them, and a snapshot of every row in the database.

Pages are read in the test's own process with the browser's cookies, so with its session
(`reader()`): through the browser's request API a page cost about 70 ms against 15-30 ms,
and the journeys read some 500. The forms are then opened and sent in the real browser,
which is where line endings and unticked boxes are decided."""

import re
from collections import Counter, deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urldefrag, urljoin, urlsplit

from django.apps import apps
from django.test import Client
from django.urls import Resolver404, resolve

# Never opened: sign-out, the other language, Django's admin, the API, downloads.
NOT_OPENED = re.compile(r"^/(fr/|django-admin/|api/|account/sign-out/|static/)|\.(csv|ods)$")
# A query string is followed only when it chooses what a form starts from (a project's
# search, the question set a version is based on, a new framework's authority); paging,
# filters, exports and the jurisdiction shown give endless variants of pages already read.
FORM_QUERIES = {"project", "from", "authority"}
VARIANT_QUERIES = {"page", "format", "jurisdiction"}

# Rows that change when a person signs in or reads a page, or that belong to the machinery
# rather than the product: left out of the snapshot.
NOT_COMPARED = {
    "sessions.session": "signing in starts a session",
    "django_tasks_database.dbtaskresult": "the queue of background tasks",
    "core.workerbeat": "the worker's heartbeat",
}
NOT_COMPARED_FIELDS = {"accounts.user": {"last_login"}}


@dataclass
class Form:
    page: str  # the address of the page it is on
    route: str  # that page's URL name
    action: str
    label: str  # its submit button's text, hidden text included
    buttons: list[str] = field(default_factory=list)


class _Parser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.forms: list[tuple[str, str, list[str]]] = []
        self._form = None
        self._button = None

    def handle_starttag(self, tag, attrs):
        found = dict(attrs)
        if tag == "a" and found.get("href"):
            self.links.append(found["href"])
        elif tag == "form":
            self._form = ((found.get("method") or "get").lower(), found.get("action") or "", [])
            self.forms.append(self._form)
        elif tag == "button" and self._form and (found.get("type") or "submit") == "submit":
            self._button = []

    def handle_data(self, data):
        if self._button is not None:
            self._button.append(data)

    def handle_endtag(self, tag):
        if tag == "button" and self._button is not None:
            self._form[2].append(" ".join("".join(self._button).split()))
            self._button = None
        elif tag == "form":
            self._form = None


def route_of(path: str) -> str:
    try:
        return resolve(urlsplit(path).path).view_name
    except Resolver404:
        return ""


def _followed(path: str) -> bool:
    split = urlsplit(path)
    if NOT_OPENED.search(split.path):
        return False
    keys = {key for key, _value in parse_qsl(split.query, keep_blank_values=True)}
    return not keys or (bool(keys & FORM_QUERIES) and not keys & VARIANT_QUERIES)


def reader(page):
    """GET a path as the browser's person: a Django test client holding the browser's
    cookies. Returns (status after any redirects, text)."""
    client = Client(HTTP_HOST=urlsplit(page.base_url).netloc)
    for cookie in page.context.cookies():
        client.cookies[cookie["name"]] = cookie["value"]

    def get(path: str) -> tuple[int, str]:
        response = client.get(path, follow=True)
        if response.streaming:  # a download: nothing to walk, and its file to close
            response.close()
            return response.status_code, ""
        return response.status_code, response.content.decode()

    return get


def walk(get, base_url: str, start: list[str], broken: list[str], every: set[str], most: int):
    """The pages reachable from `start` by same-origin links (GET only, read with `get`),
    breadth first: yields (path, forms) for each, where forms are its POST forms. Of each
    kind of page (URL name) at most `most` are read, but every one of the kinds in `every`.
    A link to a page that does not answer 200 is added to `broken`, with the page that
    showed it."""
    origin = urlsplit(base_url).netloc
    queue, linked_from = deque(start), dict.fromkeys(start, "")
    read = Counter()
    while queue:
        path = queue.popleft()
        status, text = get(path)
        if status != 200:
            broken.append(f"{path} (linked from {linked_from[path]}) answered {status}")
            continue
        parser = _Parser()
        parser.feed(text)
        route = route_of(path)
        forms = [
            Form(path, route, action, buttons[0] if buttons else "", buttons)
            for method, action, buttons in parser.forms
            if method == "post"
        ]
        yield path, forms
        for href in parser.links:
            url = urlsplit(urldefrag(urljoin(base_url + path, href)).url)
            if url.scheme not in {"http", "https"} or url.netloc != origin:
                continue
            found = url.path + (f"?{url.query}" if url.query else "")
            if found in linked_from or not _followed(found):
                continue
            kind = route_of(found)
            if kind in every or read[kind] < most:
                read[kind] += 1
                linked_from[found] = path
                queue.append(found)


def snapshot() -> dict[str, list[tuple]]:
    """Every row of every model, in primary-key order, less what NOT_COMPARED leaves out."""
    rows = {}
    for model in apps.get_models(include_auto_created=True):
        label = model._meta.label_lower
        if label in NOT_COMPARED:
            continue
        skipped = NOT_COMPARED_FIELDS.get(label, set()) | {model._meta.pk.attname}
        names = [model._meta.pk.attname]  # first, so differences() can pair rows by it
        names += [f.attname for f in model._meta.concrete_fields if f.attname not in skipped]
        rows[label] = list(model._base_manager.order_by("pk").values_list(*names))
    return rows


def differences(before: dict, after: dict, limit: int = 3) -> list[str]:
    """What changed between two snapshots, a few rows of each model, for a failure."""
    found = []
    for label in before:
        old = {row[0]: row for row in before[label]}
        new = {row[0]: row for row in after[label]}
        changed = [
            f"{label} {pk}: {old.get(pk)} -> {new.get(pk)}"
            for pk in sorted(set(old) | set(new), key=str)
            if old.get(pk) != new.get(pk)
        ]
        more = len(changed) - limit
        found += changed[:limit] + ([f"... and {more} more"] if more > 0 else [])
    return found
