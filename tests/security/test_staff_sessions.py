"""Staff sessions live on the server: logout, a password change and deactivation end them
at once, so a copied cookie is dead; the first admin's one-time password must be changed
before any other staff page opens. Against ``intake serve``, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, func, select

from intake_api.core.config import Settings
from intake_api.models import StaffSession, StaffUser
from tests.security.servers import PASSWORD, ApiServer, Browser, api_server, throwaway_database

NEW_PASSWORD = "a brand new passphrase"


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ApiServer]:
    var = tmp_path_factory.mktemp(f"sessions-{request.param}") / "var"
    admin = request.getfixturevalue("postgres_server") if request.param == "postgresql" else None
    with throwaway_database(request.param, var, admin) as url, api_server(url, var) as running:
        yield running


_users = iter(range(1_000_000))


def new_user(server: ApiServer, role: str = "handler", *flags: str) -> str:
    name = f"user{next(_users)}"
    server.intake("users", "add", name, "--role", role, "--password-stdin", *flags, stdin=PASSWORD + "\n")
    return name


def _count(server: ApiServer, query) -> int:
    engine = create_engine(Settings(database_url=server.database_url).database_url)
    with engine.connect() as conn:
        count = conn.execute(query).scalar_one()
    engine.dispose()
    return count


def sessions_of(server: ApiServer) -> int:
    return _count(server, select(func.count()).select_from(StaffSession))


def user_exists(server: ApiServer, username: str) -> bool:
    return bool(_count(server, select(func.count()).where(StaffUser.username == username)))


def signed_out(response) -> bool:
    return response.status_code == 303 and response.headers["location"].startswith("/staff/login")


def test_a_cookie_copied_before_logout_is_dead_after_it(server: ApiServer) -> None:
    name = new_user(server)
    browser = Browser(server.url)
    assert browser.login(name).status_code == 303
    assert browser.get("/staff").status_code == 200
    copied = dict(browser.client.cookies)
    before = sessions_of(server)

    assert browser.post("/staff/logout").status_code == 303
    assert sessions_of(server) == before - 1

    thief = Browser(server.url)
    for key, value in copied.items():
        thief.client.cookies.set(key, value, path="/staff")
    assert signed_out(thief.get("/staff"))
    assert signed_out(thief.get("/staff/password"))


def test_a_password_change_ends_every_other_session_at_once(server: ApiServer) -> None:
    name = new_user(server)
    laptop, phone = Browser(server.url), Browser(server.url)
    assert laptop.login(name).status_code == 303 and phone.login(name).status_code == 303
    assert phone.get("/staff").status_code == 200
    copied = dict(laptop.client.cookies)
    laptop.get("/staff/password")
    changed = laptop.post("/staff/password", {"current": PASSWORD, "new": NEW_PASSWORD, "again": NEW_PASSWORD})
    assert changed.status_code == 303
    assert laptop.get("/staff").status_code == 200  # the browser that changed it carries on
    assert signed_out(phone.get("/staff"))
    stale = Browser(server.url)
    for key, value in copied.items():
        stale.client.cookies.set(key, value, path="/staff")
    assert signed_out(stale.get("/staff"))  # the laptop's cookie from before the change


def test_deactivation_ends_the_sessions_of_that_user_at_once(server: ApiServer) -> None:
    name, admin_name = new_user(server), new_user(server, "admin")
    staff, admin = Browser(server.url), Browser(server.url)
    assert staff.login(name).status_code == 303 and admin.login(admin_name).status_code == 303
    assert staff.get("/staff").status_code == 200
    admin.get("/staff/users")
    assert admin.post(f"/staff/users/{name}/active", {"active": "no"}).status_code == 303
    assert signed_out(staff.get("/staff"))


def test_the_first_admins_one_time_password_must_be_changed_before_anything_else(server: ApiServer) -> None:
    name = new_user(server, "admin", "--must-change-password")
    browser = Browser(server.url)
    response = browser.login(name)
    assert response.status_code == 303 and response.headers["location"].startswith("/staff/password")
    for path in ("/staff", "/staff/users", "/staff/cases/CMP-0000-000001"):
        blocked = browser.get(path)
        assert blocked.status_code == 303 and blocked.headers["location"].startswith("/staff/password"), path
    assert browser.post("/staff/users", {"username": "sneaky", "role": "admin",
                                         "password": "another long one"}).status_code == 303
    assert not user_exists(server, "sneaky")
    page = browser.get("/staff/password")
    assert page.status_code == 200 and "one-time password" in page.text
    changed = browser.post("/staff/password", {"current": PASSWORD, "new": NEW_PASSWORD, "again": NEW_PASSWORD})
    assert changed.status_code == 303
    assert browser.get("/staff").status_code == 200
    assert browser.get("/staff/users").status_code == 200
    # And the next login goes straight in with the password they chose.
    again = Browser(server.url)
    assert again.login(name, NEW_PASSWORD).headers["location"] == "/staff"


def test_users_added_with_a_password_of_their_own_log_straight_in(server: ApiServer) -> None:
    name, admin_name = new_user(server), new_user(server, "admin")
    assert Browser(server.url).login(name).headers["location"] == "/staff"
    admin = Browser(server.url)
    admin.login(admin_name)
    admin.get("/staff/users")
    assert admin.post("/staff/users", {"username": f"{name}-b", "role": "handler",
                                       "password": "chosen by the admin"}).status_code == 303
    assert Browser(server.url).login(f"{name}-b", "chosen by the admin").headers["location"] == "/staff"
