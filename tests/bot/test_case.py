"""The case sent to the intake API."""

from __future__ import annotations

from datetime import date

from helpers import bot_event, initial_slots, user_event

from actions.case import (
    SKIPPED,
    attachments_from_events,
    build_case,
    channel_for,
    channel_from_events,
)

POLICY = {"exclusion_window_months": 12}
TODAY = date(2026, 11, 30)


def test_channels_are_named_as_the_api_expects():
    assert channel_for("rest") == "rest"
    assert channel_for("socketio") == "web"
    assert channel_for("twilio") == "sms"
    assert channel_for("twilio", "whatsapp:+447700900123") == "whatsapp"
    assert channel_for("telegram") == "telegram"


def test_the_connectors_channel_on_the_latest_message_wins():
    events = [
        {"event": "user", "text": "hi", "metadata": {"channel": "sms"}},
        {"event": "bot", "text": "hello"},
        {"event": "user", "text": "photo", "metadata": {"channel": "whatsapp"}},
    ]
    assert channel_from_events(events) == "whatsapp"
    assert channel_from_events([{"event": "user", "text": "x", "metadata": {"channel": "fax"}}]) is None
    assert channel_from_events([{"event": "user", "text": "x"}]) is None


def test_photos_from_every_message_become_attachments_once():
    photo = {"url": "https://media.example.org/mould.jpg", "content_type": "image/jpeg"}
    events = [
        {"event": "user", "text": "look", "metadata": {"media": [photo]}},
        {"event": "user", "text": "again", "metadata": {"media": [photo, {"url": "ftp://x"}]}},
        {"event": "user", "text": "and", "metadata": {"media": [{"url": "https://m.example.org/2.png"}]}},
    ]
    assert attachments_from_events(events) == [
        photo, {"url": "https://m.example.org/2.png", "content_type": None}]
    case = build_case("complaint", initial_slots(complaint_points=["mould"]), events, "sms-1",
                      "twilio", POLICY, TODAY)
    assert case["attachments"][0] == photo


def test_an_advocates_complaint_carries_the_definition_and_the_representative():
    slots = initial_slots(
        complaint_points=["The leak is back", "Nobody came"], desired_outcome="Fix the roof",
        complaint_started="since March", acting_for=True, rep_name="Sam Patel",
        rep_relationship="support worker", consent="pending", resident_name="Mrs Rose Smith",
        contact_phone="07700 900123", contact_email=None, preferred_contact="phone",
        adjustments="(none)", matter_text="My client's roof leaks", on_behalf=True)
    events = [user_event("My client's roof leaks", "complaint", at=1_700_000_000),
              bot_event("I'm sorry this has happened.", at=1_700_000_001)]
    case = build_case("complaint", slots, events, "conv-9", "rest", POLICY, TODAY)

    assert case["kind"] == "complaint" and case["channel"] == "rest"
    assert case["definition"]["points"] == ["The leak is back", "Nobody came"]
    assert case["definition"]["desired_outcome"] == "Fix the roof"
    assert case["definition"]["started_on"] == "2026-03-01"
    assert case["complainant"]["name"] == "Mrs Rose Smith"
    assert case["complainant"]["phone"] is None  # the number given is the advocate's
    assert case["representative"] == {
        "name": "Sam Patel", "relationship": "support worker", "organisation": None,
        "email": None, "phone": "07700 900123", "consent": "pending",
        "legal_representative": False}
    assert case["flags"]["on_behalf"] is True
    assert case["flags"]["possible_exclusion"] is False
    assert case["complainant"]["reasonable_adjustments"] is None
    assert [t["sender"] for t in case["transcript"]] == ["resident", "bot"]
    assert case["transcript"][0]["at"].startswith("2023-11-14T22:13:20")
    assert case["received_at"] == case["transcript"][0]["at"]


def test_an_old_issue_is_flagged_for_staff_not_refused():
    # Code 2.3: staff decide; the bot only flags.
    slots = initial_slots(complaint_points=["damp"], complaint_started="about 2 years ago")
    case = build_case("complaint", slots, [], "c", "rest", POLICY, TODAY)
    assert case["flags"]["possible_exclusion"] is True
    assert "2 years ago" in case["flags"]["exclusion_reason"]


