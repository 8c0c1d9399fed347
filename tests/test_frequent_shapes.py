"""Argument shapes mined from missed entity pairs in non-gold BBC news (issue 10, frequency
round), text -> expected, on made-up sentences: a name the parser hangs on an object noun as an
adjective ("told the Kommersant newspaper"), the indirect object of a verb of giving ("offered
China access"), and the addressee of a message whose own "to" names no one ("sent the
Commission a reply to the allegations")."""

from __future__ import annotations

import pytest

from .actions import asserted_pairs as _pairs
from .actions import pair as _pair

pytestmark = pytest.mark.slow


FOUND = [
    # a name the tagger read as an adjective of the object noun
    ("Economy minister Oleg Petrov told the Kommersant newspaper that oil prices would fall.",
     _pair("Oleg Petrov", "Kommersant", "INFORMED")),
    # the indirect object of a verb of giving is the one given to
    ("Hugo Chavez has offered China wide-ranging access to the oil reserves.",
     _pair("Hugo Chavez", "China", "AIDED")),
    ("Mr Bannatyne has given the Labour Party 50,000 pounds.", _pair("Bannatyne", "Labour", "AIDED")),
    # the noun's own "to" names a thing: the indirect object is the addressee
    ("Microsoft sent the European Commission a response to those allegations in December.",
     _pair("Microsoft", "European Commission", "INFORMED")),
    ("The BBC sent Tony Blair a reply to his complaints on Monday.", _pair("BBC", "Tony Blair", "INFORMED")),
]


@pytest.mark.parametrize(("text", "expected"), FOUND)
def test_frequent_shape_found(nlp, text: str, expected: tuple[frozenset[str], str]) -> None:
    assert expected in _pairs(nlp, text)


NOT_FOUND = [
    # an inherited subject gives nothing: the result of a win is no gift
    ("Michael Howard won the seat in Kent, giving the Conservative Party a majority of 5,000.",
     frozenset(("Michael Howard", "Conservative Party"))),
    # a relative subject: subsidies are no giver
    ("Nobody likes the subsidies of Gazprom, which give Ukrainian firms an unfair advantage.",
     frozenset(("Gazprom", "Ukraine"))),
]


@pytest.mark.parametrize(("text", "pair"), NOT_FOUND)
def test_frequent_shape_not_found(nlp, text: str, pair: frozenset[str]) -> None:
    assert all(found != pair for found, _ in _pairs(nlp, text))
