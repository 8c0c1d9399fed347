"""Descriptions as coreference (issue 10): "the organisation", "the group", "the church" find the
organisation they stand for; a shadow or former office is not the office; and the GUM scorer
scores description links, pairs against their group and leaves reports and spokesmen apart.
Made-up sentences."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from graph.evaluation.coref import CorefDocument, GoldMention, score_links
from graph.model import Entity, Mention
from graph.pipeline.coref import Subject, resolve_references
from graph.pipeline.extract import Descriptor, _role, descriptors


def person(name: str, roles: tuple[str, ...] = ()) -> Entity:
    return Entity(Entity.make_id(name), name, "Person", (name,), roles)


def org(name: str) -> Entity:
    return Entity(Entity.make_id(name), name, "Organization", (name,))


def mention(text: str, full: str, entity: Entity, sentence: int, nth: int = 0, inferred: bool = False) -> Mention:
    start = -1
    for _ in range(nth + 1):
        start = full.index(text, start + 1)
    return Mention("d", start, start + len(text), text, entity.id, sentence, entity.type, inferred=inferred)


def descriptor(text: str, full: str, head: str, sentence: int, kind: str, qualifier: str | None = None,
               role: str = "subject") -> Descriptor:
    start = full.index(text)
    return Descriptor(start, start + len(text), text, head, qualifier, sentence, kind, role)


def gold(text: str, full: str, cluster: int, nth: int = 0) -> GoldMention:
    start = -1
    for _ in range(nth + 1):
        start = full.index(text, start + 1)
    return GoldMention(start, start + len(text), cluster, text)


# -- organisations --------------------------------------------------------------------------

def test_the_organisation_is_the_only_organisation_in_reach():
    text = "The Royal Society of Tap published a survey. The organisation blames television."
    society = org("Royal Society of Tap")
    named = [mention("Royal Society of Tap", text, society, 0)]
    the = descriptor("The organisation", text, "organisation", 1, "organisation")
    assert [(m.entity_id, m.inferred) for m in resolve_references("d", [society], named, [the])] == [(society.id, True)]
    # two organisations in reach: no guess
    text2 = "The Royal Society of Tap wrote to the Arts Fund. The organisation blames television."
    fund = org("Arts Fund")
    named2 = [mention("Royal Society of Tap", text2, society, 0), mention("Arts Fund", text2, fund, 0)]
    the2 = descriptor("The organisation", text2, "organisation", 1, "organisation")
    assert resolve_references("d", [society, fund], named2, [the2]) == []


def test_the_group_is_the_organisation_labelled_an_organisation():
    text = "Volunteer organization Tap Corps met the Arts Fund. The group gave toys."
    corps, fund = org("Tap Corps"), org("Arts Fund")
    named = [mention("Tap Corps", text, corps, 0), mention("Arts Fund", text, fund, 0)]
    label = descriptor("organization Tap Corps", text, "organization", 0, "label", "Tap Corps", "other")
    the = descriptor("The group", text, "group", 1, "organisation")
    assert [m.entity_id for m in resolve_references("d", [corps, fund], named, [label, the])] == [corps.id]


def test_the_church_is_a_description_of_an_organisation():
    doc = Doc(spacy.blank("en").vocab, words=["The", "church", "denied", "it", "."], heads=[1, 2, 2, 2, 2],
              deps=["det", "nsubj", "ROOT", "dobj", "punct"], pos=["DET", "NOUN", "VERB", "PRON", "PUNCT"],
              tags=["DT", "NN", "VBD", "PRP", "."])
    assert [(d.text, d.head, d.kind) for d in descriptors(doc)] == [("The church", "church", "organisation")]
    text = "The Church of Tap met the Arts Fund. The church denied it."
    church, fund = org("Church of Tap"), org("Arts Fund")
    named = [mention("Church of Tap", text, church, 0), mention("Arts Fund", text, fund, 0)]
    the = descriptor("The church", text, "church", 1, "organisation")
    assert [m.entity_id for m in resolve_references("d", [church, fund], named, [the])] == [church.id]


# -- offices set apart ----------------------------------------------------------------------

def _parsed(words: list[str], heads: list[int], deps: list[str], pos: list[str], ents: list[str]) -> Doc:
    return Doc(spacy.blank("en").vocab, words=words, heads=heads, deps=deps, pos=pos, ents=ents)


def test_a_shadow_office_keeps_its_blocker_word_in_the_role():
    doc = _parsed(["Shadow", "chancellor", "Tom", "Jones", "attacked", "the", "plans", "."],
                  [1, 3, 3, 4, 4, 6, 4, 4], ["compound", "compound", "compound", "nsubj", "ROOT", "det", "dobj", "punct"],
                  ["PROPN", "PROPN", "PROPN", "PROPN", "VERB", "DET", "NOUN", "PUNCT"],
                  ["O", "O", "B-PERSON", "I-PERSON", "O", "O", "O", "O"])
    assert _role(doc, 2, doc[2:4]) == "Shadow chancellor"
    doc = _parsed(["The", "Tory", "shadow", "home", "secretary", "Tom", "Jones", "spoke", "."],
                  [6, 2, 4, 4, 6, 6, 7, 7, 7], ["det", "compound", "compound", "compound", "compound", "compound",
                                                "nsubj", "ROOT", "punct"],
                  ["DET", "PROPN", "NOUN", "NOUN", "NOUN", "PROPN", "PROPN", "VERB", "PUNCT"],
                  ["O", "B-NORP", "O", "O", "O", "B-PERSON", "I-PERSON", "O", "O"])
    assert _role(doc, 5, doc[5:7]) == "shadow home secretary"
    # no blocker: the plain office, as before
    doc = _parsed(["Chancellor", "Tom", "Jones", "spoke", "."], [2, 2, 3, 3, 3],
                  ["compound", "compound", "nsubj", "ROOT", "punct"], ["PROPN", "PROPN", "PROPN", "VERB", "PUNCT"],
                  ["O", "B-PERSON", "I-PERSON", "O", "O"])
    assert _role(doc, 1, doc[1:3]) == "Chancellor"


def test_the_chancellor_is_not_the_shadow_chancellor_named_last():
    text = "Chancellor Tom Jones spoke. Shadow chancellor Bob Smith attacked him. The chancellor said no."
    jones, smith = person("Tom Jones", ("Chancellor",)), person("Bob Smith", ("Shadow chancellor",))
    named = [mention("Tom Jones", text, jones, 0), mention("Bob Smith", text, smith, 1)]
    the = descriptor("The chancellor", text, "chancellor", 2, "role")
    assert [m.entity_id for m in resolve_references("d", [jones, smith], named, [the])] == [jones.id]


def test_a_former_office_holder_is_not_the_speaker_described_by_the_office():
    text = "Former prime minister Tom Jones spoke on Monday. The prime minister said he would stay."
    jones = person("Tom Jones", ("Former prime minister",))
    named = [mention("Tom Jones", text, jones, 0)]
    the = descriptor("The prime minister", text, "leader", 1, "role")
    roles = [Subject(0, (text.index("Jones"),), True, "speak"), Subject(1, (text.index("minister", text.index("The")),), True, "say")]
    assert resolve_references("d", [jones], named, [the], (), (), roles) == []
    plain = person("Tom Jones", ("Prime Minister",))  # the office itself: the speaker before
    assert [m.entity_id for m in resolve_references("d", [plain], [mention("Tom Jones", text, plain, 0)], [the],
                                                    (), (), roles)] == [plain.id]


@pytest.mark.slow
def test_shadow_chancellor_through_the_pipeline(nlp):
    from graph.ingest import run_pipeline
    from graph.model import Document

    text = ("Chancellor Tom Jones unveiled the budget on Wednesday. Shadow chancellor Bob Smith attacked the "
            "plans. The chancellor said the economy was strong.")
    analysed = next(run_pipeline([Document(Document.make_id(text), text, "t", "t")], nlp=nlp))
    names = {e.id: e.name for e in analysed.entities}
    roles = {e.name: e.roles for e in analysed.entities}
    assert roles["Bob Smith"] == ("Shadow chancellor",)
    linked = [names[m.entity_id] for m in analysed.mentions if m.inferred and m.text == "The chancellor"]
    assert linked == ["Tom Jones"]


# -- the GUM scorer -------------------------------------------------------------------------

def test_a_description_link_is_scored():
    text = "The Arts Fund met. The organisation said no."
    fund = org("Arts Fund")
    doc = CorefDocument("g", text, (gold("The Arts Fund", text, 1), gold("The organisation", text, 1)))
    scores = score_links(doc, [mention("Arts Fund", text, fund, 0),
                               mention("The organisation", text, fund, 1, inferred=True)])
    assert (scores.descriptions, scores.descriptions_correct) == (1, 1)


def test_a_pair_is_scored_against_the_group_holding_each_of_them():
    text = "Tom Jones and Bob Smith met. The pair agreed."
    jones, smith = person("Tom Jones"), person("Bob Smith")
    doc = CorefDocument("g", text, (gold("Tom Jones", text, 1), gold("Bob Smith", text, 2),
                                    gold("Tom Jones and Bob Smith", text, 3), gold("The pair", text, 3)))
    links = [mention("Tom Jones", text, jones, 0), mention("Bob Smith", text, smith, 0),
             mention("The pair", text, jones, 1, inferred=True), mention("The pair", text, smith, 1, inferred=True)]
    scores = score_links(doc, links)
    assert (scores.descriptions, scores.descriptions_correct) == (2, 2)


def test_a_report_or_spokesman_for_its_body_is_not_scored():
    text = "A report by the Arts Fund came out. The report said no. A spokesman for the Arts Fund agreed."
    fund = org("Arts Fund")
    doc = CorefDocument("g", text, (gold("Arts Fund", text, 1), gold("The report", text, 2)))
    scores = score_links(doc, [mention("Arts Fund", text, fund, 0),
                               mention("The report", text, fund, 1, inferred=True)])
    assert (scores.descriptions, scores.proxies) == (0, 1)


def test_no_link_to_the_speaker_before_when_another_holder_of_the_role_is_named():
    text = "Tom Jones spoke on Monday. The prime minister said no. Later Prime Minister Bob Smith left."
    jones, smith = person("Tom Jones"), person("Bob Smith", ("Prime Minister",))
    named = [mention("Tom Jones", text, jones, 0), mention("Bob Smith", text, smith, 2)]
    the = descriptor("The prime minister", text, "leader", 1, "role")
    roles = [Subject(0, (text.index("Jones"),), True, "speak"),
             Subject(1, (text.index("minister", text.index("The")),), True, "say")]
    # not the speaker before: the only holder, named further on
    found = resolve_references("d", [jones, smith], named, [the], (), (), roles)
    assert [m.entity_id for m in found] == [smith.id] and all(m.inferred for m in found)
    # the holder named further on is the speaker before: the description is that person
    text2 = "Bob Smith spoke on Monday. The prime minister said no. Later Prime Minister Bob Smith left."
    named2 = [mention("Bob Smith", text2, smith, 0), mention("Bob Smith", text2, smith, 2, nth=1)]
    roles2 = [Subject(0, (text2.index("Smith"),), True, "speak"),
              Subject(1, (text2.index("minister", text2.index("The")),), True, "say")]
    the2 = descriptor("The prime minister", text2, "leader", 1, "role")
    assert [m.entity_id for m in resolve_references("d", [smith], named2, [the2], (), (), roles2)] == [smith.id]


def test_the_foreign_secretary_is_not_the_home_secretary():
    text = "Foreign Secretary Tom Jones spoke. Home Secretary Bob Smith agreed. The foreign secretary said no."
    jones, smith = person("Tom Jones", ("Foreign Secretary",)), person("Bob Smith", ("Home Secretary",))
    named = [mention("Tom Jones", text, jones, 0), mention("Bob Smith", text, smith, 1)]
    the = descriptor("The foreign secretary", text, "secretary", 2, "role")
    assert [m.entity_id for m in resolve_references("d", [jones, smith], named, [the])] == [jones.id]
    # nor a description linked to the home secretary before ("the home secretary ... the foreign secretary")
    text2 = "Bob Smith spoke. The home secretary said no. The foreign secretary agreed."
    smith2 = person("Bob Smith", ("Home Secretary",))
    home = descriptor("The home secretary", text2, "secretary", 1, "role")
    foreign = descriptor("The foreign secretary", text2, "secretary", 2, "role")
    out = resolve_references("d", [smith2], [mention("Bob Smith", text2, smith2, 0)], [home, foreign])
    assert [m.text for m in out] == ["The home secretary"]


def test_a_title_phrase_before_a_name_is_the_role():
    doc = _parsed(["New", "Home", "Secretary", "Tom", "Jones", "spoke", "."], [2, 2, 4, 4, 5, 5, 5],
                  ["amod", "compound", "compound", "compound", "nsubj", "ROOT", "punct"],
                  ["ADJ", "PROPN", "PROPN", "PROPN", "PROPN", "VERB", "PUNCT"],
                  ["O", "O", "O", "B-PERSON", "I-PERSON", "O", "O"])
    assert _role(doc, 3, doc[3:5]) == "Home Secretary"


def test_both_parties_told_of_one_by_one(nlp):
    from tests.actions import asserted_pairs

    text = ('Non-EU citizens will have to undergo tests under plans unveiled by the Conservatives.\n\n'
            'A positive test would mean visas being turned down. Leader Michael Howard said the checks '
            'would help. Labour said many tests were already done. The Lib Dems warned both parties '
            'against "pandering to prejudice".')
    found = {p for p, _ in asserted_pairs(nlp, text)}
    assert frozenset(("Liberal Democrats", "Labour")) in found
    assert frozenset(("Liberal Democrats", "Conservative Party")) in found
