"""Fixtures for the staff pages: staff users of every role and a logged-in browser-like client."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient

from intake_api.core.db import Database
from intake_api.services.staff import add_user
from tests.intake.conftest import complaint

PASSWORD = "correct horse battery"
USERS = {"hana": "handler", "hal": "handler", "maya": "manager", "ada": "admin"}
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@dataclass
class Staff:
    """One person's browser: their own cookies and the CSRF token of their session."""

    client: TestClient
    username: str
    csrf: str = ""

    def get(self, path: str, **params):
        response = self.client.get(path, params=params or None)
        found = CSRF.search(response.text)
        if found:
            self.csrf = found.group(1)
        return response

    def post(self, path: str, data: dict | None = None, csrf: bool = True, **kwargs):
        body = dict(data or {})
        if csrf:
            body.setdefault("csrf_token", self.csrf)
        return self.client.post(path, data=body, **kwargs)


def new_browser(api, base_url: str = "http://testserver") -> TestClient:
    return TestClient(api.app, base_url=base_url, follow_redirects=False)


def log_in(api, username: str, password: str = PASSWORD) -> Staff:
    staff = Staff(new_browser(api), username)
    staff.get("/staff/login")
    response = staff.post("/staff/login", {"username": username, "password": password, "next": "/staff"})
    assert response.status_code == 303, response.text
    staff.get("/staff")
    return staff


@pytest.fixture
def staff_users(api) -> dict[str, str]:
    db = Database(api.settings)
    for username, role in USERS.items():
        add_user(db.sessionmaker, username, role, PASSWORD)
    db.dispose()
    return USERS


@pytest.fixture
def staff(api, staff_users):
    """``staff("hana")``: that person, logged in (one login each per test)."""
    sessions: dict[str, Staff] = {}

    def get(username: str) -> Staff:
        if username not in sessions:
            sessions[username] = log_in(api, username)
        return sessions[username]

    return get


def file_case(api, **overrides) -> str:
    """File a case as the assistant does (API key), returning its reference."""
    response = api.post("/api/v1/cases", complaint(**overrides))
    assert response.status_code == 201, response.text
    return response.json()["reference"]
