from django.contrib import admin

from attraktiv.datasets.models import ImportRecord


@admin.register(ImportRecord)
class ImportRecordAdmin(admin.ModelAdmin):
    """Import records are written by imports only."""

    list_display = ["started_at", "user", "source", "status", "error_count", "recompute_status"]
    list_filter = ["status", "source"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
