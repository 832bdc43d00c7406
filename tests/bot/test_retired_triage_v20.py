"""Triage faults found when the blind triage set v20 was retired (nineteenth session).

The messages are written for these tests after the retired set's errors were read; they
follow its failures, not its words."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from test_retired_triage_v17 import ranking

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from actions.triage import possible_danger, safety_net, told_as_past, triage_message

UNSURE = {"p": {"emergency": 0.1}, "flags": {"emergency": False}}
SURE = {"p": {"emergency": 0.9}, "flags": {"emergency": True}}


@pytest.mark.parametrize("text", [
    ("In April the man on your gas line put the phone down on me when I rang about the smell. "
    "I want an apology."),
    "after the bin fire last month we were told there'd be a residents meeting, never happened",
    "My CO alarm went off two weeks ago and your engineer turned up without ID. Not acceptable.",
])
def test_a_grave_word_about_a_time_gone_by_is_no_danger_now(text):
    t = triage_message(text, ranking(complaint=0.8, service_request=0.1, emergency=0.1), UNSURE)
    assert told_as_past(text) is True
    assert t.emergency is False
    assert t.label == "complaint"


@pytest.mark.parametrize("text", [
    "I smelt gas last night and I can still smell it in the hall",
    "gas leak reported on Monday and it's back again this morning",
    "there's been a burning smell from the socket since last week",
])
def test_the_same_past_with_anything_of_now_keeps_the_net(text):
    assert told_as_past(text) is False
    t = triage_message(text, ranking(complaint=0.6, emergency=0.3, service_request=0.1), UNSURE)
    assert t.emergency is True


def test_the_learned_reading_sure_of_danger_keeps_a_past_told_gas_leak():
    text = "The gas smell I told your operative about on Tuesday is strong in the meter cupboard"
    t = triage_message(text, ranking(emergency=0.8, complaint=0.2), SURE)
    assert t.emergency is True


@pytest.mark.parametrize("text", [
    "could I have a smoke alarm fitting please, the old one was taken down",
    "is it ok to put my own carbon monoxide alarm up in the kitchen?",
    "the weed smoke coming from next door every night is making the flat stink",
])
def test_alarms_to_have_and_smoking_are_not_the_nets(text):
    assert safety_net(text) is False


@pytest.mark.parametrize("text", [
    "the bin store light has been ripped off and there's bare wires by the door",
    "cables hanging out of the wall in the lift lobby where the panel was",
    "stair rail on the 2nd floor came away from the wall and my dad fell on Sunday",
])
def test_live_wires_and_a_rail_gone_after_a_fall_are_asked_about(text):
    assert possible_danger(text) is True


@pytest.mark.parametrize("text", [
    "the banister is loose at the bottom, nobody has fallen, just wobbles",
    "please can someone tidy the wires behind my tv cabinet, I can do it if not",
])
def test_the_same_words_without_danger_are_not(text):
    assert possible_danger(text) is False


@pytest.mark.parametrize("text", [
    ("My boiler packed in (my fault for not saying sooner) but once I rang, the engineer had "
    "it going in an hour. Brilliant."),
    "Rats came back in the loft again but this time your pest man found the hole. Thank you!",
])
def test_praise_with_a_fault_on_the_way_is_a_compliment(text):
    t = triage_message(text, ranking(complaint=0.55, compliment=0.4, service_request=0.05))
    assert t.label == "compliment"


@pytest.mark.parametrize("text", [
    "The plumber was polite but it's the fourth time and it's still leaking, I'm fed up",
    "Thanks for nothing, the roofer never turned up",
])
def test_praise_with_dissatisfaction_stays_a_complaint(text):
    t = triage_message(text, ranking(complaint=0.55, compliment=0.4, service_request=0.05))
    assert t.label == "complaint"
