"""Triage faults found when the blind triage set v17 was retired (seventeenth session).

The messages are written for these tests after the retired set's errors were read; they
follow its failures, not its words."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from actions.triage import possible_danger, safety_net, triage_message


@pytest.mark.parametrize("text", [
    # a shock or a tingle from the home's own electrics
    "the light switch in the kitchen gives me a little shock every time my hands are wet",
    "got a tingle off the bathroom pull cord again this morning",
    "my son got zapped from the socket by the sofa, it's done it twice",
    "the shower gives the kids a buzz when they touch it",
    # a wall or its coping giving way
    "the garden wall is leaning further every week and the kids play by it",
    "a chunk of the wall came away overnight, bricks fell onto the path",
    "the boundary wall's coping stones came down in the wind and the wall is bulging",
])
def test_a_shock_or_a_wall_giving_way_is_asked_about(text):
    assert possible_danger(text) is True


@pytest.mark.parametrize("text", [
    "got a shock off my hairdryer, binned it, all fine now",
    "a shocking service, the switch in the hall still does not work",
    "the new wall you built looks lovely",
    "the wall was leaning last year but you rebuilt it, sorted",
])
def test_a_shock_or_a_wall_in_other_senses_is_not(text):
    assert possible_danger(text) is False


@pytest.mark.parametrize("text", [
    # the battery only wondered about: not settled
    "CO alarm gave a few beeps and went quiet, could it be the battery or should we be worried?",
    "the carbon monoxide detector beeped then stopped, is it just a low battery?",
])
def test_a_co_alarm_with_the_battery_only_wondered_about_stays_the_nets(text):
    assert safety_net(text) is True


@pytest.mark.parametrize("text", [
    "carbon monoxide alarm chirping once a minute, is it the battery?",
    "do the new flats come with a carbon monoxide detector?",
    "the fire brigade said the CO alarm itself was faulty and took it away, can we have a new one",
    "pressed the test button on the carbon monoxide alarm and it beeped, is that right?",
    "what should you do if you smell gas? writing it down for my nan",
    "what's the plan if there's a fire and the lift's out?",
    "I smelt gas last week, the engineer found a loose joint and fixed it, thanks",
    "burning smell in the bin store earlier, the brigade came and there's no smoke now",
])
def test_an_alarm_checked_a_question_or_a_scare_over_is_not_the_nets(text):
    assert safety_net(text) is False


def ranking(**scores: float) -> list[dict]:
    """An intent ranking from label scores, as Rasa gives it."""
    return [{"name": k, "confidence": v} for k, v in scores.items()]


def test_thanks_for_a_danger_dealt_with_asks_no_danger_question():
    t = triage_message("your plumber was a star today, the whole bathroom looks amazing",
                       ranking(compliment=0.8, service_request=0.1, complaint=0.1),
                       {"p": {"emergency": 0.5}})
    assert t.label == "compliment"
    assert t.emergency is False and not t.check_danger


def test_sarcastic_thanks_with_water_by_the_sockets_is_still_asked_about():
    t = triage_message("Cheers for the roof repair, water is running down the wall by the "
                       "sockets again. Brilliant job.",
                       ranking(compliment=0.6, complaint=0.3, service_request=0.1),
                       {"p": {"emergency": 0.7}})
    assert t.emergency is True
