"""Nationalities and party adjectives as actors (INTERACTIONS.md: a country acts through its
government, officials and forces; demonyms are not entities; "the Tories are the Conservative
Party"). Made-up sentences."""

from __future__ import annotations

import pytest

from graph.schema.organisations import party_of_adjective
from tests.actions import asserted_actions, asserted_pairs, pair


def test_a_party_adjective_names_its_party() -> None:
    assert party_of_adjective("Conservative") == "Conservative Party"
    assert party_of_adjective("Republican") == "Republican Party"
    assert party_of_adjective("Liberal Democrat") == "Liberal Democrats"
    assert party_of_adjective("British") is None
    assert party_of_adjective("Scottish") is None


@pytest.mark.slow
def test_a_nationalitys_officials_are_its_country_also_before_a_relative_clause(nlp) -> None:
    text = ("Viktor Makarov says he has been betrayed by the British authorities, who promised he "
            "would live like an average citizen.")
    assert pair("Viktor Makarov", "United Kingdom", "CRITICIZED") in asserted_pairs(nlp, text)
    assert not any("British" in p for p, _ in asserted_pairs(nlp, text))


@pytest.mark.slow
def test_a_countrys_agents_act_for_it_only_with_its_nationality(nlp) -> None:
    actions = asserted_actions(nlp, "Russian negotiators met Chinese officials in Beijing on Monday.")
    assert {(s, t) for s, _, t in actions} == {("Russia", "China")}
    # alone, negotiators are anybody's
    assert not asserted_actions(nlp, "Iran was discussed. The negotiators met Chinese officials in Beijing.")


@pytest.mark.slow
def test_a_nationality_before_a_decision_or_a_proposal_is_its_countrys(nlp) -> None:
    assert asserted_pairs(nlp, "Tony Blair welcomed the French decision to send aid.") \
        == {pair("Tony Blair", "France", "PRAISED")}
    assert asserted_pairs(nlp, "Jacques Chirac rejected British proposals on the budget rebate.") \
        == {pair("Jacques Chirac", "United Kingdom", "REJECTED")}


@pytest.mark.slow
def test_private_people_and_firms_are_not_their_country(nlp) -> None:
    assert not asserted_actions(nlp, "A US woman is suing Hewlett Packard over its ink cartridges.")
    assert not asserted_actions(nlp, "The YouGov poll, which questioned 1,943 British adults online, "
                                     "found 25% did not know.")
    assert not asserted_actions(nlp, "Japanese firms praised the European Union for the deal.")


@pytest.mark.slow
def test_a_party_adjective_acts_as_its_party(nlp) -> None:
    text = "Gordon Brown vigorously denied Conservative claims that he had fiddled the figures."
    assert asserted_pairs(nlp, text) == {pair("Gordon Brown", "Conservative Party", "REJECTED")}
    text = "Republican senators urged George Bush to veto the bill."
    assert asserted_pairs(nlp, text) == {pair("Republican Party", "George Bush", "APPEALED_TO")}


@pytest.mark.slow
def test_a_party_adjective_cut_short_by_the_tagger_keeps_its_first_word(nlp) -> None:
    text = ("Liberal Democrat foreign affairs spokesman Menzies Campbell repeated his party's calls. "
            "Democrat senators urged George Bush to act.")
    from graph.ingest import run_pipeline
    from graph.pipeline.read import parse_text

    [out] = run_pipeline([parse_text(text, "t", title="t")], nlp=nlp)
    parties = {e.name for e in out.entities if e.subtype == "party"}
    assert "Democratic Party" in parties  # the US party, named alone
    assert {m.text for m in out.mentions if m.sentence == 0 and m.type == "Organization"} <= {"Democrat"}
    first = {e.name for e in out.entities for m in out.mentions if m.entity_id == e.id and m.sentence == 0}
    assert "Democratic Party" not in first
