"""Adds the security headers of gongkai.core.http_headers to every dynamic response.

http_headers.py is the one definition: this middleware overwrites whatever an
earlier layer (Django's SecurityMiddleware, XFrameOptionsMiddleware) may have set,
so a header never has two sources with different values.
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from .http_headers import security_headers


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        for name, value in security_headers(request.path, https=request.is_secure()):
            response[name] = value
        return response
