"""Triage faults found when the blind triage set v19 was retired (eighteenth session).

The messages are written for these tests after the retired set's errors were read; they
follow its failures, not its words."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from actions.triage import _PRAISE, possible_danger


@pytest.mark.parametrize("text", [
    # a window or balcony loose high up
    "the new window wobbles in its frame every time it's windy and we're on the 11th floor",
    "balcony railing is coming away from the wall, top floor, kids play out there",
    # no heating left by our own engineer, for a small child in the cold
    "the gas man capped it off yesterday so there's nothing, freezing out and my toddler is poorly",
    "boiler condemned on Monday, no heaters given, and my 1 year old is sleeping in her coat",
    # asbestos disturbed, dust about now
    "your man sanded the artex ceiling in the bedroom and there's dust over everything now",
])
def test_danger_told_in_passing_is_asked_about(text):
    assert possible_danger(text) is True


@pytest.mark.parametrize("text", [
    "the window on the 3rd floor landing was fixed in properly last week, all good",
    "can you check whether my ceiling has asbestos before I put up shelves? no dust or anything",
    "the boiler was condemned last year and replaced, this is about the radiator valve",
    "the window catch is loose in the back bedroom, ground floor, can someone fix it",
])
def test_the_same_words_without_danger_now_are_not(text):
    assert possible_danger(text) is False


def test_a_window_that_is_not_fixed_in_is_no_danger_over():
    # "fixed" tells a danger over, but not "isn't fixed in properly"
    assert possible_danger("the frame isn't fixed in properly and the whole window moves "
                           "when the wind blows, 8th floor") is True


@pytest.mark.parametrize("text", ["props to the estate office, sorted my permit in 5 mins",
                                  "kudos to the caretaker for the clean bin store"])
def test_everyday_praise_words_are_praise(text):
    assert _PRAISE.search(text)
