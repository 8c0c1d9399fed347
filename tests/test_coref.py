"""Coreference across sentences: the stage on plain records, its GUM scoring, and text ->
links tables through the whole pipeline (slow)."""

from __future__ import annotations

import pytest

from graph.evaluation.coref import CorefDocument, GoldMention, load_gum, score_links
from graph.model import Entity, Mention
from graph.pipeline.coref import gender, resolve_references
from graph.pipeline.extract import Descriptor, Pronoun
from graph.schema.vocab import coref

from .conftest import ROOT

GUM = ROOT.parent / "shared" / "eval" / "gum_news" / "gum_news_mentions.jsonl"


def person(name: str, *aliases: str, roles: tuple[str, ...] = ()) -> Entity:
    return Entity(Entity.make_id(name), name, "Person", (name, *aliases), roles)


def org(name: str) -> Entity:
    return Entity(Entity.make_id(name), name, "Organization", (name,))


def mention(text: str, full: str, entity: Entity, sentence: int) -> Mention:
    start = full.index(text)
    return Mention("d", start, start + len(text), text, entity.id, sentence, entity.type)


def test_vocabulary_and_gender():
    assert coref().pronoun_class("Its") == "neuter" and coref().pronoun_class("the") is None
    assert gender(person("Angela Merkel")) == "female" and gender(person("Tony Blair")) == "male"
    assert gender(person("Blair", "Mrs Blair")) == "female" and gender(person("Xi")) is None


def test_subject_pronoun_prefers_the_previous_sentence_subject_and_objects_skip_their_subject():
    text = "Tony Blair met Jacques Chirac. He praised him."
    blair, chirac = person("Tony Blair"), person("Jacques Chirac")
    named = [mention("Tony Blair", text, blair, 0), mention("Jacques Chirac", text, chirac, 0)]
    he, him = text.index("He"), text.index("him")
    out = resolve_references("d", [blair, chirac], named, (), [
        Pronoun(he, he + 2, "He", 1, "subject"), Pronoun(him, him + 3, "him", 1, "object", (he, he + 2))])
    assert [(m.text, m.entity_id, m.inferred) for m in out] == [("He", blair.id, True), ("him", chirac.id, True)]


def test_gender_agreement_and_no_candidate_means_no_link():
    text = "Angela Merkel met Tony Blair. She left. It rained."
    merkel, blair = person("Angela Merkel"), person("Tony Blair")
    named = [mention("Angela Merkel", text, merkel, 0), mention("Tony Blair", text, blair, 0)]
    she, it = text.index("She"), text.index("It")
    out = resolve_references("d", [merkel, blair], named, (), [
        Pronoun(she, she + 3, "She", 1), Pronoun(it, it + 2, "It", 2)])
    assert [(m.text, m.entity_id) for m in out] == [("She", merkel.id)]


def test_descriptions_pairs_and_governments():
    text = "Labour criticised Michael Howard and Charles Kennedy. The party would sue the pair. The government"
    labour, howard, kennedy = org("Labour"), person("Michael Howard"), person("Charles Kennedy")
    britain = Entity(Entity.make_id("Britain"), "Britain", "Place", ("Britain",))
    entities = [labour, howard, kennedy, britain]
    named = [mention("Labour", text, labour, 0), mention("Michael Howard", text, howard, 0),
             mention("Charles Kennedy", text, kennedy, 0)]

    def desc(words: str, head: str, kind: str, sentence: int) -> Descriptor:
        start = text.index(words)
        return Descriptor(start, start + len(words), words, head, None, sentence, kind)

    out = resolve_references("d", entities, named, [desc("The party", "party", "organisation", 1),
                                                    desc("the pair", "pair", "pair", 1),
                                                    desc("The government", "government", "country", 2)])
    names = {e.id: e.name for e in entities}
    assert [(m.text, names[m.entity_id]) for m in out] == [
        ("The party", "Labour"), ("the pair", "Michael Howard"), ("the pair", "Charles Kennedy"),
        ("The government", "Britain")]
    assert all(m.inferred for m in out)
    # Two countries named: "the government" is not guessed (Labour, a British party, would
    # tip the vote: see tests/test_government_actors.py).
    france = Entity(Entity.make_id("France"), "France", "Place", ("France",))
    out = resolve_references("d", [howard, kennedy, britain, france], named[1:],
                             [desc("The government", "government", "country", 2)])
    assert out == []


