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


def test_the_assistants_key_files_cases_but_cannot_respond_close_or_decline(made_stack: MadeStack):
    bot = {"Authorization": f"Bearer {made_stack.assistant_key}"}
    with httpx.Client(base_url=made_stack.api_url, headers=bot, timeout=30) as api:
        filed = api.post("/api/v1/cases", json={
            "kind": "complaint", "channel": "rest", "summary": "The repair was not done",
            "complainant": {"name": "Test Resident", "phone": "07700 900111"},
            "definition": {"points": ["The repair was not done"], "desired_outcome": "Do it"}})
        assert filed.status_code == 201, filed.text
        reference = filed.json()["reference"]
        assert api.get(f"/api/v1/cases/{reference}").status_code == 200
        refused = {
            "respond": api.post(f"/api/v1/cases/{reference}/respond", json={
                "decision": "Upheld", "reasons": "We were late", "points_answered": ["1"]}),
            "close": api.post(f"/api/v1/cases/{reference}/close", json={"reason": "Resolved"}),
            "decline": api.post(f"/api/v1/cases/{reference}/decline",
                                json={"reasons": "Out of time"}),
        }
        assert {name: r.status_code for name, r in refused.items()} == {
            "respond": 403, "close": 403, "decline": 403}, {n: r.text for n, r in refused.items()}


def test_the_stacks_assistant_scopes_are_the_apis():
    from intake_api.services.access import ASSISTANT_SCOPES
    from scripts.stack import ASSISTANT_SCOPES as STACK_SCOPES

    assert set(STACK_SCOPES) == set(ASSISTANT_SCOPES)
