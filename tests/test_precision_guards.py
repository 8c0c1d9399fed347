"""Precision guards on unseen news (issue 10): groups of people, employment, electoral contests,
passive subjects of "should", and programmes the tagger took for places (made-up sentences)."""

from __future__ import annotations

import pytest

from graph.model import Document, Mention
from graph.pipeline.relate.evidence import _people


def _actions(nlp, text: str) -> set[tuple[str, str, str]]:
    from graph.ingest import run_pipeline

    analysed = next(run_pipeline([Document("d", text, "", "test")], nlp=nlp))
    names = {e.id: e.name for e in analysed.entities}
    return {(names[r.source], r.type, names[r.target]) for r in analysed.relations if r.type != "CO_MENTIONED"}


def _pairs(nlp, text: str) -> set[frozenset[str]]:
    return {frozenset((s, t)) for s, _, t in _actions(nlp, text)}


def _mention(text: str, entity: str, type_: str) -> Mention:
    return Mention("d", 0, len(text), text, entity, 0, type_)


def test_demonyms_and_religious_groups_are_no_actors_but_country_people_and_bodies_are():
    mentions = [_mention("Muslims", "muslims", "Group"), _mention("Asian", "asian", "Group"),
                _mention("Russians", "russia", "Group"), _mention("Congressional", "congress", "Group"),
                _mention("US Congress", "congress", "Group"), _mention("Conservative", "tory", "Group"),
                _mention("Oxfam", "oxfam", "Organization")]
    assert _people(mentions, {}) == {"muslims", "asian"}


@pytest.mark.slow
def test_urging_a_religious_group_is_no_action(nlp):
    text = "The Muslim Council of Britain is a large body. Last year the council urged Muslims not to vote."
    assert not any("Muslims" in pair for pair in _pairs(nlp, text))


@pytest.mark.slow
@pytest.mark.parametrize("text", [
    "Rothwell Partners, the investment bank, is advising Mr Peter Grant on the bid.",
    "Former spin doctor Alan Hartley is returning to advise Labour on media strategy.",
])
def test_counsel_as_a_job_is_employment(nlp, text):
    assert not _actions(nlp, text)


@pytest.mark.slow
def test_counsel_given_is_still_a_message(nlp):
    text = "Jane Moss spoke on Monday. Ms Moss said she had advised Peter Grant repeatedly."
    assert frozenset(("Jane Moss", "Peter Grant")) in _pairs(nlp, text)


@pytest.mark.slow
def test_appointing_someone_is_no_support(nlp):
    text = "The Liberal Democrats have appointed a senior figure from Vodafone to be the party's new chief."
    assert not _actions(nlp, text)


@pytest.mark.slow
@pytest.mark.parametrize("text", [
    "Sir Henry Vane, the Tory backbencher who challenged Margaret Thatcher for the party leadership in 1989, has died.",
    "Peter Boyle, who had been selected to fight the North Dorset seat, quit on Monday.",
])
def test_electoral_contests_are_no_actions(nlp, text):
    assert not _actions(nlp, text)


@pytest.mark.slow
def test_a_passive_subject_of_should_is_asked_nothing(nlp):
    text = "Michael Howard spoke in Leeds. Mr Howard said Tony Blair should be judged on his record."
    assert frozenset(("Michael Howard", "Tony Blair")) not in _pairs(nlp, text)


@pytest.mark.slow
def test_a_denied_passive_is_still_a_verdict(nlp):
    text = "Gordon Brown spoke in Leeds. Mr Brown said the Conservatives must not be allowed to win."
    assert any(s == "Gordon Brown" and "Conserv" in t for s, _, t in _actions(nlp, text))


@pytest.mark.slow
def test_a_show_taken_for_a_place_is_its_broadcaster(nlp):
    text = 'Fiona Lamb spoke on Sunday. She told BBC One\'s Breakfast with Frost programme: "It is fine."'
    found = _actions(nlp, text)
    assert ("Fiona Lamb", "INFORMED", "BBC") in found
    assert not any(t == "Breakfast" for _, _, t in found)
