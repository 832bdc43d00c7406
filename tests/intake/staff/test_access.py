"""Every staff route and every /api/v1 route refuses anonymous access, and every staff
route × role gets the answer docs/staff.md promises (403 for a role below the one needed)."""

from __future__ import annotations

from datetime import date

import pytest

from intake_api.api.routes import calendar, cases, notices, reports
from intake_api.services.staff import PERMISSIONS, ROLES, allowed
from intake_api.staff import router as staff_router
from intake_api.staff.auth import COOKIE
from intake_api.staff.hazards import router as hazards_router
from intake_api.staff.notices import router as notices_router
from intake_api.staff.reports import router as reports_router

from .conftest import file_case, log_in

CASE = "/staff/cases/{reference}"
PUBLIC = {("GET", "/staff/login"), ("POST", "/staff/login"), ("GET", "/staff/static/{name}")}

# (method, path) → (the action it needs, form data that would succeed on a fresh case).
STAFF_ROUTES: dict[tuple[str, str], tuple[str, dict]] = {
    ("GET", "/staff"): ("view", {}),
    ("GET", CASE): ("view", {}),
    ("GET", "/staff/password"): ("view", {}),
    ("POST", "/staff/password"): ("view", {}),
    ("POST", CASE + "/acknowledge"): ("acknowledge", {}),
    ("POST", CASE + "/definition"): ("edit_definition", {"points": "One\nTwo", "reason": "typo"}),
    ("POST", CASE + "/reclassify"): ("reclassify", {"kind": "complaint", "reason": "unhappy with the repair"}),
    ("POST", CASE + "/extend"): ("extend", {"days": "2", "reason": "awaiting a surveyor"}),
    ("POST", CASE + "/respond"): ("respond", {"decision": "upheld", "reasons": "we were late",
                                              "answered": ["0", "1"]}),
    ("POST", CASE + "/escalate"): ("escalate", {"requested_by": "resident"}),
    ("POST", CASE + "/notes"): ("note", {"text": "called the resident"}),
    ("POST", CASE + "/close"): ("close", {"reason": "request completed"}),
    ("POST", CASE + "/assign"): ("assign", {"handler": "hal"}),
    ("POST", CASE + "/decline"): ("decline", {"reasons": "the issue is 3 years old", "exclusion": "over_12_months"}),
    ("POST", CASE + "/hazard"): ("set_hazard", {"class": "damp_mould"}),
    ("POST", CASE + "/hazard/{step}"): ("record_hazard_step", {}),
    ("POST", CASE + "/notices/{notice_id}/retry"): ("resend_notice", {}),
    ("POST", CASE + "/notices/{notice_id}/letter"): ("resend_notice", {}),
    ("POST", CASE + "/notices/{notice_id}/posted"): ("resend_notice", {}),
    ("GET", CASE + "/notices/{notice_id}/letter"): ("view", {}),
    ("GET", "/staff/users"): ("manage_users", {}),
    ("POST", "/staff/users"): ("manage_users", {"username": "", "role": "handler", "password": ""}),
    ("POST", "/staff/users/{username}/unlock"): ("manage_users", {}),
    ("POST", "/staff/users/{username}/active"): ("manage_users", {"active": "yes"}),
    ("GET", "/staff/reports"): ("read_reports", {}),
    ("GET", "/staff/reports/{key}.csv"): ("read_reports", {}),
    ("POST", "/staff/logout"): ("view", {}),
}
# The same routes where the case decides the action needed.
VARIANTS = [
    ("POST", CASE + "/reclassify", "complaint", "reclassify_from_complaint",
     {"kind": "service_request", "reason": "it is a first report"}),
    ("POST", CASE + "/extend", "complaint", "extend_beyond_limit",
     {"days": "2", "reason": "awaiting a surveyor", "good_reason_beyond_limit": "resident in hospital"}),
    ("POST", CASE + "/close", "complaint", "close_unanswered_complaint", {"reason": "resolved by phone"}),
]
# Cases the plain routes act on: a service request for reclassify-to-complaint and close.
SERVICE_REQUEST_ROUTES = {CASE + "/reclassify", CASE + "/close"}


def _routes(router) -> set[tuple[str, str]]:
    return {(method, route.path) for route in router.routes for method in route.methods}


def _url(path: str, reference: str | None = None) -> str:
    reference = reference or f"CMP-{date.today().year}-000001"  # the year of the test's clock
    return path.replace("{reference}", reference).replace("{username}", "hal").replace("{name}", "staff.css").replace(
        "{key}", "summary").replace("{step}", "investigated").replace("{notice_id}", "1")


