"""The JSON API (django-ninja) with its OpenAPI document at /api/openapi.json."""

from ninja import NinjaAPI

from attraktiv.api_auth import SessionAccess
from attraktiv.organisation.api import router as organisation_router
from attraktiv.programmes.api import router as programmes_router

api = NinjaAPI(
    title="Attraktiv API",
    version="1",
    description="Aggregated, disclosure-controlled figures and plans, scoped to the user's units.",
    auth=SessionAccess(),
    urls_namespace="api",
)
api.add_router("/organisation", organisation_router)
api.add_router("/programmes", programmes_router)
