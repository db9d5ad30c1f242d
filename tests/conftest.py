"""Shared test set-up, kept small: per-app helpers live beside their tests."""

import uuid

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _real_jobs_and_outbox(settings):
    """Background jobs run when enqueued, so a test sees their effects (the worker itself is
    tested in tests/core/test_worker.py); e-mail lands in openbuy's own outbox, as in
    development, rather than Django's test outbox."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    settings.MAILERS = {"default": {"BACKEND": "openbuy.core.mail.OutboxBackend"}}


@pytest.fixture(autouse=True)
def _english_unless_a_test_says_otherwise():
    """Requests to /fr/ leave French active in the thread; each test starts in English."""
    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _a_cache_of_its_own(settings):
    """Each test counts its throttles afresh: its cache keys get a prefix of their own (the
    database cache's table outlives the flushes between transactional tests)."""
    settings.CACHES = {
        alias: {
            **config,
            "KEY_PREFIX": uuid.uuid4().hex,
            # The rows of earlier tests pile up over a whole run: past the limit each write
            # would first clear out expired ones, a few queries more now and then, which
            # the query-count tests would read as an N+1.
            "OPTIONS": {**config.get("OPTIONS", {}), "MAX_ENTRIES": 10**9},
        }
        for alias, config in settings.CACHES.items()
    }


@pytest.fixture(autouse=True)
def _passwords_hashed_at_a_low_cost(settings):
    """Argon2 at full strength takes a quarter of a second a password, and the tests make
    thousands of accounts: they use the demo's low-cost Argon2 (same algorithm and code
    path, a hash that names its cost). Sign-in's own tests set a hasher where they need."""
    settings.PASSWORD_HASHERS = [
        "openbuy.demo.hashers.QuickArgon2PasswordHasher",
        *settings.PASSWORD_HASHERS,
    ]


@pytest.fixture(autouse=True)
def _bulk_files_of_its_own(settings, tmp_path_factory):
    """The daily bulk files, when a test's worker runs them (a clock moved past a day),
    go to a folder of the test's: never the data folder, whose files every later page
    listing downloads would show."""
    settings.OPENBUY_OCDS_EXPORT_DIR = tmp_path_factory.mktemp("ocds")
