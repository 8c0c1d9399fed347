"""The vocabularies in graph/data/ load as the pipeline expects."""

import pytest

from graph.schema import ENTITY_TYPES, TYPE_PRIORITY, entity_colors, words
from graph.schema.vocab import _words


def test_word_lists_are_strings():
    # YAML reads a bare `on` as True: the particle of "Commission on Presidential Debates"
    assert "on" in words("names.particles")
    assert all(isinstance(w, str) for ws in _words().values() for w in ws)


@pytest.mark.parametrize("name", ["modality.modals", "modality.intent", "speech.say", "aid.giving",
                                  "roles.head_of_state", "roles.role_words", "names.versus", "dates.not_a_point"])
def test_word_lists_are_not_empty(name):
    assert words(name)


def test_entity_types_map_labels_and_colours():
    assert ENTITY_TYPES["GPE"] == ENTITY_TYPES["LOC"] == "Place"
    assert TYPE_PRIORITY[0] == "Person"
    assert set(entity_colors()) == set(TYPE_PRIORITY)
