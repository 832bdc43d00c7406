"""Logging in: argon2 passwords, session cookies, CSRF, lockout with backoff, logout."""

from __future__ import annotations

import os
import stat
from datetime import UTC, datetime, timedelta

from intake_api.core.config import Settings
from intake_api.core.db import Database
from intake_api.models import StaffUser
from intake_api.services import staff as staff_service
from intake_api.staff.auth import COOKIE, secret_key

from .conftest import PASSWORD, Staff, log_in, new_browser


def _login(api, username: str, password: str, base_url: str = "http://testserver"):
    browser = Staff(new_browser(api, base_url), username)
    browser.get("/staff/login")
    return browser, browser.post("/staff/login", {"username": username, "password": password})


def test_passwords_are_stored_as_argon2_hashes(api, staff_users) -> None:
    with Database(api.settings).session() as s:
        user = s.query(StaffUser).filter_by(username="hana").one()
    assert user.password_hash.startswith("$argon2id$") and PASSWORD not in user.password_hash


def test_login_sets_an_httponly_samesite_cookie_for_the_staff_pages_only(api, staff_users) -> None:
    _, response = _login(api, "hana", PASSWORD)
    assert response.status_code == 303 and response.headers["location"] == "/staff"
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(f"{COOKIE}=")
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Path=/staff" in cookie
    assert "Secure" not in cookie


def test_the_session_cookie_is_secure_over_https(api, staff_users) -> None:
    _, response = _login(api, "hana", PASSWORD, base_url="https://testserver")
    assert response.status_code == 303 and "Secure" in response.headers["set-cookie"]


def test_a_wrong_password_and_an_unknown_user_get_the_same_answer(api, staff_users) -> None:
    _, wrong = _login(api, "hana", "not the password")
    _, unknown = _login(api, "nobody", "not the password")
    assert wrong.status_code == unknown.status_code == 400
    assert staff_service.BAD_LOGIN in wrong.text and staff_service.BAD_LOGIN in unknown.text
    assert COOKIE not in (wrong.headers.get("set-cookie") or "uid")


def test_the_login_form_needs_its_csrf_token(api, staff_users) -> None:
    browser = Staff(new_browser(api), "hana")
    browser.get("/staff/login")
    response = browser.post("/staff/login", {"username": "hana", "password": PASSWORD}, csrf=False)
    assert response.status_code == 403


def test_five_failures_lock_the_account_with_growing_waits(api, staff_users) -> None:
    sessions = Database(api.settings).sessionmaker
    now = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)
    for _ in range(4):
        try:
            staff_service.authenticate(sessions, "hana", "wrong password", now)
        except staff_service.LoginRefused as exc:
            assert exc.locked_until is None
    try:
        staff_service.authenticate(sessions, "hana", "wrong password", now)
    except staff_service.LoginRefused as exc:
        assert exc.locked_until == now + timedelta(minutes=1)
    # While locked even the right password is refused.
    try:
        staff_service.authenticate(sessions, "hana", PASSWORD, now + timedelta(seconds=30))
        raise AssertionError("a locked account logged in")
    except staff_service.LoginRefused as exc:
        assert "locked" in str(exc)
    # Each further failure doubles the wait, up to an hour.
    later = now + timedelta(minutes=2)
    try:
        staff_service.authenticate(sessions, "hana", "wrong again", later)
    except staff_service.LoginRefused as exc:
        assert exc.locked_until == later + timedelta(minutes=2)
    assert staff_service.lock_for(20) == timedelta(hours=1)
    # After the wait, the right password works and the count starts again.
    member = staff_service.authenticate(sessions, "hana", PASSWORD, later + timedelta(minutes=3))
    assert member.username == "hana"
    with sessions() as s:
        user = s.query(StaffUser).filter_by(username="hana").one()
        assert user.failed_logins == 0 and user.locked_until is None