def test_a_service_request_has_its_details_and_no_complaint_definition():
    slots = initial_slots(sr_description="Tap dripping", sr_location="LS1 4AB kitchen",
                          sr_access="any weekday", sr_priority="routine", resident_name="Jo",
                          contact_email="jo@example.org", postcode="LS1 4AB")
    case = build_case("service_request", slots, [], "c", "socketio", POLICY, TODAY)
    assert case["service_request"] == {"description": "Tap dripping",
                                       "location": "LS1 4AB kitchen", "access": "any weekday",
                                       "priority": "routine", "at_risk": None}
    assert "definition" not in case
    assert case["complainant"]["email"] == "jo@example.org"
    assert case["channel"] == "web"


def test_skipped_answers_are_sent_as_missing():
    slots = initial_slots(complaint_points=["x"], desired_outcome=SKIPPED)
    case = build_case("complaint", slots, [], "c", "rest", POLICY, TODAY)
    assert case["definition"]["desired_outcome"] is None


# A complaint the API filed last year, by the test's own clock.
EARLIER = f"CMP-{TODAY.year - 1}-000042"


def test_legal_proceedings_and_an_earlier_complaint_are_flagged_for_staff():
    # Code 2.2: possible exclusions are for staff to decide; the case is still logged.
    slots = initial_slots(complaint_points=["I have issued a disrepair claim at court"],
                          linked_reference=EARLIER)
    case = build_case("complaint", slots, [], "c", "rest", POLICY, TODAY)
    assert case["flags"]["possible_exclusion"] is True
    assert "legal proceedings" in case["flags"]["exclusion_reason"]
    assert EARLIER in case["flags"]["exclusion_reason"]
    assert case["linked_references"] == [EARLIER]


def test_a_place_called_court_is_not_legal_proceedings():
    for point in ("The lift at Halyard Court has been broken for weeks",
                  "flat 22 Belmont Ct. the fan is broken", "Mr Platt of Juniper Court, aged 89"):
        case = build_case("complaint", initial_slots(complaint_points=[point]), [], "c", "rest",
                          POLICY, TODAY)
        assert not case["flags"]["possible_exclusion"], point
    taken = build_case("complaint", initial_slots(
        complaint_points=["I live at Halyard Court and I am taking you to court"]), [], "c",
        "rest", POLICY, TODAY)
    assert "legal proceedings" in taken["flags"]["exclusion_reason"]


def test_the_received_time_is_when_this_matter_was_raised():
    events = [user_event("hello", "greet", at=1_700_000_000),
              user_event("my boiler is broken", "service_request", at=1_700_000_600)]
    slots = initial_slots(matter_received_at=1_700_000_600.0)
    case = build_case("service_request", slots, events, "c", "rest", POLICY, TODAY)
    assert case["received_at"].startswith("2023-11-14T22:23:20")


def test_the_assistant_suggests_a_hazard_class_from_triage():
    emergency = build_case("service_request", initial_slots(
        emergency=True, matter_text="Sparks coming out of the socket"), [], "web-1", "rest", POLICY, TODAY)
    assert emergency["hazard"] == {"class": "emergency"}
    for words in ("Black mould all over the bedroom wall", "The flat is so damp",
                  "Condensation pours down the windows", "MOLDY ceiling"):
        case = build_case("service_request", initial_slots(matter_text=words), [], "web-1", "rest",
                          POLICY, TODAY)
        assert case["hazard"] == {"class": "damp_mould"}, words
    complaint = build_case("complaint", initial_slots(
        matter_text="You never came back", complaint_points=["Nobody treated the mould"]),
        [], "web-1", "rest", POLICY, TODAY)
    assert complaint["hazard"] == {"class": "damp_mould"}
    # An emergency that mentions damp too is an emergency first.
    both = build_case("service_request", initial_slots(emergency=True, matter_text="Damp wall, sparking"),
                      [], "web-1", "rest", POLICY, TODAY)
    assert both["hazard"] == {"class": "emergency"}


def test_no_hazard_is_suggested_without_a_reason():
    for words in ("My boiler is broken", "The Damplington estate bins", "I am moulding a new policy"):
        case = build_case("service_request", initial_slots(matter_text=words), [], "web-1", "rest",
                          POLICY, TODAY)
        assert "hazard" not in case, words


def test_court_proceedings_said_not_to_be_issued_are_no_exclusion():
    # Played residents (sixteenth session): a solicitor's "No court proceedings have been
    # issued" flagged the complaint as possibly excluded.
    case = build_case("complaint", initial_slots(complaint_points=[
        "The disrepair has gone on for a year. No court proceedings have been issued."]),
        [], "c", "rest", POLICY, TODAY)
    assert not case["flags"]["possible_exclusion"]
