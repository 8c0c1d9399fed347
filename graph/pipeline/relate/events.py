"""Event nouns: "talks between X and Y", "a call with X", "held talks with", "X's attack on
Y", "criticism of Y from X", "a letter to Y from X"."""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

from graph.pipeline.extract import is_outlet
from graph.pipeline.relate.arguments import (
    RawAction,
    _args,
    _candidates,
    _conjuncts,
    _prep_objects,
    _subjects,
)
from graph.pipeline.relate.modality import (
    _PLANNED,
    _attached_date,
    _future,
    _governed_hypothetically,
    _hypothetical,
    _negated,
    _noun_date,
    _reporter,
)
from graph.pipeline.relate.topics import (
    actor,
    actor_noun,
    is_topic,
    owners,
    with_owners,
)
from graph.schema import relation_types, words

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

_ARRIVALS = words("gatherings.arrivals")
_CALLING = words("demands.calling")
_JOINING = words("demands.joining")

#: Prepositions naming the partner of a symmetric event ("talks with Y") and the target of a
#: directed one ("criticism of Y", "an attack on Y", "a rebuke for Y", "a letter to Y",
#: "sanctions against Y", "a swipe at Y").
_WITH = frozenset({"with", "to"})
_TARGETING = frozenset({"of", "on", "for", "to", "with", "against", "at"})
#: Prepositions naming the addressee of a message: "a letter to Y", "a briefing for Y".
_ADDRESSING = frozenset({"to", "for", "with"})
def _media(tok: Token) -> bool:
    """``tok`` is in an organisation named as a media outlet ("Sky News", "the BBC")."""
    ent = next((e for e in tok.doc.ents if e.start <= tok.i < e.end), None)
    return ent is not None and ent.label_ == "ORG" and is_outlet(ent)


def _outlets(tok: Token) -> list[Token]:
    """The media outlet ``tok`` names ("on Sky News") or whose programme it is ("on the BBC's
    Today programme", "on BBC One's Breakfast with Frost"): a show stands for its outlet."""
    if _media(tok):
        return [tok]
    owners = [c for c in tok.children if c.dep_ == "poss"]
    found = []
    for o in owners:
        named = [o] + [c for c in o.children if c.dep_ == "compound"]
        found += [t for t in named if _media(t)][:1]
    return found


#: Prepositions naming the author of an event: "criticism from X", "an attack by X".
_AUTHORS = frozenset({"from", "by"})
#: Verbs whose subject is the author of the event noun they take as object: "X launched an
#: attack on Y", "X issued a warning to Y" (not "X welcomed the criticism of Y").
_LIGHT_VERBS = frozenset({"make", "launch", "issue", "deliver", "send", "write", "give", "lodge", "mount",
                          "level", "voice", "express", "renew", "step", "hold", "have", "pay", "impose",
                          "extend", "announce", "file", "direct", "aim", "unleash", "post"})
#: Verbs whose subject is the target of the event noun they take as object: "X faced
#: criticism from Y", "X drew a rebuke from Y", "X rejected criticism from Y".
_RECEIVING = frozenset({"face", "receive", "draw", "attract", "suffer", "get", "earn", "incur", "provoke",
                        "resist", "withstand", "reject", "dismiss", "rebuff", "brush", "shrug", "deflect"})
#: ... and verbs whose subject contests a verdict or suit it faces (criticism only: "lost the
#: support of Y" is no support): "Microsoft lost a lawsuit brought by Eolas".
_CONTESTING = frozenset({"lose", "win", "fight", "contest", "settle", "defend"})
#: ... and verbs whose subject is its target through "to": "X bowed to pressure from Y", "X is
#: giving in to French pressure", "X responded to criticism from Y" (of demands, verdicts and
#: threats only: "reacting to his calls for iodised salt" answers no phone call).
_YIELDING = frozenset({"bow", "yield", "succumb", "cave", "give", "bend", "submit", "respond", "react",
                       "reply", "listen", "heed", "cede"})
#: Classes whose action on a thing reaches the actor the thing goes to or belongs to: "a ban on
#: arms exports to China", "raided the offices of the party", "an embargo on trade with Cuba".
_REACHING = frozenset({"sanction", "force"})
_YIELDED_TO = frozenset({"demand", "criticize", "threaten"})
#: ... and verbs whose subject is its target through "under": "X came under attack from Y", "X is
#: under pressure from Y to resign", "X fell under suspicion" (of the same classes).
_UNDERGOING = frozenset({"come", "be", "fall", "remain", "stay"})
_THROUGH = frozenset({"to", "of", "from", "with", "into"})


