"""Coreference for precision: the links a careful reader would not make are not made
(quoted speakers, a clause's own object, close readings, things for "it", gender of a
one-word name); made-up sentences on plain records, and quotation spans."""

from __future__ import annotations

import re

import pytest

from graph.model import Entity, Mention
from graph.pipeline.coref import Subject, gender, resolve_references
from graph.pipeline.extract import NameToken, Pronoun
from graph.pipeline.quotes import Quote, quote_spans


def person(name: str) -> Entity:
    return Entity(Entity.make_id(name), name, "Person", (name,))


def org(name: str) -> Entity:
    return Entity(Entity.make_id(name), name, "Organization", (name,))


def mention(text: str, full: str, entity: Entity, sentence: int, nth: int = 0) -> Mention:
    start = -1
    for _ in range(nth + 1):
        start = full.index(text, start + 1)
    return Mention("d", start, start + len(text), text, entity.id, sentence, entity.type)


def subject_of(text: str, sentence: int, *words: str, main: bool = True, verb: str = "") -> Subject:
    return Subject(sentence, tuple(text.index(w) for w in words), main, verb)


def pronoun(text: str, full: str, sentence: int, role: str = "subject", nth: int = 0) -> Pronoun:
    start = [m.start() for m in re.finditer(rf"\b{text}\b", full)][nth]  # the word, not "The"
    return Pronoun(start, start + len(text), text, sentence, role)


def quote_of(full: str, sentence: int, last: int | None = None) -> Quote:
    (a, b), *_ = quote_spans(full)
    return Quote(a, b, sentence, sentence if last is None else last)


def linked(out: list[Mention]) -> list[tuple[str, str]]:
    return [(m.text, m.entity_id) for m in out]


def test_a_pronoun_inside_a_quote_is_not_its_speaker():
    text = 'Michael Howard spoke in Leeds. "He has failed," Tony Blair said.'
    howard, blair = person("Michael Howard"), person("Tony Blair")
    named = [mention("Michael Howard", text, howard, 0), mention("Tony Blair", text, blair, 1)]
    he = pronoun("He", text, 1)
    roles = [subject_of(text, 0, "Michael"), subject_of(text, 1, "Blair", verb="say")]
    before = resolve_references("d", [howard, blair], named, (), [he], (), roles)
    assert linked(before) == [("He", howard.id)]  # Blair comes after "He": Howard either way
    # the speaker named before the quote, in the quote's sentence, is barred too
    text2 = 'Tony Blair met Michael Howard. Later Tony Blair said: "He has failed."'
    named2 = [mention("Tony Blair", text2, blair, 0), mention("Michael Howard", text2, howard, 0),
              mention("Tony Blair", text2, blair, 1, nth=1)]
    he2 = pronoun("He", text2, 1)
    roles2 = [subject_of(text2, 0, "Tony"), Subject(1, (text2.rindex("Tony"),), True, "say")]
    no_quote = resolve_references("d", [howard, blair], named2, (), [he2], (), roles2)
    assert linked(no_quote) == [("He", blair.id)]  # without the quote: the nearest subject
    out = resolve_references("d", [howard, blair], named2, (), [he2], (), roles2, [quote_of(text2, 1)])
    assert linked(out) == [("He", howard.id)]


def test_a_quote_without_attribution_continues_the_speaker_before_it():
    text = 'Cres Eastman says the plan fails. "So the woman, she cannot eat."'
    eastman = person("Cres Eastman")
    named = [mention("Cres Eastman", text, eastman, 0)]
    she = pronoun("she", text, 1)
    roles = [subject_of(text, 0, "Cres", verb="say")]
    quote = quote_of(text, 1)
    # "Cres" has no gender in the name list: without the quote "she" would be Eastman
    assert linked(resolve_references("d", [eastman], named, (), [she], (), roles)) == [("she", eastman.id)]
    assert resolve_references("d", [eastman], named, (), [she], (), roles, [quote]) == []