def test_score_links_counts_right_and_wrong_links():
    text = "Ann Lee met Bob Ray. He left. She stayed."
    at = {w: text.index(w) for w in ("Ann Lee", "Bob Ray", "He", "She")}
    gold = CorefDocument("d", text, (
        GoldMention(at["Ann Lee"], at["Ann Lee"] + 7, 1, "Ann Lee"),
        GoldMention(at["Bob Ray"], at["Bob Ray"] + 7, 2, "Bob Ray"),
        GoldMention(at["He"], at["He"] + 2, 2, "He"),
        GoldMention(at["She"], at["She"] + 3, 1, "She")))
    lee, ray = "lee", "ray"
    found = [Mention("d", at["Ann Lee"], at["Ann Lee"] + 7, "Ann Lee", lee, 0),
             Mention("d", at["Bob Ray"], at["Bob Ray"] + 7, "Bob Ray", ray, 0),
             Mention("d", at["He"], at["He"] + 2, "He", ray, 1, inferred=True),
             Mention("d", at["She"], at["She"] + 3, "She", ray, 2, inferred=True)]  # wrong
    s = score_links(gold, found)
    assert (s.pronouns, s.pronouns_correct, s.gold_pronouns, s.covered) == (2, 1, 2, 2)
    assert s.pronoun_accuracy == 0.5 and "She" in s.errors[0]


def test_load_gum_skips_reserved_documents(tmp_path):
    import json

    doc = {"doc_id": "a", "sentences": [{"text": "Ann left.", "tokens": [{"form": "Ann"}, {"form": "left"},
                                                                          {"form": "."}]}],
           "mentions": [{"eid": 1, "sent": 0, "start": 0, "end": 0, "text": "Ann"}]}
    (tmp_path / "m.jsonl").write_text(json.dumps(doc) + "\n" + json.dumps({**doc, "doc_id": "b"}) + "\n", "utf-8")
    (tmp_path / "RESERVED").write_text("# held out\nb\n", "utf-8")
    [only] = load_gum(tmp_path / "m.jsonl")
    assert only.id == "a" and only.mentions == (GoldMention(0, 3, 1, "Ann"),)


LINKS = [
    ("Tony Blair met Jacques Chirac. He later phoned Gerhard Schroeder.", [("He", "Tony Blair")]),
    ("Angela Merkel met Tony Blair in Berlin. She praised him.", [("She", "Angela Merkel"), ("him", "Tony Blair")]),
    ("Prime Minister Tony Blair visited Paris. The prime minister later met Jacques Chirac.",
     [("The prime minister", "Tony Blair")]),
    ("Michael Howard met Charles Kennedy on Monday. Labour said it would sue the pair.",
     [("it", "Labour"), ("the pair", "Michael Howard"), ("the pair", "Charles Kennedy")]),
    # one person before "the pair" in its own sentence acts on it: the pair is named further back
    ("Michael Howard met Charles Kennedy on Monday. Tony Blair criticised the pair.",
     [("the pair", "Michael Howard"), ("the pair", "Charles Kennedy")]),
    ("Microsoft sued Google. The company said its lawyers would appeal.", None),  # two companies: no guess
    # a document speaks for whoever published it
    ("Oxfam published a report on Monday. The report said aid was falling.", [("The report", "Oxfam")]),
    ("Gordon Brown visited Britain. The government later criticised Brown.", [("The government", "Britain")]),
    ("British officials met Jacques Chirac.", [("British officials", "United Kingdom")]),
    ("Keir Starmer met the board. She said nothing.", []),
    # the object of a verb is not its clause's subject, however many words that subject's name has
    ("Tony Blair said Bill Clinton once advised him to keep going.", [("him", "Tony Blair")]),
    # a possessor is no part of the subject: the one whose parents moved her may be moved
    ("Anna Smith was born in Madrid, but her parents moved her to Leeds.",
     [("her", "Anna Smith"), ("her", "Anna Smith")]),
]


@pytest.mark.slow
@pytest.mark.parametrize("text,expected", LINKS)
def test_links_through_the_pipeline(nlp, text, expected):
    from graph.ingest import run_pipeline
    from graph.pipeline.read import parse_text

    [out] = run_pipeline([parse_text(text, "t", title="t")], nlp=nlp)
    names = {e.id: e.name for e in out.entities}
    links = [(m.text, names[m.entity_id]) for m in out.mentions if m.inferred]
    if expected is None:
        assert ("The company", "Google") not in links
    else:
        assert links == expected


