"""The ceiling for case creation: a bare FastAPI endpoint doing one single-row INSERT
on the same database, with the same driver, pool and server settings as the intake API."""

from __future__ import annotations

import json
import os

from fastapi import FastAPI, Request
from sqlalchemy import create_engine, text

# The same pool settings as the intake API (intake_api/core/config.py defaults).
engine = create_engine(os.environ["BENCH_DATABASE_URL"], pool_size=20, max_overflow=5, pool_pre_ping=True)
app = FastAPI()


@app.post("/insert", status_code=201)
async def insert(request: Request) -> dict:
    body = await request.body()
    payload = json.loads(body)
    return await _insert(payload)


def _sync_insert(payload: dict) -> dict:
    with engine.begin() as conn:
        new_id = conn.execute(
            text("INSERT INTO bench_ceiling (payload) VALUES (:p) RETURNING id"),
            {"p": json.dumps(payload)},
        ).scalar_one()
    return {"id": new_id}


async def _insert(payload: dict) -> dict:
    from starlette.concurrency import run_in_threadpool

    return await run_in_threadpool(_sync_insert, payload)
