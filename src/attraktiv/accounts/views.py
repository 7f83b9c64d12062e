"""Login, logout and the user's own view of their roles and units."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from attraktiv.accounts.access import Capability, public, requires
from attraktiv.accounts.models import RoleAssignment


class LoginView(auth_views.LoginView):
    """Django's login, under the product's name: Django puts the current site's name (with no
    sites framework, the host, "127.0.0.1:8000") in ``site_name``, which the layout's header
    shows; the product's is ``SITE_NAME``."""

    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "site_name": settings.SITE_NAME}


login = public(LoginView.as_view())
logout = public(auth_views.LogoutView.as_view())


@requires(Capability.VIEW_PUBLISHED)
def my_access(request: HttpRequest) -> HttpResponse:
    """The signed-in user's roles and the units where each applies ("Min behörighet")."""
    user = request.user
    assert user.is_authenticated  # guaranteed by @requires
    assignments = (
        RoleAssignment.objects.filter(user=user)
        .select_related("unit")
        .order_by("role", "unit__path")
    )
    return render(request, "accounts/my_access.html", {"assignments": assignments})