def test_a_locked_account_gets_429_with_retry_after_and_an_admin_can_unlock_it(api, staff_users) -> None:
    for _ in range(5):
        _, response = _login(api, "hana", "wrong password")
    assert response.status_code == 429 and int(response.headers["retry-after"]) > 0
    assert "locked" in response.text
    _, refused = _login(api, "hana", PASSWORD)
    assert refused.status_code == 429
    admin = log_in(api, "ada")
    admin.get("/staff/users")
    assert admin.post("/staff/users/hana/unlock").status_code == 303
    _, ok = _login(api, "hana", PASSWORD)
    assert ok.status_code == 303


def test_logout_ends_the_session(api, staff_users) -> None:
    hana = log_in(api, "hana")
    assert hana.get("/staff").status_code == 200
    response = hana.post("/staff/logout")
    assert response.status_code == 303 and response.headers["location"].startswith("/staff/login")
    again = hana.get("/staff")
    assert again.status_code == 303 and again.headers["location"].startswith("/staff/login")


def test_a_tampered_cookie_is_anonymous(api, staff_users) -> None:
    browser = new_browser(api)
    browser.cookies.set(COOKIE, "eyJ1aWQiOjF9.forged.signature", path="/staff")
    response = browser.get("/staff")
    assert response.status_code == 303 and "/staff/login" in response.headers["location"]


def test_deactivated_staff_are_logged_out_at_once(api, staff_users) -> None:
    hana = log_in(api, "hana")
    admin = log_in(api, "ada")
    assert admin.post("/staff/users/hana/active", {"active": "no"}).status_code == 303
    assert hana.get("/staff").status_code == 303
    _, refused = _login(api, "hana", PASSWORD)
    assert refused.status_code == 400


def test_changing_the_password_ends_other_sessions(api, staff_users) -> None:
    laptop, phone = log_in(api, "hana"), log_in(api, "hana")
    laptop.get("/staff/password")
    new = "a brand new passphrase"
    response = laptop.post("/staff/password", {"current": PASSWORD, "new": new, "again": new})
    assert response.status_code == 303
    assert laptop.get("/staff").status_code == 200
    assert phone.get("/staff").status_code == 303
    _, ok = _login(api, "hana", new)
    assert ok.status_code == 303


def test_after_login_only_staff_pages_are_redirect_targets(api, staff_users) -> None:
    browser = Staff(new_browser(api), "hana")
    browser.get("/staff/login")
    response = browser.post("/staff/login", {"username": "hana", "password": PASSWORD,
                                             "next": "//evil.example/staff"})
    assert response.headers["location"] == "/staff"


def test_a_form_from_another_site_is_refused(api, staff_users) -> None:
    hana = log_in(api, "hana")
    response = hana.post("/staff/logout", headers={"Origin": "https://evil.example"})
    assert response.status_code == 403


def test_the_secret_key_is_generated_once_and_kept_private(tmp_path) -> None:
    settings = Settings(database_url="sqlite://", secret_key=None)
    first = secret_key(settings, tmp_path)
    assert secret_key(settings, tmp_path) == first and len(first) >= 40
    mode = stat.S_IMODE(os.stat(tmp_path / "secret_key").st_mode)
    assert mode == 0o600
    assert secret_key(Settings(database_url="sqlite://", secret_key="from-env"), tmp_path) == "from-env"


def test_staff_pages_send_security_headers(api, staff_users) -> None:
    response = log_in(api, "hana").get("/staff")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["cache-control"] == "no-store"


def test_many_failures_from_one_address_are_slowed_whatever_the_usernames(api, staff_users) -> None:
    from intake_api.staff.auth import FailedLogins

    api.app.state.staff_failed_logins = FailedLogins(limit=5)
    for i in range(5):
        _, response = _login(api, f"guess{i}", "password123")
        assert response.status_code == 400
    _, blocked = _login(api, "hana", PASSWORD)
    assert blocked.status_code == 429 and "from this address" in blocked.text
    assert int(blocked.headers["retry-after"]) > 0
