from django.conf import settings
from django.contrib import admin
from django.http import HttpRequest

from attraktiv.accounts.access import request_access
from attraktiv.core.navigation import areas_for


def layout(request: HttpRequest) -> dict[str, object]:
    """What the base layout needs: the site name, the user's navigation, and whether the
    user may use Django's admin site (the admin's own test: an active staff user, which
    ``accounts.services.ensure_user`` makes every Administratör).

    A request turned away before authentication (Django's ``DisallowedHost`` for a bad Host
    header, answered with the 400 page) has no user: it gets the layout without navigation.
    """
    if not hasattr(request, "user"):
        return {"site_name": settings.SITE_NAME, "nav_areas": [], "may_use_admin": False}
    access = request_access(request)
    return {
        "site_name": settings.SITE_NAME,
        "nav_areas": areas_for(access, request.path),
        "access": access,
        "may_use_admin": admin.site.has_permission(request),
    }
