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
        Pronoun(he, he + 2, "He", 1, "subject"), Pronoun(him, him + 3, "him", 1, "object", he)])
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
    # Two countries named: "the government" is not guessed.
    france = Entity(Entity.make_id("France"), "France", "Place", ("France",))
    out = resolve_references("d", [*entities, france], named, [desc("The government", "government", "country", 2)])
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
    ("Microsoft sued Google. The company said its lawyers would appeal.", None),  # two companies: no guess
    ("Gordon Brown visited Britain. The government later criticised Brown.", [("The government", "Britain")]),
    ("British officials met Jacques Chirac.", [("British officials", "United Kingdom")]),
    ("Keir Starmer met the board. She said nothing.", []),
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


#: GUM antecedent accuracy reached when the stage was written, minus 0.05.
PRONOUN_FLOOR = 0.66
COVERAGE_FLOOR = 0.52


@pytest.mark.slow
@pytest.mark.skipif(not GUM.exists(), reason="GUM gold coreference not beside the project")
def test_gum_antecedent_accuracy(nlp):
    from graph.evaluation.coref import score_coref

    scores = score_coref(load_gum(GUM), nlp)
    assert scores.pronoun_accuracy >= PRONOUN_FLOOR, scores.format()
    assert scores.coverage >= COVERAGE_FLOOR, scores.format()
