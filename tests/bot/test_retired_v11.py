"""Faults found by reading the retired triage set v11 (n and o) and the retired
conversation set v13 (eleventh session). Each test is written in our own words."""

from __future__ import annotations

import pytest

from actions import triage


@pytest.mark.parametrize("text", [
    "the cooker clicks and there's a gassy smell when I turn the back ring on",
    "kitchen smells gassy since this morning",
])
def test_a_gassy_smell_is_the_nets(text):
    assert triage.safety_net(text)


@pytest.mark.parametrize("text", ["the gas bill is massive", "my gas safety check is due"])
def test_gas_that_is_not_a_smell_is_not(text):
    assert not triage.safety_net(text)


@pytest.mark.parametrize("text", [
    "his bathroom ceiling is sagging and there's water sitting inside the light fitting",
    "the radiator valve is spraying water across the floor towards the plug for the telly",
    "water is running down the wall onto the extension lead behind the sofa",
])
def test_water_reaching_electrics_is_checked(text):
    assert triage.possible_danger(text)
    result = triage.triage_message(text, [{"name": "service_request", "confidence": 0.9}])
    assert result.emergency and result.check_danger


@pytest.mark.parametrize("text", [
    "the bath plug has gone missing, can you get us a new one",
    "the sink plug for the kitchen doesn't seal, water drains away",
    "mould inside the bathroom cabinet",
])
def test_plugs_and_cabinets_are_not_electrics(text):
    assert not triage.possible_danger(text)
