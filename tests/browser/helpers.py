"""Steps the browser tests share."""

import re

from tests import helpers


def sign_in(page, email, password=helpers.PASSWORD):
    """Signs in through the sign-in page."""
    page.goto("/account/sign-in/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.submit("Sign in")


def read_verification_link(admin_page, email) -> str:
    """A platform admin opens the outbox in the app and reads the verification e-mail."""
    admin_page.goto("/account/sign-in/")
    admin_page.get_by_label("Email address").fill("admin@openbuy.example")
    admin_page.get_by_label("Password", exact=True).fill(helpers.PASSWORD)
    admin_page.submit("Sign in")
    admin_page.goto("/platform/outbox/")
    row = admin_page.get_by_role("row").filter(has_text=email)
    admin_page.click(row.get_by_role("link", name="Verify your email address for openbuy"))
    body = admin_page.locator("#message-body").inner_text()
    return re.search(r"https?://\S+", body).group(0).split("/", 3)[3]
