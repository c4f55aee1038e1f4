"""Guards of the public pages against robots and double submission, with no outside
service: signed one-time form tokens (which also carry the time the form was shown, for
the minimum fill time) and per-address rate limits counted in Django's cache.

The cache is the shared one (Redis when GONGKAI_CACHE_URL is set), and a count is one
atomic add + incr there, so the limits hold across every process of the application;
the client address comes from gongkai.core.client_address (trusted proxies).

It lives in core because every public form and API uses it (依申请公开, 互动交流, the
open-data API); the signing salt and cache-key prefix keep their original
"applications" names so tokens and counts issued before the move stay valid."""

import re
import secrets
from dataclasses import dataclass

from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured

SIGNING_SALT = "gongkai.applications.public_form"
RATE_PATTERN = re.compile(r"(\d+)/(\d*)([smhd])")
UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


@dataclass(frozen=True)
class FormToken:
    nonce: str
    issued_at: float


def issue_form_token(*, now: float) -> tuple[str, FormToken]:
    """A new signed token for one form; the nonce makes it usable for one application."""
    token = FormToken(nonce=secrets.token_urlsafe(18), issued_at=now)
    signed = signing.dumps({"n": token.nonce, "t": token.issued_at}, salt=SIGNING_SALT)
    return signed, token


def read_form_token(signed: str) -> FormToken | None:
    """The token's contents, or None if it was not issued here (or was altered)."""
    try:
        payload = signing.loads(signed, salt=SIGNING_SALT)
        return FormToken(nonce=str(payload["n"]), issued_at=float(payload["t"]))
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


@dataclass(frozen=True)
class Rate:
    limit: int
    seconds: int


def parse_rate(text: str) -> Rate | None:
    """ "5/h" -> 5 per hour, "20/10m" -> 20 per 10 minutes; "" or "none" -> no limit."""
    text = text.strip().lower()
    if text in ("", "none"):
        return None
    match = RATE_PATTERN.fullmatch(text)
    if match is None:
        raise ImproperlyConfigured(
            f"Invalid rate {text!r}: use e.g. '5/h' or '20/10m'."
        )
    count, multiple, unit = match.groups()
    return Rate(int(count), int(multiple or 1) * UNIT_SECONDS[unit])


def _cache_key(scope: str, address: str) -> str:
    return f"gongkai:applications:{scope}:{address}"


def is_rate_limited(scope: str, address: str, rate: Rate | None) -> bool:
    """Whether `address` has used up its allowance of `scope` in the current window."""
    if rate is None:
        return False
    return int(cache.get(_cache_key(scope, address), 0)) >= rate.limit


def count_hit(scope: str, address: str, rate: Rate | None) -> None:
    """Count one use of `scope` by `address` (a fixed window from the first use)."""
    if rate is None:
        return
    key = _cache_key(scope, address)
    cache.add(key, 0, timeout=rate.seconds)
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=rate.seconds)
