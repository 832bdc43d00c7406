"""'We'll send you your reference' is promised only when the intake API will have a way to
send it (docs/outbound.md): the messaging channel used, or a contact detail on the case."""

from __future__ import annotations

from actions import wording
from actions.handoff import reachable

POLICY = {"stage_1": {"acknowledge_days": 5}, "landlord_phone": "0306 999 0000"}


def test_the_reference_is_promised_when_there_is_a_way_to_send_it() -> None:
    by_sms = {"kind": "complaint", "channel": "sms", "complainant": {}}
    by_web_with_email = {"channel": "web", "complainant": {"email": "ada@example.org"}}
    assert reachable(by_sms) and reachable(by_web_with_email)
    text = wording.case_saved_for_later("complaint", POLICY, reachable(by_sms))
    assert "We'll send you your reference" in text and "5 working days" in text


def test_with_no_way_to_reach_them_they_are_told_how_to_get_it() -> None:
    anonymous = {"channel": "web", "complainant": {"name": "Ada"}, "representative": None}
    assert not reachable(anonymous)
    text = wording.case_saved_for_later("complaint", POLICY, reachable(anonymous))
    assert "send you your reference" not in text
    assert "0306 999 0000" in text and "5 working days" in text
