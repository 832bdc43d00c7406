"""Shared dependencies of the routes: the database and who is calling."""

from __future__ import annotations

import time
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from ..core.security import hash_api_key
from ..models import ApiKey
from ..services.cases import Actor

_KEY_CACHE_SECONDS = 30.0


def get_sessionmaker(request: Request) -> sessionmaker[Session]:
    return request.app.state.db.sessionmaker


SessionFactory = Annotated[sessionmaker[Session], Depends(get_sessionmaker)]


def _api_key_actor(request: Request, token: str) -> Actor | None:
    cache: dict[str, tuple[float, str]] = request.app.state.api_key_cache
    digest = hash_api_key(token)
    hit = cache.get(digest)
    if hit and hit[0] > time.monotonic():
        return Actor(hit[1])
    with request.app.state.db.sessionmaker() as s:
        name = s.execute(
            select(ApiKey.name).where(ApiKey.key_hash == digest, ApiKey.revoked_at.is_(None))
        ).scalar_one_or_none()
    if name is None:
        return None
    cache[digest] = (time.monotonic() + _KEY_CACHE_SECONDS, name)
    return Actor(name)


def get_actor(request: Request) -> Actor:
    """An integration with an API key (``Authorization: Bearer …``), or a signed-in
    staff member (the staff pages set ``request.state.staff_user``)."""
    staff = getattr(request.state, "staff_user", None)
    if staff is not None:
        return Actor(staff.username, is_staff=True)
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        actor = _api_key_actor(request, token.strip())
        if actor is not None:
            return actor
        raise HTTPException(401, "the API key is not valid", headers={"WWW-Authenticate": "Bearer"})
    raise HTTPException(
        401, "authentication required: send Authorization: Bearer <api key>",
        headers={"WWW-Authenticate": "Bearer"},
    )


CurrentActor = Annotated[Actor, Depends(get_actor)]
