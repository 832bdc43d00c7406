"""Complaint points: the sentence segmenter against the old full-stop regex.

Hand-written examples of what residents send, each with the points a complaints officer
would write down (Code 6.7). ``python tests/bot/points_examples.py`` (with .venv-rasa)
prints the figures quoted in docs/conversation.md; test_answers.py holds the new one to
them.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

EXAMPLES: list[tuple[str, list[str]]] = [
    ("The boiler has been broken for three weeks and nobody has come.",
     ["The boiler has been broken for three weeks and nobody has come."]),
    ("I live in flat 3. The lift has been out of order since August 2023.",
     ["I live in flat 3.", "The lift has been out of order since August 2023."]),
    ("The repair was booked for 12.30 and nobody turned up. I waited in all day.",
     ["The repair was booked for 12.30 and nobody turned up. I waited in all day."]),
    ("1. the leak\n2. nobody called back\n3. the contractor was rude",
     ["the leak", "nobody called back", "the contractor was rude"]),
    ("- damp in the bedroom\n- mould on the kitchen wall",
     ["damp in the bedroom", "mould on the kitchen wall"]),
    ("the heating is broken; the repair man was rude; nobody called",
     ["the heating is broken", "the repair man was rude", "nobody called"]),
    (("Dear Sir/Madam,\n\nI am writing to complain about the damp in my flat. It has been "
     "there since March.\n\nYours faithfully,\nJo Bloggs\n12 Acacia Avenue\nLS1 4AB"),
     ["I am writing to complain about the damp in my flat. It has been there since March."]),
    (("Hi,\nMy toilet has been leaking for a month.\nThe plumber never came back.\nThanks,\n"
     "Sam"),
     ["My toilet has been leaking for a month.", "The plumber never came back."]),
    ("Hello, the window in my son's room won't shut and it's freezing.",
     ["the window in my son's room won't shut and it's freezing."]),
    ("Mr. Patel from your office promised a call back on 3 Nov. and nobody rang.",
     ["Mr. Patel from your office promised a call back on 3 Nov. and nobody rang."]),
    (("The gutter is hanging off. Also the fence panel blew down in the storm. Also nobody "
     "answers the phone."),
     ["The gutter is hanging off.", "The fence panel blew down in the storm.",
      "Nobody answers the phone."]),
    (("There is mould in the bathroom. The front door lock is broken. The hallway light is "
     "out. The staff were rude when I called."),
     ["There is mould in the bathroom.", "The front door lock is broken.",
      "The hallway light is out.", "The staff were rude when I called."]),
    (("My rent account is wrong, I was charged twice in October 2024. I rang on 4.11.24 and "
     "was told it would be fixed. It wasn't."),
     [("My rent account is wrong, I was charged twice in October 2024. I rang on 4.11.24 and "
      "was told it would be fixed. It wasn't.")]),
    ("The ceiling in flat 7. is bulging.",
     ["The ceiling in flat 7. is bulging."]),
    ("Kind regards", []),
    ("The lift is broken again. My mum is 84 and can't use the stairs.",
     ["The lift is broken again.", "My mum is 84 and can't use the stairs."]),
    (("the stair rail is loose and my daughter nearly fell. this is dangerous. "
     "i reported it 3 times."),
     [("the stair rail is loose and my daughter nearly fell. this is dangerous. "
      "i reported it 3 times.")]),
    (("Good morning. I want to complain about the noise from the flat above. "
     "It goes on until 3 a.m. most nights."),
     [("I want to complain about the noise from the flat above. It goes on until 3 a.m. "
      "most nights.")]),
    ("Complaints to make: 1) no hot water 2) the engineer left a mess 3) no call back",
     # The lead-in to a list is not a matter of complaint.
     ["no hot water", "the engineer left a mess", "no call back"]),
    ("Damp everywhere!!! Mould on the baby's cot. Nobody cares.",
     ["Damp everywhere!!! Mould on the baby's cot. Nobody cares."]),
    (("I have been waiting since 1st Sept. for the kitchen to be replaced. The cupboard doors "
     "are hanging off."),
     ["I have been waiting since 1st Sept. for the kitchen to be replaced.",
      "The cupboard doors are hanging off."]),
    (("To whom it may concern\nThe communal bins have not been emptied for 3 weeks.\n"
     "Regards\nResidents of Block B"),
     ["The communal bins have not been emptied for 3 weeks."]),
    (("The roof leaks. The ceiling has collapsed in the back bedroom. Secondly the officer "
     "never replied to my emails."),
     ["The roof leaks.", "The ceiling has collapsed in the back bedroom.",
      "The officer never replied to my emails."]),
    ("my heating broke on the 2. 12. and its still not fixed",
     ["my heating broke on the 2. 12. and its still not fixed"]),
    ("Boiler broken. No hot water. Baby at home.",
     ["Boiler broken. No hot water. Baby at home."]),
    (("The contractor (Smith & Co. Ltd.) left rubble in the garden. They said they'd be back "
     "but never came."),
     [("The contractor (Smith & Co. Ltd.) left rubble in the garden. They said they'd be back "
      "but never came.")]),
    (("Dear Housing Team,\nRe: flat 12, Oak House.\nThe intercom has not worked since "
     "June 2025.\nMany thanks\nAlex Green"),
     # The heading is where, not what went wrong: the address is kept on the case.
     ["The intercom has not worked since June 2025."]),
    ("My neighbour's dog barks all night. I reported it in May and nothing was done.",
     ["My neighbour's dog barks all night. I reported it in May and nothing was done."]),
    ("* leak under sink\n* oven door broken\n* no reply to emails",
     ["leak under sink", "oven door broken", "no reply to emails"]),
    (("The damp survey was done on 5.3.2025. The report said the walls need treating. "
     "Nothing has happened since."),
     ["The damp survey was done on 5.3.2025.",
      "The report said the walls need treating. Nothing has happened since."]),
    ("I am disabled and the ramp to my door is broken. I can't get out of my home.",
     ["I am disabled and the ramp to my door is broken.", "I can't get out of my home."]),
    ("The windows are rotten. They let the rain in. The repairs team keeps cancelling.",
     ["The windows are rotten. They let the rain in.",
      "The repairs team keeps cancelling."]),
    ("In addition, the fire door on the landing doesn't close.",
     ["The fire door on the landing doesn't close."]),
    ("Hi there, the bathroom fan hasn't worked since 2024. Cheers",
     ["the bathroom fan hasn't worked since 2024."]),  # "Cheers" signs off
    (("The service charge went up by £300. No one explained why. I asked for a breakdown on "
     "10 Jan. and got nothing."),
     [("The service charge went up by £300. No one explained why. I asked for a breakdown on "
      "10 Jan. and got nothing.")]),
    ("Sent from my iPhone", []),
]


def old_split_points(text: str | None) -> list[str]:
    """The full-stop and new-line regex the assistant used before (for comparison)."""
    raw = (text or "").strip()
    if not raw:
        return []
    points = []
    for line in re.split(r"\n+|\s(?=\d+[.)]\s)", raw):
        line = re.sub(r"^\s*(?:\d+[.)]|[-*•])\s+", "", line)
        points += [p.strip(" ,.-*•\t") for p in line.split(";")]
    points = [p for p in points if p]
    return points or [raw]


def _norm(points: list[str]) -> list[str]:
    return [re.sub(r"\s+", " ", p).strip(" .").lower() for p in points]


def _words(points: list[str]) -> list[str]:
    return re.findall(r"[\w£']+", " ".join(points).lower())


def score(split) -> dict[str, float]:
    exact = kept = count = 0
    for text, expected in EXAMPLES:
        got = split(text)
        exact += _norm(got) == _norm(expected)
        count += len(_norm(got)) == len(_norm(expected))
        kept += _words(expected) == [w for w in _words(got) if w in set(_words(expected))]
    n = len(EXAMPLES)
    return {"examples": n, "exact": exact / n, "right_count": count / n, "words_kept": kept / n}


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from actions.answers import split_points

    for name, split in (("old regex", old_split_points), ("pysbd + rules", split_points)):
        print(name, {k: round(v, 2) if isinstance(v, float) else v
                     for k, v in score(split).items()})
    if "-v" in sys.argv:
        for text, expected in EXAMPLES:
            got = split_points(text)
            if _norm(got) != _norm(expected):
                print("---", repr(text[:70]), "\n  want", expected, "\n  got ", got)
