"""What ``make run`` sets up on a fresh machine: a first admin whose one-time password
must be changed at first login."""

from __future__ import annotations

import re

import httpx
import pytest

from tests.security.conftest import MadeStack

pytestmark = [pytest.mark.e2e]


def first_admin(made_stack: MadeStack) -> tuple[str, str]:
    note = (made_stack.var / "first-admin.txt").read_text()
    username = re.search(r"username: (\S+)", note).group(1)
    password = re.search(r"password: (\S+)", note).group(1)
    return username, password


def test_the_first_admins_one_time_password_must_be_changed_at_first_login(made_stack: MadeStack):
    username, password = first_admin(made_stack)
    with httpx.Client(base_url=made_stack.api_url, timeout=30) as browser:
        page = browser.get("/staff/login")
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        response = browser.post("/staff/login", data={
            "username": username, "password": password, "csrf_token": csrf, "next": "/staff"})
        assert response.status_code == 303
        assert response.headers["location"].startswith("/staff/password")
