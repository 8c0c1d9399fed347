"""Corpus resolution, issue 11 remainder: junk dropped by undoable `drop` rules (terms and units,
plural acronyms, role phrases) and peers kept apart from commoners of the same surname.
Hand-made documents, no spaCy."""

from __future__ import annotations

from collections import Counter

import pytest

from graph.model import Evidence
from graph.store.junk import Usage, is_acronym_term
from graph.store.resolution import AUTO, resolve_store
from graph.store.rules import (
    DROPPED,
    RawEdge,
    RawEntity,
    Rule,
    build_edges,
    build_nodes,
    same_rank,
)
from graph.store.sqlite import Store

from .test_resolution import add, nodes


@pytest.fixture
def store():
    with Store(":memory:") as s:
        yield s


def names(store: Store) -> set[str]:
    return {n.name for n in store.load_graph().nodes}


def test_a_drop_rule_removes_the_node_and_its_edges():
    raw = {"m": RawEntity("m", "MPs", Counter({"Person": 2}), Counter({"MPs": 2})),
           "a": RawEntity("a", "Ann Lee", Counter({"Person": 2}), Counter({"Ann Lee": 2}))}
    nodes_, mapping = build_nodes(raw, [Rule(1, "drop", "m")])
    assert [n.name for n in nodes_] == ["Ann Lee"] and mapping["m"] == DROPPED
    edge = RawEdge("r", "m", "a", "MET", (Evidence("d", "MPs met Ann Lee.", 0, 16),))
    assert build_edges([edge], mapping, {"MET": True}) == []
    # An undone (inactive) drop keeps the node.
    assert len(build_nodes(raw, [Rule(1, "drop", "m", active=False)])[0]) == 2


def test_plural_acronyms_are_dropped_by_an_undoable_rule(store):
    add(store, "MPs voted. Ann Lee said MPs were wrong.", {"MPs": "Person", "Ann Lee": "Person"})
    added = resolve_store(store)
    assert [(r.kind, r.note.startswith(AUTO)) for r in added] == [("drop", True)]
    assert "MPs" not in names(store) and "Ann Lee" in names(store)
    store.set_rule_active(added[0].id, False)  # `newsgraph rules --undo ID`
    assert resolve_store(store) == [] and "MPs" in names(store)


def test_terms_and_units_are_junk_but_acronyms_that_act_are_not(store):
    add(store, "Users send SMS messages. The vote closes at 1900 GMT. The IMF said rates would rise.",
        {"SMS": "Organization", "GMT": "Organization", "IMF": "Organization"})
    add(store, "SMS texts are cheap. The IMF has warned Ghana. Polls close at 2100 GMT.",
        {"SMS": "Organization", "GMT": "Organization", "IMF": "Organization", "Ghana": "Place"})
    add(store, "An NUJ official spoke. NUJ members met.", {"NUJ": "Organization"})
    add(store, "The United Nations met. UN inspectors left.", {"United Nations": "Organization",
                                                                "UN": "Organization"})
    resolve_store(store)
    got = names(store)
    assert "SMS" not in got and "GMT" not in got
    assert {"IMF", "NUJ", "Ghana"} <= got  # a verb, a person of it
    assert "United Nations" in got  # "UN" spells a stored name: merged into it, not dropped
    assert not [r for r in store.rules() if r.kind == "drop" and "UN" in r.note.split(":")[1]]


def test_role_phrases_are_junk_and_a_corpus_learns_acronym_titles(store):
    add(store, "Tory MP Tim Yeo, MP Ann Lee and MP Carl Jones met. Labour MPs and the Bolton West MP "
               "agreed with the Tory leader and John Major.",
        {"Tim Yeo": "Person", "Ann Lee": "Person", "Carl Jones": "Person", "Labour MPs": "Person",
         "Bolton West MP": "Person", "Tory leader": "Person", "John Major": "Person"})
    resolve_store(store)
    got = names(store)
    assert not {"Labour MPs", "Bolton West MP", "Tory leader"} & got
    assert {"Tim Yeo", "Ann Lee", "John Major"} <= got


def test_an_acronym_before_too_few_people_is_no_title(store):
    add(store, "NME Ann Lee wrote. NME Zed Parts left.", {"NME Ann Lee": "Person"})
    add(store, "The Dem Zed NME said so.", {"Dem Zed NME": "Person"})
    resolve_store(store)
    assert "Dem Zed NME" in names(store)


