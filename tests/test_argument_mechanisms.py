"""Argument finding and light-verb predicates of graph/pipeline/relate/arguments.py,
patterns.py, events.py and modality.py, text -> expected, on made-up sentences: coordinated
subjects of a light verb acting on each other ("X and Y signed a deal", "held talks"), a
partnership made through a light verb and its noun, pressure on someone to act, a
letter that asks, a subject the parser hung on a fronted phrase, a noun given its name by
"called", companions ("along with Y"), "neither ... nor" as negation, the light verb's noun read instead of the verb ("struck a deal" strikes no one),
arranged meetings as hypothetical, talks the subject came for or held before the clause, and a base verb form not read as another verb with an ending
("find" is no "fine")."""

from __future__ import annotations

import pytest

from .actions import asserted_pairs as _pairs
from .actions import pair as _pair

pytestmark = pytest.mark.slow


FOUND = [
    # coordinated signatories with no partner named sign with each other
    ("Microsoft and Sony signed a deal on Tuesday.", [_pair("Microsoft", "Sony", "AGREED_WITH")]),
    ("Microsoft, Sony and Nintendo signed the agreement.",
     [_pair("Microsoft", "Sony", "AGREED_WITH"), _pair("Microsoft", "Nintendo", "AGREED_WITH")]),
    # a partnership made now, through a light verb
    ("Microsoft formed a joint venture with Sony.", [_pair("Microsoft", "Sony", "AGREED_WITH")]),
    ("Microsoft announced a partnership with Sony last week.", [_pair("Microsoft", "Sony", "AGREED_WITH")]),
    # pressure on someone to do something asks them to
    ("Tony Blair is putting pressure on Jacques Chirac to resign.",
     [_pair("Tony Blair", "Jacques Chirac", "APPEALED_TO")]),
    # "Tony Blair" is parsed as an apposition of "Jacques Chirac": it is the subject of "asked"
    ("In a letter to Jacques Chirac, Tony Blair asked for an apology.",
     [_pair("Tony Blair", "Jacques Chirac", "APPEALED_TO")]),
    # "a company called Akamai" is Akamai
    ("Microsoft signed a deal with a company called Akamai.", [_pair("Microsoft", "Akamai", "AGREED_WITH")]),
    # coordinated subjects of a light verb with no partner named meet each other
    ("Tony Blair and Jacques Chirac held talks on Monday.", [_pair("Tony Blair", "Jacques Chirac", "MET")]),
    # testimony is a message, no aid
    ("Michael Howard gave evidence to the Home Affairs Committee.",
     [_pair("Michael Howard", "Home Affairs Committee", "INFORMED")]),
    # a letter that asks is a request
    ("Tony Blair wrote a letter to Jacques Chirac asking him to reconsider.",
     [_pair("Tony Blair", "Jacques Chirac", "APPEALED_TO")]),
    # the sender of what is received, named on the verb
    ("Tony Blair received a letter from Jacques Chirac.", [_pair("Tony Blair", "Jacques Chirac", "INFORMED")]),
    # "along with", "together with": a companion acts too
    ("Tony Blair, along with Gordon Brown, praised Jacques Chirac.",
     [_pair("Tony Blair", "Jacques Chirac", "PRAISED"), _pair("Gordon Brown", "Jacques Chirac", "PRAISED")]),
    ("Tony Blair, together with Gordon Brown, condemned Jacques Chirac.",
     [_pair("Gordon Brown", "Jacques Chirac", "CRITICIZED")]),
    # talks the subject came for, or held before the clause
    ("Kofi Annan arrived in Khartoum for talks with Omar al-Bashir.",
     [_pair("Kofi Annan", "Omar al-Bashir", "MET")]),
    ("After talks with Jacques Chirac, Gerhard Schroeder said Europe was united.",
     [_pair("Jacques Chirac", "Gerhard Schroeder", "MET")]),
    # a task left to someone by a dummy "it": the one named does it
    ("It was left to John Prescott to pay glowing tribute to Gordon Brown.",
     [_pair("John Prescott", "Gordon Brown", "PRAISED")]),
    # the parser hangs the topic on its owner's description as an apposition
    ("Victoria Scott denounced her father Nicholas Scott's actions.",
     [_pair("Victoria Scott", "Nicholas Scott", "CRITICIZED")]),
    # a programme the tagger reads as a person stands for the body that owns it
    ("Speaking to the BBC's Westminster Hour, Mr Kennedy said he would resign.",
     [_pair("Kennedy", "BBC", "SPOKE_TO")]),
    # the parser takes "on" for a particle in "has called on Y to": its object is still the target
    ("Tony Blair has called on Ken Livingstone to resign.", [_pair("Tony Blair", "Ken Livingstone", "APPEALED_TO")]),
    ("The Labour Party turned against Tony Blair.", [_pair("Labour", "Tony Blair", "CRITICIZED")]),
    # idioms of criticism
    ("Michael Howard took a swipe at Tony Blair.", [_pair("Michael Howard", "Tony Blair", "CRITICIZED")]),
    ("Michael Howard took aim at Tony Blair's plans.", [_pair("Michael Howard", "Tony Blair", "CRITICIZED")]),
    # a gathering held jointly: its holders meet
    ("Tony Blair and Jacques Chirac held a joint press conference.", [_pair("Tony Blair", "Jacques Chirac", "MET")]),
    # welcoming someone to a place is hosting them
    ("Tony Blair welcomed Jacques Chirac to Downing Street.", [_pair("Tony Blair", "Jacques Chirac", "MET")]),
    # a threat's condition names whom it is aimed at
    ("Unison threatened to strike unless Tony Blair changed his plans.",
     [_pair("Unison", "Tony Blair", "THREATENED")]),
    ("Unison warned it would walk out if Tony Blair went ahead.", [_pair("Unison", "Tony Blair", "THREATENED")]),
    # a government is attacked in words, not by force
    ("Tony Blair is prime minister of Britain. Michael Howard attacked the government on Monday.",
     [_pair("Michael Howard", "Britain", "CRITICIZED")]),
    # "came under attack from Y", "is under pressure from Y to": Y acts on the subject
    ("The Labour Party came under attack from the Liberal Democrats.",
     [_pair("Liberal Democrats", "Labour", "CRITICIZED")]),
    ("Tony Blair is under pressure from Labour MPs to resign.", [_pair("Labour", "Tony Blair", "APPEALED_TO")]),
    # a verdict on how something is done falls on who does it
    ("Michael Howard criticised how Tony Blair handled the war.",
     [_pair("Michael Howard", "Tony Blair", "CRITICIZED")]),
    ("Michael Howard praised the way Tony Blair ran the campaign.",
     [_pair("Michael Howard", "Tony Blair", "PRAISED")]),
    ("Michael Howard criticised the way he was treated by Tony Blair.",
     [_pair("Michael Howard", "Tony Blair", "CRITICIZED")]),
]


