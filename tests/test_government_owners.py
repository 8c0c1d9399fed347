"""Owners, outlets and verdicts the argument code reads (issue 10): "government plans" are the national
government's, "announced their support for" backs, "told BBC Radio Five Live" tells the BBC.
Made-up sentences; needs the spaCy model."""

from __future__ import annotations

import pytest

from graph.ingest import run_pipeline
from graph.pipeline.read import parse_text

pytestmark = pytest.mark.slow


def edges(nlp, text: str) -> set[tuple[str, str, str]]:
    [out] = run_pipeline([parse_text(text, "test", title="t")], nlp=nlp)
    names = {e.id: e.name for e in out.entities}
    return {(names[r.source], r.type, names[r.target]) for r in out.relations
            if r.type != "CO_MENTIONED" and r.evidence.asserted}


def test_government_plans_are_the_country_s(nlp):
    found = edges(nlp, "The Conservatives met in London. The Conservatives said government proposals for "
                       "ID cards were flawed. The Tories backed the government plans.")
    assert ("Conservative Party", "CRITICIZED", "United Kingdom") in found
    assert ("Conservative Party", "SUPPORTED", "United Kingdom") in found


@pytest.mark.parametrize("text,edge", [
    ("Oxfam expressed support for Bono.", ("Oxfam", "SUPPORTED", "Bono")),
    ("Tony Blair threw his weight behind Gordon Brown.", ("Tony Blair", "SUPPORTED", "Gordon Brown")),
])
def test_support_given_as_a_noun_backs(nlp, text, edge):
    assert edge in edges(nlp, text)


def test_a_station_run_on_from_its_owner_is_the_owner(nlp):
    found = edges(nlp, "David Blunkett spoke on Monday. He told BBC Radio Five Live: \"I am ready.\"")
    assert ("David Blunkett", "INFORMED", "BBC") in found


@pytest.mark.parametrize("text", [
    'Gordon Brown spoke. He said: "No politician should make the mistake that John Major made in 1992."',
    "Gordon Brown said the mistake John Major made was to promise too much.",
])
def test_a_mistake_someone_made_judges_them(nlp, text):
    assert ("Gordon Brown", "CRITICIZED", "John Major") in edges(nlp, text)


def test_finding_a_mistake_is_no_mistake(nlp):
    found = edges(nlp, "Gordon Brown said he pointed out the mistake that John Major found.")
    assert ("Gordon Brown", "CRITICIZED", "John Major") not in found


def test_not_straightforward_is_criticism(nlp):
    found = edges(nlp, "Roger Knapman said Robert Kilroy-Silk had not been straightforward.")
    assert ("Roger Knapman", "CRITICIZED", "Robert Kilroy-Silk") in found


def test_a_speaker_for_a_party_keeps_his_verb(nlp):
    # the parser reads the sentence with no verb: "called" hangs on "Democrats"
    found = edges(nlp, "David Laws, for the Liberal Democrats, called on Gordon Brown to act.")
    assert ("David Laws", "APPEALED_TO", "Gordon Brown") in found


def test_a_participle_on_a_caption_is_no_act(nlp):
    assert not edges(nlp, "Gordon Brown, pictured with Tony Blair in Leeds on Monday.")


@pytest.mark.parametrize("text,edge", [
    ("Robert Jackson praised Tony Blair for his leadership.", ("Robert Jackson", "PRAISED", "Tony Blair")),
    ("Robert Jackson said he admired Tony Blair.", ("Robert Jackson", "PRAISED", "Tony Blair")),
    ("Jack Straw told the Commons on Tuesday that the men would return.", ("Jack Straw", "INFORMED", "Commons")),
])
def test_merits_admiration_and_the_commons(nlp, text, edge):
    assert edge in edges(nlp, text)


def test_a_contest_for_the_leadership_is_no_action(nlp):
    assert not edges(nlp, "Gordon Brown challenged Tony Blair for the leadership.")


def test_the_three_main_parties_are_the_parties_named(nlp):
    found = edges(nlp, "Labour, the Tories and the Lib Dems spoke. The three main parties were criticised by Greenpeace.")
    assert {t for s, r, t in found if s == "Greenpeace" and r == "CRITICIZED"} == {
        "Labour", "Conservative Party", "Liberal Democrats"}


def test_three_men_are_no_pair(nlp):
    found = edges(nlp, "Tony Blair and Gordon Brown spoke. The three men were criticised by Greenpeace.")
    assert not [t for s, r, t in found if s == "Greenpeace"]


def test_a_joint_news_conference_meets_its_partner(nlp):
    found = edges(nlp, "Jack Straw, speaking at a joint news conference with Li Zhaoxing, said the ban would go.")
    assert {frozenset((s, t)) for s, r, t in found if r == "MET"} == {frozenset(("Jack Straw", "Li Zhaoxing"))}


def test_a_conference_with_no_partner_meets_nobody(nlp):
    found = edges(nlp, '"We are struggling with the gap between companies like Electronic Arts and the rest," '
                       "Peter Chernin explained during a conference in Phoenix.")
    assert not [r for s, r, t in found if r == "MET"]


@pytest.mark.parametrize("text", [
    "Britain's economy grew. Liam Fox accused ministers of telling lies.",  # "of" hung on the object
    "Britain's economy grew. Liam Fox accused Cabinet ministers of lying.",
    "Britain's economy grew. Liam Fox accused government ministers of lying.",
])
def test_ministers_charged_with_something_are_the_country(nlp, text):
    assert ("Liam Fox", "CRITICIZED", "Britain") in edges(nlp, text)
