"""The API fuzzed from its own OpenAPI schema (schemathesis): no 5xx, and every response
conforms to the schema, for anonymous and for signed-in callers."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from inwriting.app import create_app
from inwriting.services import accounts
from inwriting.services.actors import Actor
from inwriting.services.demo import load_demo
from inwriting.settings import Settings

_TMP = Path(tempfile.mkdtemp(prefix="inwriting-fuzz-"))
_SETTINGS = Settings(database_url=f"sqlite:///{_TMP / 'fuzz.db'}", data_dir=_TMP / "d")
APP = create_app(_SETTINGS, checkpointer=False)
APP.state.db.upgrade()
load_demo(APP.state.db, public=True)
TOKEN, _ = accounts.create_token(APP.state.db, Actor("cleo"), "fuzz")

schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_anonymous(case: schemathesis.Case) -> None:
    case.call_and_validate(checks=[not_a_server_error, response_schema_conformance])


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_signed_in(case: schemathesis.Case) -> None:
    case.call_and_validate(
        headers={"Authorization": f"Bearer {TOKEN}"},
        checks=[not_a_server_error, response_schema_conformance],
    )


def teardown_module() -> None:
    APP.state.db.dispose()
    shutil.rmtree(_TMP, ignore_errors=True)
