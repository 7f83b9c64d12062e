from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditLogConfig(AppConfig):
    name = "attraktiv.auditlog"
    verbose_name = _("Event log")

    def ready(self) -> None:
        from attraktiv.auditlog import signals

        signals.connect()
