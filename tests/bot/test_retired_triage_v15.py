"""Triage faults found when the blind triage set v15 was retired (fifteenth session).

The messages are written for these tests after the retired set's errors were read; they
follow its failures, not its words."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from actions.triage import possible_danger, safety_net, triage_message
from tests.bot.test_triage import heads, ranking


@pytest.mark.parametrize("text", [
    # a leak over and capped or fixed, told to complain about what followed
    ("the gas smell I reported took seven hours to sort. It's capped and fine now but we "
    "waited in the car"),
    "the gas leak behind the cooker was fixed on Monday but nobody has put the cupboard back",
    # an alarm that is not there, asked for
    ("there isn't a carbon monoxide alarm in the flat and the boiler is in the hall, no "
    "smells or anything, can you fit one?"),
    "we have no smoke alarm in the new flat, could someone fit one",
    # a question about one day
    "we just got a CO alarm, what should we do if it ever goes off? nothing wrong now",
    # a chimney smoking outside; a pilot flame asked about
    ("there was smoke coming out of the chimney of the empty bungalow last night, has it "
    "been let?"),
    "is the new boiler supposed to have a pilot light? am I meant to see a flame?",
])
def test_grave_words_about_the_past_an_absence_or_a_question_are_not_the_nets(text):
    assert safety_net(text) is False


@pytest.mark.parametrize("text", [
    "the gas leak was fixed last week but I can smell gas again",
    "smoke pouring out of the flue into my kitchen",
    "smoke is coming out of the chimney into the bedroom",
    "there is no co alarm and i can smell gas",
    "I can see flames coming out of the boiler",
    "CO alarm going off in the lounge and won't stop",
])
def test_grave_words_still_present_stay_the_nets(text):
    assert safety_net(text) is True


@pytest.mark.parametrize("label", ["enquiry", "service_request"])
def test_gas_or_carbon_monoxide_told_as_a_question_is_an_emergency(label):
    text = "carbon monoxide alarm going off nonstop in the hall, what number do I ring?"
    t = triage_message(text, ranking(**{label: 0.8, "emergency": 0.1}), heads(0.8))
    assert (t.label, t.emergency) == ("emergency", True)


def test_gas_told_in_a_complaint_stays_a_complaint_with_the_danger_flagged():
    text = "gas smell is back tonight after your engineer said nothing was wrong, I want a complaint"
    t = triage_message(text, ranking(complaint=0.8, emergency=0.15), heads(0.3))
    assert (t.label, t.emergency) == ("complaint", True)


@pytest.mark.parametrize("text", [
    "bits of the ceiling are coming down in the stairwell, one just missed me",
    "the kitchen ceiling is sagging in the middle and the crack is getting wider",
    "chunks of plaster keep falling from the landing ceiling",
    "my smoke alarm was taken away by the electrician so I'm living with no smoke alarm",
])
def test_something_coming_down_or_no_smoke_alarm_is_asked_about(text):
    assert possible_danger(text) is True
    t = triage_message(text, ranking(service_request=0.8), heads(0.1))
    assert t.emergency is True and t.check_danger is True


@pytest.mark.parametrize("text", [
    "the ceiling fell down two years ago and was fixed, just needs painting now",
    "can someone paint the ceiling, there's an old stain",
    "the bathroom wall tiles are coming loose round the bath",
])
def test_an_old_fall_or_a_plain_ceiling_job_is_not_asked_about(text):
    assert possible_danger(text) is False


@pytest.mark.parametrize("text", [
    ("You've taken my rent twice this month. I haven't reported this before because I only "
    "saw my statement today."),
    "the man at number 4 keeps shouting at my son. This is the first time I'm telling you.",
])
def test_saying_it_is_the_first_time_clears_an_earlier_report(text):
    t = triage_message(text, ranking(complaint=0.8), heads(0.0, prior_report=True))
    assert t.prior_report is False


def test_not_reported_by_me_but_by_someone_else_is_still_an_earlier_report():
    text = "I haven't reported it before but my neighbour did, twice"
    t = triage_message(text, ranking(complaint=0.8), heads(0.0, prior_report=True))
    assert t.prior_report is True


def test_gas_words_the_learned_reading_sees_no_danger_in_keep_their_label():
    # "a fire at the takeaway across the road last night, will it affect our insurance?"
    text = "There was a fire at the chip shop over the road last night, does it affect us?"
    t = triage_message(text, ranking(enquiry=0.8, emergency=0.05), heads(0.05))
    assert t.label == "enquiry"


def test_gas_in_a_home_not_ours_is_not_our_emergency_repair():
    text = "I rent privately from a Mr Cole, not you, but I can smell gas and he won't answer"
    t = triage_message(text, ranking(out_of_scope=0.8, emergency=0.1), heads(0.9))
    assert (t.label, t.emergency) == ("out_of_scope", True)


@pytest.mark.parametrize("text", [
    "Is anyone actually dealing with mutual exchanges? Applied in January, heard nothing",
    "I emailed the lettings team in March and heard nothing back",
])
def test_a_question_that_is_dissatisfaction_is_a_complaint(text):
    t = triage_message(text, ranking(enquiry=0.7, service_request=0.1), heads(0.0))
    assert t.label == "complaint"


def test_a_plain_chase_stays_an_enquiry():
    t = triage_message("Could you tell me where my transfer application is up to?",
                       ranking(enquiry=0.8, service_request=0.03), heads(0.0))
    assert t.label == "enquiry"


ASB = ranking(asb_report=0.8, complaint=0.15)


@pytest.mark.parametrize("text", [
    ("My neighbour has been threatening me since your housing officer told him it was me who "
    "reported the noise."),
    "the neighbour found out I reported him because your officer told him",
    "I want to make a complaint not another report",
])
def test_our_officer_giving_the_reporter_away_is_a_complaint(text):
    assert triage_message(text, ASB, heads(0.0)).label == "complaint"


@pytest.mark.parametrize("text", [
    "the man upstairs told me he knows who reported him",
    "the neighbour shouts at me every night and told me he will get me",
])
def test_the_neighbour_alone_stays_an_asb_report(text):
    assert triage_message(text, ASB, heads(0.0)).label == "asb_report"
