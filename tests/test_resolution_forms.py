"""Corpus resolution on a bigger store (issue 11, stress check): acronyms with a word in
capitals or never co-mentioned, a short form among several full names, learned titles and
glued words, short first names and one-letter surname slips, honorifics, party names and
places without their common noun. Hand-made documents, no spaCy."""

from __future__ import annotations

import re

import pytest

from graph.model import Document, Entity, Mention
from graph.store.resolution import AUTO, resolve_store
from graph.store.sqlite import Store

from .test_resolution import add, nodes

# Documents about other things: they give the co-mentioned names of a test their rarity weight.
FILLER = [("Arsenal beat Chelsea at Highbury.", {"Arsenal": "Organization", "Chelsea": "Organization",
                                                 "Highbury": "Place"}),
          ("Apple sold more iPods in Japan.", {"Apple": "Organization", "Japan": "Place"}),
          ("Madonna sang in Paris.", {"Madonna": "Person", "Paris": "Place"}),
          ("Nokia cut jobs in Finland.", {"Nokia": "Organization", "Finland": "Place"})]


@pytest.fixture
def store():
    with Store(":memory:") as s:
        for text, names in FILLER:
            add(s, text, names)
        yield s


def add_forms(store: Store, text: str, forms: list[tuple[str, str, str]]) -> None:
    """Store ``text`` with a mention of each ``(surface form, entity name, type)`` where the form occurs."""
    doc = Document(Document.make_id(text), text, text[:20], "test")
    entities = {name: Entity(Entity.make_id(name), name, type_) for _, name, type_ in forms}
    mentions = [Mention(doc.id, m.start(), m.end(), form, entities[name].id, 0, type_)
                for form, name, type_ in forms for m in re.finditer(rf"\b{re.escape(form)}\b", text)]
    store.add_document(doc, list(entities.values()), mentions, [], [])


def types(store: Store) -> dict[str, str]:
    return {n.name: n.type for n in store.load_graph().nodes}


def test_an_acronym_keeps_a_word_written_in_capitals(store):
    add(store, "The UKAEA said it would act. The UK Atomic Energy Authority said so.",
        {"UKAEA": "Organization", "UK Atomic Energy Authority": "Organization"})
    resolve_store(store)
    assert nodes(store)["UKAEA"] == "UK Atomic Energy Authority"


def test_an_acronym_never_co_mentioned_joins_the_one_such_name_of_its_company(store):
    add(store, "The Scottish Rugby Union met Jim Telfer at Murrayfield.",
        {"Scottish Rugby Union": "Organization", "Jim Telfer": "Person", "Murrayfield": "Place"})
    add(store, "The SRU praised Jim Telfer at Murrayfield.",
        {"SRU": "Organization", "Jim Telfer": "Person", "Murrayfield": "Place"})
    add(store, "Norfolk High School pupils sang in Norwich.", {"Norfolk High School": "Organization",
                                                               "Norwich": "Place"})
    add(store, "The NHS hired nurses, Madonna said in Paris.",
        {"NHS": "Organization", "Madonna": "Person", "Paris": "Place"})
    added = resolve_store(store)
    got = nodes(store)
    assert got["SRU"] == "Scottish Rugby Union"
    assert got["NHS"] == "NHS"  # same initials, nothing else in common
    assert any("the one such name" in r.note and r.note.startswith(AUTO) for r in added)


def test_a_short_form_among_several_full_names_takes_the_one_of_its_context(store):
    add(store, "The UK said the UK Treasury and the Treasury backed Gordon Brown's Budget.",
        {"UK": "Place", "UK Treasury": "Organization", "Treasury": "Organization", "Gordon Brown": "Person",
         "Budget": "Event"})
    add(store, "The Treasury defended Gordon Brown's Budget.",
        {"Treasury": "Organization", "Gordon Brown": "Person", "Budget": "Event"})
    add(store, "The US said the US Treasury and John Snow backed Wall Street.",
        {"US": "Place", "US Treasury": "Organization", "John Snow": "Person", "Wall Street": "Place"})
    resolve_store(store)
    got = nodes(store)
    assert got["UK Treasury"] == got["Treasury"]
    assert got["US Treasury"] == "US Treasury"


def test_a_title_the_corpus_writes_before_names_leaves_a_full_name(store):
    add(store, "Tory MP Ann Widdecombe, MP John Redwood and MP Peter Hain spoke.",
        {"Ann Widdecombe": "Person", "John Redwood": "Person", "Peter Hain": "Person"})
    # The titled form is the more frequent: it still is no name of its own.
    add(store, "MP Boris Johnson spoke. MP Boris Johnson left. MP Boris Johnson came back.",
        {"MP Boris Johnson": "Person"})
    add(store, "Boris Johnson, the Spectator editor, spoke.", {"Boris Johnson": "Person"})
    resolve_store(store)
    assert nodes(store)["MP Boris Johnson"] == "Boris Johnson"


