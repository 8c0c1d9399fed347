"""Text -> entities and relations, as tables. Needs the spaCy model."""

from __future__ import annotations

import pytest

from graph.ingest import run_pipeline
from graph.pipeline.read import parse_text

pytestmark = pytest.mark.slow


def run(nlp, text: str, date: str | None = None):
    doc = parse_text(text, "test", title="t", date=date)
    [out] = run_pipeline([doc], nlp=nlp)
    names = {e.id: e for e in out.entities}
    return out, names


def entities(out):
    return {(e.name, e.type) for e in out.entities}


def actions(out, names, *, asserted=True):
    """Action edges as (type, source, target); symmetric types with sorted names."""
    from graph.pipeline.relate import relation_types

    found = set()
    for r in out.relations:
        if r.type == "CO_MENTIONED" or r.evidence.asserted != asserted:
            continue
        pair = (names[r.source].name, names[r.target].name)
        found.add((r.type, *(sorted(pair) if relation_types()[r.type].symmetric else pair)))
    return found


@pytest.mark.parametrize("text,expected", [
    ("Mr Starmer met Keir Starmer's aides. Keir Starmer left.", {("Keir Starmer", "Person")}),
    ("Ms Bota Iliyas, an analyst, said so.", {("Bota Iliyas", "Person")}),
    ("Vladimir Putin spoke. Later Putin left, and Mr Putin said nothing.", {("Vladimir Putin", "Person")}),
    ("President Donald Trump arrived. Trump’s aides followed.", {("Donald Trump", "Person")}),
])
def test_names_join_and_lose_titles(nlp, text, expected):
    out, _ = run(nlp, text)
    assert {e for e in entities(out) if e[1] == "Person"} == expected


def test_aliases_keep_surface_forms(nlp):
    out, _ = run(nlp, "Russian President Vladimir Putin spoke. Mr Putin said Putin would stay.")
    [putin] = [e for e in out.entities if e.type == "Person"]
    assert set(putin.aliases) == {"Vladimir Putin", "Mr Putin", "Putin"}


def test_curly_quotes_and_possessives_are_normalized(nlp):
    out, _ = run(nlp, "Europe’s leaders met in Brussels. The leaders of Europe left.")
    assert ("Europe", "Place") in entities(out)
    assert not any("’" in e.name or e.name.endswith("'s") for e in out.entities)


@pytest.mark.parametrize("text,name", [
    ("Later Birmingham's Sion Simon went so far as to call an election.", "Sion Simon"),
    ("The first question came from Derby North's Bob Laxton.", "Bob Laxton"),
    ('"We are ready," Microsoft\'s Mike Coleman told the BBC.', "Mike Coleman"),
])
def test_a_name_after_a_named_possessor_stays_a_name(nlp, text, name):
    out, _ = run(nlp, text)
    assert (name, "Person") in entities(out)


def test_a_bodys_programme_is_no_person(nlp):
    out, _ = run(nlp, "Speaking to the BBC's Westminster Hour, Charles Kennedy said the race was open.")
    assert not any(e.name == "Westminster Hour" for e in out.entities)


def test_junk_spans_never_become_nodes(nlp):
    out, _ = run(nlp, "“But Putin isn’t interested. He doesn’t want to,” said Sergei Markov of Moscow.")
    names = {e.name for e in out.entities}
    assert not any(n.lower() in {"n't", "n’t", "'s"} or len(n) < 2 for n in names)


def test_known_places_are_not_people(nlp):
    out, _ = run(nlp, "That has fuelled concern in Kyiv and Tallinn. Putin claimed Luhansk, "
                      "Zaporizhzhia and Kherson.")
    types = dict(entities(out))
    for place in ("Kyiv", "Tallinn", "Luhansk", "Zaporizhzhia", "Kherson"):
        assert types.get(place, "Place") == "Place", place


