"""Corpus resolution is a package of cohesive modules under the style guide's ~400 lines, with
the public API of the former single module unchanged."""

from __future__ import annotations

from pathlib import Path

import graph.store.resolution as resolution


def test_each_module_is_under_400_lines():
    folder = Path(resolution.__file__).parent
    sizes = {p.name: len(p.read_text(encoding="utf-8").splitlines()) for p in folder.glob("*.py")}
    assert {"corpus.py", "names.py", "people.py", "retype.py", "resolve.py"} <= set(sizes)
    assert all(n < 400 for n in sizes.values()), sizes


def test_the_public_api_is_where_it_was():
    assert set(resolution.__all__) == {"AUTO", "Corpus", "Proposal", "duplicates", "initials", "propose",
                                       "resolve_store", "variant_key"}
    for name in resolution.__all__:
        assert getattr(resolution, name) is not None
