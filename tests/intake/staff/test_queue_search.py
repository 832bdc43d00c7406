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