def test_the_matrix_covers_every_staff_route() -> None:
    assert (_routes(staff_router) | _routes(reports_router) | _routes(hazards_router)
            | _routes(notices_router)) == set(STAFF_ROUTES) | PUBLIC
    assert {action for action, _ in STAFF_ROUTES.values()} | {v[3] for v in VARIANTS} == set(PERMISSIONS)


@pytest.mark.parametrize("route", sorted(set(STAFF_ROUTES)))
def test_anonymous_staff_requests_are_sent_to_the_login_page(api, route) -> None:
    method, path = route
    response = api.client.request(method, _url(path), data={}, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/staff/login")


def test_the_public_staff_routes_are_only_the_login_and_static_files(api) -> None:
    assert api.client.get("/staff/login").status_code == 200
    assert api.client.get("/staff/static/staff.css").status_code == 200
    assert api.client.get("/staff/static/secret_key").status_code == 404
    assert api.client.get("/staff/static/../auth.py").status_code == 404


def _api_routes() -> list[tuple[str, str]]:
    return sorted(_routes(cases.router) | _routes(calendar.router) | _routes(reports.router)
                  | _routes(notices.router))


@pytest.mark.parametrize("route", _api_routes())
def test_anonymous_api_requests_get_401(api, route) -> None:
    method, path = route
    kwargs = {"json": {}} if method in ("POST", "PUT") else {}
    response = api.client.request(method, _url(path), **kwargs)
    assert response.status_code == 401, (route, response.text)
    assert response.headers["www-authenticate"] == "Bearer"


def test_a_staff_session_cookie_does_not_open_the_api(api, staff_users) -> None:
    hana = log_in(api, "hana")
    cookie = hana.client.cookies.get(COOKIE)
    response = api.client.get("/api/v1/cases", headers={"Cookie": f"{COOKIE}={cookie}"})
    assert response.status_code == 401


def _request(staff, method: str, path: str, data: dict):
    if method == "GET":
        return staff.get(path)
    return staff.post(path, data)


@pytest.mark.parametrize("role", ROLES)
def test_every_staff_route_for_every_role(api, staff, role) -> None:
    person = {"handler": "hana", "manager": "maya", "admin": "ada"}[role]
    me = staff(person)
    checked = 0
    for (method, path), (action, data) in sorted(STAFF_ROUTES.items()):
        if path == "/staff/logout":
            continue  # last: it ends the session
        kind = "service_request" if path in SERVICE_REQUEST_ROUTES else "complaint"
        body = {"kind": kind}
        if kind == "service_request":
            body["definition"] = {"points": []}
        reference = file_case(api, **body)
        url = _url(path, reference)
        if "{notice_id}" in path:  # the case's own notice (its filing notice)
            first = api.get(f"/api/v1/cases/{reference}/notices").json()[0]["id"]
            url = _url(path.replace("{notice_id}", str(first)), reference)
        response = _request(me, method, url, data)
        checked += 1
        if allowed(role, action):
            assert response.status_code != 403, (role, method, path, response.text[:500])
            assert "/staff/login" not in response.headers.get("location", ""), (role, path)
            assert response.status_code in (200, 303, 409, 422), (role, method, path, response.status_code)
        else:
            assert response.status_code == 403, (role, method, path, response.status_code)
            assert "Only a" in response.text
    for method, path, kind, action, data in VARIANTS:
        reference = file_case(api, kind=kind)
        if action == "extend_beyond_limit":
            me.post(_url(CASE + "/acknowledge", reference), {}) if allowed(role, "acknowledge") else None
        response = _request(me, method, _url(path, reference), data)
        checked += 1
        assert (response.status_code == 403) is (not allowed(role, action)), (role, action, response.status_code)
    logout = me.post("/staff/logout")
    assert logout.status_code == 303 and logout.headers["location"].startswith("/staff/login")
    assert checked == len(STAFF_ROUTES) - 1 + len(VARIANTS)


def test_a_handler_cannot_do_manager_things_and_nothing_changes(api, staff) -> None:
    reference = file_case(api)
    hana = staff("hana")
    assert hana.post(f"/staff/cases/{reference}/decline", {"reasons": "too old"}).status_code == 403
    assert hana.post(f"/staff/cases/{reference}/reclassify",
                     {"kind": "enquiry", "reason": "just a question"}).status_code == 403
    case = api.get(f"/api/v1/cases/{reference}").json()
    assert case["status"] == "open" and case["kind"] == "complaint"
    assert [e["type"] for e in case["events"]] == ["created"]