def test_a_speaker_pronoun_after_a_quote_is_nobody_named_inside_it():
    text = 'Gordon Brown spoke. "Michael Howard is wrong," he said.'
    brown, howard = person("Gordon Brown"), person("Michael Howard")
    named = [mention("Gordon Brown", text, brown, 0), mention("Michael Howard", text, howard, 1)]
    he = pronoun("he", text, 1)
    roles = [subject_of(text, 0, "Gordon"), subject_of(text, 1, "Michael", main=False),
             subject_of(text, 1, "he", verb="say")]
    assert linked(resolve_references("d", [brown, howard], named, (), [he], (), roles)) == [("he", howard.id)]
    out = resolve_references("d", [brown, howard], named, (), [he], (), roles, [quote_of(text, 1)])
    assert linked(out) == [("he", brown.id)]


def test_a_main_clause_subject_pronoun_is_not_the_object_named_after_it():
    text = "Mark Rathbun helped Daniel Montalvo. He described Montalvo as brave."
    rathbun, montalvo = person("Mark Rathbun"), person("Daniel Montalvo")
    named = [mention("Mark Rathbun", text, rathbun, 0), mention("Daniel Montalvo", text, montalvo, 0),
             mention("Montalvo", text, montalvo, 1, nth=1)]
    he = pronoun("He", text, 1)
    # the previous sentence's subject and object are a sentence apart: Montalvo's later mention
    # as the object of "described" must not pull "He" to him
    roles = [subject_of(text, 0, "Mark"), subject_of(text, 1, "He")]
    out = resolve_references("d", [rathbun, montalvo], named, (), [he], (), roles)
    assert linked(out) == [("He", rathbun.id)]
    # with Montalvo the only candidate, "He" stays unresolved instead of naming its own object
    solo = [mention("Daniel Montalvo", text, montalvo, 0), mention("Montalvo", text, montalvo, 1, nth=1)]
    roles2 = [subject_of(text, 0, "Daniel"), subject_of(text, 1, "He")]
    assert resolve_references("d", [montalvo], solo, (), [he], (), roles2) == []


def test_two_close_readings_leave_the_pronoun_unresolved():
    # the previous sentence's main subject and a possessor in the pronoun's own sentence tie
    text = "Tony Blair spoke. The aide of Gordon Brown said he was tired."
    blair, brown = person("Tony Blair"), person("Gordon Brown")
    named = [mention("Tony Blair", text, blair, 0), mention("Gordon Brown", text, brown, 1)]
    he = pronoun("he", text, 1)
    roles = [subject_of(text, 0, "Tony"), subject_of(text, 1, "aide")]
    assert resolve_references("d", [blair, brown], named, (), [he], (), roles) == []
    # one clear subject: linked
    text2 = "Tony Blair spoke. Later he was tired."
    named2 = [mention("Tony Blair", text2, blair, 0)]
    out = resolve_references("d", [blair], named2, (), [pronoun("he", text2, 1)], (), [subject_of(text2, 0, "Tony")])
    assert linked(out) == [("he", blair.id)]


def test_a_first_name_ner_missed_is_as_salient_as_its_clause_role():
    text = "Mark Rathbun said the next thing Daniel knows he is in a cell."
    rathbun = person("Mark Rathbun")
    named = [mention("Mark Rathbun", text, rathbun, 0)]
    he = pronoun("he", text, 0)
    daniel = text.index("Daniel")
    roles = [subject_of(text, 0, "Mark", verb="say"), subject_of(text, 0, "Daniel", main=False)]
    unknown = [NameToken(daniel, daniel + 6, "Daniel", 0)]
    # the unknown Daniel, subject of "knows", is the nearest subject before "he": no link to Rathbun
    assert resolve_references("d", [rathbun], named, (), [he], unknown, roles) == []


def test_it_one_sentence_back_is_a_subject_not_a_thing_named_in_passing():
    text = "Users moved to the Nemis system. On the document, it was called a database."
    nemis = org("Nemis")
    named = [mention("Nemis", text, nemis, 0)]
    it = pronoun("it", text, 1)
    roles = [subject_of(text, 0, "Users")]
    assert resolve_references("d", [nemis], named, (), [it], (), roles) == []
    text2 = "Nemis moved to London. On Monday, it said it was sorry."
    named2 = [mention("Nemis", text2, nemis, 0)]
    out = resolve_references("d", [nemis], named2, (), [pronoun("it", text2, 1)], (), [subject_of(text2, 0, "Nemis")])
    assert linked(out) == [("it", nemis.id)]


