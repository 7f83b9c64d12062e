from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from attraktiv.auditlog.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the log is append-only, written by ``auditlog.services.record`` alone."""

    list_display = ["at", "username", "action", "subject", "address", "outcome"]
    list_filter = ["action", "outcome"]
    search_fields = ["username", "subject", "path"]
    date_hierarchy = "at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