def test_verbs_are_learned_from_pronouns_and_the_vocabulary():
    usage = Usage(["He said so. It has gone. They sent text messages. The messages came. IMF backed it."])
    assert usage.verb("said") and usage.verb("has") and usage.verb("backed")
    assert not usage.verb("messages")
    assert is_acronym_term("MP3") and is_acronym_term("PCs") and not is_acronym_term("Nato")


def test_a_peer_stays_apart_from_a_commoner_of_his_surname(store):
    add(store, "Lord Osborne ruled on the appeal.", {"Lord Osborne": "Person"})
    add(store, "George Osborne spoke for the Tories.", {"George Osborne": "Person"})
    resolve_store(store)
    got = nodes(store)
    assert got["Lord Osborne"] != got["George Osborne"]


def test_same_rank():
    lord = RawEntity("o", "Osborne", Counter({"Person": 1}), Counter({"Lord Osborne": 1}))
    mister = RawEntity("b", "Brown", Counter({"Person": 1}), Counter({"Mr Brown": 1}))
    george = RawEntity("g", "George Osborne", Counter({"Person": 1}), Counter({"George Osborne": 1}))
    neil = RawEntity("n", "Neil Kinnock", Counter({"Person": 2}), Counter({"Neil Kinnock": 1, "Lord Kinnock": 1}))
    assert not same_rank(lord, george) and same_rank(lord, neil) and same_rank(mister, george)


def test_a_name_written_the_x_is_no_person_and_a_first_name_so_written_is_junk(store):
    add(store, "The vote went to the Lib Dems. Labour beat the Lib Dems, and a bill passed; a bill failed.",
        {"Lib Dems": "Person", "Labour": "Organization"})
    add(store, "MPs debated the Bill. Then the Bill passed. Tony Blair said the Bill would help.",
        {"Bill": "Person", "Tony Blair": "Person"})
    add(store, "The Bush administration and Tony Blair met. Bush said so.", {"Bush": "Person", "Tony Blair": "Person"})
    resolve_store(store)
    types = {n.name: n.type for n in store.load_graph().nodes}
    assert types["Lib Dems"] == "Organization"
    assert "Bill" not in types  # dropped: a common noun ("a bill") capitalised
    assert types["Tony Blair"] == "Person"
    assert not [r for r in store.rules() if r.kind == "type" and "Bush" in r.note]  # "the Bush administration"


def test_short_forms_of_organisations_join_their_full_names(store):
    add(store, "Multiplex Group built Wembley. Multiplex said costs rose. The House of Lords voted; the Lords "
               "agreed. The US Congress met in Washington; Congress passed it. The US economy grew.",
        {"Multiplex Group": "Organization", "Multiplex": "Person", "House of Lords": "Organization",
         "Lords": "Organization", "US Congress": "Organization", "Congress": "Organization", "US": "Place",
         "Washington": "Place"})
    add(store, "The Liberal Democrats met. The Lib Dems said no.", {"Liberal Democrats": "Organization",
                                                                    "Lib Dems": "Person"})
    add(store, "The Bank of England met in England.", {"Bank of England": "Organization", "England": "Place"})
    resolve_store(store)
    got = nodes(store)
    assert got["Multiplex"] == got["Multiplex Group"]
    assert got["Lords"] == got["House of Lords"] and got["Congress"] == got["US Congress"]
    assert got["Lib Dems"] == got["Liberal Democrats"]
    assert got["England"] != got["Bank of England"]
    types = {n.name: n.type for n in store.load_graph().nodes}
    assert types[got["Multiplex"]] == "Organization"


def test_a_party_typed_group_and_organisation_is_one_node(store):
    add(store, "A Liberal Democrat spoke. The Liberal Democrats agreed.",
        {"Liberal Democrat": "Group", "Liberal Democrats": "Organization"})
    add(store, "Liberal Democrats won.", {"Liberal Democrats": "Organization"})
    resolve_store(store)
    got = nodes(store)
    assert got["Liberal Democrat"] == got["Liberal Democrats"]


def test_unmerge_of_a_dropped_entity_adds_no_split_to_nothing(store):
    from graph.errors import CurationError
    from graph.store.curate import unmerge_entity

    add(store, "MPs voted.", {"MPs": "Person"})
    resolve_store(store)
    with pytest.raises(CurationError, match="not merged"):
        unmerge_entity(store, "MPs")
    assert not [r for r in store.rules() if r.kind == "split"]


def test_an_acronym_names_no_person(store):
    add(store, "The ODPM warned Ann Lee.", {"ODPM": "Person", "Ann Lee": "Person"})
    resolve_store(store)
    types = {n.name: n.type for n in store.load_graph().nodes}
    assert types["ODPM"] == "Organization" and types["Ann Lee"] == "Person"
