"""Coreference for recall: actors not named in their sentence, or named as a group or a
description, reach the entity they stand for (small made-up texts)."""

from __future__ import annotations

import pytest

from graph.model import Entity, Mention
from graph.pipeline.coref import Subject, resolve_references
from graph.pipeline.extract import Descriptor, Pronoun, RawMention
from graph.pipeline.resolve import resolve_document


def person(name: str, *aliases: str, roles: tuple[str, ...] = ()) -> Entity:
    return Entity(Entity.make_id(name), name, "Person", (name, *aliases), roles)


def org(name: str, subtype: str | None = None) -> Entity:
    return Entity(Entity.make_id(name), name, "Organization", (name,), (), subtype)


def mention(text: str, full: str, entity: Entity, sentence: int, nth: int = 0) -> Mention:
    start = -1
    for _ in range(nth + 1):
        start = full.index(text, start + 1)
    return Mention("d", start, start + len(text), text, entity.id, sentence, entity.type)


def subject_of(text: str, sentence: int, *words: str, main: bool = True) -> Subject:
    return Subject(sentence, tuple(text.index(w) for w in words), main)


def descriptor(text: str, full: str, head: str, sentence: int, kind: str, role: str = "other") -> Descriptor:
    start = full.index(text)
    return Descriptor(start, start + len(text), text, head, None, sentence, kind, role)


def test_a_singular_pronoun_after_a_coordinated_subject_is_someone_else():
    text = ("Alastair Campbell made his return public. "
            "Both Tessa Jowell and John Prescott have welcomed his return.")
    campbell, jowell, prescott = person("Alastair Campbell"), person("Tessa Jowell"), person("John Prescott")
    named = [mention("Alastair Campbell", text, campbell, 0), mention("Tessa Jowell", text, jowell, 1),
             mention("John Prescott", text, prescott, 1)]
    his = text.index("his", text.index("Prescott"))
    roles = [subject_of(text, 0, "Campbell"), subject_of(text, 1, "Jowell", "Prescott")]
    out = resolve_references("d", [campbell, jowell, prescott], named, (),
                             [Pronoun(his, his + 3, "his", 1, "possessive")], (), roles)
    assert [(m.entity_id, m.inferred) for m in out] == [(campbell.id, True)]
    # one subject, not a group: "Prescott welcomed his return" may be Prescott's own
    text2 = "Alastair Campbell spoke. John Prescott welcomed his return."
    named2 = [mention("Alastair Campbell", text2, campbell, 0), mention("John Prescott", text2, prescott, 1)]
    his2 = text2.index("his")
    out = resolve_references("d", [campbell, prescott], named2, (), [Pronoun(his2, his2 + 3, "his", 1, "possessive")],
                             (), [subject_of(text2, 0, "Campbell"), subject_of(text2, 1, "Prescott")])
    assert [m.entity_id for m in out] == [prescott.id]


def test_the_paper_is_the_newspaper_named_last_not_a_broadcaster():
    text = "Labour told the Sunday Times it would win. Ms Jowell told Sky News. Labour strategists told the paper."
    labour, times, sky = org("Labour", "party"), org("Sunday Times", "media"), org("Sky News", "media")
    jowell = person("Jowell", "Ms Jowell")
    named = [mention("Labour", text, labour, 0), mention("Sunday Times", text, times, 0),
             mention("Jowell", text, jowell, 1), mention("Sky News", text, sky, 1), mention("Labour", text, labour, 2, 1)]
    paper = descriptor("the paper", text, "paper", 2, "organisation", "object")
    out = resolve_references("d", [labour, times, sky, jowell], named, [paper])
    assert [(m.text, m.entity_id, m.inferred) for m in out] == [("the paper", times.id, True)]
    # "the broadcaster" is the channel, never the paper
    text2 = "The Sunday Times and Sky News reported it. The broadcaster said so."
    named2 = [mention("Sunday Times", text2, times, 0), mention("Sky News", text2, sky, 0)]
    out = resolve_references("d", [times, sky], named2, [descriptor("The broadcaster", text2, "broadcaster", 1,
                                                                    "organisation", "subject")])
    assert [m.entity_id for m in out] == [sky.id]


