"""Throttles for the places an attacker can knock on: sign-in, sign-up, password reset,
sign-in links and the API. They count in Django's cache (the database, or Redis), which
every process shares, so a limit holds however many processes serve.

- `Window`: at most N hits per period for one key (a client address, a token); past that,
  `Throttled` with the seconds until the window ends (429 with Retry-After).
- `Backoff`: failures are counted; the `limit`-th starts a wait, and each later failure
  (one is let through when a wait ends) starts a wait twice as long, up to a cap. Refused
  attempts check nothing and are not counted. The counts are forgotten `memory` seconds
  after the first failure, or at once when the right password is given.

django-ratelimit refuses Django's database cache (its system check says incr is not atomic)
and django-axes locks per username or address without a way around for the owner, so this
is a small limiter of our own on the cache API; `core.cache` makes its count atomic.
"""

import contextlib
import hashlib
import ipaddress
import math
import re
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from .errors import ActionError

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


class Throttled(ActionError):
    status = 429
    title = _("Too many requests")

    def __init__(self, message, *, retry_after: float, scope: str = ""):
        super().__init__(message)
        self.retry_after = max(1, math.ceil(retry_after))
        self.scope = scope


def _cache():
    return caches["default"]


def client_address(request) -> str:
    """The client's address: the peer's, or with N trusted proxies in front
    (OPENBUY_TRUSTED_PROXIES), the N-th X-Forwarded-For entry from the right, the one the
    outermost trusted proxy saw. Entries further left are whatever the client wrote.
    IPv6 clients count by their /64 network, which one subscriber usually holds whole."""
    peer = request.META.get("REMOTE_ADDR", "")
    chosen = peer
    trusted = settings.OPENBUY_TRUSTED_PROXIES
    if trusted:
        hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        hops = [h for h in hops if h]
        if hops:
            chosen = hops[-trusted] if len(hops) >= trusted else hops[0]
    try:
        address = ipaddress.ip_address(chosen)
    except ValueError:
        try:
            address = ipaddress.ip_address(peer)
        except ValueError:
            return peer
    if address.version == 6:
        if address.ipv4_mapped:
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


@dataclass(frozen=True)
class Rate:
    limit: int
    period: int

    @classmethod
    def parse(cls, text: str) -> "Rate | None":
        """'20/h' (also s, m, d) or 'off'."""
        if text.strip().lower() == "off":
            return None
        found = re.fullmatch(r"\s*(\d+)\s*/\s*([smhd])\s*", text)
        if not found or int(found[1]) < 1:
            raise ValueError(f"a rate is written like 20/h (s, m, h or d) or off, not {text!r}")
        return cls(int(found[1]), PERIODS[found[2]])


def _key(scope: str, ident: str) -> str:
    return f"throttle:{scope}:{hashlib.sha256(ident.encode()).hexdigest()[:40]}"


def _count(key: str, timeout: int) -> int:
    """One more on the key's count, made with this timeout if new: atomic on the database
    cache and Redis, so processes counting at once each get their own number."""
    cache = _cache()
    try:
        number = cache.incr(key)
    except ValueError:
        if cache.add(key, 1, timeout):
            return 1
        number = cache.incr(key)
    if number == 1:  # Redis made it again after it expired, with no expiry of its own
        cache.touch(key, timeout)
    return number


def wait_message(retry_after: float) -> str:
    """'3 seconds', '1 minute', '15 minutes': how long to wait, agreeing with the Retry-After
    header (whole seconds rounded up); in whole minutes, rounded up, from a minute on."""
    seconds = max(1, math.ceil(retry_after))
    if seconds < 60:
        return ngettext("%(count)d second", "%(count)d seconds", seconds) % {"count": seconds}
    minutes = math.ceil(seconds / 60)
    return ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}


def too_many(retry_after: float) -> str:
    return gettext("You have done this too many times. Wait %(wait)s, then try again.") % {
        "wait": wait_message(retry_after)
    }


