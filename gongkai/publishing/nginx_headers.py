"""nginx's copy of the security headers, generated from gongkai.core.http_headers.

nginx cannot import Python, so `gongkai deploy nginx-headers` writes the headers as
nginx directives into docs/deploy/; a test fails when the committed files differ from
this output, so the definition stays in one place.
"""

import re

from gongkai.core.http_headers import (
    ADMIN_CSP,
    ADMIN_PREFIXES,
    COMMON_HEADERS,
    HSTS_HEADER,
    PUBLIC_CSP,
)

HEADERS_FILE = "security-headers.conf"
HTTPS_HEADERS_FILE = "security-headers-https.conf"

GENERATED = (
    "# Generated from gongkai/core/http_headers.py by `gongkai deploy nginx-headers`:\n"
    "# do not edit (tests/test_nginx_headers.py fails when this file differs).\n"
)


def _quoted(value: str) -> str:
    if '"' in value or "\\" in value:
        raise ValueError(f"header value cannot be quoted for nginx: {value!r}")
    return f'"{value}"'


def headers_conf() -> str:
    """Directives for inside server {}: every header on every response (`always`
    includes errors), the admin's CSP below the admin prefixes, and the application's
    own copies of these headers hidden so each is sent once."""
    admin = "|".join(re.escape(prefix) for prefix in ADMIN_PREFIXES)
    names = [name for name, _value in COMMON_HEADERS] + [
        "Content-Security-Policy",
        HSTS_HEADER[0],
    ]
    lines = [
        GENERATED,
        "# Include inside server {}, and give no location an add_header of its own: nginx",
        "# drops the inherited add_header lines of a level that has any.",
        "",
        f"set $gongkai_csp {_quoted(PUBLIC_CSP)};",
        f"if ($uri ~ ^({admin})) {{",
        f"    set $gongkai_csp {_quoted(ADMIN_CSP)};",
        "}",
        *(
            f"add_header {name} {_quoted(value)} always;"
            for name, value in COMMON_HEADERS
        ),
        "add_header Content-Security-Policy $gongkai_csp always;",
        "",
        "# The application sends the same definition on dynamic pages; nginx's copy is kept.",
        *(f"proxy_hide_header {name};" for name in names),
    ]
    return "\n".join(lines) + "\n"


def https_headers_conf() -> str:
    """HSTS, for an HTTPS server block only, at the same level as headers_conf()."""
    name, value = HSTS_HEADER
    return (
        GENERATED
        + "# Include in HTTPS server blocks only, beside security-headers.conf.\n\n"
        + (f"add_header {name} {_quoted(value)} always;\n")
    )


def nginx_header_files() -> dict[str, str]:
    return {HEADERS_FILE: headers_conf(), HTTPS_HEADERS_FILE: https_headers_conf()}
