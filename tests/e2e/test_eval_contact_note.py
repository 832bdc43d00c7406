"""The conversation evaluation reads when to contact the resident from
``complainant.contact_note`` (the adjustments in an older results file), and a time to
ring never stands in for a reasonable adjustment."""

from __future__ import annotations

from scripts import eval_conversations as ev
from tests.e2e.test_eval_conversations import complaint, row, told_texts, words_only

OLD_STYLE = {"preferred_contact": "sms", "reasonable_adjustments": "Best time to contact: after 4pm"}


def test_the_time_note_is_read_from_the_contact_note():
    case = complaint(complainant={"preferred_contact": "sms", "reasonable_adjustments": None,
                                  "contact_note": "Best time to contact: after 4pm"})
    assert ev.score_contact({"contact_preference": "sms", "contact_time_note": "after 4pm"}, case)
    assert not ev.score_contact({"contact_preference": "sms",
                                 "contact_time_note": "mornings before 10am"}, case)


def test_an_older_results_file_keeps_its_time_note_in_the_adjustments():
    case = complaint(complainant=dict(OLD_STYLE))
    assert ev.score_contact({"contact_preference": "sms", "contact_time_note": "after 4pm"}, case)


def test_with_a_contact_note_field_the_adjustments_are_not_read_for_the_time():
    case = complaint(complainant={**OLD_STYLE, "contact_note": None})
    assert not ev.score_contact({"contact_preference": "sms", "contact_time_note": "after 4pm"},
                                case)


def test_a_time_note_is_not_a_reasonable_adjustment():
    expecting = row(adjustments="deaf, text only")
    for complainant in (dict(OLD_STYLE),
                        {"preferred_contact": "sms", "reasonable_adjustments": None,
                         "contact_note": "Best time to contact: after 4pm"}):
        case = complaint(complainant=complainant)
        result = ev.score(expecting, [case], told_texts(case), words_only)
        assert result["fields"]["adjustments"] is False, complainant
    case = complaint(complainant={"preferred_contact": "sms", "contact_note": "after 4pm",
                                  "reasonable_adjustments": "Said they are deaf"})
    result = ev.score(expecting, [case], told_texts(case), words_only)
    assert result["fields"]["adjustments"] is True
    assert result["fields"]["contact_preference"] is True


def test_a_representatives_own_time_is_read_from_the_representative():
    case = complaint(complainant={"preferred_contact": "phone", "contact_note": None},
                     representative={"name": "Ann Lee", "consent": "given",
                                     "contact_note": "Best time to contact: after 5pm"})
    assert ev.score_contact({"contact_preference": "phone", "contact_time_note": "after 5pm"},
                            case)
    assert not ev.score_contact({"contact_preference": "phone",
                                 "contact_time_note": "mornings before 10am"}, case)