def test_a_one_word_name_is_gendered_only_when_the_name_list_is_sure():
    assert gender(person("Gloria")) == "female" and gender(person("Thomas")) == "male"
    assert gender(person("Kennedy")) is None and gender(person("Brown")) is None  # "mostly", unknown
    text = "Thomas met Gloria. Later he left."
    thomas, gloria = person("Thomas"), person("Gloria")
    named = [mention("Thomas", text, thomas, 0), mention("Gloria", text, gloria, 0)]
    roles = [subject_of(text, 0, "Thomas")]
    out = resolve_references("d", [thomas, gloria], named, (), [pronoun("he", text, 1)], (), roles)
    assert linked(out) == [("he", thomas.id)]


@pytest.mark.parametrize("text,quoted", [
    ('He said: "We will win." Then he left.', ['"We will win."']),
    ("\u201cHe is wrong,\u201d said Mr Howard.", ["\u201cHe is wrong,\u201d"]),
    # a long quote opens every paragraph again and closes once
    ('"First part.\n\n"Second part," he said.\n\nOther "x" y.', ['"First part.\n\n"Second part,"', '"x"']),
    # paragraphs without a mark, then the closing one (one sentence a paragraph)
    ('"The effects.\n\nSo she won\'t.\n\nMore," he said.\n\nNext.', ['"The effects.\n\nSo she won\'t.\n\nMore,"']),
    # a mark shaped as an opening one inside an open quote opens it again (a lost paragraph break)
    ('Mr B said: "Disunity is bad. "Gordon Brown is great." The man left.',
     ['"Disunity is bad. "Gordon Brown is great."']),
    # a stray mark ends with its paragraph
    ('A stray " mark.\n\nNo more marks here.', ['" mark.']),
])
def test_quote_spans(text, quoted):
    assert [text[a:b] for a, b in quote_spans(text)] == quoted


def test_a_quote_holds_the_spans_inside_its_marks():
    q = Quote(5, 20, 0, 0)
    assert q.holds(6, 10) and not q.holds(5, 10) and not q.holds(18, 22)


@pytest.mark.slow
@pytest.mark.parametrize("text,expected", [
    ('Michael Howard visited Leeds on Monday. Tony Blair said: "He has failed the country."',
     [("He", "Michael Howard")]),
    ('Gordon Brown visited Leeds on Monday. "Michael Howard is wrong," he said.', [("he", "Gordon Brown")]),
])
def test_quotes_reach_coreference_through_the_pipeline(nlp, text, expected):
    from graph.ingest import run_pipeline
    from graph.pipeline.read import parse_text

    [out] = run_pipeline([parse_text(text, "t", title="t")], nlp=nlp)
    names = {e.id: e.name for e in out.entities}
    assert [(m.text, names[m.entity_id]) for m in out.mentions if m.inferred] == expected


def test_a_pronoun_outside_quotes_is_nobody_named_in_a_quote_before_it():
    text = 'Duncan Bannatyne spoke. "Gordon Brown is a great chancellor." And he attacked the plan.'
    bannatyne, brown = person("Duncan Bannatyne"), person("Gordon Brown")
    named = [mention("Duncan Bannatyne", text, bannatyne, 0), mention("Gordon Brown", text, brown, 1)]
    he = pronoun("he", text, 2)
    roles = [subject_of(text, 0, "Duncan"), subject_of(text, 1, "Gordon")]
    assert linked(resolve_references("d", [bannatyne, brown], named, (), [he], (), roles)) == [("he", brown.id)]
    out = resolve_references("d", [bannatyne, brown], named, (), [he], (), roles, [quote_of(text, 1)])
    assert linked(out) == [("he", bannatyne.id)]


def test_a_person_described_but_never_named_stands_in_the_way():
    from graph.pipeline.extract import Descriptor

    text = "Liam Fox spoke on Monday. The prime minister began his tour."
    fox = person("Liam Fox")
    named = [mention("Liam Fox", text, fox, 0)]
    pm = text.index("The prime")
    description = Descriptor(pm, pm + len("The prime minister"), "The prime minister", "leader", None, 1, "role",
                             "subject")
    his = pronoun("his", text, 1, "possessive")
    roles = [subject_of(text, 0, "Liam"), subject_of(text, 1, "minister")]
    # "his" is the prime minister's, whom the document never names: not Fox's
    assert resolve_references("d", [fox], named, [description], [his], (), roles) == []
    assert linked(resolve_references("d", [fox], named, (), [his], (), roles)) == [("his", fox.id)]


