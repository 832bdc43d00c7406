"""Text that every database can store: no NUL characters and no unpaired surrogates.

PostgreSQL refuses both (a NUL in a text value, and a string that cannot be encoded
as UTF-8); SQLite would store or choke on them differently. Every way text comes in
(JSON bodies, query strings, path parameters, staff forms) is checked here first, so
the answer is a 422 naming the field on every database instead of a 500 on one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")

MESSAGE = "contains a character that cannot be stored (a NUL character or an unpaired surrogate)"


class UnstorableText(ValueError):
    """``field`` holds a character no database here can store."""

    def __init__(self, field: str) -> None:
        super().__init__(f"{field}: {MESSAGE}")
        self.field = field
        self.message = MESSAGE


def is_storable(value: str) -> bool:
    return _UNSTORABLE.search(value) is None


def storable(value: Any) -> bool:
    """True when every string in ``value`` (a string, or lists and dicts of them,
    keys included) can be stored."""
    if isinstance(value, str):
        return is_storable(value)
    if isinstance(value, Mapping):
        return all(storable(k) and storable(v) for k, v in value.items())
    if isinstance(value, (list, tuple, set, frozenset)):
        return all(storable(v) for v in value)
    return True


def check(field: str, value: Any) -> None:
    """Raise UnstorableText naming ``field`` unless ``value`` can be stored."""
    if not storable(value):
        raise UnstorableText(field)


def check_all(fields: Mapping[str, Any] | Iterable[tuple[str, Any]]) -> None:
    """Check several named values, e.g. a form's or a query string's items."""
    items = fields.items() if isinstance(fields, Mapping) else fields
    for name, value in items:
        check(name, value)


def printable(value: str) -> str:
    """``value`` with unstorable characters replaced by U+FFFD, safe to put in a message."""
    return _UNSTORABLE.sub("\ufffd", value)
