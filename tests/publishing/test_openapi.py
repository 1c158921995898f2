"""The OpenAPI description at /wp-json/openapi.json holds: schemathesis generates requests
from it against the running server — anonymous and as an editor's app — and every answer must
be no server error, with a declared status, content type and a body matching the schema."""

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

pytestmark = pytest.mark.django_db(transaction=True)

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def api_schema(site, make_post, make_category, editor, app_password, request):
    """The description as the server serves it, with a little content to read."""
    make_category("Harbour")
    make_post("A post to read", tags=["quay"])
    request.node.editor_auth = (editor.username, app_password(editor))
    return schemathesis.openapi.from_url(f"{site}/wp-json/openapi.json")


def test_the_description_is_served_as_openapi_3(site):
    document = requests.get(f"{site}/wp-json/openapi.json", timeout=30).json()
    assert document["openapi"].startswith("3.")
    assert {"/wp-json/wp/v2/posts", "/wp-json/wp/v2/media", "/wp-json/wp/v2/users/me"} <= set(
        document["paths"]
    )
    assert document["components"]["securitySchemes"]["appPassword"]["scheme"] == "basic"


def test_every_operation_answers_as_described(api_schema, request):
    """Anonymous first (reads, and refusals of writes), then as an editor's app. (Driven from
    here rather than by schemathesis's pytest plugin, which pytest 9 has outgrown.)"""
    auth = request.node.editor_auth
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) > 30

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=10,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
            database=None,
        )
        def answers(case):
            case.call_and_validate(checks=CHECKS)
            case.call_and_validate(checks=CHECKS, auth=auth)

        answers()
