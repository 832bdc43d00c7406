"""The staff Reports page: managers and admins only, a chart beside each table, a CSV file
of every table with the same figures, bad dates explained."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime, timedelta

import pytest

from intake_api.domain.calendar import local_date
from tests.intake.report_fixtures import build


@pytest.fixture
def fixture(api):
    return build(api)


def csv_rows(response) -> list[list[str]]:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    return list(csv.reader(io.StringIO(response.text.removeprefix("\ufeff"))))


def test_a_handler_may_not_see_reports_and_has_no_link(staff, staff_users) -> None:
    hana = staff("hana")
    assert 'href="/staff/reports"' not in hana.get("/staff").text
    page = hana.get("/staff/reports")
    assert page.status_code == 403
    assert "Only a manager can do this (read reports)" in page.text
    assert hana.get("/staff/reports/summary.csv").status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(api) -> None:
    from tests.intake.staff.conftest import new_browser

    response = new_browser(api).get("/staff/reports/summary.csv")
    assert response.status_code == 303
    assert response.headers["location"].startswith("/staff/login")


@pytest.mark.parametrize("who", ["maya", "ada"])
def test_managers_and_admins_see_the_report_from_the_navigation(staff, staff_users, fixture, who) -> None:
    person = staff(who)
    assert 'href="/staff/reports"' in person.get("/staff").text
    page = person.get("/staff/reports", **fixture.query)
    assert page.status_code == 200
    html = page.text
    assert "<h1>Complaints performance report</h1>" in html
    # Every chart is an image with a title and a description, beside its data table.
    charts = re.findall(r'<svg class="report-chart" role="img"[^>]*aria-labelledby="([^"]+)"', html)
    assert len(charts) >= 6
    for labelled_by in charts:
        title_id, desc_id = labelled_by.split()
        assert f'<title id="{title_id}">' in html and f'<desc id="{desc_id}">' in html
    assert "Stage 1: 6; Stage 2: 1" in html  # the stage chart's description
    assert html.count("<table>") == html.count("as CSV</a>")
    assert "homes: not set" in html
    assert '<h2 id="h-hazard_clocks">Hazard clocks met (Awaab&#39;s Law)</h2>' in html
    assert "no-store" in page.headers["cache-control"]


def test_without_dates_the_page_shows_the_last_complete_financial_year(staff, staff_users) -> None:
    page = staff("maya").get("/staff/reports")
    assert page.status_code == 200
    assert "(the last complete financial year)" in page.text
    assert re.search(r'id="r-from" name="from" type="date" value="\d{4}-04-01"', page.text)
    assert re.search(r'id="r-to" name="to" type="date" value="\d{4}-03-31"', page.text)


def test_bad_dates_are_explained_on_the_page(staff, staff_users) -> None:
    page = staff("maya").get("/staff/reports", **{"from": "2026-02-30", "to": "2026-03-31"})
    assert page.status_code == 422
    assert "from: 2026-02-30 is not a real date" in page.text
    assert 'role="alert"' in page.text


def test_the_timeliness_csv_has_the_same_figures_as_the_page(staff, staff_users, fixture) -> None:
    rows = csv_rows(staff("maya").get("/staff/reports/timeliness.csv", **fixture.query))
    assert rows[0] == ["Stage code", "Step code", "Step", "Taken in the period", "On time",
                       "On time (%)", "With an extension", "Due, not taken by the end"]
    by_step = {(r[0], r[1]): r[3:] for r in rows[1:]}
    assert by_step[("stage_1", "acknowledge")] == ["3", "2", "66.7", "", "1"]
    assert by_step[("stage_1", "response")] == ["3", "2", "66.7", "2", "1"]
    assert by_step[("stage_2", "response")] == ["1", "1", "100.0", "1", "0"]


def test_the_summary_csv_says_not_set_without_homes(staff, staff_users, fixture) -> None:
    rows = csv_rows(staff("maya").get("/staff/reports/summary.csv", **fixture.query))
    values = {r[0]: r[2] for r in rows[1:]}
    assert values["stage_1_complaints"] == "6"
    assert values["escalation_rate"] == "16.7"
    assert values["homes"] == "not set"
    assert values["stage_1_per_1000_homes"] == "not set"


def test_every_table_has_a_csv_file(staff, staff_users, fixture) -> None:
    maya = staff("maya")
    html = maya.get("/staff/reports", **fixture.query).text
    links = re.findall(r'href="(/staff/reports/[a-z_0-9]+\.csv\?[^"]+)"', html)
    assert len(links) == 12
    for link in links:
        assert csv_rows(maya.client.get(link.replace("&amp;", "&")))[0]


def test_a_reason_that_looks_like_a_formula_is_written_as_text(api, staff, staff_users) -> None:
    from tests.intake.staff.conftest import file_case

    reference = file_case(api)
    response = api.post(f"/api/v1/cases/{reference}/decline",
                        {"reasons": "=HYPERLINK(\"http://example.invalid\")"})
    assert response.status_code == 200
    rows = csv_rows(staff("maya").get("/staff/reports/decline_reasons.csv",
                                      **{"from": "2000-01-01", "to": "2004-12-31"}))
    assert rows == [["Reason", "Refusals"]]  # nothing then
    today = local_date(datetime.now(UTC))  # a day either side: the clock may cross midnight
    rows = csv_rows(staff("maya").get("/staff/reports/decline_reasons.csv", **{
        "from": (today - timedelta(days=1)).isoformat(), "to": (today + timedelta(days=1)).isoformat()}))
    assert rows[1] == ["'=HYPERLINK(\"http://example.invalid\")", "1"]


def test_an_unknown_table_is_a_404(staff, staff_users) -> None:
    response = staff("maya").get("/staff/reports/nothing.csv")
    assert response.status_code == 404
    assert "the tables are: summary" in response.text
