"""Rasa 3.6 validates every action server response with ``jsonschema.validate``, which
re-checks the (large, constant) events schema against its metaschema each time. Measured
under 20 concurrent conversations that was about a third of the Rasa server's CPU.

This wraps ``jsonschema.validate`` so a schema is checked once and its validator reused.
Same result and same exceptions: a schema seen for the first time goes through the
original path, including ``check_schema``. Imported by ``components/__init__.py``, so it
is active wherever the assistant's model is loaded."""

from __future__ import annotations

import json
from typing import Any, Dict, Tuple

import jsonschema
from jsonschema import exceptions, validators

_original_validate = jsonschema.validate
_validators: Dict[Tuple[str, Any], Any] = {}


def _key(schema: Any, cls: Any) -> Tuple[str, Any]:
    return json.dumps(schema, sort_keys=True, default=repr), cls


def cached_validate(instance: Any, schema: Any, cls: Any = None, *args: Any, **kwargs: Any) -> None:
    if args or kwargs:
        _original_validate(instance, schema, cls, *args, **kwargs)
        return
    key = _key(schema, cls)
    validator = _validators.get(key)
    if validator is None:
        klass = cls or validators.validator_for(schema)
        klass.check_schema(schema)
        validator = klass(schema)
        _validators[key] = validator
    error = exceptions.best_match(validator.iter_errors(instance))
    if error is not None:
        raise error


if getattr(jsonschema.validate, "__name__", "") != "cached_validate":
    jsonschema.validate = cached_validate
