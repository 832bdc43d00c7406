"""When the resident told us before, and what came of it, is filed in the definition and
shown on the case page, escaped."""

from __future__ import annotations

from markupsafe import escape

from tests.intake.staff.conftest import file_case

TOLD = '<b onmouseover="x">Rang twice in May</b>, an engineer came once'


def test_the_case_page_shows_when_they_told_us_before_escaped(api, staff) -> None:
    ref = file_case(api, definition={"points": ["The radiators are cold."],
                                     "reported_before": TOLD})
    filed = api.get(f"/api/v1/cases/{ref}").json()
    assert filed["definition"]["reported_before"] == TOLD
    page = staff("hana").get(f"/staff/cases/{ref}").text
    assert "Told us before:" in page
    assert '<b onmouseover' not in page
    assert str(escape(TOLD)) in page


def test_a_case_told_nothing_before_shows_no_such_line(api, staff) -> None:
    ref = file_case(api, definition={"points": ["The radiators are cold."]})
    assert "Told us before:" not in staff("hana").get(f"/staff/cases/{ref}").text
