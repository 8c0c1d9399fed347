"""Governments, officials and members standing for the country or named body they act for
(INTERACTIONS.md: "the government", "ministers", "this government" count as the country; members
of a named body acting as such act for it). Small made-up texts."""

from __future__ import annotations

import pytest

from graph.gazetteer.countries import country_alias, country_of
from graph.model import Entity, Mention
from graph.pipeline.coref import resolve_references
from graph.pipeline.extract import Descriptor


def entity(name: str, type_: str) -> Entity:
    return Entity(Entity.make_id(name), name, type_, (name,))


def mention(text: str, full: str, e: Entity, sentence: int) -> Mention:
    start = full.index(text)
    return Mention("d", start, start + len(text), text, e.id, sentence, e.type)


def government(text: str, full: str, head: str, sentence: int, kind: str = "country",
               qualifier: str | None = None) -> Descriptor:
    start = full.index(text)
    return Descriptor(start, start + len(text), text, head, qualifier, sentence, kind, "subject")


def link(full: str, named: list[tuple[str, Entity, int]], descriptor: Descriptor) -> tuple[list[Entity], list[str]]:
    entities = list(dict.fromkeys(e for _, e, _ in named))
    mentions = sorted((mention(t, full, e, s) for t, e, s in named), key=lambda m: m.start)
    found = resolve_references("d", entities, mentions, [descriptor])
    names = {e.id: e.name for e in entities}
    return entities, [names[m.entity_id] for m in found]


def test_national_bodies_tell_the_country_of_the_government() -> None:
    # No country is named, only its parliament and parties: "the government" is the UK's,
    # and the new entity is known by the description the text used for it.
    full = "Labour MPs spoke in the Commons. The Tories attacked Labour. The government said no."
    labour, tories, commons = entity("Labour", "Organization"), entity("Tories", "Organization"), \
        entity("Commons", "Group")
    entities, found = link(full, [("Labour", labour, 0), ("Commons", commons, 0), ("Tories", tories, 1)],
                           government("The government", full, "government", 2))
    assert found == ["United Kingdom"]
    uk = next(e for e in entities if e.name == "United Kingdom")
    assert "The government" in uk.aliases


def test_a_government_no_country_is_named_for_is_a_place_of_its_own() -> None:
    # nothing in the text places it: "the government" is still the actor, one node for both
    full = "A committee led by Michael Jack met. The government said no. Ministers later agreed."
    jack = entity("Michael Jack", "Person")
    entities = [jack]
    named = [mention("Michael Jack", full, jack, 0)]
    found = resolve_references("d", entities, named, [government("The government", full, "government", 1),
                                                      government("Ministers", full, "ministers", 2)])
    names = {e.id: (e.name, e.type) for e in entities}
    assert [names[m.entity_id] for m in found] == [("Government", "Place")] * 2
    assert len(entities) == 2
    # officials and troops are anyone's: they stay unresolved
    text = "A committee led by Michael Jack met. Officials said no."
    found = resolve_references("d", [jack], [mention("Michael Jack", text, jack, 0)],
                               [government("Officials", text, "officials", 1)])
    assert found == []
    # a party of the country is enough to place it
    _, found = link("Labour met. The government said no.", [("Labour", entity("Labour", "Organization"), 0)],
                    government("The government", "Labour met. The government said no.", "government", 1))
    assert found == ["United Kingdom"]


def test_a_foreign_war_does_not_outvote_the_parties_at_home() -> None:
    full = "Iraq was raised. Iraq again. The Tories and Labour clashed. Labour won. The government said."
    iraq, tories, labour = entity("Iraq", "Place"), entity("Conservative Party", "Organization"), \
        entity("Labour", "Organization")
    tories = Entity(tories.id, tories.name, tories.type, ("Conservative Party", "Tories"))
    named = [("Iraq", iraq, 0), ("Iraq again", iraq, 1), ("Tories", tories, 2), ("Labour", labour, 2),
             ("Labour won", labour, 3)]
    _, found = link(full, named, government("The government", full, "government", 4))
    assert found == ["United Kingdom"]


def test_a_seat_of_power_is_not_the_country_itself() -> None:
    # "Downing Street" votes for the UK but is the prime minister's office, not the country
    full = "Downing Street denied it. The government said so."
    street = entity("Downing Street", "Place")
    _, found = link(full, [("Downing Street", street, 0)], government("The government", full, "government", 1))
    assert found == ["United Kingdom"]


