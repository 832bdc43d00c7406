"""No module of the assistant assigns the same top-level name twice: in a long module of
patterns a second `_INTERJECTION = …` silently replaces the first, and every reader of the
first changes with it (eleventh session: four yes/no tests caught one; issue 11 found three
dead duplicate definitions in the old triage module)."""

from __future__ import annotations

import ast
from collections import Counter
from pathlib import Path

import pytest

ACTIONS = Path(__file__).resolve().parents[2] / "actions"


def top_level_names(source: str) -> list[str]:
    names = []
    for node in ast.parse(source).body:
        if isinstance(node, ast.Assign):
            names += [t.id for t in node.targets if isinstance(t, ast.Name)]
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.append(node.target.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.append(node.name)
    return names


def test_the_check_finds_a_name_given_twice():
    names = top_level_names("_A = 1\ndef f(): pass\n_A = 2\n")
    assert [n for n, k in Counter(names).items() if k > 1] == ["_A"]


@pytest.mark.parametrize("module", sorted(p.name for p in ACTIONS.glob("*.py")))
def test_no_top_level_name_is_given_twice(module):
    names = top_level_names((ACTIONS / module).read_text())
    assert [n for n, k in Counter(names).items() if k > 1] == []
