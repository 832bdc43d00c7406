"""The case page shows when and how to contact the resident beside their preferred
contact, escaped, and a contact note alone is not an adjustment in the queue."""

from __future__ import annotations

import html

from tests.intake.staff.conftest import file_case

XSS = '<script>window.__xss = 1</script>after 5pm'


def test_the_case_page_shows_the_contact_note_beside_the_preferred_contact(api, staff) -> None:
    ref = file_case(api, flags={}, complainant={
        "name": "Ada Resident", "phone": "07700 900123", "preferred_contact": "phone",
        "contact_note": "Best time to contact: after 4pm"})
    page = staff("hana").get(f"/staff/cases/{ref}").text
    who = page[page.index('id="h-people"'):]
    who = who[:who.index("</dl>")]
    assert "Preferred contact</dt><dd>phone" in who
    assert "When and how to contact</dt><dd>Best time to contact: after 4pm" in who
    assert "None recorded" in who  # no reasonable adjustments
    delivery = page[page.index('id="h-delivery"'):]
    assert "Best time to contact: after 4pm" in delivery


def test_a_contact_note_is_escaped_and_does_not_put_the_case_under_adjustments(api, staff) -> None:
    noted = file_case(api, flags={}, complainant={"name": "Bea", "contact_note": XSS})
    adjusted = file_case(api, flags={}, complainant={"name": "Cy", "reasonable_adjustments": "large print"})
    hana = staff("hana")
    page = hana.get(f"/staff/cases/{noted}").text
    assert "<script>window.__xss" not in page
    assert html.escape(XSS, quote=False) in page
    queue = hana.get("/staff", flag="adjustments").text
    assert adjusted in queue and noted not in queue
