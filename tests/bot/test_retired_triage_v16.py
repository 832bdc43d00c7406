"""Triage faults found when the blind triage set v16 was retired (sixteenth session).

The messages are written for these tests after the retired set's errors were read; they
follow its failures, not its words."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from actions.triage import expresses_dissatisfaction, safety_net


@pytest.mark.parametrize("text", [
    # a scare explained
    "I thought the hall smelt of gas but turns out it was the drains, can someone look?",
    "rang about a burning smell earlier, it was next door's barbecue, panic over! when's my rent due?",
    "Smelt gas on Sunday, turned out to be nothing, but your line kept me on hold an hour.",
    "the CO alarm went off, false alarm, the engineer said so. can you note it?",
    # an alarm past its life, or faulty and replaced
    "my carbon monoxide alarm screen says END and the light flashes yellow, no noise",
    "the CO alarm went off last week, engineer said it was a faulty alarm and swapped it",
    # alarms as things fitted
    "thanks for fitting the new smoke and CO alarms, the lad was very tidy",
    # a leak fixed, a complaint about what followed
    "the gas leak was fixed, but the engineer left mud all over my carpet",
    # a fire that was somewhere else, a car burnt out long ago
    "there was a fire at no. 14 last night and the brigade broke my door, it's boarded now",
    "the abandoned car in the car park has been set on fire since I reported it, still there",
])
def test_grave_words_for_a_scare_explained_or_over_are_not_the_nets(text):
    assert safety_net(text) is False


@pytest.mark.parametrize("text", [
    "I thought it was the drains but turns out it's a gas leak",
    "turned out to be a gas leak after all, the smell is in the kitchen",
    "the gas leak was fixed yesterday but I can smell gas again",
    "my CO alarm is going off and I've got a headache",
    "there's a fire in the flat next door and smoke is coming into mine",
    "fitting a new smoke alarm didn't help, the CO alarm is going off now",
    "my neighbour's car is on fire right now next to my door",
])
def test_grave_words_still_here_stay_the_nets(text):
    assert safety_net(text) is True


def test_asking_whether_anyone_checks_the_contractor_is_dissatisfaction():
    assert expresses_dissatisfaction("£9 a week for grass that's knee high. Is anyone actually "
                                     "checking what the contractor does?")