def test_a_body_named_as_the_government_stands_for_it() -> None:
    full = "The Scottish Executive met in Scotland. Ministers said no."
    executive, scotland = entity("Scottish Executive", "Organization"), entity("Scotland", "Place")
    _, found = link(full, [("Scottish Executive", executive, 0), ("Scotland", scotland, 0)],
                    government("Ministers", full, "ministers", 1))
    assert found == ["Scottish Executive"]


def test_a_company_read_as_a_country_code_casts_no_vote() -> None:
    # "BT" is Bhutan's code: the telecoms firm must not make the UK's government Bhutan's
    full = "BT cut prices. BT said. BT won. The UK regulator and the government agreed."
    bt, uk = entity("BT", "Place"), entity("UK", "Place")
    named = [("BT cut", bt, 0), ("BT said", bt, 1), ("BT won", bt, 2), ("UK", uk, 3)]
    _, found = link(full, named, government("the government", full, "government", 3))
    assert found == ["UK"]


def test_bare_forces_are_nobody_in_particular() -> None:
    # "the Act comes into forces" (a bare plural) is no country; "the army" in Britain is Britain's
    full = "Britain said so. The Act comes into forces today. Britain sent the army."
    britain = entity("Britain", "Place")
    named = [("Britain said", britain, 0), ("Britain sent", britain, 2)]
    assert link(full, named, government("forces", full, "forces", 1))[1] == []
    assert link(full, named, government("the army", full, "army", 2))[1] == ["Britain"]


@pytest.mark.parametrize(("name", "said", "head", "expected"), [
    ("Scottish Executive", "the executive", "executive", ["Scottish Executive"]),
    ("European Parliament", "the parliament", "parliament", ["European Parliament"]),
    ("Welsh Assembly Government", "the assembly", "assembly", []),  # a government, not the assembly
])
def test_a_legislature_or_executive_named_before(name: str, said: str, head: str, expected: list[str]) -> None:
    full = f"The {name} met. Critics spoke in {said}."
    body = entity(name, "Organization")
    assert link(full, [(name, body, 0)], government(said, full, head, 1, "organisation"))[1] == expected


def test_the_two_countries_are_the_two_countries_named() -> None:
    full = "India and Pakistan held talks with Tony Blair. The two countries agreed."
    india, pakistan, blair = entity("India", "Place"), entity("Pakistan", "Place"), entity("Tony Blair", "Person")
    named = [("India", india, 0), ("Pakistan", pakistan, 0), ("Tony Blair", blair, 0)]
    assert link(full, named, government("The two countries", full, "countries", 1, "pair"))[1] == ["India", "Pakistan"]
    # the people of that sentence are not "the two men" of a sentence naming one
    assert link(full, named, government("The two countries", full, "men", 1, "pair"))[1] == []


def test_members_of_a_named_body_act_for_it() -> None:
    full = "Members of the Transport Committee criticised the plan."
    committee = entity("Transport Committee", "Organization")
    _, found = link(full, [("Transport Committee", committee, 0)],
                    government("Members", full, "members", 0, "members", "the Transport Committee"))
    assert found == ["Transport Committee"]


def test_the_gazetteer_gives_a_shared_demonym_to_the_larger_country() -> None:
    assert country_of("Indian") == "India"  # not the British Indian Ocean Territory
    assert country_of("French") == "France"
    assert (country_alias("Britain"), country_alias("UK"), country_alias("Downing Street")) == \
        ("United Kingdom", "United Kingdom", None)


@pytest.mark.slow
@pytest.mark.parametrize(("text", "expected"), [
    (("Britain sent troops to Iraq in 2003 and Britain kept them there. Michael Ancram said this government "
      "had misled Parliament."),
     ("this government", "Britain")),
    ("Members of the Transport Committee criticised Alistair Darling on Monday.",
     ("Members", "Transport Committee")),
])
def test_descriptions_read_off_the_parse(text: str, expected: tuple[str, str]) -> None:
    from graph.ingest import run_pipeline
    from graph.pipeline.read import parse_text

    analysed = next(run_pipeline([parse_text(text, "d")]))
    names = {e.id: e.name for e in analysed.entities}
    links = {(m.text, names[m.entity_id]) for m in analysed.mentions if m.inferred}
    assert expected in links
    assert all(m.inferred for m in analysed.mentions if m.text == expected[0])
