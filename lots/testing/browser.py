"""Browser-test fixtures: Playwright driving the system Chromium, and axe-core for accessibility.

Chromium comes from the operating system (``/usr/bin/chromium``). Where it is
missing the browser tests are skipped with a plain message, except under CI
(``CI=true``), where a missing browser fails the run.
"""

import os
import shutil
import threading
from pathlib import Path

import pytest
from django.conf import settings
from django.core.servers.basehttp import ThreadedWSGIServer
from django.test.testcases import LiveServerThread

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


class OneDjangoRequestAtATime(ThreadedWSGIServer):
    """The browser tests' live server runs one request through Django at a time; static files are served alongside.

    On SQLite the test database lives in memory, and the server shares the test's one connection (pytest-django passes
    it as ``connections_override``). Django's threaded live server would let two requests the page sends at once (a
    draft saved as a field is left, and the form's own submit) use that one connection together: the second then fails
    with "cannot start a transaction within a transaction", a fault of the test set-up that a browser test would report
    as the page's. Each request to Django now has the connection to itself; the stylesheets and scripts a page loads do
    not touch the database and still load in parallel.
    """

    def set_app(self, application):
        lock = threading.Lock()
        static = settings.STATIC_URL

        def one_at_a_time(environ, start_response):
            if environ.get("PATH_INFO", "").startswith(static):
                return application(environ, start_response)
            with lock:
                response = application(environ, start_response)
                try:
                    return list(response)  # the whole response, before the next request
                finally:
                    if hasattr(response, "close"):  # Django's request_finished, inside the lock, as a server calls it
                        response.close()

        super().set_app(one_at_a_time)


LiveServerThread.server_class = OneDjangoRequestAtATime


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
