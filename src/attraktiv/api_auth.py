"""Authentication of the JSON API through the one permission helper (accounts.access)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.errors import HttpError
from ninja.security import SessionAuth

from attraktiv.accounts.access import Access, Capability, request_access


class SessionAccess(SessionAuth):
    """Django session login; ``request.auth`` becomes the user's ``Access``."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        if request.user.is_authenticated:
            return request_access(request)
        return None


def require(request: HttpRequest, capability: Capability) -> Access:
    """The request's access, or HTTP 403 when the capability is held in no unit."""
    access = request_access(request)
    if not access.has(capability):
        raise HttpError(403, "Du saknar behörighet för detta.")
    return access