def test_the_party_is_the_party_named_last():
    text = "Labour met the CBI. The Liberal Democrats met Unison. The party said it was happy."
    labour, cbi = org("Labour", "party"), org("CBI")
    libdems, unison = org("Liberal Democrats", "party"), org("Unison")
    named = [mention("Labour", text, labour, 0), mention("CBI", text, cbi, 0),
             mention("Liberal Democrats", text, libdems, 1), mention("Unison", text, unison, 1)]
    out = resolve_references("d", [labour, cbi, libdems, unison], named,
                             [descriptor("The party", text, "party", 2, "organisation", "subject")])
    assert [m.entity_id for m in out] == [libdems.id]


def test_the_group_is_the_only_organisation_in_reach():
    text = "The Countryside Alliance plans a challenge. The group said it would win."
    alliance = org("Countryside Alliance")
    named = [mention("Countryside Alliance", text, alliance, 0)]
    out = resolve_references("d", [alliance], named,
                             [descriptor("The group", text, "group", 1, "organisation", "subject")])
    assert [m.entity_id for m in out] == [alliance.id]


def test_the_group_is_no_one_of_two_organisations():
    text = "Greenpeace met Oxfam. The group said it would win."
    greenpeace, oxfam = org("Greenpeace"), org("Oxfam")
    named = [mention("Greenpeace", text, greenpeace, 0), mention("Oxfam", text, oxfam, 0)]
    out = resolve_references("d", [greenpeace, oxfam], named,
                             [descriptor("The group", text, "group", 1, "organisation", "subject")])
    assert out == []


def test_a_party_read_as_a_person_is_a_party_and_takes_no_he():
    text = "Charles Kennedy spoke. Labour was wrong. He said so."
    kennedy_at, labour_at = text.index("Charles Kennedy"), text.index("Labour")
    raw = [RawMention(kennedy_at, kennedy_at + 15, "Charles Kennedy", "Charles Kennedy", "Person", 0),
           RawMention(labour_at, labour_at + 6, "Labour", "Labour", "Person", 1)]
    he = text.index("He")
    entities, mentions = resolve_document("d", raw, (), (), [Pronoun(he, he + 2, "He", 2, "subject")],
                                          [Subject(0, (kennedy_at,), True), Subject(1, (labour_at,), True)])
    by_name = {e.name: e for e in entities}
    assert (by_name["Labour"].type, by_name["Labour"].subtype) == ("Organization", "party")
    [link] = [m for m in mentions if m.inferred]
    assert link.entity_id == by_name["Charles Kennedy"].id


def test_the_party_is_the_last_party_by_kind_even_when_an_earlier_name_holds_the_word():
    text = "The Conservative party made promises. Gordon Brown said the Lib Dem figures failed. He accused the party."
    tories, libdems, brown = org("Conservative party", "party"), org("Liberal Democrats", "party"), person("Gordon Brown")
    named = [mention("Conservative party", text, tories, 0), mention("Gordon Brown", text, brown, 1),
             mention("Lib Dem", text, libdems, 1)]
    out = resolve_references("d", [tories, libdems, brown], named,
                             [descriptor("the party", text, "party", 2, "organisation", "object")])
    assert [m.entity_id for m in out] == [libdems.id]


def test_a_label_teaches_the_kind_of_a_body():
    text = "BT wrote to telecoms regulator Ofcom. BT met Sky. The watchdog criticised BT."
    bt, ofcom, sky = org("BT"), org("Ofcom"), org("Sky")
    named = [mention("BT", text, bt, 0), mention("Ofcom", text, ofcom, 0), mention("BT", text, bt, 1, 1),
             mention("Sky", text, sky, 1), mention("BT", text, bt, 2, 2)]
    start = text.index("regulator Ofcom")
    label = Descriptor(start, start + len("regulator Ofcom"), "regulator Ofcom", "regulator", "Ofcom", 0, "label")
    watchdog = descriptor("The watchdog", text, "watchdog", 2, "organisation", "subject")
    assert resolve_references("d", [bt, ofcom, sky], named, [watchdog]) == []  # three bodies: no guess
    out = resolve_references("d", [bt, ofcom, sky], named, [label, watchdog])
    assert [(m.text, m.entity_id, m.inferred) for m in out] == [("The watchdog", ofcom.id, True)]


