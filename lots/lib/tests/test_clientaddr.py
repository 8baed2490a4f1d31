"""The real client address: X-Forwarded-For is believed only as far as trusted proxies wrote it."""

import pytest
from django.test import RequestFactory

from lots.lib.clientaddr import client_address


def _request(remote, forwarded=None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **meta)


@pytest.fixture
def behind_proxy(settings):
    settings.LOTS_TRUSTED_PROXIES = ["127.0.0.1", "10.0.0.0/24"]


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.LOTS_TRUSTED_PROXIES = []
    assert client_address(_request("203.0.113.9", "198.51.100.1")) == "203.0.113.9"


def test_a_request_through_the_proxy_gets_the_address_the_proxy_saw(behind_proxy):
    assert client_address(_request("127.0.0.1", "198.51.100.7")) == "198.51.100.7"


def test_a_client_cannot_choose_its_address_by_sending_the_header_itself(behind_proxy):
    assert client_address(_request("127.0.0.1", "1.2.3.4, 198.51.100.7")) == "198.51.100.7"


def test_a_request_not_from_a_proxy_keeps_its_own_address_whatever_it_claims(behind_proxy):
    assert client_address(_request("198.51.100.7", "1.2.3.4")) == "198.51.100.7"


def test_a_chain_of_trusted_proxies_is_walked_from_the_right(behind_proxy):
    assert client_address(_request("127.0.0.1", "198.51.100.7, 10.0.0.5")) == "198.51.100.7"


def test_a_garbled_header_falls_back_to_the_last_trusted_hop(behind_proxy):
    assert client_address(_request("127.0.0.1", "inte-en-adress")) == "127.0.0.1"


def test_ipv6_clients_are_read_too(behind_proxy):
    assert client_address(_request("127.0.0.1", "2001:db8::1")) == "2001:db8::1"
