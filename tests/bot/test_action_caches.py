"""The action server's caches give the same answers as the work they save."""

from __future__ import annotations

from rasa_sdk import Tracker

from actions import answers, filing


def _tracker(slots: dict) -> Tracker:
    return Tracker("cache-test", slots, {}, [{"event": "user", "text": "hi"}], False, None,
                   None, "action_listen")


def test_raises_repair_is_worked_out_once_per_state_and_again_when_it_changes(monkeypatch):
    calls = []
    real = filing.build_case

    def counted(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(filing, "build_case", counted)
    filing._RAISES.clear()
    leak = {"matter_text": "The roof still leaks into the bedroom, reported three times",
            "complaint_points": ["The roof still leaks into the bedroom, reported three times"]}
    staff = {"matter_text": "The officer was rude to me on the phone",
             "complaint_points": ["The officer was rude to me on the phone"]}
    assert filing.raises_repair(_tracker(leak)) is True
    assert filing.raises_repair(_tracker(leak)) is True
    assert len(calls) == 1
    assert filing.raises_repair(_tracker(staff)) is False
    assert len(calls) == 2


def test_sentences_are_the_segmenters_and_a_copy_each_time():
    text = "I live at flat 3. The boiler broke in August 2023. Nobody came."
    first = answers.sentences(text)
    assert first == ["I live at flat 3.", "The boiler broke in August 2023.", "Nobody came."]
    first.append("changed by a caller")
    assert answers.sentences(text) == first[:3]
