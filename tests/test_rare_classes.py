"""The rarer interaction classes: meet, demand, threaten, sanction and force, text -> expected.

Made-up sentences for the mechanisms of graph/pipeline/relate/events.py and patterns.py that
read these classes off the taxonomy (graph/data/relations.yaml) and the ``demands`` words of
graph/data/words.yaml: event nouns with their owners and targets ("the US embargo on Cuba", "a
ban on arms exports to China"), targets reached through a thing ("raided the offices of the
party"), demands through a clause ("called for Y to resign", "told Y not to ..."), threats of an
act ("threatened to sue Y"), and pressure yielded to.
"""

from __future__ import annotations

import pytest

from .actions import asserted_actions as _actions

pytestmark = pytest.mark.slow


def _flags(nlp, text: str) -> dict[str, tuple[bool, bool]]:
    """type -> (negated, hypothetical) of the actions of ``text``."""
    from graph.ingest import run_pipeline
    from graph.pipeline.read import parse_text

    [out] = run_pipeline([parse_text(text, "t", title="t")], nlp=nlp)
    return {r.type: (r.evidence.negated, r.evidence.hypothetical) for r in out.relations
            if r.type != "CO_MENTIONED"}


FOUND = [
    # meet: travel to a place, a noun with its owner
    ("Tony Blair's trip to China was a success.", ("Tony Blair", "MET", "China")),
    ("A delegation of MPs from the Treasury Committee is on a fact-finding mission to Scotland.",
     ("Treasury Committee", "MET", "Scotland")),
    # a meeting led by someone meets them
    ("Tony Blair attended a meeting chaired by Kofi Annan.", ("Tony Blair", "MET", "Kofi Annan")),
    # sanction: the owner of the ban or embargo, its target past the thing it stops
    ("The European Union's ban on arms exports to China was imposed in 1989.",
     ("European Union", "SANCTIONED", "China")),
    ("The US embargo on trade with Cuba has lasted for decades.", ("US", "SANCTIONED", "Cuba")),
    ("The EU imposed a ban on arms sales to China.", ("EU", "SANCTIONED", "China")),
    ("Russia recalled its ambassador from Georgia.", ("Russia", "SANCTIONED", "Georgia")),
    # a mislemmatised verb form ("fined" as "fin")
    ("The Football Association fined Chelsea.", ("Football Association", "SANCTIONED", "Chelsea")),
    # force: a thing raided stands for whose it is; an event noun with a name before it
    ("Scotland Yard raided the offices of the BNP.", ("Scotland Yard", "ATTACKED", "BNP")),
    ("The US invasion of Iraq was condemned by France.", ("US", "ATTACKED", "Iraq")),
    # threaten: a light verb with its noun, and the threat of an act
    ("Microsoft threatened legal action against Google.", ("Microsoft", "THREATENED", "Google")),
    ("Microsoft threatened to sue Google.", ("Microsoft", "THREATENED", "Google")),
    ("The UN gave an ultimatum to Iraq.", ("UN", "THREATENED", "Iraq")),
    # a warning of what befalls the one warned is a threat; of something else, a message; one
    # that says what they should do, a demand
    ("The Football League warned Leeds United it could be expelled.",
     ("Football League", "THREATENED", "Leeds United")),
    ("Gordon Brown warned Tony Blair he would lose his job.", ("Gordon Brown", "THREATENED", "Tony Blair")),
    ("Lord Goldsmith warned Tony Blair that the war could be illegal.", ("Goldsmith", "INFORMED", "Tony Blair")),
    ("Gordon Brown warned Tony Blair about the dangers of disunity.", ("Gordon Brown", "INFORMED", "Tony Blair")),
    ("Lord Strathclyde warned Tony Blair that he should prepare for defeat.",
     ("Strathclyde", "APPEALED_TO", "Tony Blair")),
    ("The UN gave Iraq an ultimatum.", ("UN", "THREATENED", "Iraq")),
    # demand: a "for" clause, an own act asked for, a request in a letter, telling to act
    ("Michael Howard called for Tony Blair to resign.", ("Michael Howard", "APPEALED_TO", "Tony Blair")),
    ("Michael Howard called for Tony Blair's resignation.", ("Michael Howard", "APPEALED_TO", "Tony Blair")),
    ("Ofcom told BT not to compromise.", ("Ofcom", "APPEALED_TO", "BT")),
    ("In a letter to Tony Blair, Michael Howard asked for an inquiry.",
     ("Michael Howard", "APPEALED_TO", "Tony Blair")),
    # the embargo asked to be lifted is the ban told before: a demand of its owner
    (("Moves to lift the European Union's ban on arms exports to China were condemned. Germany has "
      "repeatedly called for the embargo to be lifted."), ("Germany", "APPEALED_TO", "European Union")),
    # a call for something is a request, not a phone call
    ("Labour's calls for Tony Blair to resign grew louder.", ("Labour", "APPEALED_TO", "Tony Blair")),
    ("The Tory call for Charles Clarke's resignation was rejected.",
     ("Conservative Party", "APPEALED_TO", "Charles Clarke")),
    # pressure yielded to: its author demands of whoever yields
    ("Tony Blair bowed to pressure from Gordon Brown.", ("Gordon Brown", "APPEALED_TO", "Tony Blair")),
    # "it is time for Y to ...": a demand of Y
    ("Tony Blair says it is time for Ken Livingstone to say sorry.",
     ("Tony Blair", "APPEALED_TO", "Ken Livingstone")),
    # members sitting on a body act for it
    ("The MPs on the Constitutional Affairs Committee pressed Sam Younger.",
     ("Constitutional Affairs Committee", "APPEALED_TO", "Sam Younger")),
    # a party's sanction on its MP
    ("The Conservative Party withdrew the whip from Howard Flight.",
     ("Conservative Party", "SANCTIONED", "Howard Flight")),
    # an attack on a country's plans is verbal: criticism of the country, not force
    ("Moscow unveiled plans on Monday. Georgia attacked Russia's plans.", ("Georgia", "CRITICIZED", "Russia")),
    # a finite verb the parser hung on the name is still the clause's verb
    (("Trevor Phillips, chairman of the Commission for Racial Equality, called on Charles Clarke to "
      "denounce the suggestion."), ("Trevor Phillips", "APPEALED_TO", "Charles Clarke")),
    # the leader of an attack named before a hyphenated "led"; an air strike written in two words
    ("The US-led invasion of Iraq began in March.", ("US", "ATTACKED", "Iraq")),
    ("Nato air strikes on Serbia continued.", ("Nato", "ATTACKED", "Serbia")),
    # with the doer named by "by", a possessor is the one the event is done to
    ("Feroz Abbasi was freed. During his detention by the United States, he was questioned.",
     ("United States", "ARRESTED", "Feroz Abbasi")),
    ("Abu Hamza's arrest by Scotland Yard angered his supporters.", ("Scotland Yard", "ARRESTED", "Abu Hamza")),
    # a person held by someone is detained
    ("Martin Mubanga was held by the United States at Guantanamo Bay.",
     ("United States", "ARRESTED", "Martin Mubanga")),
    # police with no name of their own are the force the text names
    ("West Yorkshire Police said it was investigating. Police arrested Nick Griffin on Tuesday.",
     ("West Yorkshire Police", "ARRESTED", "Nick Griffin")),
]


