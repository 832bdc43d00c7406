"""Logging in: argon2 passwords, session cookies, CSRF, login throttling, logout."""

from __future__ import annotations

import os
import stat
from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient

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


def _from(api, address: str) -> Staff:
    """A browser whose requests come from this address (the socket peer)."""
    return Staff(TestClient(api.app, base_url="http://testserver", follow_redirects=False,
                            client=(address, 50000)), "")


def _try(browser: Staff, username: str, password: str):
    browser.get("/staff/login")
    return browser.post("/staff/login", {"username": username, "password": password})


def test_five_failures_from_one_address_hold_off_that_username_there_only(api, staff_users) -> None:
    attacker, owner = _from(api, "203.0.113.7"), _from(api, "198.51.100.20")
    answers = [_try(attacker, "hana", "wrong password").status_code for _ in range(5)]
    assert answers == [400, 400, 400, 400, 429]
    refused = _try(attacker, "hana", PASSWORD)
    assert refused.status_code == 429 and int(refused.headers["retry-after"]) > 0
    assert "Too many failed logins" in refused.text
    # The owner, from another address, is not locked out by someone else's guesses.
    assert _try(owner, "hana", PASSWORD).status_code == 303


def test_a_held_off_username_answers_alike_whether_it_exists_or_not(api, staff_users) -> None:
    browser = _from(api, "203.0.113.8")
    known = [_try(browser, "hana", "wrong password") for _ in range(6)]
    unknown = [_try(browser, "nobody", "wrong password") for _ in range(6)]
    assert [r.status_code for r in known] == [r.status_code for r in unknown]
    for k, u in zip(known, unknown, strict=True):
        assert k.text.replace("hana", "X") == u.text.replace("nobody", "X").replace(
            _csrf(u.text), _csrf(k.text))


def _csrf(html: str) -> str:
    return html.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]


def test_a_success_starts_the_count_again(api, staff_users) -> None:
    browser = _from(api, "203.0.113.9")
    for _ in range(4):
        assert _try(browser, "hana", "wrong password").status_code == 400
    assert _try(browser, "hana", PASSWORD).status_code == 303
    browser.client.cookies.clear()
    for _ in range(4):
        assert _try(browser, "hana", "wrong password").status_code == 400


def test_an_admin_can_unlock_a_held_off_username(api, staff_users) -> None:
    browser = _from(api, "203.0.113.10")
    for _ in range(5):
        response = _try(browser, "hana", "wrong password")
    assert response.status_code == 429
    admin = log_in(api, "ada")
    admin.get("/staff/users")
    assert admin.post("/staff/users/hana/unlock").status_code == 303
    assert _try(browser, "hana", PASSWORD).status_code == 303


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
    api.app.state.settings.login_limit_address = "5 per 10 minutes"
    browser = _from(api, "203.0.113.11")
    for i in range(4):
        assert _try(browser, f"guess{i}", "password123").status_code == 400
    assert _try(browser, "guess4", "password123").status_code == 429
    blocked = _try(browser, "hana", PASSWORD)
    assert blocked.status_code == 429 and "from this address" in blocked.text
    assert int(blocked.headers["retry-after"]) > 0
    assert _try(_from(api, "203.0.113.12"), "hana", PASSWORD).status_code == 303


def _age_sessions(api, **delta) -> None:
    """Move every session back in time, as if this long had passed since its last request."""
    from intake_api.models import StaffSession

    with Database(api.settings).session() as s, s.begin():
        for row in s.query(StaffSession).all():
            row.created_at -= timedelta(**delta)
            row.last_seen_at -= timedelta(**delta)
            row.expires_at -= timedelta(**delta)


def test_a_session_ends_after_two_idle_hours(api, staff_users) -> None:
    hana = log_in(api, "hana")
    _age_sessions(api, minutes=119)
    assert hana.get("/staff").status_code == 200  # and that request counts as activity
    _age_sessions(api, minutes=119)
    assert hana.get("/staff").status_code == 200
    _age_sessions(api, minutes=121)
    assert hana.get("/staff").status_code == 303
    assert log_in(api, "hana").get("/staff").status_code == 200


def test_a_session_ends_at_its_expiry_however_busy(api, staff_users) -> None:
    from sqlalchemy import update

    from intake_api.models import StaffSession

    hana = log_in(api, "hana")
    with Database(api.settings).session() as s, s.begin():
        s.execute(update(StaffSession).values(expires_at=datetime.now(UTC) - timedelta(seconds=1)))
    assert hana.get("/staff").status_code == 303


def test_the_cookie_holds_a_random_token_and_the_database_only_its_hash(api, staff_users) -> None:
    from intake_api.models import StaffSession

    hana = log_in(api, "hana")
    cookie = hana.client.cookies.get(COOKIE)
    with Database(api.settings).session() as s:
        ids = [row.id for row in s.query(StaffSession).all()]
    assert len(ids) == 1 and len(ids[0]) == 64
    assert ids[0] not in cookie


def test_with_the_throttle_store_down_logins_are_refused_with_503_not_500(api, staff_users) -> None:
    from intake_api.core import ratelimit
    from intake_api.core.config import Settings as ApiSettings

    unreachable = ApiSettings(database_url=api.settings.database_url, redis_url="redis://127.0.0.1:1/0")
    api.app.state.limiter = ratelimit.make_limiter(unreachable, Database(api.settings).sessionmaker)
    _, response = _login(api, "hana", PASSWORD)
    assert response.status_code == 503 and "not possible just now" in response.text
    assert COOKIE not in (response.headers.get("set-cookie") or "")