def test_a_role_nobody_holds_said_by_the_main_subject_of_the_sentence_before():
    text = 'Mr Johnson said Mr Blair was wrong. "No," the Spectator editor told the BBC.'
    johnson, blair, bbc = person("Johnson", "Mr Johnson"), person("Blair", "Mr Blair"), org("BBC")
    named = [mention("Johnson", text, johnson, 0), mention("Blair", text, blair, 0), mention("BBC", text, bbc, 1)]
    editor = Descriptor(text.index("the Spectator"), text.index(" told"), "the Spectator editor", "editor",
                        "Spectator", 1, "role", "subject")
    roles = [Subject(0, (text.index("Johnson"),), True, "say"), Subject(1, (text.index("editor"),), True, "tell")]
    out = resolve_references("d", [johnson, blair, bbc], named, [editor], (), (), roles)
    assert [(m.entity_id, m.inferred) for m in out] == [(johnson.id, True)]
    # not for another verb, not for a national role, not when the speaker holds another office
    took = [roles[0], Subject(1, roles[1].heads, True, "take")]
    assert resolve_references("d", [johnson, blair, bbc], named, [editor], (), (), took) == []
    russian = Descriptor(editor.start, editor.end, "the Russian editor", "editor", "Russian", 1, "role", "subject")
    assert resolve_references("d", [johnson, blair, bbc], named, [russian], (), (), roles) == []
    mayor = person("Johnson", "Mr Johnson", roles=("London mayor",))
    named2 = [Mention("d", m.start, m.end, m.text, mayor.id if m.entity_id == johnson.id else m.entity_id,
                      m.sentence, "Person") for m in named]
    pm = Descriptor(editor.start, editor.end, "the prime minister", "leader", None, 1, "role", "subject")
    assert resolve_references("d", [mayor, blair, bbc], named2, [pm], (), (), roles) == []


def test_a_shadow_or_deputy_office_is_not_the_office():
    text = "Shadow Chancellor Oliver Letwin spoke. The chancellor said no."
    letwin = person("Oliver Letwin", roles=("Shadow Chancellor",))
    named = [mention("Oliver Letwin", text, letwin, 0)]
    chancellor = descriptor("The chancellor", text, "chancellor", 1, "role", "subject")
    assert resolve_references("d", [letwin], named, [chancellor]) == []
    shadow = descriptor("The chancellor", text, "chancellor", 1, "role", "subject")
    shadow = Descriptor(shadow.start, shadow.end, "the shadow chancellor", "chancellor", None, 1, "role", "subject")
    assert [m.entity_id for m in resolve_references("d", [letwin], named, [shadow])] == [letwin.id]


PIPELINE = [
    (('Mr Johnson said Mr Blair "should butt out of" the row. "I do not see why," The Spectator editor told '
      "BBC Radio 4's Today programme."), ("Johnson", "BBC")),
    ("BT sent its plan to telecoms regulator Ofcom on Monday. The watchdog criticised BT.", ("Ofcom", "BT")),
    ("A report by the Audit Commission was published on Monday. The report criticised the Home Office.",
     ("Audit Commission", "Home Office")),
    ("A spokesman for the Home Office said the plan was fine. The spokesman criticised Liberty.",
     ("Home Office", "Liberty")),
]


@pytest.mark.slow
@pytest.mark.parametrize("text,pair", PIPELINE)
def test_descriptions_read_off_the_parse_reach_an_inferred_action(nlp, text, pair):
    from graph.ingest import run_pipeline
    from graph.pipeline.read import parse_text

    [out] = run_pipeline([parse_text(text, "t", title="t")], nlp=nlp)
    names = {e.id: e.name for e in out.entities}
    actions = {(names[r.source], names[r.target]): r.evidence.inferred for r in out.relations
               if r.type != "CO_MENTIONED"}
    assert actions.get(pair) is True, actions


