"""The address a request really came from, also behind a reverse proxy.

Behind a proxy every request's ``REMOTE_ADDR`` is the proxy's, so a per-address
limit would count all citizens as one and a login lockout would lock everyone out
together. The proxy adds the address it saw to ``X-Forwarded-For``; that header is
believed only as far as it was written by proxies we trust (``LOTS_TRUSTED_PROXIES``,
addresses or networks), read from the right: the first address that is not one of
our proxies is the client. Anything left of it was written by the client and can
say anything, so it is never used.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(entry.strip(), strict=False) for entry in entries if entry.strip())


def _parse(value: str):
    try:
        return ipaddress.ip_address(value.strip())
    except ValueError:
        return None


def _trusted(address, networks) -> bool:
    return any(address in network for network in networks)


def client_address(request) -> str:
    """The client's address as text; ``REMOTE_ADDR`` unless that is a trusted proxy that forwarded the request."""
    remote = request.META.get("REMOTE_ADDR", "") or ""
    networks = _networks(tuple(getattr(settings, "LOTS_TRUSTED_PROXIES", ())))
    current = _parse(remote)
    if current is None or not networks or not _trusted(current, networks):
        return remote
    hops = [part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    for hop in reversed(hops):
        address = _parse(hop)
        if address is None:
            return str(current)  # a garbled header: stop at the last address a trusted proxy vouched for
        if not _trusted(address, networks):
            return str(address)
        current = address
    return str(current)
