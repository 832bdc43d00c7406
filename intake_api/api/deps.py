"""Shared dependencies of the routes: the database, who is calling, and their text."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session, sessionmaker

from ..core import text
from ..core.security import hash_api_key
from ..models import ApiKey
from ..services.access import ALL_SCOPES, scopes_for_role
from ..services.cases import Actor
from ..services.errors import Invalid

# Documents ``Authorization: Bearer <api key>`` in the OpenAPI document; the check is ours.
bearer = HTTPBearer(auto_error=False, description="An API key from `intake apikey create`.")


def get_sessionmaker(request: Request) -> sessionmaker[Session]:
    return request.app.state.db.sessionmaker


SessionFactory = Annotated[sessionmaker[Session], Depends(get_sessionmaker)]


_ACTIVE_KEY = select(ApiKey.name, ApiKey.scopes).where(
    ApiKey.key_hash == bindparam("key_hash"), ApiKey.revoked_at.is_(None)
)


def _api_key_actor(request: Request, token: str) -> Actor | None:
    """The key's name and scopes, read on every request: a revoked key stops at once in
    every worker. One unique-index lookup on a plain connection, no ORM session (a third
    of the CPU; docs/api-contract.md has the cost)."""
    with request.app.state.db.engine.connect() as conn:
        row = conn.execute(_ACTIVE_KEY, {"key_hash": hash_api_key(token)}).one_or_none()
    if row is None:
        return None
    name, scopes = row
    granted = ALL_SCOPES if scopes is None else frozenset(scopes.split())
    return Actor(name, scopes=granted)


def get_actor(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)] = None,
) -> Actor:
    """An integration with an API key (``Authorization: Bearer …``), or a signed-in
    staff member (the staff pages set ``request.state.staff_user``), whose role gives
    the same scopes an API key can carry."""
    staff = getattr(request.state, "staff_user", None)
    if staff is not None:
        return Actor(staff.username, is_staff=True, scopes=scopes_for_role(staff.role), role=staff.role)
    if credentials is not None and credentials.credentials.strip():
        actor = _api_key_actor(request, credentials.credentials.strip())
        if actor is not None:
            return actor
        raise HTTPException(401, "the API key is not valid", headers={"WWW-Authenticate": "Bearer"})
    raise HTTPException(
        401, "authentication required: send Authorization: Bearer <api key>",
        headers={"WWW-Authenticate": "Bearer"},
    )


CurrentActor = Annotated[Actor, Depends(get_actor)]


def storable_parameters(request: Request, _actor: CurrentActor) -> None:
    """Path and query parameters that no database could store (NUL, unpaired
    surrogates): 422 naming the parameter, before anything reaches the database."""
    for name, value in request.path_params.items():
        if not text.storable(value):
            raise Invalid(f"{name}: {text.MESSAGE}", name)
    for name, value in request.query_params.multi_items():
        if not text.storable(value):
            field = text.printable(name)
            raise Invalid(f"{field}: {text.MESSAGE}", field)
