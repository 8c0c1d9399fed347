"""Negation and modality read off the parse: the word lists of graph/data/words.yaml."""

import pytest

from graph.pipeline.relate import actions

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("text, negated", [
    ("Smith no longer speaks to Jones.", True),  # "no longer" is two tokens
    ("Smith never met Jones.", True),
    ("Smith did not meet Jones.", True),
    ("Smith met Jones.", False),
])
def test_negation(nlp, text, negated):
    found = list(actions(nlp(text)))
    assert found and all(a.negated == negated for a in found)
