"""Response headers that Django's SecurityMiddleware and django-csp do not set (issue 11,
part 6; docs/security.md).

- ``Cache-Control: private, no-store`` on every response to a logged-in user (pages, HTMX
  partials, the API) and on every download, so that neither a proxy nor the browser's cache
  keeps a page of figures or a sick-leave CSV after the person has gone.
- ``Permissions-Policy`` denying the browser features no page uses (``PERMISSIONS_POLICY``).

Static files never reach this middleware (WhiteNoise answers them first) and keep their
long cache.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.utils.cache import patch_cache_control


def is_download(response: HttpResponseBase) -> bool:
    return response.get("Content-Disposition", "").startswith("attachment")


class ResponseHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]):
        self.get_response = get_response
        self.permissions_policy = ", ".join(f"{name}=()" for name in settings.PERMISSIONS_POLICY)

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        # A request turned away before authentication (a bad Host header) has no user.
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated) or is_download(response):
            patch_cache_control(response, private=True, no_store=True)
        response.setdefault("Permissions-Policy", self.permissions_policy)
        return response
