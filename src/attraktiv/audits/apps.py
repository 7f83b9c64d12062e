from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditsConfig(AppConfig):
    name = "attraktiv.audits"
    verbose_name = _("Audits")