@pytest.mark.parametrize("text,expected", [
    ("Donald Trump spoke to Vladimir Putin on Monday.", {("SPOKE_TO", "Donald Trump", "Vladimir Putin")}),
    ("Angela Merkel spoke with Emmanuel Macron.", {("SPOKE_TO", "Angela Merkel", "Emmanuel Macron")}),
    ("Barack Obama phoned David Cameron.", {("SPOKE_TO", "Barack Obama", "David Cameron")}),
    ("Boris Johnson talked to Joe Biden about trade.", {("SPOKE_TO", "Boris Johnson", "Joe Biden")}),
    ("Joe Biden met Narendra Modi in Delhi.", {("MET", "Joe Biden", "Narendra Modi")}),
    ("Olaf Scholz met with Justin Trudeau.", {("MET", "Justin Trudeau", "Olaf Scholz")}),
    ("Angela Merkel held talks with Emmanuel Macron in Paris.", {("MET", "Angela Merkel", "Emmanuel Macron")}),
    ("Antony Blinken visited Volodymyr Zelensky.", {("MET", "Antony Blinken", "Volodymyr Zelensky")}),
    ("Donald Trump held a call with Friedrich Merz, Keir Starmer and Emmanuel Macron.",
     {("SPOKE_TO", "Donald Trump", "Friedrich Merz"), ("SPOKE_TO", "Donald Trump", "Keir Starmer"),
      ("SPOKE_TO", "Donald Trump", "Emmanuel Macron")}),
    ("Angela Merkel and Emmanuel Macron met in Paris.", {("MET", "Angela Merkel", "Emmanuel Macron")}),
    ("Vladimir Putin did not meet Joe Biden.", set()),
    ("Joe Biden may meet Xi Jinping next year.", set()),
])
def test_action_edges(nlp, text, expected):
    out, names = run(nlp, text)
    assert actions(out, names) == expected


def test_co_mentions_are_per_sentence_and_weighted(nlp):
    out, names = run(nlp, "Angela Merkel praised Emmanuel Macron. Angela Merkel thanked Emmanuel Macron. "
                          "Joe Biden stayed home.")
    pairs = [(names[r.source].name, names[r.target].name) for r in out.relations if r.type == "CO_MENTIONED"]
    assert sorted(pairs) == sorted([tuple(sorted(("Angela Merkel", "Emmanuel Macron"))) ] * 2) or \
        sorted(map(lambda p: tuple(sorted(p)), pairs)) == [("Angela Merkel", "Emmanuel Macron")] * 2


def test_evidence_keeps_sentence_offsets_and_date(nlp):
    text = "Leaders met.\nDonald Trump spoke to Vladimir Putin on May 19 about Ukraine."
    out, names = run(nlp, text, date="2025-05-20")
    [rel] = [r for r in out.relations if r.type == "SPOKE_TO"]
    ev = rel.evidence
    assert text[ev.start:ev.end] == ev.sentence == "Donald Trump spoke to Vladimir Putin on May 19 about Ukraine."
    assert ev.date == "2025-05-19" and ev.date_text == "May 19"
    assert ev.verb == "spoke to" and ev.doc_id == out.document.id


def test_undated_document_keeps_date_as_written(nlp):
    out, _ = run(nlp, "Donald Trump spoke to Vladimir Putin on May 19.")
    [rel] = [r for r in out.relations if r.type == "SPOKE_TO"]
    assert rel.evidence.date is None and rel.evidence.date_text == "May 19"


def test_long_texts_are_chunked_not_rejected(nlp):
    paragraph = "Angela Merkel met Emmanuel Macron in Paris. " * 20
    text = "\n\n".join([paragraph] * 6)
    old = nlp.max_length
    nlp.max_length = 2000
    try:
        out, names = run(nlp, text)
    finally:
        nlp.max_length = old
    assert ("MET", "Angela Merkel", "Emmanuel Macron") in actions(out, names)
    for m in out.mentions:  # offsets are document-level
        assert text[m.start:m.end] in {"Angela Merkel", "Emmanuel Macron", "Paris"}
    assert sum(1 for m in out.mentions if m.text == "Paris") == 120


# -- who did what to whom: patterns beyond subject-verb-object -------------------------