@pytest.mark.parametrize("text,expected", FOUND)
def test_rare_classes_found(nlp, text, expected):
    from graph.schema import relation_types

    type_ = expected[1]
    found = _actions(nlp, text)
    if relation_types()[type_].symmetric:  # stored once per pair, in either order
        found |= {(t, ty, s) for s, ty, t in found}
    assert expected in found


NOT_FOUND = [
    # giving in is no giving, and signals are no aid
    ("Britain is giving in to French pressure.", ("Britain", "AIDED", "French")),
    ("Britain gives the wrong signals to China.", ("Britain", "AIDED", "China")),
    # an extradition's possessor is its subject, not its author
    ("Augusto Pinochet's extradition to Spain was blocked.", ("Augusto Pinochet", "ARRESTED", "Spain")),
    # campaigning for someone supports them; a release asked for is no demand of the released
    ("Gordon Brown campaigned for Tony Blair.", ("Gordon Brown", "APPEALED_TO", "Tony Blair")),
    ("Desmond Tutu called for the release of Moazzam Begg.", ("Desmond Tutu", "APPEALED_TO", "Moazzam Begg")),
    # "time for" a thing asks nothing of anyone
    ("Tony Blair says it is time for change at Microsoft.", ("Tony Blair", "APPEALED_TO", "Microsoft")),
    ("The Tory call for Charles Clarke's resignation was rejected.",
     ("Conservative Party", "SPOKE_TO", "Charles Clarke")),
    ("Moscow unveiled plans on Monday. Georgia attacked Russia's plans.", ("Georgia", "ATTACKED", "Russia")),
    # a reporting verb after its clause has its speaker, not its target, after it
    ("A new directive could put writers at risk of legal action, warns former programmer Bill Thompson.",
     ("European Union", "THREATENED", "Bill Thompson")),
    # telling about something is no demand
    ("Gordon Brown told Tony Blair about the plan.", ("Gordon Brown", "APPEALED_TO", "Tony Blair")),
    # a town visited on a campaign tour is met by no one; a continent neither
    ("Charles Kennedy visits Manchester, Liverpool and Leicester this week.",
     ("Liverpool", "MET", "Charles Kennedy")),
    ("Gordon Brown opened a week-long visit to Africa.", ("Gordon Brown", "MET", "Africa")),
    # holding someone in regard, or holding talks, detains no one; nor does a strike by staff
    ("Tony Blair held Gordon Brown in high regard.", ("Tony Blair", "ARRESTED", "Gordon Brown")),
    ("Brennan is held in high esteem by the former coach Clive Woodward.",
     ("Clive Woodward", "ARRESTED", "Brennan")),
    ("The strikes by BA staff continued.", ("BA", "ATTACKED", "BA")),
    # "police" stand only for a force named so
    ("Labour said it was investigating. Police arrested Nick Griffin on Tuesday.",
     ("Labour", "ARRESTED", "Nick Griffin")),
]


@pytest.mark.parametrize("text,absent", NOT_FOUND)
def test_rare_classes_not_found(nlp, text, absent):
    found = _actions(nlp, text)
    assert absent not in found and (absent[2], absent[1], absent[0]) not in found


def test_a_threatened_act_is_hypothetical_and_the_threat_asserted(nlp):
    flags = _flags(nlp, "Microsoft threatened to sue Google.")
    assert flags["THREATENED"] == (False, False)
    assert flags["SUED"] == (False, True)


def test_a_threat_denied_keeps_its_flag(nlp):
    assert _flags(nlp, "Microsoft did not threaten to sue Google.")["THREATENED"][0] is True


def test_a_sanction_faced_is_still_to_come(nlp):
    assert _flags(nlp, "Robert Kilroy-Silk faces expulsion from the UK Independence Party.")["SANCTIONED"] \
        == (False, True)


def test_a_demand_under_a_modal_is_hypothetical(nlp):
    assert _flags(nlp, "Michael Howard may call for Tony Blair to resign.")["APPEALED_TO"] == (False, True)
