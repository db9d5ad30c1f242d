"""Playwright driving Debian's chromium (never a downloaded browser), with axe-core."""

import os
import shutil
from pathlib import Path

import pytest

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# Best-practice rules that are kept fixed: "region" (all content inside landmarks).
EXTRA_RULES = {"region": {"enabled": True}}


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail("Debian's chromium is missing: run `scripts/system-deps chromium`")
    # Playwright's sync API keeps an event loop in this thread while it runs; Django would
    # otherwise refuse the test's own database calls as if they came from async code.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


class AccessiblePage:
    """A page that runs axe-core on every page it lands on and fails on any A/AA violation
    (and on content outside landmarks)."""

    def __init__(self, page, base_url):
        self.page = page
        self.base_url = base_url
        self.checked: list[str] = []

    def goto(self, path):
        self.page.goto(self.base_url + path)
        self.check()

    def click(self, selector_or_locator):
        locator = (
            self.page.locator(selector_or_locator)
            if isinstance(selector_or_locator, str)
            else selector_or_locator
        )
        with self.page.expect_navigation():
            locator.click()
        self.check()

    def submit(self, label):
        self.click(self.page.get_by_role("button", name=label, exact=True))

    def check(self):
        self.page.add_script_tag(path=str(AXE))
        result = self.page.evaluate(
            # Only violations are read, so axe need not list every node that passed.
            "([tags, rules]) => axe.run(document, {runOnly: {type: 'tag', values: tags}, rules,"
            " resultTypes: ['violations']})",
            [WCAG_TAGS, EXTRA_RULES],
        )
        problems = [
            f"{v['id']} ({v['impact']}): {v['help']} at "
            + ", ".join(node["target"][0] for node in v["nodes"][:3])
            for v in result["violations"]
        ]
        url = self.page.url.removeprefix(self.base_url)
        assert problems == [], f"axe found WCAG problems on {url}: {problems}"
        self.checked.append(url)

    def __getattr__(self, name):
        return getattr(self.page, name)


@pytest.fixture
def new_page(browser, live_server):
    contexts = []

    def make():
        # Axe arrives as an injected script, which the page's CSP would block.
        context = browser.new_context(bypass_csp=True, locale="en-GB")
        contexts.append(context)
        return AccessiblePage(context.new_page(), live_server.url)

    yield make
    for context in contexts:
        context.close()
