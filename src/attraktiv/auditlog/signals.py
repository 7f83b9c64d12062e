"""The events no single service performs: logins and lockouts (Django's and axes's signals),
and permission changes, which the admin, commands and services all make (model signals)."""

from __future__ import annotations

from typing import Any

from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_delete, post_save, pre_save
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from attraktiv.accounts.lockout import safe_username
from attraktiv.accounts.models import Role, RoleAssignment
from attraktiv.auditlog.models import Action, Outcome
from attraktiv.auditlog.services import record

# The user flags whose change is a permission change, with how the log names them.
USER_FLAGS = {
    "is_superuser": _("superuser"),
    "is_staff": _("admin site access"),
    "is_active": _("active"),
}


def logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    record(Action.LOGIN, user=user, request=request)


def login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any):
    typed = credentials.get(get_user_model().USERNAME_FIELD)
    record(
        Action.LOGIN_FAILED,
        username=safe_username(typed) or "",
        outcome=Outcome.FAILED,
        request=request,
    )


def logged_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    record(Action.LOGOUT, user=user, request=request)


def locked_out(sender: Any, request: Any, username: str | None, **kwargs: Any) -> None:
    """A lockout begins: the attempt that reached the limit (``LoginAttemptHandler``'s count
    equals it). Attempts refused during the lockout are logged as failed logins."""
    if getattr(request, "axes_failures_since_start", None) != settings.AXES_FAILURE_LIMIT:
        return
    record(
        Action.LOCKOUT,
        format_lazy(_("locked for {minutes} minutes"), minutes=settings.LOGIN_COOLOFF_MINUTES),
        username=username or "",
        outcome=Outcome.REFUSED,
        request=request,
    )


def describe_assignment(assignment: RoleAssignment, change: Any) -> Any:
    return format_lazy(
        "{user}: {role}, {unit} – {change}",
        user=assignment.user.get_username(),
        role=Role(assignment.role).label,
        unit=assignment.unit.name,
        change=change,
    )


def role_stored(sender: Any, instance: RoleAssignment, created: bool, **kwargs: Any) -> None:
    record(
        Action.PERMISSION_CHANGE,
        describe_assignment(instance, _("role given") if created else _("role changed")),
    )


def role_deleted(sender: Any, instance: RoleAssignment, **kwargs: Any) -> None:
    record(Action.PERMISSION_CHANGE, describe_assignment(instance, _("role removed")))


def remember_user_flags(sender: Any, instance: Any, **kwargs: Any) -> None:
    """Before a user is saved: its stored flags, to compare with after the save."""
    stored = sender.objects.filter(pk=instance.pk).values(*USER_FLAGS).first()
    instance._audit_stored_flags = stored


def user_stored(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    """A new user, or a changed flag, is a permission change."""
    before = getattr(instance, "_audit_stored_flags", None) or dict.fromkeys(USER_FLAGS, False)
    changes: list[Any] = [_("user created")] if created else []
    changes += [
        format_lazy("{flag}: {value}", flag=label, value=_("yes") if now else _("no"))
        for field, label in USER_FLAGS.items()
        if (now := getattr(instance, field)) != before[field] and (now or not created)
    ]
    if changes:
        record(
            Action.PERMISSION_CHANGE,
            format_lazy(
                "{user}: " + ", ".join("{}" for _change in changes),
                *changes,
                user=instance.get_username(),
            ),
        )


def connect() -> None:
    """Connect the receivers (``AuditLogConfig.ready``)."""
    user = get_user_model()
    for signal, receiver in [
        (user_logged_in, logged_in),
        (user_login_failed, login_failed),
        (user_logged_out, logged_out),
        (user_locked_out, locked_out),
    ]:
        signal.connect(receiver, dispatch_uid=f"attraktiv.auditlog.{receiver.__name__}")
    post_save.connect(role_stored, sender=RoleAssignment, dispatch_uid="auditlog.role_stored")
    post_delete.connect(role_deleted, sender=RoleAssignment, dispatch_uid="auditlog.role_deleted")
    pre_save.connect(remember_user_flags, sender=user, dispatch_uid="auditlog.user_flags")
    post_save.connect(user_stored, sender=user, dispatch_uid="auditlog.user_stored")
