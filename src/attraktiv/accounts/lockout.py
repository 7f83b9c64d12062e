"""Login protection: django-axes's counting of failed logins, fitted to Attraktiv.

Axes refuses a login when the user name, or the client's address, has too many failed
attempts within the cool-off (settings: ``ATTRAKTIV_LOGIN_FAILURE_LIMIT``,
``ATTRAKTIV_LOGIN_ADDRESS_FAILURE_LIMIT``, ``ATTRAKTIV_LOGIN_COOLOFF_MINUTES``). This module
gives axes the client address (behind the site's own proxy too), a user name that is never a
personnummer, an address limit of its own, and the Swedish lockout page.
"""

from __future__ import annotations

import math
from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from attraktiv.hrdata.pseudonym import is_personnummer, pseudonymise


def client_address(request: HttpRequest) -> str | None:
    """The client's IP address: the last one in ``CLIENT_ADDRESS_HEADER`` when the site's
    proxy sets it (the address the proxy itself saw), else ``REMOTE_ADDR``."""
    if settings.CLIENT_ADDRESS_HEADER:
        forwarded = request.META.get(settings.CLIENT_ADDRESS_HEADER, "")
        addresses = [part.strip() for part in forwarded.split(",") if part.strip()]
        if addresses:
            return addresses[-1]
    return request.META.get("REMOTE_ADDR") or None


def safe_username(typed: str | None) -> str | None:
    """The user name as typed, unless it is a personnummer: then its keyed pseudonym, so a
    personnummer typed into the login form is never stored or logged (domain.md)."""
    if typed is None:
        return None
    typed = typed.strip()[: get_user_model()._meta.get_field("username").max_length]
    if is_personnummer(typed):
        return "personnummer-" + pseudonymise(typed, settings.PSEUDONYM_KEY)[:16]
    return typed


def attempted_username(request: HttpRequest, credentials: dict[str, Any] | None) -> str | None:
    """``AXES_USERNAME_CALLABLE``: the attempted user name, made safe by ``safe_username``."""
    field = get_user_model().USERNAME_FIELD
    if credentials:
        return safe_username(credentials.get(field))
    return safe_username(request.POST.get(field))


class LoginAttemptHandler(AxesDatabaseHandler):
    """Axes's database handler with a higher limit for an address than for a user name.

    Many users may share one address (a Citrix server, a proxy without the address header),
    so the address gets ``LOGIN_ADDRESS_FAILURE_LIMIT`` failures, a user name
    ``LOGIN_FAILURE_LIMIT`` (= ``AXES_FAILURE_LIMIT``). Axes compares one count with one limit;
    this count is the user name's failures or the address's less its extra allowance,
    whichever is higher, so each reaches the limit exactly when its own limit is reached.
    """

    def get_failures(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
        per_username, per_address = (
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        allowance = settings.LOGIN_ADDRESS_FAILURE_LIMIT - settings.LOGIN_FAILURE_LIMIT
        return max(per_username, per_address - allowance)


def lockout_minutes() -> int:
    """Minutes until a refused login may be tried again: the whole cool-off, since every
    attempt during a lockout starts it again (``AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT``)."""
    return math.ceil(settings.AXES_COOLOFF_TIME.total_seconds() / 60)


def locked_out(
    request: HttpRequest, original_response: HttpResponse | None, credentials: Any
) -> HttpResponse:
    """``AXES_LOCKOUT_CALLABLE``: the Swedish lockout page, HTTP 429 (Too Many Requests)."""
    return render(
        request,
        "accounts/locked_out.html",
        {"minutes": lockout_minutes()},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )
