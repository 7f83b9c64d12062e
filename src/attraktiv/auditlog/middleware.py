"""Makes the request in progress known to ``auditlog.services.record``."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from attraktiv.auditlog.services import request_context


class AuditRequestMiddleware:
    """Events written while a request is handled get its user, client address and page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with request_context(request):
            return self.get_response(request)
