"""Readers mended after residents were played on 3 December (seventh session): a reply
that is not a name is asked again rather than filed as one; how long someone has lived
there is not when the problem started; "nothing written down" is not consent given. The
wording here is our own.
"""

from __future__ import annotations

from datetime import date

import pytest

from actions import answers


@pytest.mark.parametrize("said", [
    "78 and a bit hard of hearing", "actually wait", "hang on a sec",
    "I AM WRITING AGAIN ABOUT THE DAMP IN MY DAUGHTERS ROOM", "why do you need it",
    "flat 4"])
def test_a_reply_that_is_not_a_name_is_no_name(said):
    assert answers.read_name(said).name is None


@pytest.mark.parametrize("said, name", [
    ("ROSALIND OKEKE-BRANDT", "ROSALIND OKEKE-BRANDT"), ("Mrs Hilda Fairweather", "Mrs Hilda Fairweather"),
    ("gwen", "gwen"), ("Ali bin Hassan", "Ali bin Hassan"),
    ("I did tell you dear, Mr Walter Penrose", "Mr Walter Penrose")])
def test_names_are_still_names(said, name):
    assert answers.read_name(said).name == name


@pytest.mark.parametrize("said", [
    "I have lived here nine years", "we've been in this flat 14 years now",
    "been a tenant 20 years and never had this"])
def test_how_long_they_have_lived_there_is_not_when_it_started(said):
    assert answers.estimate_started(said, date(2030, 6, 1)).months_ago is None


def test_a_start_beside_the_tenancy_is_still_read():
    assert answers.estimate_started("2 years ago, we've lived here 9 years",
                                    date(2030, 6, 1)).months_ago == 24


@pytest.mark.parametrize("said", ["Nothing written down", "none in writing yet",
                                  "nowt signed but he wants me to"])
def test_nothing_in_writing_is_consent_to_follow(said):
    assert answers.read_consent(said, "affirm") == answers.CONSENT_PENDING
