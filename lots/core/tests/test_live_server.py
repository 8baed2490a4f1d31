"""The browser tests' live server runs one request through Django at a time (lots.testing.browser): on SQLite the
server's threads share the test's one in-memory connection, and two requests in it at once break each other's
transactions. Static files, which touch no database, are still served alongside."""

import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor

from django.conf import settings

from lots.testing.browser import OneDjangoRequestAtATime


def _serve(app):
    from django.core.servers.basehttp import WSGIRequestHandler

    server = OneDjangoRequestAtATime(("127.0.0.1", 0), WSGIRequestHandler, allow_reuse_address=False)
    server.set_app(app)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, thread


def _most_at_once(path: str) -> int:
    inside, most, guard = [0], [0], threading.Lock()

    def app(environ, start_response):
        with guard:
            inside[0] += 1
            most[0] = max(most[0], inside[0])
        time.sleep(0.2)
        with guard:
            inside[0] -= 1
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"ok"]

    server, thread = _serve(app)
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}{path}"
        with ThreadPoolExecutor(3) as pool:
            assert list(pool.map(lambda _n: urllib.request.urlopen(url, timeout=10).read(), range(3))) == [b"ok"] * 3
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
    return most[0]


def test_requests_to_django_are_answered_one_at_a_time():
    assert _most_at_once("/avvikelser/rapportera/") == 1


def test_static_files_are_served_alongside():
    assert _most_at_once(f"{settings.STATIC_URL}lots.css") > 1
