from django.conf import settings
from django.http import HttpRequest

from attraktiv.accounts.access import request_access
from attraktiv.core.navigation import areas_for


def layout(request: HttpRequest) -> dict[str, object]:
    """What the base layout needs: the site name and the user's navigation.

    A request turned away before authentication (Django's ``DisallowedHost`` for a bad Host
    header, answered with the 400 page) has no user: it gets the layout without navigation.
    """
    if not hasattr(request, "user"):
        return {"site_name": settings.SITE_NAME, "nav_areas": []}
    access = request_access(request)
    return {
        "site_name": settings.SITE_NAME,
        "nav_areas": areas_for(access, request.path),
        "access": access,
    }
