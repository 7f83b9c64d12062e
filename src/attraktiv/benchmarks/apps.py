from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BenchmarksConfig(AppConfig):
    name = "attraktiv.benchmarks"
    verbose_name = _("Benchmarks against other regions")
