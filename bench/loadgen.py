"""A small closed-loop HTTP load generator on loopback: N client processes, each with one keep-alive connection.

Each client sends its next request as soon as the previous answer has arrived,
for a fixed number of requests or until a deadline, whichever comes first. The
loops are bounded in count and time and only ever talk to 127.0.0.1.
"""

import http.client
import multiprocessing
import statistics
import time
from dataclasses import dataclass
from urllib.parse import urlencode


@dataclass
class Request:
    method: str
    path: str
    cookies: str = ""
    body: dict | None = None  # form fields for POST
    csrf_from: str | None = None  # GET this page first and post its csrf token
    headers: dict | None = None


@dataclass
class Result:
    requests: int
    errors: int
    seconds: float
    latencies_ms: list[float]

    def percentile(self, p: float) -> float:
        if not self.latencies_ms:
            return float("nan")
        ordered = sorted(self.latencies_ms)
        k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
        return ordered[k]

    @property
    def throughput(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def mean_ms(self) -> float:
        return statistics.fmean(self.latencies_ms) if self.latencies_ms else float("nan")


def _csrf(conn, path, cookies):
    conn.request("GET", path, headers={"Cookie": cookies} if cookies else {})
    response = conn.getresponse()
    body = response.read().decode("utf-8", "replace")
    token = body.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    cookie = ""
    for header, value in response.getheaders():
        if header.lower() == "set-cookie" and value.startswith("csrftoken="):
            cookie = value.split(";", 1)[0]
    return token, cookie


def _client(args):
    port, request, count, deadline = args
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    latencies, errors = [], 0
    cookies = request.cookies
    form = None
    if request.method == "POST":
        token, csrf_cookie = _csrf(conn, request.csrf_from or request.path, cookies)
        cookies = "; ".join(c for c in (cookies, csrf_cookie) if c)
        form = urlencode({**(request.body or {}), "csrfmiddlewaretoken": token})
    headers = {"Cookie": cookies} if cookies else {}
    headers.update(request.headers or {})
    if form is not None:
        headers = {
            **headers,
            "Content-Type": "application/x-www-form-urlencoded",
            "Referer": f"http://127.0.0.1:{port}{request.path}",
        }
    for _ in range(count):
        if time.monotonic() > deadline:
            break
        started = time.perf_counter()
        try:
            conn.request(request.method, request.path, body=form, headers=headers)
            response = conn.getresponse()
            response.read()
            if response.status >= 400:
                errors += 1
        except (OSError, http.client.HTTPException):
            errors += 1
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        latencies.append((time.perf_counter() - started) * 1000)
    conn.close()
    return latencies, errors


def run(port: int, request: Request, *, clients: int, requests_per_client: int, max_seconds: float) -> Result:
    deadline = time.monotonic() + max_seconds
    started = time.perf_counter()
    with multiprocessing.get_context("fork").Pool(clients) as pool:
        parts = pool.map(_client, [(port, request, requests_per_client, deadline)] * clients)
    seconds = time.perf_counter() - started
    latencies = [ms for part, _errors in parts for ms in part]
    return Result(len(latencies), sum(e for _p, e in parts), seconds, latencies)