@pytest.mark.slow
def test_pronoun_subject_reaches_the_relation(nlp):
    from graph.ingest import run_pipeline
    from graph.pipeline.read import parse_text

    [out] = run_pipeline([parse_text("Tony Blair met Jacques Chirac. He later phoned Gerhard Schroeder.", "t",
                                     title="t")], nlp=nlp)
    names = {e.id: e.name for e in out.entities}
    [call] = [r for r in out.relations if names[r.target] == "Gerhard Schroeder" and r.type != "CO_MENTIONED"]
    assert names[call.source] == "Tony Blair" and call.evidence.inferred


#: GUM antecedent accuracy reached (0.837 with the precision rules, 0.719 before them), minus 0.04.
PRONOUN_FLOOR = 0.80
COVERAGE_FLOOR = 0.52
#: GUM description links: none were made before "the organisation", "the group" and "the
#: church" were read (0 of 0); then 5 of 6 right (the one wrong is GUM's second cluster for
#: the same "Scientology").
DESCRIPTIONS_LINKED, DESCRIPTION_FLOOR = 5, 0.70


@pytest.mark.slow
@pytest.mark.skipif(not GUM.exists(), reason="GUM gold coreference not beside the project")
def test_gum_antecedent_accuracy(nlp):
    from graph.evaluation.coref import score_coref

    scores = score_coref(load_gum(GUM), nlp)
    assert scores.pronoun_accuracy >= PRONOUN_FLOOR, scores.format()
    assert scores.coverage >= COVERAGE_FLOOR, scores.format()
    assert scores.descriptions >= DESCRIPTIONS_LINKED, scores.format()
    assert scores.description_accuracy >= DESCRIPTION_FLOOR, scores.format()


def place(name: str) -> Entity:
    return Entity(Entity.make_id(name), name, "Place", (name,))


def subject_of(text: str, sentence: int, *words: str, main: bool = True):
    from graph.pipeline.coref import Subject

    return Subject(sentence, tuple(text.index(w) for w in words), main)


def test_a_main_clause_subject_outranks_a_possessor_one_sentence_nearer():
    text = "Charles Kennedy said taxes were fair. The plans of Gordon Brown failed. He challenged the Treasury."
    kennedy, brown = person("Charles Kennedy"), person("Gordon Brown")
    named = [mention("Charles Kennedy", text, kennedy, 0), mention("Gordon Brown", text, brown, 1)]
    he = text.index("He")
    pronoun = Pronoun(he, he + 2, "He", 2, "subject")
    # Without the parse the nearest sentence's first name wins; with it, the speaker.
    assert [m.entity_id for m in resolve_references("d", [kennedy, brown], named, (), [pronoun])] == [brown.id]
    roles = [subject_of(text, 0, "Kennedy"), subject_of(text, 1, "plans")]
    out = resolve_references("d", [kennedy, brown], named, (), [pronoun], (), roles)
    assert [(m.entity_id, m.inferred) for m in out] == [(kennedy.id, True)]


def test_a_possessive_before_its_sentence_subject_is_that_subject():
    text = "Tony Blair spoke. During his speech, Michael Howard attacked the plan."
    blair, howard = person("Tony Blair"), person("Michael Howard")
    named = [mention("Tony Blair", text, blair, 0), mention("Michael Howard", text, howard, 1)]
    his = text.index("his")
    roles = [subject_of(text, 0, "Blair"), subject_of(text, 1, "Howard")]
    out = resolve_references("d", [blair, howard], named, (), [Pronoun(his, his + 3, "his", 1, "possessive")],
                             (), roles)
    assert [m.entity_id for m in out] == [howard.id]


def test_they_for_coordinated_people_and_for_an_organisation_subject():
    text = "Tony Blair and Gordon Brown met Labour. They agreed. The Labour group said it was fair."
    blair, brown, labour = person("Tony Blair"), person("Gordon Brown"), org("Labour")
    named = [mention("Tony Blair", text, blair, 0), mention("Gordon Brown", text, brown, 0),
             mention("Labour", text, labour, 0)]
    they = text.index("They")
    roles = [subject_of(text, 0, "Blair", "Brown")]
    out = resolve_references("d", [blair, brown, labour], named, (), [Pronoun(they, they + 4, "They", 1)], (), roles)
    assert sorted(m.entity_id for m in out) == sorted([blair.id, brown.id])
    # "Blair and the unions": not every conjunct is a person, no pair
    text2 = "Tony Blair and the unions met. They agreed."
    named2 = [mention("Tony Blair", text2, blair, 0)]
    they2 = text2.index("They")
    out = resolve_references("d", [blair], named2, (), [Pronoun(they2, they2 + 4, "They", 1)], (),
                             [subject_of(text2, 0, "Blair", "unions")])
    assert out == []
    # a collective: the organisation leading the previous sentence takes "they"
    text3 = "Labour said the plan was fair. They would vote for it."
    named3 = [mention("Labour", text3, labour, 0)]
    they3 = text3.index("They")
    pronoun3 = Pronoun(they3, they3 + 4, "They", 1)
    assert resolve_references("d", [labour], named3, (), [pronoun3]) == []  # no parse: not a plural name
    out = resolve_references("d", [labour], named3, (), [pronoun3], (), [subject_of(text3, 0, "Labour")])
    assert [m.entity_id for m in out] == [labour.id]


