import io
import json
import logging
from logging.config import DictConfigurator

import pytest
from django.conf import settings as django_settings

from lots.core.requestlog import RequestIdFilter
from lots.testing.factories import UserFactory


@pytest.fixture
def json_log():
    """The log as production writes it (LOG_FORMAT=json), captured from the request logger and the root."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(DictConfigurator({}).configure_formatter(dict(django_settings.LOGGING["formatters"]["json"])))
    handler.addFilter(RequestIdFilter())
    loggers = [logging.getLogger("lots.request"), logging.getLogger()]
    for logger in loggers:
        logger.addHandler(handler)
    yield stream
    for logger in loggers:
        logger.removeHandler(handler)


def lines(stream) -> list[dict]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def test_each_request_logs_one_json_line_with_its_id_method_path_status_and_duration(client, db, json_log):
    response = client.get("/healthz")
    [line] = lines(json_log)
    assert line["logger"] == "lots.request"
    assert line["request_id"] == response["X-Request-ID"]
    assert (line["method"], line["path"], line["status"]) == ("GET", "/healthz", 200)
    assert line["duration_ms"] >= 0


def test_the_log_holds_no_query_string_and_no_user_name(client, db, json_log):
    user = UserFactory(username="anna.svensson", first_name="Anna", last_name="Svensson")
    client.force_login(user)
    client.get("/avvikelser/?q=19121212-1212&namn=Tolvan")
    client.get("/finns-inte/?personnummer=19121212-1212")
    text = json_log.getvalue()
    assert len(lines(json_log)) >= 3  # two request lines and Django's 'Not Found' warning
    for private in ("19121212", "Tolvan", "anna.svensson", "Svensson", "?", "personnummer="):
        assert private not in text


def test_django_s_own_records_carry_the_request_id_but_not_the_request(client, db, json_log):
    response = client.get("/finns-inte/?personnummer=19121212-1212")
    warning = next(line for line in lines(json_log) if line["logger"] == "django.request")
    assert warning["request_id"] == response["X-Request-ID"]
    assert "request" not in warning


def test_a_valid_incoming_request_id_is_echoed(client, db):
    response = client.get("/healthz", HTTP_X_REQUEST_ID="3f2b9c1e-7d4a-4e5b-9a61-0c2d8e7f1a2b")
    assert response["X-Request-ID"] == "3f2b9c1e-7d4a-4e5b-9a61-0c2d8e7f1a2b"


def test_a_request_without_an_id_gets_a_new_one_each_time(client, db):
    first = client.get("/healthz")["X-Request-ID"]
    second = client.get("/healthz")["X-Request-ID"]
    assert len(first) == 32 and int(first, 16) >= 0
    assert first != second


@pytest.mark.parametrize(
    "malicious",
    ["a" * 65, "short", "<script>alert(1)</script>", "abc def ghi", "id%0d%0aSet-Cookie:x=1", "åäöåäöåäö"],
)
def test_a_malicious_request_id_is_replaced(client, db, json_log, malicious):
    response = client.get("/healthz", HTTP_X_REQUEST_ID=malicious)
    assert response["X-Request-ID"] != malicious
    assert len(response["X-Request-ID"]) == 32
    assert lines(json_log)[0]["request_id"] == response["X-Request-ID"]


def test_lines_written_after_a_request_finished_no_longer_carry_its_id(client, db, json_log):
    client.get("/healthz", HTTP_X_REQUEST_ID="req-finished-1234")
    logging.getLogger("lots.later").warning("between requests")
    later = next(line for line in lines(json_log) if line["logger"] == "lots.later")
    assert later["request_id"] == "-"
