"""State-changing operations on users and their roles."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser, User
from django.db import transaction

from attraktiv.accounts.models import Role, RoleAssignment
from attraktiv.organisation.models import Unit


def assign_role(user: AbstractUser, role: Role, unit: Unit) -> RoleAssignment:
    """Give ``user`` the ``role`` in ``unit`` and its subtree (idempotent)."""
    assignment, _created = RoleAssignment.objects.get_or_create(user=user, role=role, unit=unit)
    return assignment


@transaction.atomic
def ensure_user(
    username: str, password: str, role: Role, units: list[Unit], full_name: str = ""
) -> User:
    """Create or reset a user with exactly ``role`` in ``units``.

    An Administratör is also Django staff and superuser, so the admin site manages users.
    """
    user, _created = User.objects.get_or_create(username=username)
    first, _space, last = full_name.partition(" ")
    user.first_name, user.last_name = first, last
    user.is_staff = user.is_superuser = role == Role.ADMINISTRATOR
    user.set_password(password)
    user.save()
    RoleAssignment.objects.filter(user=user).delete()
    for unit in units:
        assign_role(user, role, unit)
    return user