def test_a_role_whose_holder_is_named_only_later_may_be_the_speaker_before_it():
    from graph.pipeline.extract import Descriptor

    text = "Gordon Brown issued a cry. The chancellor said the poll was near. He attacked Oliver Letwin."
    brown = person("Gordon Brown")
    # the role extract records for "shadow chancellor Oliver Letwin" (a plain "chancellor" named
    # further on would be the holder, and Brown someone else)
    letwin = Entity(Entity.make_id("Oliver Letwin"), "Oliver Letwin", "Person", ("Oliver Letwin",),
                    ("shadow chancellor",))
    named = [mention("Gordon Brown", text, brown, 0), mention("Oliver Letwin", text, letwin, 2)]
    at = text.index("The chancellor")
    description = Descriptor(at, at + len("The chancellor"), "The chancellor", "chancellor", None, 1, "role",
                             "subject")
    roles = [subject_of(text, 0, "Gordon", verb="issue"), subject_of(text, 1, "chancellor", verb="say"),
             subject_of(text, 2, "He")]
    out = resolve_references("d", [brown, letwin], named, [description], [pronoun("He", text, 2)], (), roles)
    assert linked(out) == [("The chancellor", brown.id), ("He", brown.id)]


def test_a_name_in_apposition_to_a_subject_is_as_salient_as_the_subject():
    text = "Lord Woolf spoke. He said the Lord Chancellor, Lord Falconer, insisted he should decide."
    woolf, falconer = person("Lord Woolf"), person("Lord Falconer")
    named = [mention("Lord Woolf", text, woolf, 0), mention("Lord Falconer", text, falconer, 1)]
    he1, he2 = pronoun("He", text, 1), pronoun("he", text, 1)
    chancellor = text.index("Chancellor")
    falconer_at = text.index("Lord Falconer")
    roles = [subject_of(text, 0, "Lord Woolf"), subject_of(text, 1, "He"),
             Subject(1, (chancellor,), False, "insist", (falconer_at,))]
    out = resolve_references("d", [woolf, falconer], named, (), [he1, he2], (), roles)
    assert linked(out) == [("He", woolf.id), ("he", falconer.id)]


def test_the_owner_of_a_main_subject_noun_outranks_a_subject_further_back():
    text = "Tony Blair's entry says King Abdullah paid. Michael Howard's only entry is a hamper. He also declares a trip."
    blair, abdullah, howard = person("Tony Blair"), person("King Abdullah"), person("Michael Howard")
    named = [mention("Tony Blair", text, blair, 0), mention("King Abdullah", text, abdullah, 0),
             mention("Michael Howard", text, howard, 1)]
    he = pronoun("He", text, 2)
    entry = text.index("entry is")
    roles = [subject_of(text, 0, "entry"), subject_of(text, 0, "King", main=False),
             Subject(1, (entry,), True, "be", (), (text.index("Michael"),)), subject_of(text, 2, "He")]
    out = resolve_references("d", [blair, abdullah, howard], named, (), [he], (), roles)
    assert linked(out) == [("He", howard.id)]


@pytest.mark.slow
def test_a_quote_said_of_someone_is_about_them(nlp):
    from graph.ingest import run_pipeline
    from graph.pipeline.read import parse_text

    text = 'Michael Howard spoke. Jack Straw said of the Tory leader: "He is clever, but he is not wise."'
    [out] = run_pipeline([parse_text(text, "t", title="t")], nlp=nlp)
    names = {e.id: e.name for e in out.entities}
    assert {names[m.entity_id] for m in out.mentions if m.inferred and m.text.casefold() == "he"} == {"Michael Howard"}
    assert ("Jack Straw", "Michael Howard") in {(names[r.source], names[r.target]) for r in out.relations
                                                if r.type == "CRITICIZED"}
