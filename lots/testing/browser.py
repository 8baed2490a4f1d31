"""Browser-test fixtures: Playwright driving the system Chromium, and axe-core for accessibility.

Chromium comes from the operating system (``/usr/bin/chromium``). Where it is
missing the browser tests are skipped with a plain message, except under CI
(``CI=true``), where a missing browser fails the run.
"""

import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings

CHROMIUM = os.environ.get("LOTS_CHROMIUM", "/usr/bin/chromium")
AXE_JS = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 360, "height": 740}
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]


def _missing(reason: str):
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason} (CI=true: a missing browser is a failure)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser():
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        _missing(f"Chromium saknas ({CHROMIUM}); webbläsartesterna hoppas över. Installera med: apt-get install -y chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def new_page(browser, live_server):
    """``new_page(user=None, viewport=DESKTOP, javascript=True)`` opens a page; with ``user``, already logged in."""
    contexts = []

    def make(user=None, viewport=DESKTOP, javascript=True):
        context = browser.new_context(viewport=viewport, java_script_enabled=javascript, locale="sv-SE")
        context.set_default_timeout(10_000)
        contexts.append(context)
        if user is not None:
            from django.test import Client

            client = Client()
            client.force_login(user)
            cookie = client.cookies[settings.SESSION_COOKIE_NAME]
            context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}])
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def axe_violations(page, *, exclude: list[str] | None = None) -> list[dict]:
    """Run axe-core (WCAG 2.1 A and AA rules) on the current page; return the violations found."""
    if not AXE_JS.exists():
        pytest.fail(f"axe-core saknas ({AXE_JS}); kör 'npm ci' (make test gör det).", pytrace=False)
    from playwright.sync_api import Error

    # Only the violations are reported in full: axe then stops collecting every passing node, which is most of its work.
    options = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}, "resultTypes": ["violations"]}
    context = {"exclude": [[s] for s in exclude]} if exclude else {"exclude": []}
    for attempt in range(3):
        # A click on a link may still be navigating: axe would then run on a document that is being replaced
        # (a destroyed context, or no documentElement). Wait for the page that is coming and run axe on it.
        page.wait_for_load_state("load")
        try:
            page.evaluate(AXE_JS.read_text())
            result = page.evaluate("([context, options]) => axe.run(context, options)", [context, options])
            break
        except Error:
            if attempt == 2:
                raise
            page.wait_for_timeout(200)
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"], "targets": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]


def assert_accessible(page, label: str = "") -> None:
    violations = axe_violations(page)
    assert violations == [], f"axe-core fann brister på {label or page.url}: {violations}"