@dataclass(frozen=True)
class Window:
    scope: str
    rate: Rate | None

    def check(self, ident: str, message=None) -> None:
        """Raise Throttled while the window's count is at its limit, counting nothing: for
        limits that count only what was accepted (`hit` once it was)."""
        if self.rate is None:
            return
        now = time.time()
        period = self.rate.period
        index = int(now // period)
        if (_cache().get(f"{_key(self.scope, ident)}:{index}") or 0) >= self.rate.limit:
            retry_after = (index + 1) * period - now
            raise Throttled(
                (message or too_many)(retry_after), retry_after=retry_after, scope=self.scope
            )

    def hit(self, ident: str, message=None) -> int:
        """Count one hit; past the limit raise Throttled until the window ends. `message`
        makes the error's text from the seconds to wait."""
        if self.rate is None:
            return 0
        now = time.time()
        period = self.rate.period
        index = int(now // period)
        number = _count(f"{_key(self.scope, ident)}:{index}", period + 1)
        if number > self.rate.limit:
            retry_after = (index + 1) * period - now
            raise Throttled(
                (message or too_many)(retry_after), retry_after=retry_after, scope=self.scope
            )
        return number


@dataclass
class Attempt:
    """One attempt let through a Backoff: its number in the series, and the wait it started
    (when it was the one let through at or past the limit)."""

    gate: "Backoff"
    ident: str
    number: int
    wait: int = 0

    def failed(self) -> None:
        """The attempt failed: its count stands (and so does any wait it started)."""

    def refund(self) -> None:
        """The attempt was never tried (another gate refused it): take back its count."""
        cache = _cache()
        key = _key(self.gate.scope, self.ident)
        with contextlib.suppress(ValueError):
            cache.decr(f"{key}:n")
        if self.wait:
            cache.delete(f"{key}:wait")

    def succeeded(self) -> None:
        """The right secret was given: the series ends."""
        self.gate.clear(self.ident)


@dataclass(frozen=True)
class Backoff:
    scope: str
    limit: int
    base: int
    cap: int
    memory: int

    def _wait_for(self, number: int) -> int:
        return min(self.cap, self.base * 2 ** max(0, number - self.limit))

    def waiting(self, ident: str) -> float:
        """Seconds left of the running wait, 0 when there is none."""
        until = _cache().get(f"{_key(self.scope, ident)}:wait")
        return max(0.0, until - time.time()) if until else 0.0

    def enter(self, ident: str, message=None) -> Attempt:
        """Let one attempt through, counted before anything is checked (so attempts made at
        once each take their own number), or raise Throttled while a wait runs."""
        key = _key(self.scope, ident)
        message = message or too_many
        if left := self.waiting(ident):
            raise Throttled(message(left), retry_after=left, scope=self.scope)
        number = _count(f"{key}:n", self.memory)
        if number < self.limit:
            return Attempt(self, ident, number)
        wait = self._wait_for(number)
        # The first attempt to start the wait goes ahead; any made at the same moment wait.
        if not _cache().add(f"{key}:wait", time.time() + wait, wait):
            Attempt(self, ident, number).refund()
            left = self.waiting(ident) or wait
            raise Throttled(message(left), retry_after=left, scope=self.scope)
        return Attempt(self, ident, number, wait)

    def fail(self, ident: str) -> int:
        """Count a failure found without entering first (where a wrong secret is cheap to
        check, as an API token is): starts a wait at or past the limit. Returns the wait."""
        number = _count(f"{_key(self.scope, ident)}:n", self.memory)
        if number < self.limit:
            return 0
        wait = self._wait_for(number)
        _cache().set(f"{_key(self.scope, ident)}:wait", time.time() + wait, wait)
        return wait

    def end_wait(self, ident: str) -> None:
        """End a running wait early, as if its time had passed; the count stays."""
        _cache().delete(f"{_key(self.scope, ident)}:wait")

    def clear(self, ident: str) -> None:
        key = _key(self.scope, ident)
        _cache().delete_many([f"{key}:n", f"{key}:wait"])
