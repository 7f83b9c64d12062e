"""Login, logout and the user's own view of their roles and units."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from attraktiv.accounts.access import Capability, public, requires
from attraktiv.accounts.models import RoleAssignment

login = public(
    auth_views.LoginView.as_view(
        template_name="accounts/login.html", redirect_authenticated_user=True
    )
)
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
