"""scripts/rasa_server.py: the Rasa process's SQL errors carry no resident text."""

from __future__ import annotations

import sqlalchemy
from sqlalchemy.exc import IntegrityError

from scripts.rasa_server import hide_sql_parameters


def test_a_failed_tracker_write_names_no_values(monkeypatch):
    monkeypatch.setattr(sqlalchemy, "create_engine", sqlalchemy.create_engine)
    hide_sql_parameters()
    engine = sqlalchemy.create_engine("sqlite://")
    with engine.begin() as db:
        db.execute(sqlalchemy.text("create table events (id integer primary key, data text)"))
        db.execute(sqlalchemy.text("insert into events values (1, 'x')"))
    try:
        with engine.begin() as db:
            db.execute(sqlalchemy.text("insert into events values (:id, :data)"),
                       {"id": 1, "data": "my partner hit me, call 07700 900123"})
    except IntegrityError as exc:
        assert "07700 900123" not in str(exc) and "partner" not in str(exc)
        assert "hidden" in str(exc)
    else:
        raise AssertionError("the duplicate id should have failed")
