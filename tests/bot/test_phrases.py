"""The bot's words live in bot/domain.yml's responses (actions/phrases.py), not in Python."""

from __future__ import annotations

import ast
from datetime import date
from pathlib import Path

import pytest
from helpers import DOMAIN

from actions import phrases, wording
from actions.questions import question_for

ACTIONS = Path(__file__).resolve().parents[2] / "actions"
# The modules whose words were moved to the domain: only decisions are left in them.
MOVED = ("routing.py", "wording.py", "handoff.py", "forms.py", "questions.py")


def _names_used() -> tuple[set[str], set[str]]:
    """Every response name in the actions' code: whole names, and the fixed starts of
    names made with an f-string (f"utter_offer_explained_{pending}")."""
    names, prefixes = set(), set()
    for path in ACTIONS.glob("*.py"):
        tree = ast.parse(path.read_text())
        parts = {id(v) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr)
                 for v in node.values}
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and \
                    node.value.startswith("utter_") and id(node) not in parts:
                names.add(node.value)
            elif isinstance(node, ast.JoinedStr) and node.values and \
                    isinstance(node.values[0], ast.Constant) and \
                    str(node.values[0].value).startswith("utter_"):
                prefixes.add(node.values[0].value)
    return names, prefixes


def test_every_response_the_actions_use_is_in_the_domain():
    names, prefixes = _names_used()
    assert len(names) > 100  # the words are there to be found
    assert names - set(DOMAIN["responses"]) == set()
    for prefix in prefixes:
        assert any(name.startswith(prefix) for name in DOMAIN["responses"]), prefix


def test_no_response_the_actions_use_is_taken_for_a_form_question():
    # Rasa asks a form's question with utter_ask_<slot> (or utter_ask_<form>_<slot>).
    names, prefixes = _names_used()
    assert not [name for name in names | prefixes if name.startswith("utter_ask_")]


def test_every_response_has_a_text_in_every_variation():
    for name, variations in DOMAIN["responses"].items():
        assert variations and all(v.get("text") for v in variations), name


def test_phrase_fills_the_values():
    reference = f"CMP-{date.today().year}-000123"
    assert phrases.phrase("utter_logged_complaint", reference=reference) == (
        f"Your complaint is logged. Your reference is {reference}.")
    assert phrases.phrase("utter_read_back_acting_for", name="Joan Patel") == (
        "You're acting for Joan Patel.")
    with pytest.raises(KeyError):
        phrases.phrase("utter_logged_complaint")  # a value missing
    with pytest.raises(KeyError):
        phrases.phrase("utter_no_such_response")


def test_a_question_is_asked_in_the_domain_s_words(tmp_path, monkeypatch):
    domain = tmp_path / "domain.yml"
    domain.write_text('responses:\n  utter_question_rep_name:\n'
                      '    - text: "Beth yw eich enw?"\n')
    monkeypatch.setenv("BOT_DOMAIN", str(domain))
    assert question_for("rep_name", {}) == ("Beth yw eich enw?", [])


def test_phrase_picks_one_of_the_variations(tmp_path, monkeypatch):
    domain = tmp_path / "domain.yml"
    domain.write_text('version: "3.1"\nresponses:\n  utter_hello:\n'
                      '    - text: "Hello {name}."\n    - text: "Hi {name}."\n')
    monkeypatch.setenv("BOT_DOMAIN", str(domain))
    seen = {phrases.phrase("utter_hello", name="Sam") for _ in range(60)}
    assert seen == {"Hello Sam.", "Hi Sam."}


def test_a_domain_given_by_bot_domain_is_used(tmp_path, monkeypatch):
    # A landlord's own wording, or a Welsh domain.
    domain = tmp_path / "domain.yml"
    domain.write_text('version: "3.1"\nresponses:\n'
                      '  utter_logged_compliment:\n'
                      '    - text: "Diolch. Eich cyfeirnod yw {reference}."\n')
    monkeypatch.setenv("BOT_DOMAIN", str(domain))
    assert wording.case_logged({"kind": "compliment", "reference": "CMP-1"}, None) == (
        "Diolch. Eich cyfeirnod yw CMP-1.")
    with pytest.raises(KeyError):  # only that domain's responses
        phrases.phrase("utter_logged_complaint", reference="CMP-1")
    monkeypatch.delenv("BOT_DOMAIN")
    assert wording.case_logged({"kind": "compliment", "reference": "CMP-1"}, None) == (
        "I've recorded it with reference CMP-1.")


def test_a_domain_split_over_files_is_read_whole(tmp_path, monkeypatch):
    (tmp_path / "a.yml").write_text('responses:\n  utter_a:\n    - text: "A"\n')
    (tmp_path / "b.yml").write_text('responses:\n  utter_b:\n    - text: "B"\n')
    monkeypatch.setenv("BOT_DOMAIN", str(tmp_path))
    assert phrases.phrase("utter_a") + phrases.phrase("utter_b") == "AB"


def _words(text: str) -> int:
    """How many words a string has ("0800 111 999" has none)."""
    return sum(any(c.isalpha() for c in word) for word in text.split())


def _sends_words(call: ast.Call) -> bool:
    """A say / utter_message whose text= has words written out in Python (in a string or
    an f-string), rather than made from responses (phrase("utter_...") joined)."""
    for keyword in call.keywords:
        if keyword.arg != "text":
            continue
        for node in ast.walk(keyword.value):
            if isinstance(node, ast.JoinedStr) and any(
                    isinstance(v, ast.Constant) and _words(str(v.value)) for v in node.values):
                return True
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and \
                    _words(node.value) >= 2 and not node.value.startswith("utter_"):
                return True
    return False


@pytest.mark.parametrize("module", ("routing.py", "handoff.py", "forms.py", "questions.py"))
def test_no_words_are_written_out_where_a_message_is_sent(module):
    tree = ast.parse((ACTIONS / module).read_text())
    calls = [node for node in ast.walk(tree) if isinstance(node, ast.Call)
             and isinstance(node.func, ast.Attribute)
             and node.func.attr in ("say", "utter_message")]
    assert calls
    assert [ast.unparse(c) for c in calls if _sends_words(c)] == []


@pytest.mark.parametrize("module", MOVED)
def test_no_message_is_passed_a_sentence_as_a_value(module):
    # say(response="utter_welsh", by_phone=" by phone on …"): the words would be Python's.
    tree = ast.parse((ACTIONS / module).read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
                node.func.attr in ("say", "utter_message", "failed"):
            for value in [*node.args, *(k.value for k in node.keywords)]:
                for part in ast.walk(value):
                    if isinstance(part, ast.Constant) and isinstance(part.value, str):
                        assert _words(part.value) < 2 or part.value.startswith("utter_"), \
                            ast.unparse(node)


@pytest.mark.parametrize("module", ("wording.py", "questions.py"))
def test_the_modules_that_choose_the_words_keep_no_sentences(module):
    """wording.py and questions.py choose lines; apart from their docstrings, the patterns
    they read the resident's words with and the buttons' titles, they hold no sentence."""
    tree = ast.parse((ACTIONS / module).read_text())
    skip: set[int] = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            skip.add(id(body[0].value))  # a docstring
        if isinstance(node, ast.Call) and (
                isinstance(node.func, ast.Attribute) and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "re"
                or isinstance(node.func, ast.Name) and node.func.id == "_buttons"):
            skip |= {id(part) for part in ast.walk(node)}  # a pattern, or buttons
    sentences = [node.value for node in ast.walk(tree)
                 if isinstance(node, ast.Constant) and isinstance(node.value, str)
                 and id(node) not in skip and _words(node.value) >= 3]
    assert sentences == []
