"""Negation and modality read off the parse: the word lists of graph/data/words.yaml."""

import pytest

from graph.pipeline.relate import actions

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("text, negated", [
    ("Smith no longer speaks to Jones.", True),  # "no longer" is two tokens
    ("Smith never met Jones.", True),
    ("Smith did not meet Jones.", True),
    ("Smith met Jones.", False),
])
def test_negation(nlp, text, negated):
    found = list(actions(nlp(text)))
    assert found and all(a.negated == negated for a in found)


@pytest.mark.slow
@pytest.mark.parametrize("text", [
    "They were wrong when they said Alan Milburn was ousting Gordon Brown.",
    "Tony Blair rejected the claim that Gordon Brown attacked Alan Milburn.",
    "The government has denied reports that Gordon Brown ousted Alan Milburn.",
])
def test_a_denied_claim_tells_no_event(nlp, text):
    from graph.ingest import run_pipeline
    from graph.pipeline.read import parse_text

    [out] = run_pipeline([parse_text(text, "t", title="t")], nlp=nlp)
    actions = [r for r in out.relations if r.type != "CO_MENTIONED"]
    assert actions and all(r.evidence.negated for r in actions)


@pytest.mark.slow
def test_a_refused_denial_denies_nothing(nlp):
    from graph.ingest import run_pipeline
    from graph.pipeline.read import parse_text

    text = "The chancellor refused to deny the claim that Gordon Brown told Tony Blair he could never trust him."
    [out] = run_pipeline([parse_text(text, "t", title="t")], nlp=nlp)
    actions = [r for r in out.relations if r.type != "CO_MENTIONED"]
    assert actions and not any(r.evidence.negated for r in actions)


@pytest.mark.parametrize("text, verb, hypothetical", [
    # a verb of intent governs its complement ...
    ("Tony Blair plans to meet Jacques Chirac and call George Bush.", "call", True),
    ("Ms Hewitt urged employers to support mothers and called on the CBI to back the plans.", "support", True),
    # ... not the verb coordinated with it
    ("Ms Hewitt urged employers to support mothers and called on the CBI to back the plans.", "called on", False),
])
def test_intent_governs_its_complement_not_its_conjunct(nlp, text, verb, hypothetical):
    found = [a for a in actions(nlp(text)) if a.verb == verb]
    assert found and all(a.hypothetical == hypothetical for a in found), found


@pytest.mark.parametrize("text, hypothetical", [
    # the parser hangs "told" on the quote's last clause: its modal is the quote's, not the telling's
    ('Javier Solana told ITV1\'s Jonathan Dimbleby programme: "[Phone-tap evidence in court] works, '
     'it is normal that it is done, it would be naive not to do it."', False),
    # a clause governing the telling from outside the quotation still counts
    ("Javier Solana would tell ITV1 that it works.", True),
])
def test_a_telling_is_not_governed_by_the_quote_it_opens(nlp, text, hypothetical):
    found = [a for a in actions(nlp(text)) if a.verb in ("told", "tell")]
    assert found and all(a.hypothetical == hypothetical for a in found), found
