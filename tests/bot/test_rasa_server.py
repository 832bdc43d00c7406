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


def test_a_token_starting_with_a_dash_reaches_rasa_whole(monkeypatch):
    # secrets.token_urlsafe can start with "-"; given as two arguments, argparse took it for
    # an option and `rasa run` exited with "expected one argument".
    import sys

    import rasa.__main__ as rasa_main

    from scripts import rasa_server

    seen: dict = {}
    monkeypatch.setattr(rasa_main, "main", lambda: seen.setdefault("argv", list(sys.argv)))
    monkeypatch.setattr(rasa_server, "hide_sql_parameters", lambda: None)
    monkeypatch.setenv("RASA_AUTH_TOKEN", "-Ab3_x9")
    monkeypatch.setattr(sys, "argv", ["rasa_server.py", "run", "--enable-api"])
    assert rasa_server.main() == 0
    args = rasa_main.create_argument_parser().parse_args(seen["argv"][1:])
    assert args.auth_token == "-Ab3_x9"
