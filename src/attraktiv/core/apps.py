from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "attraktiv.core"
    verbose_name = _("Attraktiv")

    def ready(self) -> None:
        from attraktiv.core import checks  # noqa: F401  (registers the deploy checks)
