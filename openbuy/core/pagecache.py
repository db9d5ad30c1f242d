"""Whole public pages kept in each process's memory, for visitors who carry no session.

A page is kept only when nothing in it belongs to one visitor: the request had no session,
messages or Authorization, and answering it read no CSRF token, wrote nothing to the
session, queued no message, made no CSP nonce and set no cookie; it is a 200 that does not
ask not to be cached. Pages carry no nonce (base.html has no inline script or style), so a
kept page never reuses one.

Kept pages are keyed by the public content's version: the audit chain head (its sequence
number and hash), which every state change advances in its own transaction, so a change
anywhere is seen by every process at its next request (one primary-key read), and a
restored backup or a reset database (the same number, another hash) is not mistaken for the
state it replaced. What time alone decides (a framework is live until its expiry date) is
covered by the quarter hour in the key: every time zone's midnight falls on a quarter hour.
Requests inside a transaction (ATOMIC_REQUESTS, the test suite) neither read nor fill it.

It runs before the other middleware, so that a kept page costs one query and little else;
it keeps the headers they added (the CSP, which names no nonce, Vary, Content-Language),
and keys on the address, which holds a page's language (/fr/...), and for the API on the
Accept-Language header. A visitor with no session sees the instance's default
jurisdiction, which only an action changes.

Behind each process's memory, the processes of one server share the pages they made
through files (Django's file-based cache, a folder per server and content version; a process
that sees a new version removes the other folders), so a page is made once per server, not
once per process. A server is the parent of its processes (gunicorn's master, `openbuy
serve`): a restarted server, perhaps with new code or settings, starts with no pages.

With DEBUG on (development), nothing is kept: an edited template shows at once.
"""

import hashlib
import logging
import os
import shutil
import threading
import time
from collections import OrderedDict
from pathlib import Path

from django.conf import settings
from django.core.cache.backends.filebased import FileBasedCache
from django.db import connection
from django.http import HttpResponse

logger = logging.getLogger(__name__)
QUARTER_HOUR = 15 * 60
MESSAGES_COOKIE = "messages"


def content_version() -> tuple:
    """The audit chain head: (sequence number, hash), advanced by every state change."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT seq, hash FROM core_auditchainhead WHERE id = 1")
        row = cursor.fetchone()
    return tuple(row) if row else (0, "")


def quarter_hour() -> int:
    """Which quarter hour it is (since the epoch): a kept page lasts no longer."""
    return int(time.time() // QUARTER_HOUR)


class PublicPageCache:
    def __init__(self, get_response):
        self.get_response = get_response
        self.limit = 0 if settings.DEBUG else settings.OPENBUY_PAGE_CACHE_BYTES
        self.pages: OrderedDict = OrderedDict()
        self.size = 0
        self.version = None
        self.shared = None
        self.lock = threading.Lock()

    def __call__(self, request):
        if not self.limit or not _anonymous_read(request) or connection.in_atomic_block:
            return self.get_response(request)
        version = (content_version(), quarter_hour())
        key = (
            request.scheme,
            request.get_host(),
            request.get_full_path(),
            # Pages carry their language in the address; the API reads Accept-Language.
            request.headers.get("Accept-Language", "") if _api(request) else "",
        )
        with self.lock:
            if version != self.version:
                self.pages.clear()
                self.size, self.version = 0, version
                self.shared = _shared(version)
            kept = self.pages.get(key)
            if kept is not None:
                self.pages.move_to_end(key)
            shared = self.shared
        if kept is None and shared is not None:
            kept = _shared_call(shared.get, _file_key(key))
            if kept is not None:
                self._remember(version, key, kept)
        if kept is not None:
            status, headers, content = kept
            return HttpResponse(content, status=status, headers=headers)
        response = self.get_response(request)
        if _public(request, response):
            kept = (response.status_code, dict(response.headers), response.content)
            if self._remember(version, key, kept) and shared is not None:
                _shared_call(shared.set, _file_key(key), kept, None)
        return response

    def _remember(self, version, key, kept) -> bool:
        content = kept[2]
        with self.lock:
            if version != self.version or len(content) > self.limit // 8:
                return False
            previous = self.pages.pop(key, None)
            if previous is not None:
                self.size -= len(previous[2])
            self.pages[key] = kept
            self.size += len(content)
            while self.size > self.limit:
                _key, (_status, _headers, dropped) = self.pages.popitem(last=False)
                self.size -= len(dropped)
        return True


def _shared_call(method, *args):
    """The shared folder is a help, not a need: a full disk or a read-only folder costs
    pages made again, never a failed request."""
    try:
        return method(*args)
    except OSError:
        logger.warning("the page cache's folder cannot be used", exc_info=True)
        return None


def _file_key(key) -> str:
    return hashlib.sha256(repr(key).encode()).hexdigest()


def _shared(version) -> FileBasedCache | None:
    """This version's folder of pages shared by the machine's processes; older ones go."""
    root = settings.OPENBUY_PAGE_CACHE_DIR
    if not root:
        return None
    (seq, digest), quarter = version
    name = f"{_server()}-{seq}-{digest[:16]}-{quarter}"
    root = Path(root)
    try:
        for old in root.iterdir() if root.is_dir() else ():
            if old.name != name:
                shutil.rmtree(old, ignore_errors=True)
    except OSError:
        logger.warning("the page cache's folder cannot be cleared", exc_info=True)
    return _shared_call(
        FileBasedCache, str(root / name), {"TIMEOUT": None, "OPTIONS": {"MAX_ENTRIES": 5_000}}
    )


def _server() -> str:
    """The server this process belongs to: its parent's id and start time (ids are reused)."""
    parent = os.getppid()
    try:
        started = Path(f"/proc/{parent}/stat").read_text().rsplit(")", 1)[1].split()[19]
    except (OSError, IndexError):
        started = "0"
    return f"{parent}.{started}"


def _api(request) -> bool:
    return request.path_info.startswith("/api/")


def _anonymous_read(request) -> bool:
    return (
        request.method == "GET"
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and MESSAGES_COOKIE not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
    )


def _public(request, response) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if "private" in response.get("Cache-Control", "") or "no-" in response.get("Cache-Control", ""):
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or getattr(request, "_csp_nonce", None):
        return False
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False
    messages = getattr(request, "_messages", None)
    if messages is not None and messages.added_new:
        return False
    user = getattr(request, "_cached_user", None)
    return user is None or not user.is_authenticated