@pytest.mark.parametrize(("text", "expected"), FOUND)
def test_found(nlp, text, expected):
    found = _pairs(nlp, text)
    for pair in expected:
        assert pair in found, (text, found)


NOT_FOUND = [
    # an ended or standing partnership is no agreement made
    ("Andy Roddick ended his partnership with Brad Gilbert.", "AGREED_WITH"),
    ("The charts are run by a joint venture between the BPI and the British Association of Record Dealers.",
     "AGREED_WITH"),
    # pressure in a race asks no one to do anything
    ("Britain put pressure on the Americans in the final.", "APPEALED_TO"),
    # the light verb's noun is the action: a deal struck hits no one, a call received is no visit
    ("Tony Blair struck a deal with Jacques Chirac over the rebate.", "ATTACKED"),
    ("Tony Blair received a phone call from Jacques Chirac.", "MET"),
    ("Michael Howard gave evidence to the Home Affairs Committee.", "AIDED"),
    # a letter that asks is no mere message
    ("Tony Blair wrote a letter to Jacques Chirac asking him to reconsider.", "INFORMED"),
    # "neither ... nor" negates the act of each
    ("Neither Tony Blair nor Gordon Brown criticised Jacques Chirac.", "CRITICIZED"),
    # talks called for are not held
    ("Tony Blair called for talks with Yasser Arafat.", "MET"),
    # ... and no praise
    ("Tony Blair welcomed Jacques Chirac to Downing Street.", "PRAISED"),
    # having none of what no verdict names lacks nothing
    ("Deutsche Bank says Yukos has no assets in the US.", "CRITICIZED"),
    # a condition no actor must meet threatens no one
    ("Unison threatened to strike if the talks with Tony Blair failed.", "THREATENED"),
    # "turned on" is switching on as often as attacking: not read
    ("Tony Blair turned on the Sky News channel.", "CRITICIZED"),
    # an event named after its place is not the place acting
    ("Tony Blair said the Iraq war had undermined him.", "CRITICIZED"),
    # telling how something was done is no verdict on who did it
    ("Michael Howard told how Tony Blair had written the letter.", "CRITICIZED"),
]


def _flags(nlp, text: str) -> set[tuple[str, bool]]:
    """(type, hypothetical) of the actions of ``text``."""
    from graph.ingest import run_pipeline
    from graph.pipeline.read import parse_text

    [out] = run_pipeline([parse_text(text, "t", title="t")], nlp=nlp)
    return {(r.type, r.evidence.hypothetical) for r in out.relations if r.type != "CO_MENTIONED"}


def test_arranged_meeting_is_hypothetical(nlp):
    """"is to meet" is an arrangement, like "will meet"; "was wrong to give" is no arrangement."""
    assert _flags(nlp, "Tony Blair is to meet Jacques Chirac in Paris.") == {("MET", True)}
    from graph.pipeline.relate.modality import _hypothetical

    give = [t for t in nlp("He admitted he was wrong to give the tickets to Mrs Quinn.") if t.lower_ == "give"][0]
    assert not _hypothetical(give)
    # what it is vital for someone to do is wanted, not done; what he was quick to do is done
    assert _flags(nlp, "It is vital for Britain to back Germany.") == {("SUPPORTED", True)}
    assert _flags(nlp, "Tony Blair was quick to condemn Jacques Chirac.") == {("CRITICIZED", False)}


@pytest.mark.parametrize(("text", "type_"), NOT_FOUND)
def test_not_found(nlp, text, type_):
    assert not any(t == type_ for _, t in _pairs(nlp, text)), text


def test_base_form_keeps_its_lemma(nlp):
    """"find" (a base form) is not "fine" with a "d" removed; "fined" (lemmatised "fin") is "fine"."""
    from graph.pipeline.relate.patterns import _lexicon, _lexicon_lemma

    lexicon = _lexicon()[0]
    find = [t for t in nlp("The companies want to find new routes.") if t.lower_ == "find"][0]
    fined = [t for t in nlp("The Football Association fined Chelsea.") if t.lower_ == "fined"][0]
    assert _lexicon_lemma(find, lexicon) is None
    assert _lexicon_lemma(fined, lexicon) == "fine"


def test_a_description_in_apposition_acts_as_the_name(nlp) -> None:
    text = ("Tony Blair recalled his row with Sharron Storer, the Birmingham woman who harangued him "
            "over her local hospital.")
    assert _pair("Sharron Storer", "Tony Blair", "CRITICIZED") in _pairs(nlp, text)
