"""The absolute limit of a session (settings ``ATTRAKTIV_SESSION_MAX_HOURS``).

The idle limit is Django's own: ``SESSION_COOKIE_AGE`` with ``SESSION_SAVE_EVERY_REQUEST``
moves a session's expiry forward on every request. However busy, a session also ends
``SESSION_MAX_HOURS`` after its login, which this middleware keeps.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse

# The session key that holds the login's time (seconds since the epoch).
SIGNED_IN_AT = "attraktiv_signed_in_at"


def note_login(sender: object, request: HttpRequest, **kwargs: object) -> None:
    """``user_logged_in`` receiver: the absolute limit counts from this login."""
    request.session[SIGNED_IN_AT] = time.time()


class SessionLimitMiddleware:
    """Log out a session older than ``SESSION_MAX_HOURS``; note a new session's start."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            signed_in_at = request.session.setdefault(SIGNED_IN_AT, time.time())
            if time.time() - signed_in_at > settings.SESSION_MAX_HOURS * 3600:
                logout(request)
        return self.get_response(request)
