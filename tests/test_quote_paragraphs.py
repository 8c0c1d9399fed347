"""Quotes over several paragraphs, demands of a described actor, and names the tagger missed
after an honorific (made-up texts)."""

from __future__ import annotations

import pytest

from tests.actions import asserted_pairs, pair

pytestmark = pytest.mark.slow


def _mentions(nlp, text: str) -> list[tuple[str, str]]:
    from graph.ingest import run_pipeline
    from graph.pipeline.read import parse_text

    [out] = run_pipeline([parse_text(text, "t", title="t")], nlp=nlp)
    names = {e.id: e.name for e in out.entities}
    return [(text[m.start:m.end], names[m.entity_id]) for m in out.mentions if not m.inferred]


def test_a_quoted_paragraph_after_an_attributed_one_is_the_same_speakers(nlp) -> None:
    text = ('The Elect the Lords Campaign said the draft bill was an important contribution. '
            '"We believe this draft bill is detailed enough," said co-ordinator Peter Facey. '
            '"In lieu of any other such clear proposals, Tony Blair must permit that to happen."')
    assert pair("Peter Facey", "Tony Blair", "APPEALED_TO") in asserted_pairs(nlp, text)


def test_a_demand_of_a_described_government_reaches_its_country(nlp) -> None:
    text = "Iraq was in the news. The government must act quickly on the ruling, Mary Robinson said."
    assert pair("Mary Robinson", "Iraq", "APPEALED_TO") in asserted_pairs(nlp, text)


def test_a_passive_that_asks_nothing_of_its_subject_is_no_demand(nlp) -> None:
    text = 'Jack McConnell spoke in Edinburgh. He said: "Scotland must not be held back by poor health."'
    assert not asserted_pairs(nlp, text)


def test_a_surname_the_tagger_missed_after_mr_is_the_named_person(nlp) -> None:
    text = ("Ken Livingstone left the meeting early. Tony Blair spoke later. "
            "But Blair says it is time for Mr Livingstone to say sorry.")
    assert ("Livingstone", "Ken Livingstone") in _mentions(nlp, text)


def test_mrs_before_a_mans_surname_is_someone_else(nlp) -> None:
    text = "Tony Blair spoke on Monday. Later Mrs Blair told reporters she was fine. Blair then left."
    found = _mentions(nlp, text)
    assert ("Blair", "Tony Blair") in found  # "Blair then left"
    assert sum(1 for _, name in found if name == "Tony Blair") == 2


def test_a_knights_first_name_is_the_knight(nlp) -> None:
    text = "Sir Howard Newby published the report. Sir Howard said it was grim. He told BBC News it was bad."
    assert pair("Howard Newby", "BBC", "INFORMED") in asserted_pairs(nlp, text)


def test_joining_calls_for_someone_to_resign_is_a_demand(nlp) -> None:
    assert asserted_pairs(nlp, "Victoria Scott joined the calls for Nicholas Scott to resign.") \
        == {pair("Victoria Scott", "Nicholas Scott", "APPEALED_TO")}
    assert not asserted_pairs(nlp, "Michael Howard did not join calls for Tony Blair to quit.")