def light_objects(verb: Token, preps: frozenset[str]) -> list[tuple[Token, Token]]:
    """Prepositional objects of a light verb, with the "to" the parser tags as a dative:
    "gave an ultimatum to Iraq", "sent a letter to Y"."""
    return _prep_objects(verb, preps) + [(c, g) for c in verb.children if c.dep_ == "dative" and c.pos_ == "ADP"
                                         and c.lower_ in preps for g in c.children if g.dep_ == "pobj"]


def reached(targets: list[Token], type_: str) -> list[Token]:
    """``targets``, with a thing a sanction or force is aimed at replaced by the actors it goes
    to or belongs to ("exports to China" is China); other classes keep their targets."""
    if relation_types()[type_].interaction_class not in _REACHING:
        return targets
    out: list[Token] = []
    for tok in targets:
        through: list[Token] = []
        if tok.pos_ == "NOUN" and not tok.ent_type_ and not actor_noun(tok):
            # the parser may hang "to China" on the noun or verb above: "imposed a ban on sales to China"
            head = tok
            for _ in range(4):
                through = [g for _, g in _prep_objects(head, _THROUGH) if actor(g) and g.i > tok.i]
                if through or head.head.i == head.i or head.pos_ in ("VERB", "AUX"):
                    break
                head = head.head
        out.extend(through or [tok])
    return out


_DEMAND_TYPE = "APPEALED_TO"
_OWN_ACTS = words("demands.own_acts")


@lru_cache(maxsize=1)
def asking_verbs() -> frozenset[str]:
    """Verbs of the demand class in the taxonomy, and of calling for something."""
    verbs = {v for rt in relation_types().values() if rt.interaction_class == "demand"
             for p in rt.patterns if not p.nouns for v in p.verbs}
    return frozenset(verbs | words("demands.calling"))


def asking_message(verb: Token) -> bool:
    """A message that asks: "wrote a letter to Y asking him to reconsider", "wrote to Y, urging
    him to act", "sent a letter calling for an inquiry", "wrote to Y to ask for an apology" (a
    participle or a purpose infinitive of asking on the verb or on its object)."""
    heads = [verb, *(c for c in verb.children if c.dep_ == "dobj")]
    return any(c.dep_ in ("advcl", "acl", "xcomp") and c.lemma_.lower() in asking_verbs() and (
        c.tag_ == "VBG" or c.tag_ == "VB" and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children))
               for h in heads for c in h.children)


def clauses_of(verb: Token) -> list[Token]:
    """``verb`` and the clauses it controls or coordinates, two levels down."""
    clauses = [verb]
    for _ in range(2):
        clauses += [c for v in clauses for c in v.children if c.dep_ in ("xcomp", "conj")]
    return list(dict.fromkeys(clauses))


def _asks(verbs: list[Token]) -> bool:
    """One of ``verbs`` asks for something ("urged", "called for", "demanded")."""
    return any(v.pos_ == "VERB" and v.lemma_.lower() in asking_verbs() for v in verbs)


def asked_for(head: Token) -> tuple[list[Token], bool]:
    """Whom a call for something asks, and whether that was found by anaphora: the subject of
    a clause marked by "for" ("called for Y to resign", "calls for the agency to be wound up"),
    or the owner of what is asked for, a topic ("called for the embargo to be lifted": whoever
    imposed it) or an act of its own ("called for Y's resignation")."""
    asked: list[Token] = []
    inferred = False
    for clause in head.children:
        marks = [m for m in clause.children if m.dep_ == "mark" and m.lower_ == "for"]
        if clause.dep_ in ("advcl", "ccomp", "xcomp", "acl", "relcl") and marks:
            # the parser may hang the subject on the mark: "calls for [Blair] to resign"
            subjects = [c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")] + [
                g for g in marks[0].children if g.dep_ == "pobj"]
            for subj in subjects:
                if actor(subj) or actor_noun(subj):
                    asked.append(subj)
                elif is_topic(subj):
                    found, by_anaphora = owners(subj)
                    asked += found
                    inferred = inferred or by_anaphora
    for _, thing in _prep_objects(head, frozenset({"for"})):
        if is_topic(thing) or thing.lemma_.lower() in _OWN_ACTS and thing.pos_ == "NOUN":
            found, by_anaphora = owners(thing)
            asked += found
            inferred = inferred or by_anaphora
    return asked, inferred


