"""Writing and reading the event log (issue 11, part 4).

``record`` is the one way to write an event. Views, services and signal receivers call it;
the request in progress (``AuditRequestMiddleware``) supplies the acting user, the client's
address and the page when the caller does not, so a service that knows nothing of requests
still logs where its call came from. Texts are stored in the site's language.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone, translation
from django.utils.functional import Promise

from attraktiv.accounts.lockout import client_address
from attraktiv.auditlog.models import Action, AuditEvent, Outcome

if TYPE_CHECKING:
    from django.http import HttpRequest

_current_request: ContextVar[HttpRequest | None] = ContextVar("audit_request", default=None)


@contextmanager
def request_context(request: HttpRequest) -> Iterator[None]:
    """Make ``request`` the one ``record`` takes its user, address and page from."""
    token = _current_request.set(request)
    try:
        yield
    finally:
        _current_request.reset(token)


def authenticated(user: Any) -> Any:
    """``user`` when it is a signed-in user, else None (AnonymousUser, None)."""
    return user if getattr(user, "is_authenticated", False) else None


def record(
    action: Action,
    subject: str | Promise = "",
    *,
    user: Any = None,
    username: str | None = None,
    outcome: Outcome = Outcome.SUCCEEDED,
    request: HttpRequest | None = None,
) -> AuditEvent:
    """Write one event: ``action`` on ``subject`` by ``user`` (or ``username`` when no user
    exists, as for a failed login), from the request's address and page.

    ``user`` defaults to the request's signed-in user. ``subject`` names the object (a file
    name, a plan and its version, a user and role); it never holds figures or a personnummer.
    """
    request = request if request is not None else _current_request.get()
    if user is None and request is not None:
        user = authenticated(getattr(request, "user", None))
    user = authenticated(user)
    if username is None:
        username = user.get_username() if user is not None else ""
    with translation.override(settings.LANGUAGE_CODE):
        text = str(subject)
    return AuditEvent.objects.create(
        username=username[:150],
        user=user,
        action=action,
        subject=text[:300],
        path=request.path[:300] if request is not None else "",
        address=client_address(request) if request is not None else None,
        outcome=outcome,
    )


def filtered_events(
    *,
    username: str = "",
    action: str = "",
    since: datetime.date | None = None,
    until: datetime.date | None = None,
    text: str = "",
) -> QuerySet[AuditEvent]:
    """Events newest first, narrowed by user name, action, days (inclusive, in the site's
    time zone) and free text over user name, subject, page and address."""
    events = AuditEvent.objects.all()
    if username:
        events = events.filter(username__icontains=username)
    if action:
        events = events.filter(action=action)
    zone = timezone.get_current_timezone()
    if since is not None:
        start = datetime.datetime.combine(since, datetime.time.min, tzinfo=zone)
        events = events.filter(at__gte=start)
    if until is not None:
        end = datetime.datetime.combine(until + datetime.timedelta(days=1), datetime.time.min)
        events = events.filter(at__lt=end.replace(tzinfo=zone))
    if text:
        events = events.filter(
            Q(username__icontains=text)
            | Q(subject__icontains=text)
            | Q(path__icontains=text)
            | Q(address__contains=text)
        )
    return events.order_by("-at", "-pk")
