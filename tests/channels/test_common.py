"""The pure helpers the message channels share."""

from __future__ import annotations

from channels.common import (
    conversation_id,
    mask,
    numbered_choices,
    resolve_choice,
    sms_friendly,
    split_text,
)

BUTTONS = [{"title": "Yes, that's right", "payload": "/affirm"},
           {"title": "No", "payload": "/deny"}]


def test_short_text_is_one_part():
    assert split_text("Thank you.", 306) == ["Thank you."]


def test_long_text_splits_at_sentences_and_numbers_the_parts():
    text = " ".join(f"Sentence number {i} is here." for i in range(40))
    parts = split_text(text, 160)
    assert len(parts) > 1
    assert all(len(part) <= 160 for part in parts)
    assert [p.rsplit(" (", 1)[1] for p in parts] == [f"{i}/{len(parts)})" for i in range(1, len(parts) + 1)]
    rejoined = " ".join(p.rsplit(" (", 1)[0] for p in parts)
    assert rejoined == text


def test_a_word_longer_than_a_part_is_cut_not_lost():
    parts = split_text("x" * 500, 160)
    assert "".join(p.rsplit(" (", 1)[0] for p in parts) == "x" * 500


def test_paragraphs_are_kept_where_they_fit():
    assert split_text("One.\n\nTwo.", 306) == ["One.\n\nTwo."]


def test_masking_keeps_only_the_country_code_and_last_digits():
    assert mask("+447700900123") == "+44…123"
    assert mask("whatsapp:+447700900123") == "whatsapp:+44…123"
    assert mask(987654321) == "…321"
    assert mask(None) == "-"


def test_conversation_ids_are_stable_and_do_not_contain_the_number():
    a = conversation_id("sms", "+447700900123", b"k")
    assert a == conversation_id("sms", "+447700900123", b"k")
    assert a != conversation_id("sms", "+447700900124", b"k")
    assert "900123" not in a


def test_choices_by_number_or_title():
    assert "1 Yes, that's right\n2 No" in numbered_choices(BUTTONS)
    assert resolve_choice(" 1 ", BUTTONS) == "/affirm"
    assert resolve_choice("no.", BUTTONS) == "/deny"
    assert resolve_choice("3", BUTTONS) is None
    assert resolve_choice("my ceiling leaks", BUTTONS) is None


def test_sms_text_avoids_characters_that_shrink_a_segment():
    assert sms_friendly("We’re sorry – really…") == "We're sorry - really..."
