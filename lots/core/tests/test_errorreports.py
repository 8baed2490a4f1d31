import sentry_sdk
from sentry_sdk.transport import Transport

from lots.core.errorreports import scrub, start


def an_event() -> dict:
    return {
        "message": "boom",
        "request": {
            "url": "https://lots.example.se/avvikelser/?q=19121212-1212#top",
            "method": "POST",
            "query_string": "q=19121212-1212",
            "data": {"description": "Tolvan föll i duschen"},
            "cookies": {"sessionid": "secret"},
            "headers": {"Cookie": "sessionid=secret", "Authorization": "Bearer token", "User-Agent": "Firefox"},
        },
        "user": {"username": "anna.svensson", "ip_address": "10.0.0.7"},
    }


def test_before_send_drops_the_body_cookies_query_string_and_user():
    event = scrub(an_event(), {})
    request = event["request"]
    assert "data" not in request and "cookies" not in request and "query_string" not in request
    assert request["url"] == "https://lots.example.se/avvikelser/"
    assert request["headers"] == {"User-Agent": "Firefox"}
    assert "user" not in event
    assert "19121212" not in str(event) and "Tolvan" not in str(event) and "secret" not in str(event)


def test_before_send_leaves_an_event_without_a_request_alone():
    assert scrub({"message": "boom"}, {}) == {"message": "boom"}


class Captured(Transport):
    def __init__(self, options=None):
        super().__init__(options)
        self.events = []

    def capture_envelope(self, envelope):
        self.events.extend(item.payload.json for item in envelope.items if item.type == "event")


def test_an_error_report_carries_the_request_id_and_nothing_private(client, db, settings, monkeypatch):
    transport = Captured()
    # Built here so that the event's copy of this file's source lines cannot hold it.
    private = "-".join(["19121212", "1212"])
    start("https://key@sentry.invalid/1", environment="test")
    sentry_sdk.get_client().transport = transport
    settings.DEBUG_PROPAGATE_EXCEPTIONS = False
    monkeypatch.setattr("lots.core.views.queue_state", lambda: 1 / 0)
    try:
        client.raise_request_exception = False
        response = client.get(f"/readyz?q={private}", HTTP_X_REQUEST_ID="req-1234567890")
        sentry_sdk.flush()
    finally:
        sentry_sdk.init(dsn=None)
    assert response.status_code == 500
    [event] = transport.events
    assert event["tags"]["request_id"] == "req-1234567890"
    assert private not in str(event)
