"""Triage faults found when the blind triage set v18 was retired (seventeenth session).

The messages are written for these tests after the retired set's errors were read; they
follow its failures, not its words."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from test_retired_triage_v17 import ranking

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from actions.triage import possible_danger, safety_net, triage_message


@pytest.mark.parametrize("text", [
    # carbon monoxide told by its signs
    "I keep getting headaches in the flat that go away when I'm out, and the boiler is ancient",
    "we've all felt dizzy every evening for a couple of weeks since the gas fire went on",
    # violence heard now, someone to fear for
    "the couple upstairs have been screaming and throwing things for ages, I'm scared for her",
    # something about to come down
    "the lintel over my back door is cracked and the bricks above it are hanging loose",
    "half the gutter is hanging off over the front path, waiting to fall on someone",
])
def test_danger_told_by_its_signs_is_asked_about(text):
    assert possible_danger(text) is True


@pytest.mark.parametrize("text", [
    "I had a headache at work today, can I book a repair for the boiler's noise?",
    "the neighbours were screaming at the football on telly last night, so loud",
    "the new lintel you fitted looks great",
])
def test_the_same_words_in_other_senses_are_not(text):
    assert possible_danger(text) is False


@pytest.mark.parametrize("text", [
    "what am I actually supposed to do if I smell gas? lost the leaflet",
    "Was there a gas leak on the high street today? Loads of vans.",
    "I asked for a carbon monoxide alarm and you fitted it the next day, thanks",
    "the burning smell on the landing was just the cleaners using some strong stuff, it's gone",
    "ignore my earlier message about the gas smell, it was the drains. can the drain be cleaned?",
    "the burning smell was next door's bonfire, sorry to panic you! when's my boiler service?",
])
def test_questions_items_and_scares_explained_are_not_the_nets(text):
    assert safety_net(text) is False


def test_a_sarcastic_compliment_with_falling_brickwork_keeps_its_danger():
    t = triage_message("Lovely evening to come home to the brickwork over my garage door on my "
                       "car and the rest of the lintel hanging there waiting to follow it. Great.",
                       [{"name": "compliment", "confidence": 0.43},
                        {"name": "complaint", "confidence": 0.3},
                        {"name": "emergency", "confidence": 0.27}],
                       {"p": {"emergency": 0.57}, "flags": {"emergency": True}})
    assert t.emergency is True


@pytest.mark.parametrize("text", [
    "Top job as usual. Fixed on the Friday, leaking again by Sunday. Slow clap.",
    "Thanks for nothing, the gutter is still hanging off",
])
def test_sarcastic_praise_is_a_complaint(text):
    t = triage_message(text, ranking(compliment=0.75, complaint=0.15, service_request=0.1))
    assert t.label == "complaint"


def test_dissatisfaction_with_no_praise_is_no_compliment():
    t = triage_message("I'm writing for my client, he's had an awful month because of how his "
                       "case has been handled and he asked me to raise it.",
                       ranking(compliment=0.51, complaint=0.33, asb_report=0.16))
    assert t.label != "compliment"


@pytest.mark.parametrize("text", [
    "Brilliant service from Sam as always, fixed the leak in an hour, thank you",
    "ty 4 the new fence looks gr8. 1 of the posts is a bit wobbly tho",
])
def test_praise_is_still_a_compliment(text):
    t = triage_message(text, ranking(compliment=0.8, complaint=0.1, service_request=0.1))
    assert t.label == "compliment"