def test_a_police_force_takes_they():
    text = "West Yorkshire Police said they had arrested him."
    force = org("West Yorkshire Police")
    named = [mention("West Yorkshire Police", text, force, 0)]
    they = text.index("they")
    out = resolve_references("d", [force], named, (), [Pronoun(they, they + 4, "they", 0)])
    assert [m.entity_id for m in out] == [force.id]


def test_it_for_the_organisation_that_is_the_previous_sentence_subject():
    text = "Under pressure from Microsoft, Reuters dropped the plan. It said the plan was costly."
    microsoft, reuters = org("Microsoft"), org("Reuters")
    named = [mention("Microsoft", text, microsoft, 0), mention("Reuters", text, reuters, 0)]
    it = text.index("It")
    pronoun = Pronoun(it, it + 2, "It", 1)
    assert [m.entity_id for m in resolve_references("d", [microsoft, reuters], named, (), [pronoun])] == [microsoft.id]
    out = resolve_references("d", [microsoft, reuters], named, (), [pronoun], (), [subject_of(text, 0, "Reuters")])
    assert [m.entity_id for m in out] == [reuters.id]


def test_the_government_stands_for_the_country_the_document_is_set_in():
    text = "Britain and France met. Britain won. Britain left. The government said so."
    britain, france = place("Britain"), place("France")
    named = [Mention("d", i, i + 7, "Britain", britain.id, 0, "Place") for i in (0, 24, 37)]
    named.append(mention("France", text, france, 0))
    start = text.index("The government")
    gov = Descriptor(start, start + 14, "The government", "government", None, 3, "country")
    out = resolve_references("d", [britain, france], named, [gov])
    assert [m.entity_id for m in out] == [britain.id]  # three votes of four
    # no country named, but a seat of government is: its country
    downing = org("Downing Street")
    out = resolve_references("d", [downing], [mention("Britain", text, downing, 0)], [gov])
    assert [m.text for m in out] == ["The government"] and out[0].entity_id == Entity.make_id("United Kingdom")


def test_a_pair_at_one_span_reaches_one_relation_per_person_and_no_self_pair():
    from graph.model import Document, Sentence
    from graph.pipeline.relate import RawAction, document_relations

    text = "Michael Howard met Charles Kennedy. Labour said it would sue the pair."
    howard, kennedy, labour = person("Michael Howard"), person("Charles Kennedy"), org("Labour")
    pair = text.index("the pair")
    mentions = [mention("Michael Howard", text, howard, 0), mention("Charles Kennedy", text, kennedy, 0),
                mention("Labour", text, labour, 1),
                Mention("d", pair, pair + 8, "the pair", howard.id, 1, "Person", inferred=True),
                Mention("d", pair, pair + 8, "the pair", kennedy.id, 1, "Person", inferred=True)]
    s1 = text.index("Labour")
    sentences = [Sentence(0, s1 - 1, text[:s1 - 1]), Sentence(s1, len(text), text[s1:])]
    at = (s1, s1 + 6)
    sue = RawAction("SUED", "sue", 1, (((at),),), (((pair + 4, pair + 8),),))
    # a pair suing one of its own: only the other person
    mutual = RawAction("CRITICIZED", "criticised", 0, (((0, 14),),), (((pair + 4, pair + 8),),))
    doc = Document("d", text, "t", "s")
    found = [(r.source, r.target, r.evidence.inferred)
             for r in document_relations(doc, sentences, mentions, [sue, mutual]) if r.type != "CO_MENTIONED"]
    assert sorted(found) == sorted([(labour.id, howard.id, True), (labour.id, kennedy.id, True),
                                    (howard.id, kennedy.id, True)])