def test_the_prime_minister_is_not_the_chancellor():
    # made-up names: the gazetteer of office holders knows who the real ones were
    text = "Chancellor Gordon Baxter spoke. Tony Marsh spoke too. The prime minister said no."
    brown, blair = person("Gordon Baxter", roles=("Chancellor",)), person("Tony Marsh")
    named = [mention("Gordon Baxter", text, brown, 0), mention("Tony Marsh", text, blair, 1)]
    pm = descriptor("The prime minister", text, "leader", 2, "role", "subject")
    assert resolve_references("d", [brown, blair], named, [pm]) == []
    german = Descriptor(pm.start, pm.end, "the German leader", "leader", "German", 2, "role", "subject")
    merkel = person("Angela Merkel", roles=("German Chancellor",))
    named2 = [Mention("d", 0, 10, "x", merkel.id, 0, "Person")]
    assert [m.entity_id for m in resolve_references("d", [merkel], named2, [german])] == [merkel.id]


def test_a_report_speaks_for_its_author():
    text = "A report by the Audit Commission came out. Labour met Unison. The report urged the Home Office to act."
    audit, labour, unison, home = org("Audit Commission"), org("Labour"), org("Unison"), org("Home Office")
    named = [mention("Audit Commission", text, audit, 0), mention("Labour", text, labour, 1),
             mention("Unison", text, unison, 1), mention("Home Office", text, home, 2)]
    start = text.index("the Audit Commission")
    by = Descriptor(start, start + len("the Audit Commission"), "the Audit Commission", "report", "the Audit Commission",
                    0, "authored")
    report = descriptor("The report", text, "report", 2, "document", "subject")
    entities = [audit, labour, unison, home]
    assert resolve_references("d", entities, named, [report]) == []  # no author known
    out = resolve_references("d", entities, named, [by, report])
    assert [(m.text, m.entity_id, m.inferred) for m in out] == [("The report", audit.id, True)]
    study = Descriptor(report.start, report.end, "The study", "study", None, 2, "document", "subject")
    assert resolve_references("d", entities, named, [by, study]) == []  # another document


def test_they_for_two_bodies_named_as_one_subject():
    text = "Boeing and Airbus took orders. They criticised the WTO."
    boeing, airbus, wto = org("Boeing"), org("Airbus"), org("WTO")
    named = [mention("Boeing", text, boeing, 0), mention("Airbus", text, airbus, 0), mention("WTO", text, wto, 1)]
    they = text.index("They")
    out = resolve_references("d", [boeing, airbus, wto], named, (), [Pronoun(they, they + 4, "They", 1)], (),
                             [subject_of(text, 0, "Boeing", "Airbus")])
    assert sorted(m.entity_id for m in out) == sorted([boeing.id, airbus.id]) and all(m.inferred for m in out)


def test_eval_coref_command_reports_a_missing_file_in_one_line(tmp_path):
    from click.testing import CliRunner

    from cli import cli

    result = CliRunner().invoke(cli, ["eval", "coref", "--gum", str(tmp_path / "none.jsonl")])
    assert result.exit_code == 1 and result.output.strip().splitlines() == [
        f"Error: no such file: {tmp_path / 'none.jsonl'}"]
    assert "GUM" in CliRunner().invoke(cli, ["eval", "coref", "--help"]).output


@pytest.mark.slow
def test_the_description_reader_is_its_own_module(nlp):
    """The parse-based description reader lives in graph.pipeline.descriptions; coref
    re-exports it, so callers of ``coref.descriptions`` read the same records."""
    from graph.pipeline import coref as coref_stage
    from graph.pipeline.descriptions import descriptions

    assert coref_stage.descriptions is descriptions
    doc = nlp("The Spectator editor said no. A spokesman for the Home Office said yes.")
    kinds = {(d.kind, d.text) for d in descriptions(doc)}
    assert ("role", "The Spectator editor") in kinds
    assert ("authored", "the Home Office") in kinds
