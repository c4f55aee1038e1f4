"""The security headers of every response: one definition for all three servers.

`gongkai serve` adds them to published files, Django's middleware to dynamic pages,
and nginx reads them from docs/deploy/security-headers.conf, which is generated from
this module (`gongkai deploy nginx-headers`; a test keeps the file equal to it).
Pure rule: no Django settings, no I/O.

Public pages carry no inline script or style, so their policy allows only files of
the site itself. The Wagtail admin writes inline scripts and styles, so its policy
allows those but still no other origin.
"""

PUBLIC_CSP = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "media-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'self'",
    )
)

ADMIN_CSP = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self' 'unsafe-inline'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "media-src 'self' blob:",
        "frame-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'self'",
    )
)

COMMON_HEADERS: tuple[tuple[str, str], ...] = (
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "strict-origin-when-cross-origin"),
    ("X-Frame-Options", "SAMEORIGIN"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
    (
        "Permissions-Policy",
        "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
    ),
)

# Sent only over HTTPS (browsers ignore it on plain HTTP, and a wrong one on HTTP
# would pin a test host): one year, no preload.
HSTS_HEADER = ("Strict-Transport-Security", "max-age=31536000; includeSubDomains")

ADMIN_PREFIXES = ("/admin/",)


def security_headers(path: str, *, https: bool = False) -> list[tuple[str, str]]:
    """The headers for a response to `path` (the URL path, not a file path)."""
    csp = ADMIN_CSP if path.startswith(ADMIN_PREFIXES) else PUBLIC_CSP
    headers = [*COMMON_HEADERS, ("Content-Security-Policy", csp)]
    if https:
        headers.append(HSTS_HEADER)
    return headers
