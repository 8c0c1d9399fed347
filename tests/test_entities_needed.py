"""Entities the relations need (issue 10 item 4): outlets, programmes, parties, acronyms, long
organisation names, groups like "G8", and the organisation subtype carried to the graph."""

from __future__ import annotations

import sqlite3
from collections import Counter

import pytest

from graph.model import Document, Entity, Mention
from graph.schema.organisations import name_subtype
from graph.store.rules import RawEntity, build_nodes
from graph.store.sqlite import Store


def _mentions(nlp, text):
    from graph.pipeline.extract import mentions

    return list(mentions(nlp(text)))


def test_name_subtype_from_head_words_and_party_names():
    assert name_subtype("Sky News") == "media"
    assert name_subtype("Channel 4") == "media"
    assert name_subtype("Liberal Democrats") == "party"
    assert name_subtype("Tories") == "party"
    assert name_subtype("Independent") is None  # only with a cue: "an independent inquiry"
    assert name_subtype("Foreign Office") is None


def test_subtype_votes_into_nodes():
    ent = RawEntity("e", "BBC", Counter({"Organization": 3}), Counter({"BBC": 3}), {"d"},
                    subtypes=Counter({"media": 2}))
    nodes, _ = build_nodes({"e": ent}, [])
    assert nodes[0].subtype == "media"
    person = RawEntity("p", "Ann Lee", Counter({"Person": 2}), Counter({"Ann Lee": 2}), {"d"})
    assert build_nodes({"p": person}, [])[0][0].subtype is None


def test_store_keeps_subtype_and_migrates_old_stores(tmp_path):
    path = tmp_path / "old.db"
    with Store(path):
        pass
    # an older store: the mentions table without the subtype column
    conn = sqlite3.connect(path)
    conn.execute("ALTER TABLE mentions DROP COLUMN subtype")
    conn.commit()
    conn.close()
    with Store(path) as store:
        doc = Document("d1", "Mr Lee told the BBC.", "T", "s")
        ent = Entity(Entity.make_id("BBC"), "BBC", "Organization", ("BBC",), (), "media")
        store.add_document(doc, [ent], [Mention("d1", 16, 19, "BBC", ent.id, 0, "Organization")], [], [])
        node = next(n for n in store.load_graph().nodes if n.name == "BBC")
    assert node.subtype == "media"


@pytest.mark.slow
def test_outlets_by_context_and_programmes_as_their_outlet(nlp):
    found = {m.surface: m for m in _mentions(nlp, "Mr Blair told the Independent that he was wrong.")}
    assert found["Independent"].type == "Organization" and found["Independent"].subtype == "media"
    found = _mentions(nlp, "Alastair Campbell told BBC2's Newsnight programme he was angry.")
    programme = next(m for m in found if m.surface == "Newsnight")
    assert programme.name == "BBC" and programme.subtype == "media"  # a channel counts as its broadcaster
    found = {m.surface: m for m in _mentions(nlp, "The story was reported by Reuters and Sky News.")}
    assert found["Reuters"].subtype == "media" and found["Sky News"].subtype == "media"


@pytest.mark.slow
def test_parties_by_head_word_and_standard_nickname(nlp):
    found = {m.surface: m for m in _mentions(nlp, "Mr Kennedy said the Lib Dems would beat Labour and the Tories.")}
    assert (found["Lib Dems"].name, found["Lib Dems"].type, found["Lib Dems"].subtype) == \
        ("Liberal Democrats", "Organization", "party")
    assert (found["Tories"].name, found["Tories"].subtype) == ("Conservative Party", "party")


@pytest.mark.slow
def test_acronyms_learnt_from_the_text_and_groups(nlp):
    found = _mentions(nlp, "The International Monetary Fund (IMF) warned Greece. The IMF said the G8 must act.")
    imf = [m for m in found if m.surface == "IMF"]
    assert imf and all(m.name == "International Monetary Fund" for m in imf)
    g8 = next(m for m in found if m.surface == "G8")
    assert g8.type == "Organization"


@pytest.mark.slow
def test_long_organisation_names_are_not_cut_short(nlp):
    names = {m.name for m in _mentions(nlp, "He spoke to the Commission for Racial Equality and the "
                                            "Foundation for Peace and Justice.")}
    assert {"Commission for Racial Equality", "Foundation for Peace and Justice"} <= names
    names = {m.name for m in _mentions(nlp, "The EU and Nato met.")}
    assert {"EU", "Nato"} <= names  # "and" between two names does not join them