@pytest.mark.parametrize("text,expected", [
    ("Joe Biden was criticised by Donald Trump.", {("CRITICIZED", "Donald Trump", "Joe Biden")}),
    ("Alexander Stubb, who played golf with Lindsey Graham, arrived.", {("MET", "Alexander Stubb", "Lindsey Graham")}),
    ("Alexander Stubb spent a day playing golf with Lindsey Graham.", {("MET", "Alexander Stubb", "Lindsey Graham")}),
    ("The meeting between Angela Merkel and Emmanuel Macron lasted an hour.",
     {("MET", "Angela Merkel", "Emmanuel Macron")}),
    ("Vladimir Putin sent tens of thousands of troops into Ukraine.", {("ATTACKED", "Vladimir Putin", "Ukraine")}),
    ("Russia invaded Ukraine in 2022.", {("ATTACKED", "Russia", "Ukraine")}),
    ("Joe Biden accused Vladimir Putin of lying.", {("CRITICIZED", "Joe Biden", "Vladimir Putin")}),
    ("Boris Johnson praised Volodymyr Zelensky.", {("PRAISED", "Boris Johnson", "Volodymyr Zelensky")}),
    ("Antony Blinken urged Benjamin Netanyahu to stop.", {("APPEALED_TO", "Antony Blinken", "Benjamin Netanyahu")}),
    ("Donald Trump warned Nicolas Maduro.", {("THREATENED", "Donald Trump", "Nicolas Maduro")}),
    ("The European Union sanctioned Russia.", {("SANCTIONED", "European Union", "Russia")}),
    ("Police arrested Julian Assange in London.", set()),
    ("Scotland Yard arrested Boris Johnson in London.", {("ARRESTED", "Scotland Yard", "Boris Johnson")}),
    ("Elon Musk sued OpenAI.", {("SUED", "Elon Musk", "OpenAI")}),
    ("Freedom Magazine attacked Mark Rathbun.", {("CRITICIZED", "Freedom Magazine", "Mark Rathbun")}),
])
def test_typed_actions(nlp, text, expected):
    out, names = run(nlp, text)
    assert actions(out, names) == expected


@pytest.mark.parametrize("text,flag", [
    ("Vladimir Putin did not meet Joe Biden.", "negated"),
    ("Joe Biden may meet Vladimir Putin next year.", "hypothetical"),
    ("Donald Trump has promised to brief Volodymyr Zelensky.", "hypothetical"),
    ("Donald Trump hopes to unlock a deal in a direct conversation with Vladimir Putin.", "hypothetical"),
    ("If Vladimir Putin refuses, Donald Trump will sanction Russia.", "hypothetical"),
])
def test_negated_and_hypothetical_actions_are_flagged(nlp, text, flag):
    out, names = run(nlp, text)
    assert actions(out, names) == set()
    flagged = [r.evidence for r in out.relations if r.type != "CO_MENTIONED"]
    assert flagged and all(getattr(ev, flag) for ev in flagged)


def test_attribution_and_verb_phrase(nlp):
    out, names = run(nlp, "Donald Trump held a call with Keir Starmer, the official said.")
    [rel] = [r for r in out.relations if r.type == "SPOKE_TO"]
    assert rel.evidence.verb == "held a call with" and rel.evidence.reported_by == "the official"
    out, _ = run(nlp, "Donald Trump spoke to Keir Starmer, according to a White House official.")
    [rel] = [r for r in out.relations if r.type == "SPOKE_TO"]
    assert rel.evidence.reported_by == "a White House official"


def test_symmetric_relations_are_stored_once_per_pair(nlp):
    out, _ = run(nlp, "Angela Merkel met Emmanuel Macron. Emmanuel Macron met Angela Merkel.")
    met = [r for r in out.relations if r.type == "MET"]
    assert len({(r.source, r.target) for r in met}) == 1


def test_roles_and_role_descriptions(nlp):
    text = ("Russian President Vladimir Putin spoke to US President Donald Trump. "
            "The Russian leader said the talks went well. Later the US President phoned Keir Starmer.")
    out, names = run(nlp, text)
    people = {e.name: e for e in out.entities if e.type == "Person"}
    assert people["Vladimir Putin"].roles == ("Russian President",)
    assert people["Donald Trump"].roles == ("US President",)
    inferred = {(m.text, names[m.entity_id].name) for m in out.mentions if m.inferred}
    assert ("The Russian leader", "Vladimir Putin") in inferred and ("the US President", "Donald Trump") in inferred
    [call] = [r for r in out.relations if r.type == "SPOKE_TO" and names[r.target].name == "Keir Starmer"]
    assert names[call.source].name == "Donald Trump" and call.evidence.inferred


