"""The bot's words, read from the ``responses`` of the Rasa domain (bot/domain.yml).

Every resident-facing sentence lives in the domain, so a landlord can change it (or add
a variation) without touching Python, and a Welsh domain is possible. The actions keep
only the decisions: which lines to say and which values go in them.

- A message that goes out as it is: ``dispatcher.utter_message(response="utter_x",
  **values)``; Rasa fills it in and picks one of its variations.
- A message made of several optional lines (the danger advice, a case just logged, a
  status): each line is a response, filled here with ``phrase("utter_x", **values)``
  and joined in Python.

The domain is ``bot/domain.yml`` beside the ``actions`` package, or the file (or
directory of domain files) named by the ``BOT_DOMAIN`` environment variable: a landlord's
own wording or a Welsh domain. It should be the domain the model was trained with, since
Rasa fills the responses sent by name from the model's own copy. Read once per path.
"""

from __future__ import annotations

import os
import random
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

DEFAULT_DOMAIN = Path(__file__).resolve().parents[1] / "bot" / "domain.yml"

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def domain_path() -> Path:
    """The domain the words come from: ``BOT_DOMAIN`` if set, else bot/domain.yml."""
    return Path(os.environ.get("BOT_DOMAIN") or DEFAULT_DOMAIN)


@lru_cache(maxsize=8)
def _responses_at(path: Path) -> dict[str, list[dict[str, Any]]]:
    files = [path]
    if path.is_dir():  # a domain split over several files, as Rasa allows
        files = sorted(path.rglob("*.yml")) + sorted(path.rglob("*.yaml"))
    responses: dict[str, list[dict[str, Any]]] = {}
    for file in files:
        with open(file, encoding="utf-8") as handle:
            responses.update((yaml.load(handle, Loader=_Loader) or {}).get("responses") or {})
    return responses


def responses() -> dict[str, list[dict[str, Any]]]:
    """Every response of the domain in use, by name (cached)."""
    return _responses_at(domain_path())


def phrase(name: str, /, **values: Any) -> str:
    """One variation of response ``name``, chosen at random as Rasa's NLG does, with its
    ``{placeholders}`` filled from ``values``. An unknown name raises KeyError, as does a
    placeholder with no value."""
    variations = responses()[name]
    # Variations for a channel or a condition are Rasa's to choose; the plain ones are ours.
    plain = [v for v in variations if not v.get("channel") and not v.get("condition")]
    text = random.choice(plain or variations)["text"]
    return text.format(**values)
