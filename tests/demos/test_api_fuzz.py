"""Schema fuzz of the demos API: schemathesis generates requests from the OpenAPI document (valid
and invalid ones) and calls the app in-process over WSGI, with every check on. No response may be a
5xx, undocumented, or break its schema; a body the schema refuses gets a 4xx and one it accepts is
not refused by the schema check (422). A 400 for a schema-valid body is the demo's own refusal of
what a schema cannot say (a sentence without [MASK], a PNG that does not decode): documented, allowed."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from apps.demos.api import api
from apps.demos.manifest import train_specs
from apps.demos.models import ApiKey, _digest, _prefix_of
from apps.demos.training import ensure_trained

CONFIG = schemathesis.Config.from_dict(
    {"checks": {"positive_data_acceptance": {"expected-statuses": ["2xx", "400"]}}, "generation": {"mode": "all"}}
)


def wsgi_app_keeping_connection():
    """The WSGI app, minus closing the database connection after each request (Django's test client
    does the same): the test's transaction holds the API key."""
    app = get_wsgi_application()

    def call(environ, start_response):
        for signal in (request_started, request_finished):
            signal.disconnect(close_old_connections)
        try:
            return app(environ, start_response)
        finally:
            for signal in (request_started, request_finished):
                signal.connect(close_old_connections)

    return call


schema = schemathesis.openapi.from_dict(api.get_openapi_schema(), config=CONFIG)
schema.app = wsgi_app_keeping_connection()


# The serving endpoint's key: schemathesis asks for it while collecting, before the database is
# open, so it is fixed here and each test stores it (as an instructor-issued key is stored).
SERVING_KEY = "qlk_fuzzfuzz_" + "k" * 43


@schema.auth()
class ServingKey:
    """The valid key (the ``ignored_auth`` check still tries the endpoint without it and with a wrong one)."""

    def get(self, case, context):
        return SERVING_KEY

    def set(self, case, key, context):
        case.headers = {**(case.headers or {}), "X-API-Key": key}


@pytest.fixture(scope="module", autouse=True)
def models():
    """Trained models (shared through QUIZLAB_DATA_DIR), so the fuzz reaches the demos' code, not a 503."""
    return [ensure_trained(spec, echo=None) for spec in train_specs()]


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_every_endpoint_keeps_its_contract(case, settings):
    settings.ALLOWED_HOSTS = ["localhost"]  # the WSGI client's host
    ApiKey.objects.get_or_create(
        prefix=_prefix_of(SERVING_KEY),
        defaults={"name": "fuzz", "key_hash": _digest(SERVING_KEY), "rate_limit_per_minute": 10**6},
    )
    case.call_and_validate()
