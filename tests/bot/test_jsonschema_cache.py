"""The cached jsonschema.validate Rasa uses for action responses behaves like the original."""

from __future__ import annotations

import sys
from pathlib import Path

import jsonschema
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bot"))

from components import jsonschema_cache

SCHEMA = {"type": "object", "properties": {"events": {"type": "array", "items": {"type": "object"}}},
          "required": ["events"]}


def test_rasa_sees_the_cached_validate():
    from rasa.core.actions.action import RemoteAction

    assert jsonschema.validate is jsonschema_cache.cached_validate
    action = RemoteAction("action_x", None)
    assert action._validate_action_result({"events": [], "responses": []})
    with pytest.raises(jsonschema.ValidationError):
        action._validate_action_result({"events": "not a list", "responses": []})


def test_valid_passes_and_invalid_raises_the_same_error_as_before():
    jsonschema_cache.cached_validate({"events": [{}]}, SCHEMA)
    with pytest.raises(jsonschema.ValidationError) as cached:
        jsonschema_cache.cached_validate({"events": 3}, SCHEMA)
    with pytest.raises(jsonschema.ValidationError) as original:
        jsonschema_cache._original_validate({"events": 3}, SCHEMA)
    assert cached.value.message == original.value.message


def test_a_bad_schema_is_still_refused():
    with pytest.raises(jsonschema.SchemaError):
        jsonschema_cache.cached_validate({}, {"type": "no-such-type"})


def test_each_schema_is_checked_once(monkeypatch):
    calls = []
    original = jsonschema.validators.Draft202012Validator.check_schema
    monkeypatch.setattr(jsonschema.validators.Draft202012Validator, "check_schema",
                        classmethod(lambda cls, s: calls.append(s) or original(s)))
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "integer",
              "minimum": 41}
    for value in (41, 42, 43):
        jsonschema_cache.cached_validate(value, schema)
    assert len(calls) == 1
