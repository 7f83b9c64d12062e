from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "attraktiv.accounts"
    verbose_name = _("Users and access")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from attraktiv.accounts.middleware import note_login

        user_logged_in.connect(note_login, dispatch_uid="attraktiv.accounts.note_login")
