from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupplyPlanConfig(AppConfig):
    name = "attraktiv.supplyplan"
    verbose_name = _("Competence supply plan")
