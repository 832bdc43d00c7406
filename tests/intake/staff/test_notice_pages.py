"""Staff see a notice that did not reach the resident — on the queue and the case page —
and retry it or send it by letter; the letter prints with the resident's text escaped."""

from __future__ import annotations

from tests.intake.api.test_outbound import RESIDENT, by_sms, file, outbound  # noqa: F401


def test_a_notice_not_delivered_shows_in_the_queue_and_can_be_retried(api, staff, outbound) -> None:  # noqa: F811
    outbound.twilio.script = [400]
    reference = file(api, channel="sms", complainant=by_sms())
    outbound.deliver()
    delivered = file(api, channel="sms", complainant=by_sms(phone="07700 900555"))
    outbound.deliver()
    hana = staff("hana")
    queue = hana.get("/staff", q=reference)
    assert "Notice not delivered</span>" in queue.text
    # Staff can list just those, in the queue and on the API.
    only = hana.get("/staff", flag="notice_not_delivered")
    assert reference in only.text and delivered not in only.text
    listed = api.get("/api/v1/cases", flag="notice_not_delivered").json()["items"]
    assert [c["reference"] for c in listed] == [reference]
    page = hana.get(f"/staff/cases/{reference}")
    assert "Notice not delivered" in page.text and "Twilio refused it" in page.text
    (notice,) = api.get(f"/api/v1/cases/{reference}/notices").json()

    refused = hana.post(f"/staff/cases/{reference}/notices/{notice['id']}/retry", csrf=False)
    assert refused.status_code == 403  # no CSRF token: not done
    done = hana.post(f"/staff/cases/{reference}/notices/{notice['id']}/retry")
    assert done.status_code == 303, done.text
    outbound.deliver()
    assert len(outbound.twilio.to(RESIDENT)) == 1
    assert "Notice not delivered</span>" not in hana.get("/staff", q=reference).text
    timeline = hana.get(f"/staff/cases/{reference}").text
    assert "Notice to be sent again" in timeline and "Notice sent to the resident" in timeline


def test_send_by_letter_gives_a_printable_letter_with_the_text_escaped(api, staff, outbound) -> None:  # noqa: F811
    outbound.twilio.script = [400]
    script = "<script>alert(1)</script>"
    reference = file(api, channel="sms", complainant=by_sms(address=f"1 High Street {script}",
                                                            postcode="AB1 2CD"),
                     definition={"points": [f"The repair {script} was missed"], "desired_outcome": "Fix"})
    api.post(f"/api/v1/cases/{reference}/acknowledge", {})
    outbound.twilio.script = [400, 400]
    outbound.deliver()
    notices = api.get(f"/api/v1/cases/{reference}/notices").json()
    ack = next(n for n in notices if n["kind"] == "acknowledgement")
    hana = staff("hana")
    hana.get(f"/staff/cases/{reference}")
    assert hana.post(f"/staff/cases/{reference}/notices/{ack['id']}/letter").status_code == 303
    letter_id = api.get(f"/api/v1/cases/{reference}/notices").json()[-1]["id"]
    letter = hana.get(f"/staff/cases/{reference}/notices/{letter_id}/letter")
    assert letter.status_code == 200
    assert script not in letter.text and "&lt;script&gt;" in letter.text
    assert "1 High Street" in letter.text and "AB1 2CD" in letter.text
    assert f"Our reference: {reference}" in letter.text
    page = hana.get(f"/staff/cases/{reference}")
    assert "Letter to print and post" in page.text
    assert hana.post(f"/staff/cases/{reference}/notices/{letter_id}/posted").status_code == 303
    assert "Letter posted" in hana.get(f"/staff/cases/{reference}").text
    assert hana.get(f"/staff/cases/{reference}/notices/99999/letter").status_code == 404
