"""Verdicts a reported clause asserts beyond its own verb: text -> expected actions.

Made-up sentences for graph/pipeline/relate/speech.py: adverbial clauses of reason or contrast
("... because Y is not being straight", "while Y has hidden ..."), clauses under a stance
adjective ("glad Y had been shamed") or a noun of evidence ("evidence that Y's plan is
unsustainable"), verbs of concern ("X is worried Y's policy sends the wrong message"),
concealment with an object, denied comparisons ("not as rosy as Y would like to portray it"),
and the passive of a negative verb, which blames its agent; the nationality of a body
("Russian courts") is not blamed with it.
"""

from __future__ import annotations

import pytest

from .actions import asserted_actions as _actions

pytestmark = pytest.mark.slow


FOUND = [
    # an adverbial clause of reason in the reported clause, with a denied virtue
    ("Public trust is breaking down because Microsoft is not being straight with customers, John Smith has said.",
     ("John Smith", "CRITICIZED", "Microsoft")),
    # a clause of contrast, and concealment with an object
    ("Greenpeace says Shell has only laid out vague options while Exxon has hidden most of its losses.",
     ("Greenpeace", "CRITICIZED", "Exxon")),
    # a clause under a stance adjective; the passive of a verb of shaming blames its subject
    ('Oxfam said it was glad John Smith had been "shamed" into resigning.',
     ("Oxfam", "CRITICIZED", "John Smith")),
    # the content of a noun of evidence, the owner told on the compound of the topic
    ('Jane Doe said: "There is now growing evidence that Microsoft\'s licensing programme is unsustainable."',
     ("Jane Doe", "CRITICIZED", "Microsoft")),
    # a verb of concern reports a verdict as a verb of saying does
    ("Amnesty International is worried Microsoft's policy sends the wrong message to customers.",
     ("Amnesty International", "CRITICIZED", "Microsoft")),
    # the passive of a negative verb blames its agent
    ("John Smith claims he has been betrayed by Microsoft.",
     ("John Smith", "CRITICIZED", "Microsoft")),
    # a denied comparison rejects the account in its "as" clause, whatever the adjective
    ("Vince Cable warned the picture was not as rosy as Gordon Brown would like to portray it.",
     ("Vince Cable", "CRITICIZED", "Gordon Brown")),
    ("Vince Cable said the economy was not as strong as Gordon Brown claims.",
     ("Vince Cable", "CRITICIZED", "Gordon Brown")),
]


@pytest.mark.parametrize("text,expected", FOUND)
def test_embedded_verdicts(nlp, text, expected):
    assert expected in _actions(nlp, text)


NOT_FOUND = [
    # the passive subject of a negative verb is its victim, not the one blamed
    ("John Smith said Microsoft had been misled by its auditors.", ("John Smith", "Microsoft")),
    # hiding with no object is no concealment
    ("Microsoft said John Smith was hiding in Paris.", ("Microsoft", "John Smith")),
    # a condition is not asserted
    ("John Smith said trust would fall if Microsoft was not straight with customers.", ("John Smith", "Microsoft")),
    # a denied stance asserts nothing
    ("John Smith said he was not sure Microsoft had been dishonest.", ("John Smith", "Microsoft")),
    # nor does evidence denied
    ("John Smith said there was no evidence that Microsoft's plan was unworkable.", ("John Smith", "Microsoft")),
    # an expectation is no account, and a comparison not denied rejects nothing
    ("Vince Cable said the economy was not as strong as Gordon Brown expected.", ("Vince Cable", "Gordon Brown")),
    ("Vince Cable said the economy was as strong as Gordon Brown claims.", ("Vince Cable", "Gordon Brown")),
    # a body is an actor of its own: "Russian courts" are not Russia
    ("Yukos said Russian courts were unfriendly.", ("Yukos", "Russian")),
]


@pytest.mark.parametrize("text,pair", NOT_FOUND)
def test_no_embedded_verdict(nlp, text, pair):
    assert not [a for a in _actions(nlp, text) if (a[0], a[2]) == pair]
