"""The event log (issue 11, part 4): who did what, when, from where, with what outcome.

Append-only: an event is written once through ``services.record`` and never changed or
deleted by the application (the admin shows it read-only). It holds no personal data beyond
the user name: no personnummer, no figures, for a download the file name and the page.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Action(models.TextChoices):
    LOGIN = "login", pgettext_lazy("event", "Login")
    LOGIN_FAILED = "login_failed", pgettext_lazy("event", "Failed login")
    LOCKOUT = "lockout", pgettext_lazy("event", "Lockout")
    LOGOUT = "logout", pgettext_lazy("event", "Logout")
    DOWNLOAD = "download", pgettext_lazy("event", "Download")
    REPORT = "report", pgettext_lazy("event", "Report generated")
    IMPORT = "import", pgettext_lazy("event", "Import")
    PLAN_APPROVAL = "plan_approval", pgettext_lazy("event", "Action plan approval")
    ROUND_LOCK = "round_lock", pgettext_lazy("event", "Follow-up round locked")
    ROUND_REOPEN = "round_reopen", pgettext_lazy("event", "Follow-up round reopened")
    BOARD_APPROVAL = "board_approval", pgettext_lazy("event", "Board approval")
    PERMISSION_CHANGE = "permission_change", pgettext_lazy("event", "Permission change")
    PURGE = "purge", pgettext_lazy("event", "Purge of old HR data")


class Outcome(models.TextChoices):
    SUCCEEDED = "succeeded", _("Succeeded")
    FAILED = "failed", _("Failed")
    REFUSED = "refused", _("Refused")


class AppendOnlyError(Exception):
    """An event may be written once, never changed or deleted."""


class AuditEvent(models.Model):
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    username = models.CharField(_("user name"), max_length=150, blank=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    action = models.CharField(_("event"), max_length=32, choices=Action.choices, db_index=True)
    subject = models.CharField(_("what"), max_length=300, blank=True)
    path = models.CharField(_("page"), max_length=300, blank=True)
    address = models.GenericIPAddressField(_("from address"), null=True, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=16, choices=Outcome.choices, default=Outcome.SUCCEEDED
    )

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.get_action_display()}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AppendOnlyError("an audit event cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise AppendOnlyError("an audit event cannot be deleted")
