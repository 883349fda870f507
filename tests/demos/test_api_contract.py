"""What the schema fuzz (test_api_fuzz) found, each pinned by a plain request: the schema says
exactly what a demo accepts, and every error a demo can answer is documented."""

import pytest

from apps.demos.api import ERROR_RESPONSES, api
from apps.demos.manifest import train_specs
from apps.demos.training import ensure_trained

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def models():
    return [ensure_trained(spec, echo=None) for spec in train_specs()]


def post(client, path, body):
    return client.post(f"/api/demos/{path}/", body, content_type="application/json")


def test_every_operation_documents_the_errors_it_can_answer():
    schema = api.get_openapi_schema()
    assert schema["components"]["schemas"]["Error"]["required"] == ["detail"]
    operations = [op for ops in schema["paths"].values() for op in ops.values()]
    assert len(operations) >= 14
    for operation in operations:
        for status in ERROR_RESPONSES:
            assert status in operation["responses"], (operation["operationId"], status)


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("mlops", {"level": 0, "scenario": "none", "days": 60, "seed": False}, "seed"),
        ("mlops", {"level": False, "scenario": "none"}, "level"),
        ("masking", {"text": "a b c", "scheme": "bert", "seed": False}, "seed"),
        ("fitting", {"l2": False}, "l2"),
        ("regression", {"threshold": False}, "threshold"),
        ("stages", {"sample": "3"}, "sample"),
    ],
)
def test_booleans_and_strings_are_not_numbers(client, path, body, field):
    response = post(client, path, body)
    assert response.status_code == 422, response.content
    assert response.json()["field"] == field


def test_a_whole_number_written_as_a_float_is_a_whole_number(client):
    """JSON Schema's integer includes 3.0; StrictInt refused it with a 422."""
    response = post(client, "stages", {"sample": 3.0})
    assert response.status_code == 200, response.content
    assert post(client, "lora", {"rank": 4.0}).status_code == 200


@pytest.mark.parametrize("body", [[None, None], 3, "text"])
def test_a_body_that_is_not_an_object_is_refused(client, body):
    """A JSON list used to run the demo on its defaults (200)."""
    response = post(client, "perceptron", body)
    assert response.status_code == 400
    assert "detail" in response.json()


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [("mlm", {"text": ""}, "text"), ("electra", {"text": ""}, "text"), ("lora", {"rank": 0}, "rank")],
)
def test_the_schema_states_the_bounds_the_demo_checks(client, path, body, field):
    """These were documented as valid and then refused by the demo; now the schema says so (422)."""
    response = post(client, path, body)
    assert response.status_code == 422, response.content
    assert response.json()["field"] == field
    request_schema = api.get_openapi_schema()["components"]["schemas"][f"{path.capitalize()}In"]
    assert {"minLength", "minimum"} & set(request_schema["properties"][field])
