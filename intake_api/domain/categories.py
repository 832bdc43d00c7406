"""What went wrong, in a few categories: for the annual report's "top categories" (Code 9.7a).

Cases carry no category field: the complaint definition (Code 5.6 / 6.7: what went
wrong, point by point, in the resident's words) is the record. This derives categories
from it with plain word lists, so anyone can read why a complaint was counted where it
was. A point may name more than one thing ("the boiler repair was missed": heating and
repairs); a complaint counts once in each category any of its points names, and in
"Other" when none does. docs/reports.md describes the rule. Pure: no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

OTHER = "other"

# Category: words or phrases that name it, matched from the start of a word (so
# "repair" matches "repairs" and "repaired"), case-insensitive. Keep each list short
# and obvious; a landlord who wants a finer split changes it here, with its test.
CATEGORY_WORDS: dict[str, tuple[str, ...]] = {
    "repairs": ("repair", "fix", "broken", "leak", "contractor", "engineer", "workm",
                "plumb", "roof", "window", "door", "toilet", "damage"),
    "damp_mould": ("damp", "mould", "mold", "condensation"),
    "heating_hot_water": ("boiler", "heating", "radiator", "hot water", "no heat"),
    "appointments": ("appointment", "missed", "no-show", "no show", "didn't turn up",
                     "did not turn up", "never turned up", "never came", "didn't come",
                     "did not come", "turned up late", "arrived late", "came late"),
    "communication": ("call back", "called back", "calling back", "nobody", "no one",
                      "no-one", "ignored", "reply", "replied", "respond", "response",
                      "update", "kept informed", "told", "promised", "chase", "chasing"),
    "staff_conduct": ("rude", "attitude", "unprofessional", "manner", "shouted",
                      "disrespect", "behaviour", "behavior"),
    "anti_social_behaviour": ("anti-social", "antisocial", "asb", "neighbour", "neighbor",
                              "noise", "harass"),
    "rent_charges": ("rent", "service charge", "charge", "arrears", "bill", "refund",
                     "payment", "compensation"),
    "communal_areas": ("communal", "cleaning", "grounds", "grass", "bins", "rubbish",
                       "lift", "stairwell", "corridor", "parking"),
}

CATEGORY_LABELS: dict[str, str] = {
    "repairs": "Repairs",
    "damp_mould": "Damp and mould",
    "heating_hot_water": "Heating and hot water",
    "appointments": "Appointments missed or late",
    "communication": "Communication and keeping residents informed",
    "staff_conduct": "Staff or contractor conduct",
    "anti_social_behaviour": "Handling of anti-social behaviour",
    "rent_charges": "Rent, charges and money",
    "communal_areas": "Communal areas, cleaning and grounds",
    OTHER: "Other (no category words found)",
}

_PATTERNS: dict[str, re.Pattern[str]] = {
    name: re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")", re.IGNORECASE)
    for name, words in CATEGORY_WORDS.items()
}


def categories_of_text(text: str) -> set[str]:
    """The categories one point of a complaint names (empty when none)."""
    return {name for name, pattern in _PATTERNS.items() if pattern.search(text or "")}


def categories_of_complaint(points: Iterable[str]) -> set[str]:
    """A complaint's categories: every category any point names, else ``{"other"}``."""
    found: set[str] = set()
    for point in points:
        if isinstance(point, str):
            found |= categories_of_text(point)
    return found or {OTHER}
