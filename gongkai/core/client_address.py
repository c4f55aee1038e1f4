"""The address of the client behind a request, the one place that knows about proxies.

Rate limits, the admin login lockout and the search statistics key on this address.
REMOTE_ADDR is the peer of the connection; only when that peer is one of the proxies
named in GONGKAI_TRUSTED_PROXIES is X-Forwarded-For believed, and then only the part of
it that trusted proxies wrote: it is read from the right, skipping trusted proxies, and
the first other address is the client. Anything to the left of it was sent by the client
and may be forged. Written here because Django has no such helper and django-axes'
ipware-based lookup would be a second, differently configured definition.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address
UNKNOWN = "unknown"


def parse_trusted_proxies(text: str) -> tuple[Network, ...]:
    """ "127.0.0.1, 10.0.0.0/8" -> networks; raises ImproperlyConfigured on a bad entry."""
    networks = []
    for entry in text.split(","):
        entry = entry.strip()
        if not entry:
            continue
        try:
            networks.append(ipaddress.ip_network(entry, strict=False))
        except ValueError as error:
            raise ImproperlyConfigured(
                f"GONGKAI_TRUSTED_PROXIES: {entry!r} is not an address or network."
            ) from error
    return tuple(networks)


@lru_cache(maxsize=8)
def _networks(setting: str) -> tuple[Network, ...]:
    return parse_trusted_proxies(setting)


def trusted_proxies() -> tuple[Network, ...]:
    value = getattr(settings, "GONGKAI_TRUSTED_PROXIES", "")
    if not isinstance(value, str):
        value = ",".join(value)
    return _networks(value)


def _address(text: str) -> Address | None:
    """A parsed address, or None for anything malformed (ports, names, garbage)."""
    text = text.strip()
    if text.startswith("[") and text.endswith("]"):
        text = text[1:-1]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    mapped = getattr(address, "ipv4_mapped", None)
    return mapped or address


def _is_trusted(address: Address, networks: tuple[Network, ...]) -> bool:
    return any(address in network for network in networks)


def client_address(request: HttpRequest) -> str:
    """The client's address as text, e.g. "198.51.100.7"; "unknown" if there is none."""
    peer = _address(str(request.META.get("REMOTE_ADDR", "")))
    if peer is None:
        return UNKNOWN
    networks = trusted_proxies()
    if not _is_trusted(peer, networks):
        return str(peer)
    forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR", ""))
    for entry in reversed(forwarded.split(",")):
        address = _address(entry)
        if address is None:
            continue  # malformed: ignored, the next entry to the left decides
        if not _is_trusted(address, networks):
            return str(address)
    # Only proxies (or nothing usable) in the chain: the request came from a proxy itself.
    return str(peer)