def test_a_small_word_glued_to_a_name_leaves_it(store):
    # "ofNew Deal" read as a person: a missing space, not a person's first name.
    add(store, "The spirit ofNew Deal lives.", {"ofNew Deal": "Person"})
    add(store, "The New Deal helped the young.", {"New Deal": "Organization"})
    resolve_store(store)
    assert nodes(store)["ofNew Deal"] == "New Deal"


def test_a_short_first_name_joins_the_full_one_of_its_context(store):
    add(store, "Christopher Leslie met Alan Milburn at Westminster.",
        {"Christopher Leslie": "Person", "Alan Milburn": "Person", "Westminster": "Place"})
    add(store, "Chris Leslie met Alan Milburn at Westminster.",
        {"Chris Leslie": "Person", "Alan Milburn": "Person", "Westminster": "Place"})
    add(store, "Daniel Brown won at Highbury.", {"Daniel Brown": "Person", "Highbury": "Place"})
    add(store, "Dan Brown wrote The Da Vinci Code in Paris.", {"Dan Brown": "Person", "Paris": "Place"})
    resolve_store(store)
    got = nodes(store)
    assert got["Chris Leslie"] == "Christopher Leslie"
    assert got["Dan Brown"] == "Dan Brown"  # another context: another person


def test_a_surname_one_letter_off_in_a_document_that_spells_it_right(store):
    add(store, "Alan Milburn said so. Alan Milburn, Alan Milburn and Alan Milbern agreed.",
        {"Alan Milburn": "Person", "Alan Milbern": "Person"})
    for text in ("David Davis spoke.", "David Davis left.", "David Davis won."):
        add(store, text, {"David Davis": "Person"})
    add(store, "David Davies, the Welsh MP, spoke.", {"David Davies": "Person"})
    resolve_store(store)
    got = nodes(store)
    assert got["Alan Milbern"] == "Alan Milburn"
    assert got["David Davies"] == "David Davies"  # never in one document with David Davis


def test_a_name_written_after_an_honorific_is_a_person(store):
    add_forms(store, "Abbott spoke in Hackney. Abbott left.", [("Abbott", "Abbott", "Place")])
    add_forms(store, "Ms Abbott said no.", [("Ms Abbott", "Abbott", "Person")])
    add_forms(store, "They miss England. England won.", [("miss England", "England", "Person"),
                                                        ("England", "England", "Place")])
    resolve_store(store)
    got = types(store)
    assert got["Abbott"] == "Person"
    assert got["England"] == "Place"


def test_company_and_club_cues_type_organisations_but_never_a_person(store):
    add(store, "Rick Wagoner's board met. Rick Wagoner's board agreed.", {"Rick Wagoner": "Person"})
    add(store, "Investors bought shares in Yukos. Yukos's board met.", {"Yukos": "Person"})
    # A club's staff and fans: "Everton manager", never "Moyes's side" (a person's team).
    add(store, "Everton manager David Moyes smiled. Everton fans sang.", {"Everton": "Person"})
    resolve_store(store)
    got = types(store)
    assert got["Rick Wagoner"] == "Person"
    assert got["Yukos"] == got["Everton"] == "Organization"


def test_a_party_s_other_names_are_one_organisation(store):
    add(store, "The Tories lost.", {"Tories": "Group"})
    add(store, "The Conservatives won. The Conservatives said so.", {"Conservatives": "Group"})
    add(store, "The Conservative Party met.", {"Conservative Party": "Organization"})
    resolve_store(store)
    got = nodes(store)
    assert got["Tories"] == got["Conservatives"] == "Conservative Party"
    assert types(store)["Conservative Party"] == "Organization"


def test_a_place_without_its_common_noun(store):
    add(store, "He was held in Belmarsh Prison; Belmarsh is a prison, one prison of many.",
        {"Belmarsh Prison": "Place", "Belmarsh": "Place"})
    add(store, "They left from Liverpool Street station, a street in London, for Liverpool.",
        {"Liverpool Street": "Place", "Liverpool": "Place", "London": "Place"})
    resolve_store(store)
    got = nodes(store)
    assert got["Belmarsh"] == got["Belmarsh Prison"]
    assert got["Liverpool"] != got["Liverpool Street"]  # a place of the gazetteer is a place of its own


def test_an_outlet_named_by_its_organisation_is_the_organisation(store):
    add(store, "BBC News reported that the BBC would cut jobs.", {"BBC News": "Organization", "BBC": "Organization"})
    add(store, "The Radio Times praised Radio stations, Radio said.", {"Radio Times": "Organization",
                                                                       "Radio": "Organization"})
    resolve_store(store)
    got = nodes(store)
    assert got["BBC News"] == "BBC"
    assert got["Radio Times"] == "Radio Times"  # a weak head: a name of its own
