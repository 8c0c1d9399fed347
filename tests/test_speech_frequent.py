"""Shapes of reported speech found by frequency in unseen news: text -> expected actions.

Made-up sentences for graph/pipeline/relate/speech.py: verdict words written with a hyphen,
which the tokenizer splits ("ill-advised", "short-sighted", "over-reacted"); a perfect tense
the parser reads with a passive subject ("Y had over-reacted"); and a verdict noun whose agent
is told with "by" ("this was an excellent move by Y"), which judges that agent; and a negative
verdict on a clause under an anticipatory "it" ("it was pathetic that Y gave so little"). A
verdict noun with a possessor in the complement, an entitlement ("their right") and an
arrangement ("unacceptable for Y to hold both roles") judge no one new.
"""

from __future__ import annotations

import pytest

from .actions import asserted_actions as _actions

pytestmark = pytest.mark.slow


FOUND = [
    # a hyphenated adjective of the lexicon, matched across the split tokens
    ('Jane Doe, head of Alcohol Watch, said John Smith\'s comment was "ill-advised".',
     ("Jane Doe", "CRITICIZED", "John Smith")),
    ("Vince Cable said Gordon Brown's budget was short-sighted.",
     ("Vince Cable", "CRITICIZED", "Gordon Brown")),
    # an entry of the lexicon VADER has always listed with its hyphen
    ("Greenpeace said Exxon's plan was ill-conceived.",
     ("Greenpeace", "CRITICIZED", "Exxon")),
    # a hyphenated verb of misjudging; "had over-reacted" parsed with a passive subject
    ("John Smith said Microsoft had over-reacted.",
     ("John Smith", "CRITICIZED", "Microsoft")),
    # a verdict noun whose agent is told with "by"
    ('"This is an excellent move by Microsoft," said analyst Jane Doe.',
     ("Jane Doe", "PRAISED", "Microsoft")),
    ("Vince Cable said it was a stupid blunder by Gordon Brown.",
     ("Vince Cable", "CRITICIZED", "Gordon Brown")),
    # a negative verdict on an extraposed clause, hung on the copula or on the adjective
    ("It was pathetic that Britain was only the 11th most generous donor, Jim Smith added.",
     ("Jim Smith", "CRITICIZED", "Britain")),
    ("Vince Cable said it was disappointing that Gordon Brown had decided to stay.",
     ("Vince Cable", "CRITICIZED", "Gordon Brown")),
]

NOT_FOUND = [
    # an entitlement, no verdict
    ("John Smith argued it was the right of Microsoft to hold such views.", ("John Smith", "Microsoft")),
    # a hyphenated word outside the lexicon
    ("Jane Doe said Microsoft's plan was well-received.", ("Jane Doe", "Microsoft")),
    # a speaker's own side: a possessor on the verdict noun is left out
    ("Tony Blair said they were Labour's achievements.", ("Tony Blair", "Labour")),
    # "for Y to": an arrangement, not Y's conduct
    ("Vince Cable said it was unacceptable for Gordon Brown to hold both roles.", ("Vince Cable", "Gordon Brown")),
    # a clause before the verdict word is not the extraposed one
    ('Jane Doe said: "Microsoft tried everything and it was a disaster."', ("Jane Doe", "Microsoft")),
]


@pytest.mark.parametrize("text,expected", FOUND)
def test_frequent_shapes(nlp, text, expected):
    assert expected in _actions(nlp, text)


@pytest.mark.parametrize("text,pair", NOT_FOUND)
def test_no_frequent_shape(nlp, text, pair):
    found = {(s, t) for s, _, t in _actions(nlp, text)} | {(t, s) for s, _, t in _actions(nlp, text)}
    assert pair not in found