def test_firms_named_by_their_web_domain(nlp):
    found = {m.surface: m.type for m in _mentions(nlp, "The provider Plus.net backed the plan, and Lastminute.com "
                                                       "did not. See www.example.com for details.")}
    assert found.get("Plus.net") == "Organization" and found.get("Lastminute.com") == "Organization"
    assert not any("example" in s for s in found)  # a lower-case address is a website


def test_an_acronym_read_as_place_and_firm_alike_is_a_firm():
    from graph.schema import vote_type

    assert vote_type(Counter({"Place": 7, "Organization": 6}), "BT") == "Organization"
    assert vote_type(Counter({"Place": 7, "Organization": 6}), "US") == "Place"  # the gazetteer knows it
    assert vote_type(Counter({"Place": 7, "Organization": 2}), "BT") == "Place"


def test_two_names_the_tagger_ran_together_split_at_the_second_article(nlp):
    names = {m.name for m in _mentions(nlp, "Mr Griffin told the Independent the Tories' plans were "
                                            "\"a definite move onto our turf\".")}
    assert {"Independent", "Conservative Party"} <= names
    names = {m.name for m in _mentions(nlp, "He wrote to the Office of the Deputy Prime Minister.")}
    assert "Office of the Deputy Prime Minister" in names  # "of the" stays inside a name


@pytest.mark.slow
def test_a_countrys_other_names_are_one_entity_of_a_document(nlp):
    """"UK" and "Britain" in one article are one country, the one "the government" stands for;
    a short form inside a longer name ("Korea", "South Korea") is left apart."""
    from graph.ingest import run_pipeline
    from graph.pipeline.read import parse_text

    text = ("Ministers will invite observers to check the UK election. Tony Blair said Britain was ready. "
            "The government said it would act.")
    [out] = run_pipeline([parse_text(text, "t")], nlp=nlp)
    places = [e for e in out.entities if e.type == "Place"]
    assert len(places) == 1 and {"UK", "Britain"} <= set(places[0].aliases)
    government = next(m for m in out.mentions if m.text == "The government")
    assert government.entity_id == places[0].id
    [out] = run_pipeline([parse_text("South Korea met Japan. Korea said so.", "t")], nlp=nlp)
    assert {"South Korea", "Korea"} <= {e.name for e in out.entities}


def test_body_head_before_for_starts_the_name(nlp):
    # the model tags only "Borders Rail"; "Campaign for" before it is the name's start
    names = {m.name for m in _mentions(nlp, "Anne Borthwick, of Campaign for Borders Rail, said so.")}
    assert "Campaign for Borders Rail" in names


@pytest.mark.slow
@pytest.mark.parametrize(("text", "name"), [
    ("Tory Liam Fox said the plan was wrong.", "Liam Fox"),
    ("Lib Dem MP Lembit Opik said the plan was wrong.", "Lembit Opik"),
])
def test_a_party_word_before_a_persons_name_is_no_part_of_it(nlp, text, name):
    people = {m.surface for m in _mentions(nlp, text) if m.type == "Person"}
    assert name in people, people
    assert not any(p != name and name in p for p in people), people


@pytest.mark.slow
@pytest.mark.parametrize(("text", "name", "not_name"), [
    # the model tags only "Democrats"; "Liberal" the parser hangs on it is the name's start
    ("Charles Kennedy leads the Liberal Democrats.", "Liberal Democrats", "Democrats"),
    ("Charles Kennedy spoke. The Liberal Democrats criticised Tony Blair.", "Liberal Democrats", "Democrats"),
    # a sentence's first word is no part of the party's name
    ("Senior Democrats criticised George Bush.", "Democrats", "Senior Democrats"),
])
def test_a_partys_name_runs_back_over_the_words_on_its_head(nlp, text, name, not_name):
    names = {m.surface for m in _mentions(nlp, text)}
    assert name in names and not_name not in names, names


@pytest.mark.slow
def test_mr_before_a_surname_two_people_share_is_not_the_knight(nlp):
    from graph.ingest import run_pipeline
    from graph.pipeline.read import parse_text

    text = "Sir Ian Blair warned of attacks. Tony Blair agreed. Sir Ian said so. Mr Blair criticised Michael Howard."
    [out] = run_pipeline([parse_text(text, "t", title="t")], nlp=nlp)
    names = {e.id: e.name for e in out.entities}
    found = {(m.text, names[m.entity_id]) for m in out.mentions}
    assert ("Mr Blair", "Tony Blair") in found and ("Sir Ian", "Ian Blair") in found, found
