"""Triage faults found when the blind triage set v21 was retired (twentieth session).

The messages are written for these tests after the retired set's errors were read; they
follow its failures, not its words."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from test_retired_triage_v17 import ranking

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from actions.triage import possible_danger, triage_message

UNSURE = {"p": {"emergency": 0.1}, "flags": {"emergency": False}}


@pytest.mark.parametrize("text", [
    "there's a funny whiff round the hob tonight, comes and goes, could just be the drains?",
    "odd smell near the boiler since teatime, not sure what it is",
    "Faint pong from behind the gas fire on and off today. Probably nothing.",
])
def test_a_smell_by_a_gas_appliance_nobody_can_place_is_asked_about(text):
    assert possible_danger(text) is True
    t = triage_message(text, ranking(service_request=0.8, enquiry=0.1, emergency=0.1), UNSURE)
    assert t.emergency is True
    assert t.check_danger is True


@pytest.mark.parametrize("text", [
    "the smell of cooking from the cooker hangs about for days, the extractor is broken",
    "smell of burnt toast near the cooker every morning sets the alarm off, can it be moved",
    "the stink from the bins by the bike store is unbearable in this heat",
])
def test_food_and_bins_are_no_gas(text):
    assert possible_danger(text) is False
