"""The error responses each route documents in the OpenAPI document.

Every error has one body (``schemas.Error``); this module says which statuses a route
can answer with, and why, so the document matches what the API does."""

from __future__ import annotations

from typing import Any

from ..schemas import Error

WHY = {
    400: "The body could not be read (not JSON, or a bad Content-Length).",
    401: "No API key, or one that is not valid (revoked keys stop at once).",
    403: "The API key's scopes (or the staff role) do not allow this operation.",
    404: "No such case (or not one this key may read).",
    405: "The path does not take this method.",
    409: "The case's state or a rule of the Complaint Handling Code forbids this now.",
    413: "The body is larger than the limit (INTAKE_MAX_BODY_BYTES).",
    422: "A field is missing, malformed, out of range or holds a character that cannot "
         "be stored (NUL, an unpaired surrogate); ``errors`` names each field.",
}


def errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    return {status: {"model": Error, "description": WHY[status]} for status in statuses}


READ = errors(401, 403, 404, 422)
LIST = errors(401, 403, 422)
WRITE = errors(400, 401, 403, 404, 409, 413, 422)