@pytest.mark.parametrize("text,linked", [
    ("Keir Starmer arrived in Paris. He met Emmanuel Macron.", "Keir Starmer"),
    ("Keir Starmer met Joe Biden. He said nothing.", "Keir Starmer"),  # the previous subject (coref)
    ("Keir Starmer met Joe Biden. She said nothing.", None),  # no woman named: no link
])
def test_subject_pronouns(nlp, text, linked):
    out, names = run(nlp, text)
    he = [m for m in out.mentions if m.text in ("He", "She")]
    assert [names[m.entity_id].name for m in he] == ([linked] if linked else [])
    assert all(m.inferred for m in he)


@pytest.mark.parametrize("text,linked", [
    # a pronoun saying something is not a name in what it says, before or after it
    ("Michael Howard spoke on Monday. Mr Blair has failed to tackle crime, he claimed.", "Michael Howard"),
    ("Michael Howard spoke on Monday. He said Mr Blair had failed.", "Michael Howard"),
    # a clause before a verb of no saying is a splice, not its content: "he" may be Callaghan
    ("I saw the other side of Jim Callaghan, he became a friend.", "Jim Callaghan"),
    # an adverbial clause before it is no content either
    ("When Tony Blair arrived in Leeds, he said nothing.", "Tony Blair"),
])
def test_a_pronoun_is_not_a_name_in_the_clause_it_says(nlp, text, linked):
    out, names = run(nlp, text)
    he = [m for m in out.mentions if m.text.lower() == "he"]
    assert [names[m.entity_id].name for m in he] == [linked]


def test_the_narrative_after_a_quoted_passage_goes_on_with_its_speaker(nlp):
    # the passage is Howard's words, however many sentences it runs: "He" resumes with him
    text = ('Michael Howard said the year had been hard. "We watched the scenes with disbelief. '
            'The scale of the disaster is hard to grasp. The last week has shown the warm heart of '
            'Britain." He went on to praise the voters.')
    out, names = run(nlp, text)
    assert [(m.text, names[m.entity_id].name) for m in out.mentions if m.text == "He"] == [("He", "Michael Howard")]
    # words quoted inside a narrative sentence are no passage: "He" is that sentence's subject
    text = ('Charles Kennedy said Harry should apologise. "He needs to remember that it cannot last." '
            'Lord Janner branded the costume "stupid and evil". He told ITV that Harry should apologise.')
    out, names = run(nlp, text)
    he = [m for m in out.mentions if m.text == "He" and m.start > text.index("Janner")]
    assert [names[m.entity_id].name for m in he] == ["Janner"]


@pytest.mark.parametrize("text,linked", [
    ("The BBC ran the interview. It was put to Neil Kinnock that he had criticised the Lords.", None),
    ("The BBC ran the interview. It was told by Labour that the plans were dead.", "BBC"),
])
def test_an_it_standing_for_a_passives_clause_is_no_pronoun(nlp, text, linked):
    out, names = run(nlp, text)
    it = [m for m in out.mentions if m.text == "It"]
    assert [names[m.entity_id].name for m in it] == ([linked] if linked else [])


def test_page_furniture_and_credits_are_not_entities(nlp):
    text = ("Sign up now: Get ST's newsletters delivered to your inbox\nPHOTO: REUTERS\n"
            "MOSCOW – Vladimir Putin met Xi Jinping. REUTERS, BLOOMBERG")
    out, _ = run(nlp, text)
    names = {e.name for e in out.entities}
    assert not names & {"ST", "Reuters", "REUTERS", "Bloomberg", "BLOOMBERG"}
    assert names == {"Vladimir Putin", "Xi Jinping"}


def test_dateline_is_a_sentence_of_its_own(nlp):
    out, _ = run(nlp, "MOSCOW/WASHINGTON – US President Donald Trump spoke to Vladimir Putin.")
    assert out.sentences[0].text == "MOSCOW/WASHINGTON –"
    assert not out.sentences[0].has_verb
