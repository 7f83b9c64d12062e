"""Root URL map: one include per app, the JSON API, i18n and the admin."""

from django.contrib import admin
from django.urls import include, path

from attraktiv.api import api

urlpatterns = [
    path("", include("attraktiv.core.urls")),
    path("konto/", include("attraktiv.accounts.urls")),
    path("organisation/", include("attraktiv.organisation.urls")),
    path("data/", include("attraktiv.datasets.urls")),
    path("nyckeltal/", include("attraktiv.measurements.urls")),
    path("jamforelser/", include("attraktiv.benchmarks.urls")),
    path("program/", include("attraktiv.programmes.urls")),
    path("handlingsplaner/", include("attraktiv.actionplans.urls")),
    path("uppfoljning/", include("attraktiv.followups.urls")),
    path("budget/", include("attraktiv.budget.urls")),
    path("granskningar/", include("attraktiv.audits.urls")),
    path("kompetensforsorjning/", include("attraktiv.supplyplan.urls")),
    path("prognoser/", include("attraktiv.forecasts.urls")),
    path("rapporter/", include("attraktiv.reports.urls")),
    path("handelselogg/", include("attraktiv.auditlog.urls")),
    path("api/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

handler400 = "attraktiv.core.views.bad_request"
handler403 = "attraktiv.core.views.permission_denied"
handler404 = "attraktiv.core.views.page_not_found"
handler500 = "attraktiv.core.views.server_error"
