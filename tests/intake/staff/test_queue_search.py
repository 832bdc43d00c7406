"""Searching the queue: what staff type is matched as typed, wildcards included."""

from __future__ import annotations

import re

from .conftest import file_case


def _rows(page: str) -> list[str]:
    return re.findall(r'<th scope="row"><a href="/staff/cases/([A-Z]+-\d{4}-\d+)">', page)


def test_percent_and_underscore_in_a_search_are_characters_not_wildcards(api, staff) -> None:
    plain = [file_case(api, complainant={"name": name}) for name in ("Ada Resident", "Bo Tenant")]
    odd = file_case(api, complainant={"name": "Percy 100% Sure_Thing"})
    hana = staff("hana")
    assert _rows(hana.get("/staff", q="%").text) == [odd]
    assert _rows(hana.get("/staff", q="_").text) == [odd]
    assert _rows(hana.get("/staff", q="d_n").text) == []  # as a pattern "d_n" matches "Resident"
    assert _rows(hana.get("/staff", q="%_").text) == []
    assert _rows(hana.get("/staff", q="0% s").text) == [odd]
    assert sorted(_rows(hana.get("/staff").text)) == sorted([*plain, odd])
    # The same search through /api/v1.
    assert [c["reference"] for c in api.get("/api/v1/cases", q="%").json()["items"]] == [odd]
    assert api.get("/api/v1/cases", q="_").json()["total"] == 1


def test_a_nul_in_a_search_form_or_path_is_a_422_naming_the_field(api, staff) -> None:
    hana = staff("hana")
    response = hana.get("/staff", q="Ada\x00")
    assert response.status_code == 422 and "q: " in response.text and "cannot be stored" in response.text
    assert hana.get("/staff/cases/CMP-0000-00%001").status_code == 422
    admin = staff("ada")
    admin.get("/staff/users")
    assert admin.post("/staff/users/ha%00na/active", {"active": "no"}).status_code == 422
    added = admin.post("/staff/users", {"username": "nul\x00name", "role": "handler",
                                        "password": "a long enough password"})
    assert added.status_code == 422 and "username: " in added.text


def test_a_nul_in_the_login_form_is_a_422_not_a_500(api, staff_users) -> None:
    from .conftest import Staff, new_browser

    browser = Staff(new_browser(api), "")
    browser.get("/staff/login")
    for username, password in (("ha\x00na", "a password"), ("hana", "pass\x00word")):
        response = browser.post("/staff/login", {"username": username, "password": password})
        assert response.status_code == 422
