from django.contrib import admin

from attraktiv.organisation.models import Occupation, OccupationGroup, Unit


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    """Units are read-only here: the tree is replaced by HR-data imports as a whole."""

    list_display = ["name", "unit_id", "kind", "depth"]
    search_fields = ["name", "unit_id"]
    readonly_fields = ["unit_id", "parent", "kind", "path", "depth"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(OccupationGroup)
class OccupationGroupAdmin(admin.ModelAdmin):
    search_fields = ["name"]


@admin.register(Occupation)
class OccupationAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "group"]
    search_fields = ["code", "name"]