def _owners(noun: Token, directed: bool, adjunct: bool) -> list[Token]:
    """Who an event noun is by: its possessor ("X's attack on Y", "his criticism of Y": a
    pronoun stands for whom coreference links it to, unless the noun is in a fronted adjunct);
    for a directed event also a name before it ("the US embargo on Cuba", "French pressure",
    "the Tory attack on Labour")."""
    found = [c for c in noun.children if c.dep_ == "poss"
             and (c.pos_ in ("PROPN", "NOUN") or c.pos_ == "PRON" and not adjunct)]
    if found or not directed:
        return found
    named = [c for c in noun.children if c.dep_ == "compound" and c.ent_type_ in ("ORG", "NORP", "GPE", "PERSON")
             or c.dep_ == "amod" and c.ent_type_ in ("NORP", "GPE")][:1]
    if named:
        return named
    # "the US-led invasion of Iraq": the leader named before a hyphenated "led"
    return [g for c in noun.children if c.dep_ == "amod" and c.lower_ == "led"
            for g in c.children if g.dep_ in ("npadvmod", "compound", "nmod") and g.ent_type_ in ("ORG", "GPE", "NORP")][:1]


def _receiver(noun: Token, type_: str) -> Token | None:
    """The verb whose subject an event noun is aimed at: "X faced criticism", "X bowed to
    pressure" (not when the verb's own target follows: "gave in to pressure to ban Y")."""
    head = noun.head
    if noun.dep_ == "dobj" and head.lemma_.lower() in _RECEIVING:
        return head
    if noun.dep_ == "dobj" and head.lemma_.lower() in _CONTESTING \
            and relation_types()[type_].interaction_class == "criticize":
        return head  # "Microsoft lost a lawsuit brought by Eolas", "is fighting criticism from Y"
    if noun.dep_ == "pobj" and head.lower_ == "to" and head.head.lemma_.lower() in _YIELDING \
            and relation_types()[type_].interaction_class in _YIELDED_TO \
            and head.head.pos_ == "VERB" and not any(c.dep_ in ("dobj", "dative") for c in head.head.children):
        verb = head.head
        # "gave in to": only with its particle is giving yielding
        if verb.lemma_.lower() != "give" or any(c.dep_ == "prt" and c.lower_ == "in" for c in verb.children):
            return verb
    if noun.dep_ == "pobj" and head.lower_ == "under" and head.head.lemma_.lower() in _UNDERGOING \
            and head.head.pos_ in ("VERB", "AUX") and relation_types()[type_].interaction_class in _YIELDED_TO:
        return head.head
    return None


#: Events of many people, whose partner only "with Y" names: "during a conference in Phoenix,
#: ... struggling with Y" meets nobody, "a joint news conference with Y" meets Y.
_CROWDED = frozenset({"conference"})


