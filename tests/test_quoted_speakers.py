"""Quoted first persons, verdicts of excess and failings, calls as topics, and prepositions the
parser hangs on an adverb (made-up texts)."""

from __future__ import annotations

import pytest

from tests.actions import asserted_pairs, pair

pytestmark = pytest.mark.slow


def test_a_quoted_i_is_its_speaker(nlp) -> None:
    text = '"I have written to the Home Office to ask for an apology," Andy Williams said.'
    assert {p for p, _ in asserted_pairs(nlp, text)} == {frozenset(("Andy Williams", "Home Office"))}


def test_a_quoted_we_is_the_country_of_the_speakers_office_or_nobody(nlp) -> None:
    text = ('US Secretary of State Marco Rubio said on Sunday: "We have advised Vladimir Putin '
            'repeatedly that this was coming."')
    assert {p for p, _ in asserted_pairs(nlp, text)} == {frozenset(("US", "Vladimir Putin"))}
    text = '"We have suspended John Houston as a candidate," said Mark Croucher.'
    assert not asserted_pairs(nlp, text)  # a firm, a team, his side: not known


@pytest.mark.parametrize("text, found", [
    ('"We appeal to the Powys Local Health Board to think again," said David Rose.',
     pair("David Rose", "Powys Local Health Board", "APPEALED_TO")),
    ('"We are asking the Home Office to think again," said Mark Oaten.',
     pair("Mark Oaten", "Home Office", "APPEALED_TO")),
])
def test_a_quoted_we_doing_what_its_words_do_is_the_speaker(nlp, text, found) -> None:
    assert asserted_pairs(nlp, text) == {found}


def test_a_quoted_we_in_the_future_is_nobody(nlp) -> None:
    assert not asserted_pairs(nlp, '"We will urge Gordon Brown to act," said Ed Balls.')


def test_first_persons_outside_quotes_stand_for_nobody(nlp) -> None:
    assert not asserted_pairs(nlp, "We urge Tony Blair to resign. I told Gordon Brown so.")


def test_acting_too_late_is_a_verdict(nlp) -> None:
    assert pair("Conservative Party", "Labour", "CRITICIZED") in \
        asserted_pairs(nlp, "The Tories say Labour is acting too late.")
    assert not asserted_pairs(nlp, "Tony Blair said Gordon Brown was too ill to attend.")


def test_a_failing_named_in_a_reported_clause_blames_its_owner(nlp) -> None:
    text = 'Tim Collins said: "This is the third report to highlight Labour\'s failure to ensure children can read."'
    assert pair("Tim Collins", "Labour", "CRITICIZED") in asserted_pairs(nlp, text)
    assert not asserted_pairs(nlp, "Michael Howard said the report did not show Labour's failure.")
    assert not asserted_pairs(nlp, "Tony Blair said he regretted his failure to win.")


def test_a_call_for_something_is_a_topic_not_a_message(nlp) -> None:
    found = asserted_pairs(nlp, "Tony Blair rejected the Tories' call for a quota on economic migrants.")
    assert found == {pair("Tony Blair", "Conservative Party", "REJECTED")}
    assert asserted_pairs(nlp, "Tony Blair received a call from George Bush.") \
        == {pair("George Bush", "Tony Blair", "SPOKE_TO")}


def test_a_preposition_hung_on_the_verbs_adverb(nlp) -> None:
    assert pair("Andy Williams", "Home Office", "INFORMED") in \
        asserted_pairs(nlp, "Andy Williams has written straight back to the Home Office.")


def test_a_plural_name_ending_with_a_place_takes_no_they(nlp) -> None:
    from graph.pipeline.coref import _plural_name

    assert _plural_name("Liberal Democrats") and not _plural_name("BBC Radio Wales")


def test_the_trust_is_the_trust_named_before(nlp) -> None:
    text = ("The Hereford Hospitals NHS Trust wrote to patients. "
            'Andy Williams said: "I have written to the trust to ask for an apology."')
    assert pair("Andy Williams", "Hereford Hospitals NHS Trust", "APPEALED_TO") in asserted_pairs(nlp, text)


def test_quick_to_condemn_is_done_keen_to_meet_is_not(nlp) -> None:
    assert asserted_pairs(nlp, "Michael Howard was quick to condemn Tony Blair.") \
        == {pair("Michael Howard", "Tony Blair", "CRITICIZED")}
    assert not asserted_pairs(nlp, "Michael Howard was keen to meet Tony Blair.")


def test_announcing_ones_own_suit_is_a_threat(nlp) -> None:
    assert pair("Microsoft", "Google", "THREATENED") in asserted_pairs(nlp, "Microsoft said it would sue Google.")
    assert pair("Conservative Party", "BBC", "THREATENED") in \
        asserted_pairs(nlp, "The Tories said they would sue the BBC.")
    assert not asserted_pairs(nlp, "Microsoft said it could sue Google.")
    assert not asserted_pairs(nlp, "Microsoft said it would not sue Google.")
    assert not asserted_pairs(nlp, "Tony Blair said they would bomb Iraq.")  # "they" is not Blair


def test_a_spokesman_no_one_names_speaks_for_the_body_just_told(nlp) -> None:
    # the one organisation that was the main subject just before; the quote after goes on with him
    text = ('AOL backed the cuts. "This is a reminder to Ofcom," a spokesman said. '
            '"Ofcom needs to return to regulation."')
    assert (frozenset(("AOL", "Ofcom")), "APPEALED_TO") in asserted_pairs(nlp, text)
    # two bodies as subjects: whose spokesman is not known
    text = 'AOL and BT cut prices. "Ofcom needs to return to regulation," a spokesman said.'
    assert not any("Ofcom" in p for p, _ in asserted_pairs(nlp, text))
