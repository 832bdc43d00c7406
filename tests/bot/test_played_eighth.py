"""What the retired conversation set v9 showed (eighth session), each through the readers
and, where the dialogue changed, through the real actions and the real intake API."""

from __future__ import annotations

import pytest

from actions import answers


@pytest.mark.parametrize("text", [
    "send someone NOW. then yes complaint",
    "Just get someone here now! And yes I want to complain after",
    "i need someone today pls. and i want to complain about yesterday",
    ("I don't know what I'm allowed to ask for. I just want someone to look at it before she "
    "comes home."),
    "get an engineer out",
])
def test_asking_for_someone_to_come_is_a_yes_to_the_repair(text):
    assert answers.wants_someone_out(text)


@pytest.mark.parametrize("text", ["no need to send anyone", "I don't need someone out",
                                  "someone came last week"])
def test_no_one_needed_is_not_a_yes_to_the_repair(text):
    assert not answers.wants_someone_out(text)


@pytest.mark.parametrize("text", [
    "Oh, I don't know. I suppose so, if that's what it takes.",
    "That's what I'm asking isn't it",
    "that's why I'm messaging",
])
def test_yes_in_other_words_at_the_end_of_a_doubtful_answer(text):
    assert answers.is_yes(text)


@pytest.mark.parametrize("text", ["no just info pls", "Just the date please.",
                                  "no i just want to know if we're allowed"])
def test_wanting_the_answer_is_what_a_callback_gives(text):
    assert answers.wants_the_answer(text)


@pytest.mark.parametrize("text", ["no thanks", "no, I'll ring them myself"])
def test_a_plain_no_to_a_callback_is_not_wanting_the_answer(text):
    assert not answers.wants_the_answer(text)


def test_as_a_repair_not_a_complaint_withdraws_the_complaint():
    assert answers.withdraws_complaint("Yes, as a repair, not a complaint. Thanks.")
    assert not answers.withdraws_complaint("the repair was not done, that is my complaint")


def test_a_fixed_number_changes_the_number_with_the_same_unit():
    points = ["no heating for 3 days, my baby is 3 weeks old", "engineer never came"]
    assert answers.detail_fix(points, "yes but its 4 days not 3")[0] == \
        "no heating for 4 days, my baby is 3 weeks old"


def test_a_fix_already_in_the_read_back_changes_nothing():
    points = ["no heating 4 days now, my baby is 3 weeks old", "engineer never came"]
    assert answers.detail_fix(points, "yes but its 4 days not 3") == points


@pytest.mark.parametrize("text, skip", [
    ("txt me, cant answer at work", False),
    ("ring me but not between 3 and 4 thats school run", False),
    ("skip", True), ("rather not", True), ("I don't want to answer that one", True),
    ("dunno", True),
])
def test_a_longer_answer_read_as_skip_is_an_answer(text, skip):
    assert answers.is_skip(text, "skip") is skip


def test_a_detail_put_right_is_not_a_contact_instruction():
    assert answers.contact_instruction("Actually the call was Wednesday not Tuesday, sorry.") is None
    assert answers.contact_instruction("call after 4pm please").when


@pytest.mark.parametrize("text, reference", [
    ("i think the works had a number WR-DECANT-14 or something like that", "WR-DECANT-14"),
    ("The notice reference is S20/QH/2024/07", "S20/QH/2024/07"),
])
def test_a_reference_of_three_parts_is_kept_whole(text, reference):
    assert answers.find_references(text, answering=True) == [reference]
