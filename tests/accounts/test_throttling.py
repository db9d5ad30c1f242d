"""A stranger cannot lock an owner out, and guessing passwords is slowed (issue 7, B21).

Failures are counted per account (from devices it was never signed in on) and per client
address, separately; past each limit the next attempt waits, 429 with Retry-After, and each
wait doubles. A device the owner signed in on before keeps working, and a link by e-mail
lets the owner in from anywhere.
"""

import re

import pytest
from django.test import Client

from openbuy.core.models import OutboxMessage
from tests import helpers

WAIT_A_MINUTE = re.compile(r"Wait (1 minute|[45]\d seconds), then try again")

pytestmark = pytest.mark.django_db

OWNER = "sam@example.org"
STRANGER = "203.0.113.9"


@pytest.fixture(autouse=True)
def _quick_hashing(settings):
    """Dozens of sign-ins each hash a password: a quick hasher keeps the module fast (the
    throttles never look at how passwords are hashed)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def sign_in(client, email, password, **extra):
    return client.post("/account/sign-in/", {"email": email, "password": password}, **extra)


def test_a_stranger_cannot_lock_the_owner_out_of_a_device_they_signed_in_on_before():
    helpers.user(OWNER)
    owner = Client()
    assert sign_in(owner, OWNER, helpers.PASSWORD).status_code == 302
    owner.post("/account/sign-out/")

    stranger = Client(REMOTE_ADDR=STRANGER)
    answers = [sign_in(stranger, OWNER, f"guess-{n}") for n in range(8)]
    assert [a.status_code for a in answers] == [200] * 4 + [429] * 4
    assert all(int(a["Retry-After"]) > 0 for a in answers[4:])
    # A minute's wait, as much of it as is left when the page is made (a slow machine).
    assert WAIT_A_MINUTE.search(answers[-1].content.decode())
    # On the stranger's device even the right password waits...
    assert sign_in(stranger, OWNER, helpers.PASSWORD).status_code == 429
    assert "_auth_user_id" not in stranger.session
    # ...while the owner signs in on their own device as usual.
    assert sign_in(owner, OWNER, helpers.PASSWORD).status_code == 302


def test_a_locked_out_owner_signs_in_on_a_new_device_with_an_emailed_link(
    django_capture_on_commit_callbacks,
):
    person = helpers.user(OWNER)
    stranger = Client(REMOTE_ADDR=STRANGER)
    for n in range(5):
        sign_in(stranger, OWNER, f"guess-{n}")
    new_device = Client()
    refused = sign_in(new_device, OWNER, helpers.PASSWORD)
    assert refused.status_code == 429
    assert 'href="/account/sign-in/link/"' in refused.content.decode()

    assert new_device.get("/account/sign-in/link/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        sent = new_device.post("/account/sign-in/link/", {"email": OWNER})
    assert sent.url == "/account/sign-in/link/sent/"
    link = helpers.link_in(helpers.last_email(OWNER))
    # Opening the link shows a button: mail scanners that follow links sign nobody in.
    assert "Sign in as sam@example.org" in new_device.get(link).content.decode()
    assert "_auth_user_id" not in new_device.session
    assert new_device.post(link).url == "/account/"
    assert new_device.get("/account/").status_code == 200
    assert helpers.events("account.signed_in").last().payload == {"via": "link"}
    # The link works once, and the device is known from now on.
    assert Client().post(link).status_code == 400
    new_device.post("/account/sign-out/")
    assert sign_in(new_device, OWNER, helpers.PASSWORD).status_code == 302
    person.refresh_from_db()
    assert person.last_login is not None


def test_asking_for_a_link_answers_alike_for_unknown_addresses(django_capture_on_commit_callbacks):
    helpers.user(OWNER)
    with django_capture_on_commit_callbacks(execute=True):
        known = Client().post("/account/sign-in/link/", {"email": OWNER})
        unknown = Client().post("/account/sign-in/link/", {"email": "nobody@example.org"})
        again = Client().post("/account/sign-in/link/", {"email": OWNER})
    assert known.url == unknown.url == again.url == "/account/sign-in/link/sent/"
    # One e-mail a minute at most to an address, so the form cannot flood a mailbox.
    assert [m.to for m in OutboxMessage.objects.all()] == [OWNER]
    assert helpers.events("account.sign_in_link_sent").count() == 1


def test_each_wait_is_twice_the_one_before(settings):
    settings.SIGN_IN_ADDRESS_FAILURE_LIMIT = 1000
    helpers.user(OWNER)
    stranger = Client(REMOTE_ADDR=STRANGER)
    waits = []
    for _round in range(4):
        answers = [sign_in(stranger, OWNER, "guess") for _ in range(6)]
        waits.append(next(int(a["Retry-After"]) for a in answers if a.status_code == 429))
        helpers.end_sign_in_waits(OWNER, STRANGER)
    assert waits == [60, 120, 240, 480]


def test_one_address_is_slowed_across_accounts_and_other_addresses_are_not(settings):
    settings.SIGN_IN_ADDRESS_FAILURE_LIMIT = 6
    attacker = Client(REMOTE_ADDR="198.51.100.7")
    codes = [sign_in(attacker, f"person{n}@example.org", "guess").status_code for n in range(8)]
    assert codes == [200] * 5 + [429] * 3
    neighbour = Client(REMOTE_ADDR="198.51.100.8")
    assert sign_in(neighbour, "person0@example.org", "guess").status_code == 200


def test_a_rotating_forwarded_for_header_does_not_dodge_the_address_limit(settings):
    settings.SIGN_IN_ADDRESS_FAILURE_LIMIT = 3
    attacker = Client(REMOTE_ADDR="198.51.100.7")
    codes = [
        sign_in(
            attacker, f"person{n}@example.org", "guess", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}"
        ).status_code
        for n in range(4)
    ]
    assert codes == [200, 200, 429, 429]


def test_failures_write_a_bounded_number_of_audit_events(settings):
    """Failures before the first wait are audited, and each wait's start; refused attempts
    and addresses without an account write nothing, so guessing cannot grow the trail."""
    settings.SIGN_IN_ADDRESS_FAILURE_LIMIT = 1000
    helpers.user(OWNER)
    stranger = Client(REMOTE_ADDR=STRANGER)
    before = helpers.events().count()
    for _ in range(30):
        sign_in(stranger, OWNER, "guess")
    for n in range(10):
        sign_in(stranger, f"nobody{n}@example.org", "guess")
    assert helpers.events("account.sign_in_failed").count() == 4
    assert helpers.events("account.locked").count() == 1
    assert helpers.events().count() == before + 5
    locked = helpers.events("account.locked").get()
    assert locked.payload == {"failures": 5, "wait_seconds": 60}


def test_signing_in_ends_the_accounts_wait_and_count(settings):
    helpers.user(OWNER)
    stranger = Client(REMOTE_ADDR=STRANGER)
    for _ in range(4):
        sign_in(stranger, OWNER, "guess")
    assert sign_in(Client(), OWNER, helpers.PASSWORD).status_code == 302
    # The count started again: four more wrong passwords do not make anyone wait.
    assert [sign_in(stranger, OWNER, "guess").status_code for _ in range(4)] == [200] * 4


def test_sign_up_password_reset_and_link_requests_are_limited_per_address(settings):
    settings.FORM_RATE = "3/h"
    client = Client(REMOTE_ADDR=STRANGER)
    for path, data in [
        ("/account/forgotten-password/", {"email": "p@example.org"}),
        ("/account/sign-in/link/", {"email": "p@example.org"}),
        ("/account/sign-up/", {**SIGN_UP, "email": "p@example.org"}),
    ]:
        codes = [client.post(path, data).status_code for _ in range(4)]
        assert codes == [302, 302, 302, 429], path
        refused = client.post(path, data)
        assert 0 < int(refused["Retry-After"]) <= 3600
        assert "You have done this too many times. Wait" in refused.content.decode()
    # Another address is not affected.
    assert (
        Client(REMOTE_ADDR="198.51.100.8")
        .post("/account/forgotten-password/", {"email": "p@example.org"})
        .url
        == "/account/forgotten-password/sent/"
    )


SIGN_UP = {"name": "Pat", "password": "a-long-enough-passphrase", "purpose": "supplier"}


def test_posts_refused_for_what_was_typed_do_not_count_against_the_rate(settings):
    """Someone correcting typos is never made to wait: only accepted posts (those that send
    an e-mail) count."""
    settings.FORM_RATE = "3/h"
    client = Client(REMOTE_ADDR=STRANGER)
    for n in range(20):
        typo = client.post("/account/sign-up/", {**SIGN_UP, "email": f"pat{n}@example"})
        assert typo.status_code == 200
        assert "Enter an email address" in typo.content.decode()
    for path in ["/account/forgotten-password/", "/account/sign-in/link/"]:
        assert all(client.post(path, {"email": "x"}).status_code == 200 for _ in range(5))
        assert client.post(path, {"email": "p@example.org"}).status_code == 302
    signed_up = client.post("/account/sign-up/", {**SIGN_UP, "email": "pat@example.org"})
    assert signed_up.url == "/account/check-your-email/"


def change_password(client, current):
    return client.post(
        "/account/password/", {"current_password": current, "new_password": "a-new-long-secret"}
    )


def test_a_session_held_by_a_stranger_cannot_grind_the_current_password():
    """The change-password page checks the current password behind sign-in's throttles: a
    stranger holding the owner's session (on their own device) waits as a stranger signing
    in would, each failure is audited as sign-in failures are, and the owner's own device
    is not held up."""
    person = helpers.user(OWNER)
    owner = Client()
    assert sign_in(owner, OWNER, helpers.PASSWORD).status_code == 302
    stranger = Client(REMOTE_ADDR=STRANGER)
    stranger.force_login(person)
    answers = [change_password(stranger, f"guess-{n}") for n in range(8)]
    assert [a.status_code for a in answers] == [200] * 4 + [429] * 4
    assert "Your current password is not right" in answers[0].content.decode()
    assert int(answers[4]["Retry-After"]) == 60
    # A minute's wait, as much of it as is left when the page is made (a slow machine).
    assert WAIT_A_MINUTE.search(answers[-1].content.decode())
    # Even the right password waits now, in the stranger's session...
    assert change_password(stranger, helpers.PASSWORD).status_code == 429
    failed = helpers.events("account.password_check_failed")
    assert failed.count() == 4
    assert failed.first().actor_id == person.pk
    assert helpers.events("account.locked").get().payload == {"failures": 5, "wait_seconds": 60}
    assert helpers.events("account.password_changed").count() == 0
    # ...while the owner, on a device they signed in on before, changes it.
    assert change_password(owner, helpers.PASSWORD).url == "/account/"
    assert helpers.events("account.password_changed").count() == 1