def _event_actions(noun: Token, sent: Span, type_: str, offset: int, sentence: int) -> Iterator[RawAction]:
    """Noun forms: "a meeting between X and Y", "X's call with Y", "talks with Y"."""
    between = [g for _, g in _prep_objects(noun, frozenset({"between"}))]
    hypothetical = any(c.lower_ in _PLANNED for c in noun.children) or _governed_hypothetically(noun)
    flags = {"date_text": None, "negated": False, "hypothetical": hypothetical, "reported_by": None}
    if between:
        people = _conjuncts(between[0])
        if len(people) > 1:
            yield RawAction(type_, f"{noun.text} between", sentence, (_candidates(people[0], offset),),
                            tuple(_candidates(t, offset) for t in people[1:]), **flags)
        return
    if relation_types()[type_].interaction_class == "communicate":
        # "Labour's calls for Y to resign", "X's letter calling for ..." : a request, not a message
        asked, inferred = asked_for(noun)
        owner = _owners(noun, True, False)
        verb = noun.head
        if asked and not owner and noun.dep_ == "dobj" and verb.lemma_.lower() in _JOINING | _LIGHT_VERBS:
            owner = _subjects(verb)  # "she joined the calls for him to resign"
            flags.update(negated=_negated(verb), hypothetical=hypothetical or _hypothetical(verb),
                         reported_by=_reporter(verb), date_text=_attached_date(verb, sent))
        if asked and owner:
            yield RawAction(_DEMAND_TYPE, f"{noun.text} for", sentence, _args(owner, offset), _args(asked, offset),
                            inferred=inferred, **flags)
            return
        if noun.lemma_.lower() in _CALLING and any(c.dep_ == "prep" and c.lower_ == "for" for c in noun.children):
            return  # "rejected the Tories' call for a quota": a call for something is no message
    directed = not relation_types()[type_].symmetric
    preps = _TARGETING if directed else _WITH
    if directed and relation_types()[type_].interaction_class == "communicate":
        preps = _ADDRESSING  # "his remarks on Labour's plans" are about the plans, to no one
    # "a call on May 16": a date is no partner
    found = [(p, g) for p, g in _prep_objects(noun, preps) if g.ent_type_ not in ("DATE", "TIME")]
    if preps is _ADDRESSING:
        # "his interview on BBC One": "on" names an addressee only when it names an outlet
        # ("on BBC One's Breakfast programme": a programme stands for the outlet that owns it)
        on_air = [(p, g) for p, g in _prep_objects(noun, frozenset({"on"}))]
        found += [(p, o) for p, g in on_air for o in _outlets(g)]
    if not directed and not found:
        # "attended a meeting chaired by Y", "a summit hosted by Y": its host is a partner
        found = [(a, g) for c in noun.children if c.dep_ == "acl" and c.tag_ == "VBN"
                 for a in c.children if a.dep_ == "agent" for g in a.children if g.dep_ == "pobj" and actor(g)]
    partners = [g for _, g in found]
    if directed:
        partners = reached(partners, type_)
    # the owner ("X's attack on Y", "his criticism of Y") or, of a directed event, its author
    # ("criticism of Y from X"); in a fronted adjunct ("During his response to X, Howard said")
    # the clause's subject is the author: read below
    adjunct = noun.dep_ == "pobj" and noun.head.lower_ in ("in", "on", "at", "during")
    owners = _owners(noun, directed, adjunct)
    # the parser often hangs "from X" on the target: "criticism of Y from X"
    authors = [g for head in (noun, *partners) for _, g in _prep_objects(head, _AUTHORS)] if directed else []
    if directed and not authors:
        # "a lawsuit brought by Eolas", "criticism voiced by the regulator"
        authors = [g for c in noun.children if c.dep_ == "acl" and c.tag_ == "VBN"
                   for a in c.children if a.dep_ == "agent" for g in a.children if g.dep_ == "pobj" and actor(g)]
    receiver = _receiver(noun, type_) if directed and not any(actor(p) for p in partners) else None
    if receiver is not None and not (authors or owners):
        # "X received a letter from Y", "X faced criticism from Y": "from" hung on the verb
        authors = [g for _, g in _prep_objects(receiver, frozenset({"from"}))]
    if receiver is not None and (authors or owners):
        targets = _subjects(receiver)
        if targets:
            # "X faces expulsion from the party": a sanction faced is one still to come
            facing = receiver.lemma_.lower() == "face" and relation_types()[type_].interaction_class in _REACHING
            flags.update(date_text=_attached_date(receiver, sent), negated=_negated(receiver),
                         hypothetical=hypothetical or facing or _hypothetical(receiver),
                         reported_by=_reporter(receiver), future=_future(receiver))
            phrase = f"{receiver.text} {noun.text}" if noun.dep_ == "dobj" else f"{receiver.text} to {noun.text}"
            yield RawAction(type_, phrase, sentence, _args(authors or owners, offset), _args(targets, offset),
                            **flags)
        return
    by = [g for _, g in _prep_objects(noun, frozenset({"by"})) if actor(g) or actor_noun(g)] if directed else []
    done_to = [c for c in noun.children if c.dep_ == "poss" and c.pos_ in ("PROPN", "NOUN", "PRON")]
    if by and done_to and not partners and receiver is None:
        # "his detention by the United States", "Y's arrest by police": with the doer named by
        # "by", the possessor is the one the event is done to (in a fronted adjunct too)
        yield RawAction(type_, f"{noun.text} by", sentence, _args(by, offset), _args(done_to, offset), **flags)
        return
    if (owners or authors) and partners:
        phrase = f"{noun.text} {found[0][0].lower_}"
        yield RawAction(type_, phrase, sentence, _args(owners or authors, offset), _args(partners, offset),
                        **flags)
        return
    if directed and partners and noun.dep_ == "attr" and noun.head.pos_ in ("AUX", "VERB"):
        # "The report was a stinging rebuke for the government": the subject is the author,
        # or what the subject is of ("the committee's report")
        verb = noun.head
        subjects = [c for c in verb.children if c.dep_ == "nsubj"]
        if subjects:
            sources, inferred = with_owners(subjects, offset)
            flags.update(date_text=_attached_date(verb, sent), negated=_negated(verb),
                         hypothetical=hypothetical or _hypothetical(verb), reported_by=_reporter(verb),
                         future=_future(verb))
            yield RawAction(type_, f"{verb.text} a {noun.text} {found[0][0].lower_}", sentence, sources,
                            _args(partners, offset), inferred=inferred, **flags)
        return
    light = noun.head.lemma_.lower() in _LIGHT_VERBS
    if not (directed and light and noun.dep_ == "dobj"):
        # "in an interview on CBS's programme": only "with" and "to" (or a host's "by") name a
        # partner here
        partners = [g for p, g in found if p.lower_ in _WITH or p.dep_ == "agent"]
    if directed and light and noun.dep_ == "dobj" and not any(actor(p) for p in partners):
        # "gave an ultimatum to Iraq" ("to" on the verb), "gave Iraq an ultimatum"; "sent the
        # Commission a response to the allegations": what the noun answers is no addressee
        verb = noun.head
        partners = [g for _, g in light_objects(verb, _WITH)] + [
            c for c in verb.children if c.dep_ == "dative" and c.pos_ != "ADP"] or partners
    # "Hamill's schedule included a panel with Kevin Conroy"; "X launched an attack on Y"
    if noun.dep_ == "dobj" and partners and noun.head.pos_ in ("VERB", "AUX") \
            and (not directed or light):
        verb = noun.head
        sources = _subjects(verb)
        if sources:
            flags.update(date_text=_attached_date(verb, sent), negated=_negated(verb),
                         hypothetical=hypothetical or _hypothetical(verb), future=_future(verb))
            if relation_types()[type_].interaction_class == "communicate" and asking_message(verb):
                type_ = _DEMAND_TYPE  # "wrote a letter to Y asking him to reconsider"
            yield RawAction(type_, f"{verb.text} {noun.text}", sentence, _args(sources, offset),
                            _args(partners, offset), **flags)
        return
    # "On a call on May 16, Merz ... made it clear to Mr Trump"; "in remarks to al-Ikhbariya, X said";
    # "After talks with Chirac, Schroeder said"; "Annan arrived in Khartoum for talks with Y"
    if noun.dep_ == "pobj" and noun.head.dep_ == "prep" and (
            noun.head.lower_ in ("on", "in", "at", "during")
            or not directed and partners and noun.head.lower_ in ("after", "following")
            or not directed and partners and noun.head.lower_ == "for"
            and noun.head.head.lemma_.lower() in _ARRIVALS):
        verb = noun.head.head
        if verb.pos_ not in ("VERB", "AUX"):
            return
        if not partners and noun.lemma_.lower() not in _CROWDED:
            # "tried to make it clear to Mr Trump": two clauses down at most
            clauses = [verb]
            for _ in range(2):
                clauses += [c for v in clauses for c in v.children if c.dep_ in ("xcomp", "ccomp")]
            partners = [g for v in dict.fromkeys(clauses) for _, g in _prep_objects(v, _WITH)]
        sources = _subjects(verb)
        flags.update(date_text=_noun_date(noun, sent) or _attached_date(verb, sent), negated=_negated(verb),
                     hypothetical=hypothetical or _hypothetical(verb), reported_by=_reporter(verb),
                     future=_future(verb))
        phrase = noun.doc[noun.head.i:noun.i + 1].text
        phrase = phrase[:1].lower() + phrase[1:]
        if sources and partners:
            if relation_types()[type_].interaction_class == "communicate" and _asks(clauses_of(verb)):
                type_ = _DEMAND_TYPE  # "in a letter to Y, X called for an inquiry": a request in a letter
            yield RawAction(type_, phrase, sentence, _args(sources, offset), _args(partners, offset), **flags)
        elif sources and noun.lower_ == noun.lemma_.lower():
            # "Mr Zelensky was also on the May 16 call": an event told before, named by its date
            if flags["date_text"]:
                yield RawAction(type_, phrase, sentence, _args(sources, offset), (), joins=True, **flags)
