"""Verb patterns: typed actions read off the dependency parse through the relation taxonomy
in ``graph/data/relations.yaml``."""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterator
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from graph.pipeline.relate.arguments import (
    _PROGRAMMES,
    Arg,
    RawAction,
    _agents,
    _args,
    _candidates,
    _conjuncts,
    _including,
    _prep_objects,
    _stray_conjuncts,
    _subjects,
)
from graph.pipeline.relate.events import (
    _event_actions,
    asked_for,
    asking_message,
    light_objects,
    reached,
)
from graph.pipeline.relate.modality import (
    _asserting_form,
    _attached_date,
    _future,
    _hypothetical,
    _negated,
    _reporter,
)
from graph.pipeline.relate.idioms import idiom_of
from graph.pipeline.relate.speech import labels_verdict, quoted_actions, speech_actions
from graph.pipeline.relate.topics import actor, actor_noun, doers, is_topic, with_owners
from graph.schema import Pattern, relation_types, words
from graph.schema.organisations import name_subtype
from graph.schema.vocab import coref

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

__all__ = ["actions"]

#: Classes whose verbs pass a verdict on their object, which then falls on its owner:
#: "backed BT's proposals" backs BT.
_EVALUATING = frozenset({"cooperate", "criticize"})
#: Adverbs of acting together, and the type such joint action is.
_JOINTLY = words("cooperation.jointly")
_JOINT_TYPE = "AGREED_WITH"
_JOINT_GATHERINGS = words("gatherings.heads")
#: Demands and threats read off a verb's complement (``demands`` in graph/data/words.yaml).
_CALLING = words("demands.calling")
_TELLING = words("demands.telling")
_TELLING_CLAUSE = _TELLING | words("speech.say")
_REGARD = words("arguments.regard")
_THREATENING = words("demands.threatening")
_WARNING = words("demands.warning")
_DEMAND_MODALS = words("evaluation.demand_modals")
_DEMAND_TYPE = "APPEALED_TO"
_THREAT_TYPE = "THREATENED"
_INFORM_TYPE = "INFORMED"
#: Classes of an act whose threat is a threat to its target: "threatened to sue Y".
_THREATENABLE = frozenset({"criticize", "sanction", "force"})
#: Modals of an act announced as coming ("X said it would sue Y"); "could", "may" only weigh it.
_WILL = frozenset({"will", "would", "'ll", "wo"})
#: Pronouns by which a singular or a plural speaker names itself as the actor.
_OWN_SINGULAR = frozenset({"i", "we", "it", "he", "she"})
_OWN_PLURAL = frozenset({"we", "they"})
#: Verbs of saying that announce what their subject will do.
_ANNOUNCING = frozenset({"say", "announce", "insist", "vow", "warn", "declare", "state"})
#: The type an attack on a plan or a failing is: criticism of its owner.
_VERBAL_ATTACK = "CRITICIZED"
_VERDICT_NOUNS = words("evaluation.negative_nouns") | words("evaluation.positive_nouns")
#: Regular endings a mislemmatised verb form may still be read through ("fined" as "fin").
_ENDINGS = ("ing", "ed", "es", "d", "s")
_PRIZES = words("contests.prizes")
_LAWSUIT_NOUNS = words("lawsuits.nouns")
_BRINGING = words("lawsuits.bringing")
#: The event noun a brought case reads as (an event of SUED in relations.yaml).
_LAWSUIT = "lawsuit"
#: Verbs of giving, whose indirect object is the one given to ("offered China access").
_GIVING = words("aid.giving")
#: Prepositions naming the partner of a joint event: "a call from Y", "a meeting with Y".
_PARTNER_PREPS = frozenset({"with", "from", "between"})
_COUNSEL = words("employment.counsel")
_SPEAKING_ON = words("media.speaking_on")
_VIEWING_ON = words("media.viewing_on")
_QUESTIONED_ON = words("media.questioned_on")
_SESSIONS = words("media.sessions")
_SPEECH_NOUNS = words("topics.speech_nouns")
#: Light verbs that, with something said as object, tell speaking ("made his comments").
_LIGHT_SPEECH = frozenset({"make", "give", "deliver", "issue"})
_DOUBTS = words("stances.doubts")
_DOUBT_PREPS = words("stances.doubt_preps")
_QUESTIONING = words("questioning.verbs")
_WHETHER = frozenset({"whether", "if", "why", "how"})
#: The type speaking on an outlet's air is (an interview: a message to the outlet).
_ON_AIR_TYPE = "INFORMED"


def _contest(verb: Token) -> bool:
    """"fight the Suffolk seat", "challenged Y for the leadership": an electoral contest, which
    the guideline does not record as an action on a rival."""
    prizes = [c for c in verb.children if c.dep_ == "dobj"]
    # (not a possessed one: "praised Y for his leadership" is Y's merit, no contest)
    prizes += [g for c in verb.children if c.dep_ == "prep" and c.lower_ == "for" for g in c.children
               if g.dep_ == "pobj" and not any(d.dep_ == "poss" for d in g.children)]
    return any(t.lemma_.lower() in _PRIZES for t in prizes)


def _employed(verb: Token) -> bool:
    """"NM Rothschild is advising Mr Glazer", "returning to advise Labour on strategy": counsel
    as an ongoing job (a progressive, an infinitive of purpose, a field with "on") is employment."""
    if verb.lemma_.lower() not in _COUNSEL:
        return False
    return verb.tag_ == "VBG" or any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children) \
        or any(c.dep_ == "prep" and c.lower_ == "on" for c in verb.children)


def _announced(anchor: Token, sources: list[Token]) -> tuple[Token, list[Token]] | None:
    """The verb of saying that announces ``anchor`` as its subject's own act to come, with its
    speakers: "X said it would sue Y", "X said they will take legal action against Y" (a
    personal pronoun subject and "will" or "would"; "could", "may" only weigh it)."""
    head = anchor.head
    speakers = _subjects(head) if anchor.dep_ == "ccomp" and head.lemma_.lower() in _ANNOUNCING else []
    if not speakers:
        return None
    modals = {c.lower_ for c in anchor.children if c.dep_ == "aux" and c.tag_ == "MD"}
    if not modals or not modals <= _WILL:
        return None
    # the pronoun agrees with the speaker: "the Tories said they would", "Blair said he would"
    plural = speakers[0].tag_ in ("NNS", "NNPS") or len(_conjuncts(speakers[0])) > 1
    own = _OWN_PLURAL if plural else _OWN_SINGULAR
    if not sources or not all(s.pos_ == "PRON" and s.lower_ in own for s in sources):
        return None
    return head, speakers


def _article(noun: Token) -> str:
    """The article a singular noun takes in a verb phrase as read: "signed a deal", "launched an attack"."""
    if noun.tag_ != "NN":
        return ""
    return "an " if noun.lower_[:1] in "aeiou" else "a "


def _verb_flags(verb: Token, sent: Span) -> dict[str, Any]:
    """The date, negation, modality, attribution and tense of an action told by ``verb``."""
    return {"date_text": _attached_date(verb, sent), "negated": _negated(verb), "hypothetical": _hypothetical(verb),
            "reported_by": _reporter(verb), "future": _future(verb)}


def _conduct(verb: Token) -> list[Token]:
    """Who does what a "how" clause as the verb's object tells: "X criticised how Y handled the
    war", "X praised how Y ran the campaign", "how he was treated by Y" (Y, not him)."""
    return [s for c in verb.children if c.dep_ == "ccomp" and c.i > verb.i
            and any(a.dep_ == "advmod" and a.lower_ == "how" and a.i < c.i for a in c.children)
            for s in doers(c)]


def _match(verb: Token, pattern: Pattern, passive: bool, evaluating: bool = False) -> tuple[list[Token], str] | None:
    """Targets of ``pattern`` on ``verb`` and the verb phrase; None when it does not apply.
    ``evaluating``: the pattern's type is a verdict, which falls on who did what a "how" clause
    object tells."""
    if _contest(verb) or _employed(verb):
        return None
    objects = [c for c in verb.children if c.dep_ == "dobj" or c.dep_ == "dative" and c.pos_ != "ADP"]
    if pattern.nouns:
        # "sent tens of thousands of troops into": look through quantity phrases
        heads = list(objects)
        for o in objects:
            tok = o
            for _ in range(3):
                of = [g for c in tok.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children
                      if g.dep_ == "pobj"]
                if not of:
                    break
                tok = of[0]
                heads.append(tok)
        nouns = [o for o in heads if o.lemma_.lower() in pattern.nouns or o.lower_ in pattern.nouns]
        if not nouns:
            return None
        found = light_objects(verb, pattern.preps)
        for noun in nouns:
            found.extend(_prep_objects(noun, pattern.preps))
        noun = nouns[0]
        if not found:
            # "X and Y signed a deal": coordinated subjects (see _verb_actions)
            return ([], f"{verb.text} {_article(noun)}{noun.text}") if pattern.reciprocal else None
        targets = [g for _, g in found]
        targets += _stray_conjuncts(verb, max(t.i for t in targets))
        return targets, f"{verb.text} {_article(noun)}{noun.text} {found[0][0].text}"
    targets: list[Token] = []
    phrase = verb.text
    # "gave in to pressure" is yielding, no giving: a particle "in" changes what "to" names
    yielding = any(c.dep_ == "prt" and c.lower_ == "in" for c in verb.children)
    if pattern.object:
        if passive:
            targets = [c for c in verb.children if c.dep_ == "nsubjpass"]
        else:
            targets = list(objects)
            if not any(t.pos_ in ("PROPN", "PRON") or t.ent_type_ for t in targets):
                # not a name modifying the object itself ("told Radio 4's Today programme"),
                # which the object's own reading covers
                targets += [n for n in _name_before_clause(verb) if n.head not in targets]
            if not targets and evaluating:
                targets = _conduct(verb)
    if pattern.preps and not yielding:
        preps = _prep_objects(verb, pattern.preps)
        if preps:
            phrase = f"{verb.text} {preps[0][0].text}"
            targets.extend(g for _, g in preps)
            targets += _stray_conjuncts(verb, max(t.i for t in targets))
        elif not passive and "to" in pattern.preps:
            targets.extend(_recipients(verb))
    if passive and pattern.object:
        phrase = f"was {verb.text} by"
    return (targets, phrase) if targets else ([], phrase) if pattern.reciprocal else None


def _name_before_clause(verb: Token) -> list[Token]:
    """A name right after the verb that the parser hung inside the clause that follows: in
    "the Pentagon told BBC News US policy condemns torture" the object "BBC News" is read as a
    modifier of "policy". The name's first word stands for it (the tagger's entity may run on
    into the clause: "BBC News US"). Only for a verb of telling with a subject of its own: "a
    service called MSN Spaces" names, and "beat Shrek 2" tells nothing."""
    doc = verb.doc
    i = verb.i + 1
    if verb.lemma_.lower() not in _TELLING_CLAUSE or not any(c.dep_ == "nsubj" for c in verb.children) \
            or i >= len(doc) or doc[i].ent_iob_ != "B" or doc[i].ent_type_ not in ("ORG", "PERSON", "GPE", "NORP") \
            or doc[i].dep_ not in ("compound", "nmod", "nsubj", "amod", "poss"):
        return []
    return [doc[i]]


def _recipients(verb: Token) -> list[Token]:
    """The indirect object of a verb of giving, which "to" would otherwise name: "offered China
    access" is "offered access to China", "sent the Commission a reply". Only with a direct object
    beside it: the double-object construction. Only a giver named as the
    verb's own subject gives: an inherited or relative subject often is no giver at all ("won the
    seat, giving the Tory leader a majority", "subsidies which give Russian firms an edge")."""
    if verb.lemma_.lower() not in _GIVING or not any(c.dep_ == "dobj" for c in verb.children):
        return []
    if not any(c.dep_ == "nsubj" and c.tag_ not in ("WDT", "WP") and (actor(c) or actor_noun(c))
               for c in verb.children):
        return []
    return [c for c in verb.children if c.dep_ == "dative" and c.pos_ in ("PROPN", "NOUN")]


@lru_cache(maxsize=1)
def _lexicon() -> tuple[dict[str, list[tuple[str, Pattern]]], dict[str, str]]:
    """Verb lemma -> (type, pattern) pairs, and event noun -> type, from the taxonomy."""
    lexicon: dict[str, list[tuple[str, Pattern]]] = defaultdict(list)
    for name, rt in relation_types().items():
        for p in rt.patterns:
            for v in p.verbs:
                lexicon[v].append((name, p))
    # light-verb patterns first: "threatened legal action against Y" is read through its noun
    # before "threatened" takes "action" as its object
    for patterns in lexicon.values():
        patterns.sort(key=lambda entry: not entry[1].nouns)
    events = {noun: name for name, rt in relation_types().items() for noun in rt.events}
    return dict(lexicon), events


def actions(doc: Doc, *, offset: int = 0, sentence_base: int = 0) -> Iterator[RawAction]:
    """Typed actions in ``doc`` matched by the taxonomy's verb and noun patterns."""
    lexicon, events = _lexicon()
    for index, sent in enumerate(doc.sents):
        found: dict[tuple[str, tuple[Arg, ...], tuple[Arg, ...]], RawAction] = {}
        for tok in sent:
            if tok.pos_ in ("VERB", "AUX") and _asserting_form(tok):
                new = list(speech_actions(tok, offset, sentence_base + index))
                idiom = _idiom_actions(tok, sent, offset, sentence_base + index)
                if idiom is not None:  # "called the plans into question" is no phone call
                    new += idiom
                elif not labels_verdict(tok):  # nor is "called the plans 'dangerous'"
                    new += _verb_actions(tok, sent, lexicon, offset, sentence_base + index)
                new += _questioned(tok, sent, offset, sentence_base + index)
                new += _stance(tok, sent, offset, sentence_base + index)
                new += _conditional_threat(tok, sent, offset, sentence_base + index)
                new += _called_for(tok, sent, offset, sentence_base + index)
                new += _asked_by(tok, sent, offset, sentence_base + index)
                new += _on_air(tok, sent, offset, sentence_base + index)
                new = new or list(_joint_actions(tok, sent, offset, sentence_base + index))
            elif tok.pos_ == "NOUN" and (key := _event_key(tok)) is not None:
                kind = events[key]
                new = _event_actions(tok, sent, kind, offset, sentence_base + index)
            else:
                continue
            for action in new:  # a light verb and its noun may both read "held a call with X"
                found.setdefault((action.type, action.sources, action.targets), action)
        yield from found.values()
    yield from quoted_actions(doc, offset, sentence_base)


def _held(verb: Token) -> bool:
    """Not held in regard: "is held in high esteem by the coach" detains no one."""
    return not any(g.lemma_.lower() in _REGARD for p in verb.children if p.dep_ == "prep" and p.lower_ == "in"
                   for g in p.children if g.dep_ == "pobj")


def _event_key(noun: Token) -> str | None:
    """The event noun ``noun`` is listed as: its form, its lemma, or its compound written as
    one word ("air strikes" for "airstrikes"); None when it is no event noun."""
    events = _lexicon()[1]
    for key in (noun.lower_, noun.lemma_.lower()):
        if key in events:
            return key
    for c in noun.children:
        if c.dep_ == "compound" and c.i == noun.i - 1 and c.is_lower and f"{c.lower_}{noun.lower_}" in events:
            return f"{c.lower_}{noun.lower_}"
    if noun.lemma_.lower() in _LAWSUIT_NOUNS and _LAWSUIT in events and any(
            c.dep_ == "acl" and c.tag_ == "VBN" and c.lemma_.lower() in _BRINGING for c in noun.children):
        return _LAWSUIT  # "a case brought by Eolas": a lawsuit
    return None


def _joint_actions(verb: Token, sent: Span, offset: int, sentence: int) -> Iterator[RawAction]:
    """"The Tories and Lib Dems have jointly tabled a motion": coordinated subjects acting
    jointly cooperate with each other, whatever the verb."""
    adverbs = [c for c in verb.children if c.dep_ == "advmod" and c.lower_ in _JOINTLY]
    # "Blair and Chirac held a joint news conference": a gathering they held jointly meets them
    joint = [o for o in verb.children if o.dep_ == "dobj" and o.lemma_.lower() in _JOINT_GATHERINGS
             and any(c.dep_ == "amod" and c.lower_ == "joint" for c in o.children)]
    if not adverbs and not joint:
        return
    people = [t for s in _subjects(verb) for t in _conjuncts(s)]
    if len(people) > 1:
        type_, phrase = ("MET", f"{verb.text} a joint {joint[0].text}") if joint \
            else (_JOINT_TYPE, f"{verb.text} {adverbs[0].lower_}")
        yield RawAction(type_, phrase, sentence, (_candidates(people[0], offset),),
                        tuple(_candidates(t, offset) for t in people[1:]), **_verb_flags(verb, sent))


def _joined(verb: Token) -> Token:
    """The verb ``verb`` is really coordinated with. The parser hangs a finite conjunct on the
    bare infinitive of a reported clause: in "Blair said Labour would set out plans and attacked
    the Tory plans", "attacked" (past, like "said") cannot join "would set out"; it joins "said",
    whose subject and mood it shares."""
    head = verb.head
    if verb.dep_ == "conj" and verb.tag_ == "VBD" and head.tag_ == "VB" and head.dep_ == "ccomp" \
            and any(c.dep_ == "aux" and c.tag_ == "MD" for c in head.children) and head.head.tag_ == "VBD":
        return head.head
    return verb


def _verbal(tok: Token) -> bool:
    """``tok`` is a plan, a claim or a verdict ("the plans", "the government's failure"), or a
    government itself ("attacked the government", "hit out at ministers"): what only words can
    attack."""
    return is_topic(tok) or tok.pos_ == "NOUN" and (tok.lemma_.lower() in _VERDICT_NOUNS
                                                    or tok.lower_ in coref().governing_heads)


def _lexicon_lemma(verb: Token, lexicon: dict[str, list[tuple[str, Pattern]]]) -> str | None:
    """The lexicon's lemma for ``verb``, also when the tagger's lemma is wrong ("fined" read as
    "fin"): a regular ending removed, with or without a final "e"."""
    lemma = verb.lemma_.lower()
    if lemma in lexicon:
        return lemma
    word = verb.lower_
    if word == lemma and verb.tag_ in ("VB", "VBP"):
        return None  # a base form has no ending to remove: "find" is no "fine" with a "d"
    for end in _ENDINGS:
        stem = word[:-len(end)]
        if word.endswith(end) and len(stem) >= 3:
            for form in (stem, stem + "e"):
                if form in lexicon:
                    return form
    return None


def _asks_to_act(verb: Token) -> bool:
    """``verb``, a verb of telling, takes a "to" infinitive of its object: "told Y not to
    compromise", "advised Y to wait"."""
    return verb.lemma_.lower() in _TELLING and any(
        c.dep_ in ("xcomp", "ccomp") and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)
        and not any(a.dep_ in ("nsubj", "nsubjpass") for a in c.children) for c in verb.children)


def _to_act(tok: Token) -> bool:
    """``tok`` has an infinitive of what is to be done: "pressure on Y to resign"."""
    return any(c.dep_ in ("acl", "advcl", "xcomp", "relcl") and any(a.dep_ == "aux" and a.lower_ == "to"
                                                                       for a in c.children)
               for c in tok.children)


def _warning(verb: Token, targets: list[Token]) -> str:
    """What warning ``targets`` is: a threat of what befalls them ("warned the club it could be
    expelled", "warned Y of the consequences"), a demand ("warned ministers that they should
    prepare"), or a message ("warned Blair that the war could be illegal", "warned Y about the
    dangers of disunity")."""
    clauses = [c for c in verb.children if c.dep_ == "ccomp"]
    if clauses:
        clause = clauses[0]
        if any(c.dep_ == "aux" and c.lower_ in _DEMAND_MODALS for c in clause.children):
            return _DEMAND_TYPE
        subjects = [c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")]
        named = {t.lower_ for t in targets}
        # "it" stands for a body warned ("the club", "Leeds United"), not a person
        body = any(t.pos_ == "NOUN" or t.ent_type_ in ("ORG", "GPE", "NORP") for t in targets)
        befalls = any(s.lower_ in named or s.pos_ == "PRON" and (s.lower_ not in ("it", "this", "that", "there")
                                                                 or s.lower_ == "it" and body) for s in subjects)
        foretold = any(c.dep_ == "aux" and c.tag_ == "MD" for c in clause.children)
        # "warned Y it could be expelled", "warned Y it would sue": a sanction or suit foretold
        punitive = any(relation_types()[name].interaction_class in _THREATENABLE
                       for name, _ in _lexicon()[0].get(clause.lemma_.lower(), ()))
        return _THREAT_TYPE if foretold and (befalls or punitive) else _INFORM_TYPE
    # the parser may hang "about" on the last one warned: "warned Blair and Brown about ..."
    preps = {c.lower_ for t in (verb, *targets, *(g for t in targets for g in _conjuncts(t)))
             for c in t.children if c.dep_ == "prep"}
    if "about" in preps:
        return _INFORM_TYPE
    if "against" in preps:
        return _DEMAND_TYPE  # "warned both parties against pandering to prejudice": urged not to
    return _THREAT_TYPE


def _idiom_actions(verb: Token, sent: Span, offset: int, sentence: int) -> list[RawAction] | None:
    """"X called Y's plans into question", "the rules were called into question by X", "X cast
    doubt on Y's figures": an idiom of criticism, read instead of the verb's own patterns (no
    phone call). None when ``verb`` is in no such idiom."""
    idiom = idiom_of(verb)
    if idiom is None:
        return None
    sources = _agents(verb) if idiom.passive and idiom.object_first else _subjects(verb)
    if not (sources and idiom.targets):
        return []
    target_args, inferred = with_owners(list(idiom.targets), offset)
    return [RawAction(_VERBAL_ATTACK, idiom.phrase, sentence, _args(sources, offset),
                      target_args, inferred=inferred, **_verb_flags(verb, sent))]


def _clause_actors(clauses: list[Token]) -> list[Token]:
    """The subjects of ``clauses`` that may name an actor, or a topic with an owner (not "it",
    "there")."""
    return [s for c in clauses for s in c.children if s.dep_ in ("nsubj", "nsubjpass")
            and s.lower_ not in ("it", "there", "this", "that") and (actor(s) or actor_noun(s) or is_topic(s))]


def _questioned(verb: Token, sent: Span, offset: int, sentence: int) -> list[RawAction]:
    """"X questioned whether Y had acted lawfully", "X doubted whether the decisions (Y's) were
    fair": putting in doubt what someone did criticises them. The clause's subject is the one
    doubted: an actor, or a topic whose owner is."""
    if verb.lemma_.lower() not in _QUESTIONING:
        return []
    clauses = [c for c in verb.children if c.dep_ == "ccomp" and c.pos_ in ("VERB", "AUX") and any(
        g.lower_ in _WHETHER and g.dep_ in ("mark", "advmod") and g.i < c.i for g in c.children)]
    doubted = _clause_actors(clauses)
    sources = _subjects(verb)
    if not (doubted and sources):
        return []
    targets, inferred = with_owners(doubted, offset)
    return [RawAction(_VERBAL_ATTACK, f"{verb.text} whether", sentence, _args(sources, offset), targets,
                      inferred=inferred, **_verb_flags(verb, sent))]


_STANCE_AGAINST = words("stances.against")
_STANCE_TOWARDS = words("stances.towards")
_STANCE_PREPS = words("stances.preps")
_STANCE_TYPES = {"against": _VERBAL_ATTACK, "towards": "SUPPORTED"}


def _stance(verb: Token, sent: Span, offset: int, sentence: int) -> list[RawAction]:
    """"X was highly critical of Y", "X has been scathing about Y's plans", "X was supportive of
    Y": a copula whose adjective is a stance (``stances`` in words.yaml) towards whom its
    preposition names, or the owner of what it names."""
    out = []
    for adj in (c for c in verb.children if c.dep_ == "acomp" and c.pos_ == "ADJ"):
        lemma = adj.lemma_.lower()
        kind = "against" if lemma in _STANCE_AGAINST else "towards" if lemma in _STANCE_TOWARDS else None
        if kind is None:
            continue
        targets = [g for _, g in _prep_objects(adj, _STANCE_PREPS)]
        sources = _subjects(verb)
        if not (targets and sources):
            continue
        target_args, inferred = with_owners(targets, offset)
        out.append(RawAction(_STANCE_TYPES[kind], f"{verb.text} {adj.text}", sentence, _args(sources, offset),
                             target_args, inferred=inferred, **_verb_flags(verb, sent)))
    for noun in (c for c in verb.children if c.dep_ == "dobj" and c.lemma_.lower() in _DOUBTS):
        # "X had qualms about Y's plans": doubt about a topic, a verdict on its owner
        topics = [g for _, g in _prep_objects(noun, _DOUBT_PREPS) if is_topic(g)]
        sources = _subjects(verb)
        target_args, inferred = with_owners(topics, offset)
        if target_args and sources and not any(c.dep_ == "det" and c.lower_ == "no" for c in noun.children):
            out.append(RawAction(_STANCE_TYPES["against"], f"{verb.text} {noun.text}", sentence,
                                 _args(sources, offset), target_args, inferred=inferred, **_verb_flags(verb, sent)))
    return out


_CONDITIONS = frozenset({"unless", "if"})


def _conditional_threat(verb: Token, sent: Span, offset: int, sentence: int) -> list[RawAction]:
    """"X threatened to strike unless Y changed its plans", "X warned it would walk out if Y
    went ahead": a threat whose condition names who must act is a threat to them (the
    condition's subject, or the owner of what it names)."""
    if verb.lemma_.lower() not in _THREATENING and verb.lemma_.lower() not in _WARNING:
        return []
    hosts = [verb, *(c for c in verb.children if c.dep_ in ("xcomp", "ccomp"))]
    conditions = [c for h in hosts for c in h.children if c.dep_ == "advcl"
                  and any(m.dep_ == "mark" and m.lower_ in _CONDITIONS for m in c.children)]
    doers = _clause_actors(conditions)
    sources = _subjects(verb)
    if not (doers and sources):
        return []
    targets, inferred = with_owners(doers, offset)
    return [RawAction(_THREAT_TYPE, f"{verb.text} ... {conditions[0].text}", sentence, _args(sources, offset),
                      targets, inferred=inferred, **_verb_flags(verb, sent))]


def _outlet(tok: Token) -> bool:
    """``tok`` names an outlet by its own words ("Sky News", "BBC Radio 4") or a programme with
    its owner ("GMTV's Sunday Programme", "BBC One's Politics Show", "the Today programme",
    "ITV1's This Morning")."""
    if tok.pos_ == "NOUN" and tok.lemma_.lower() in _PROGRAMMES:
        return any(c.dep_ in ("poss", "compound") and c.pos_ == "PROPN" for c in tok.children)
    if (tok.pos_ == "PROPN" or tok.pos_ == "NOUN" and tok.text[:1].isupper()) \
            and tok.ent_type_ not in ("ORG", "PERSON"):
        # "BBC One's Politics Show", "ITV1's This Morning" (a programme the tagger took for a time)
        return any(c.dep_ == "poss" and c.ent_type_ == "ORG" for c in tok.children)
    ent = next((e for e in tok.doc.ents if e.start <= tok.i < e.end), None)
    return ent is not None and ent.label_ == "ORG" and name_subtype(ent.text) == "media"


def _on_air(verb: Token, sent: Span, offset: int, sentence: int) -> list[RawAction]:
    """"X said on GMTV that ...", "speaking on BBC Radio 4's Today programme, X said", "X
    criticised the rivalry on GMTV's Sunday Programme": speaking on an outlet's air is speaking to
    it (the guideline's interview). After a verb of speaking any organisation is on air; after a
    verb of telling a view only an outlet named as one, as "on" may name its topic ("attacked
    Labour on the NHS"). "On" may hang on the verb's object ("the rivalry on ...")."""
    lemma = verb.lemma_.lower()
    passive = any(c.dep_ == "auxpass" for c in verb.children)
    questioned = passive and lemma in _QUESTIONED_ON
    # "he made his comments ... on Channel Five": a light verb whose object is something said
    remarked = any(c.dep_ == "dobj" and c.lemma_.lower() in _SPEECH_NOUNS for c in verb.children) \
        and lemma in _LIGHT_SPEECH
    if lemma not in _SPEAKING_ON and lemma not in _VIEWING_ON and not questioned and not remarked:
        return []
    hosts = [verb, *(c for c in verb.children if c.dep_ == "dobj" and c.pos_ == "NOUN" and not c.ent_type_)]
    # "During an interview on ITV1's This Morning, she said", "he made his comments at the start
    # of a day of appearances on Channel Five": the appearance the verb was in
    hosts += [t for t in verb.subtree if t.pos_ == "NOUN" and t.lemma_.lower() in _SESSIONS
              and t.dep_ == "pobj" and _governed_by(t, verb)]
    found = [g for h in hosts for c in h.children if c.dep_ == "prep" and c.lower_ == "on"
             for g in c.children if g.dep_ == "pobj"]
    # after a verb of speaking or an appearance, any organisation is on air
    found = [g for g in found if _outlet(g) or g.ent_type_ == "ORG"
             and (lemma in _SPEAKING_ON or g.head.head.lemma_.lower() in _SESSIONS)]
    # deeper in the object ("the rivalry between the pair on GMTV's ...") only a named outlet
    found += [g for h in hosts[1:] for t in h.subtree if t.dep_ == "prep" and t.lower_ == "on" and t.head.i != h.i
              for g in t.children if g.dep_ == "pobj" and _outlet(g)]
    sources = _interviewed(verb) if questioned else _subjects(verb)
    if not (found and sources):
        return []
    # a programme stands for its owner ("GMTV's Sunday Programme" is GMTV), or is its own name
    targets = [t for g in found for t in ([c for c in g.children if c.dep_ == "poss" and c.pos_ == "PROPN"]
                                          or [g, *(c for c in g.children if c.dep_ == "compound" and c.pos_ == "PROPN")])]
    return [RawAction(_ON_AIR_TYPE, f"{verb.text} on", sentence, _args(sources, offset),
                      tuple(_candidates(t, offset) for t in targets), **_verb_flags(verb, sent))]


def _interviewed(verb: Token) -> list[Token]:
    """Who a passive verb of questioning questions: its subject ("X was asked on ..."), or for a
    dummy "it" the one it was put to ("it was put to X on ... that")."""
    subjects = [c for c in verb.children if c.dep_ == "nsubjpass"]
    if subjects and subjects[0].lower_ != "it":
        return subjects
    return [g for p in verb.children if p.dep_ == "prep" and p.lower_ == "to"
            for g in p.children if g.dep_ == "pobj"]


def _governed_by(tok: Token, verb: Token) -> bool:
    """``tok`` hangs on ``verb`` through nouns and prepositions only, no other verb between."""
    node = tok.head
    while node.i != verb.i and node.pos_ not in ("VERB", "AUX") and node.head.i != node.i:
        node = node.head
    return node.i == verb.i


#: Verbs of speaking whose "in answer to a question from X" names who asked.
_ANSWERING = words("speech.say") | frozenset({"respond", "reply", "answer"})


def _asked_by(verb: Token, sent: Span, offset: int, sentence: int) -> list[RawAction]:
    """"In answer to a question from X, Y said ...", "Y was responding to a question from X": X
    put a question to Y (a message to Y), when no other verb stands between the two."""
    if verb.lemma_.lower() not in _ANSWERING:
        return []
    askers = []
    for tok in verb.subtree:
        if tok.pos_ == "NOUN" and tok.lemma_.lower() == "question" and _governed_by(tok, verb):
            askers += [g for p in tok.children if p.dep_ == "prep" and p.lower_ == "from"
                       for g in p.children if g.dep_ == "pobj" and g.pos_ in ("NOUN", "PROPN", "PRON")]
    speakers = _subjects(verb)
    if not (askers and speakers):
        return []
    return [RawAction(_INFORM_TYPE, "question from", sentence, _args(askers, offset), _args(speakers, offset),
                      **_verb_flags(verb, sent))]


def _called_for(verb: Token, sent: Span, offset: int, sentence: int) -> list[RawAction]:
    """"X called for Y to resign", "X called for the embargo to be lifted" (a demand of the
    embargo's owner, told earlier: ``inferred``), "X pressed for Y's resignation"."""
    if verb.lemma_.lower() not in _CALLING:
        return []
    asked, inferred = asked_for(verb)
    sources = _subjects(verb)
    if not (asked and sources):
        return []
    return [RawAction(_DEMAND_TYPE, f"{verb.text} for", sentence, _args(sources, offset), _args(asked, offset),
                      inferred=inferred, **_verb_flags(verb, sent))]


#: Verbs of welcoming someone to a place, which is hosting them there.
_WELCOMING = frozenset({"welcome", "greet"})


def _welcomed_to(verb: Token, sent: Span, offset: int, sentence: int) -> list[RawAction]:
    """"Tony Blair welcomed Jacques Chirac to Downing Street": welcoming someone to a place or a
    body's seat is hosting them, a meeting (no praise)."""
    if verb.lemma_.lower() not in _WELCOMING or any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children):
        return []
    guests = [c for c in verb.children if c.dep_ == "dobj" and (c.ent_type_ in ("PERSON", "ORG", "NORP", "GPE")
                                                              or c.pos_ in ("PROPN", "PRON") and c.lower_ != "it")]
    places = [g for _, g in _prep_objects(verb, frozenset({"to"}))
              if g.ent_type_ in ("GPE", "LOC", "FAC", "ORG") or g.pos_ == "PROPN"]
    sources = _subjects(verb)
    if not (guests and places and sources):
        return []
    return [RawAction("MET", f"{verb.text} ... to", sentence, _args(sources, offset), _args(guests, offset),
                      **_verb_flags(verb, sent))]


def _verb_actions(verb: Token, sent: Span, lexicon: dict[str, list[tuple[str, Pattern]]], offset: int,
                  sentence: int) -> Iterator[RawAction]:
    welcomed = _welcomed_to(verb, sent, offset, sentence)
    if welcomed:
        yield from welcomed
        return
    lemma = _lexicon_lemma(verb, lexicon)
    if lemma is None:
        return
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)
    # "sent a letter to Y", "gave a warning to Y": an event noun as object is what is given,
    # and the verb's own prepositional reading ("gave aid to") does not apply
    events = _lexicon()[1]
    eventful = any(c.dep_ == "dobj" and (c.lemma_.lower() in events or c.lower_ in events) for c in verb.children)
    # "received a phone call from Y", "received a letter from Y": the object is an event with its
    # partner named, which the event noun reads ("told the Apec summit" still tells its audience)
    partnered = any(c.dep_ == "dobj" and (_prep_objects(c, _PARTNER_PREPS) or _prep_objects(verb, _PARTNER_PREPS))
                    for c in verb.children if c.lower_ in events or c.lemma_.lower() in events)
    # "..., warns former programmer Bill Thompson": a reporting verb after its clause, with no
    # subject, has its speaker where an object would be
    inverted = not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children) and any(
        c.dep_ in ("ccomp", "parataxis") and c.i < verb.i for c in verb.children)
    seen: set[str] = set()
    light = False  # the verb's object was read as a light verb's noun ("struck a deal with Y")
    for name, pattern in lexicon[lemma]:
        if name in seen or eventful and pattern.preps and not pattern.nouns and not pattern.object:
            continue
        if light and not pattern.nouns:
            continue  # "struck a deal with Y" strikes no one; "gave evidence to Y" gives no aid
        if partnered and pattern.object and not pattern.nouns \
                and relation_types()[name].interaction_class not in _EVALUATING:
            continue  # "received a phone call from Y" is that call, no visit
        if inverted and pattern.object and not pattern.nouns or pattern.passive and not (passive and _held(verb)):
            continue
        matched = _match(verb, pattern, passive, relation_types()[name].interaction_class in _EVALUATING)
        if matched is None:
            continue
        targets, phrase = matched
        if pattern.nouns and relation_types()[name].interaction_class == "demand" \
                and pattern.preps & {"on", "upon"}:
            # "put pressure on Y to resign" asks Y to act; "put pressure on the Americans" in a
            # race asks nothing: only with an infinitive of what is to be done is Y asked
            infinitive = any(_to_act(t) for t in (verb, *(c for c in verb.children if c.dep_ == "dobj")))
            targets = [t for t in targets if t.dep_ == "nsubj" or infinitive or _to_act(t)]
            if not targets:
                continue
        force = relation_types()[name].interaction_class == "force"
        if (pattern.targets or pattern.nouns and force) and targets and all(_verbal(t) for t in targets):
            # "attacked the government's failure", "launched an attack on Tory plans": an attack
            # on a plan or a failing is verbal, and falls on its owner whatever that is
            if force:
                name = _VERBAL_ATTACK
                if name in seen:
                    continue
            pattern = dataclasses.replace(pattern, targets=frozenset())
        targets = reached(targets, name)  # "imposed a ban on arms sales to China"
        if targets and all(t.pos_ == "NOUN" and not t.ent_type_ for t in targets):
            # "attacked defectors from the organization including Tom Devocht"
            targets = _including(verb) or targets
        anchor = verb if passive else _joined(verb)
        if passive and not pattern.object:  # "Montalvo was put through to Moxon"
            sources = [c for c in verb.children if c.dep_ == "nsubjpass"]
        else:
            sources = _agents(verb) if passive else _subjects(anchor)
            if passive and not sources and pattern.agents:  # "was expelled from the party"
                sources = [g for _, g in _prep_objects(verb, pattern.agents)]
        if not sources:
            continue
        flags = {"date_text": _attached_date(verb, sent), "negated": _negated(verb) or _negated(anchor),
                 "hypothetical": _hypothetical(anchor), "reported_by": _reporter(anchor),
                 "target_types": pattern.targets, "future": _future(anchor)}
        if targets:
            seen.add(name)
            light = light or bool(pattern.nouns)
            klass = relation_types()[name].interaction_class
            if klass == "communicate" and asking_message(verb):
                name = _DEMAND_TYPE  # "wrote to Y asking him to reconsider": a request in a letter
            if klass in ("communicate", "threaten") and not passive and _asks_to_act(verb):
                name = _DEMAND_TYPE  # "told Y not to compromise" asks Y to act
            elif klass == "threaten" and not passive and lemma in _WARNING:
                name = _warning(verb, targets)
            if klass in _THREATENABLE and anchor.dep_ == "xcomp" and anchor.head.lemma_.lower() in _THREATENING:
                # "X threatened to sue Y": a threat made now, of a suit that may come
                threat = anchor.head
                yield RawAction(_THREAT_TYPE, f"{threat.text} to {verb.text}", sentence, _args(sources, offset),
                                _args(targets, offset), date_text=_attached_date(threat, sent),
                                negated=_negated(threat), hypothetical=_hypothetical(threat),
                                reported_by=_reporter(threat), future=_future(threat))
            announced = _announced(anchor, sources) if klass in _THREATENABLE and not passive else None
            if announced is not None and not _negated(verb) and not _negated(announced[0]):
                # "Yukos said it would sue Y": announcing one's own suit is a threat now
                announcer, speakers = announced
                yield RawAction(_THREAT_TYPE, f"{announcer.text} ... {verb.text}", sentence,
                                _args(speakers, offset), _args(targets, offset),
                                date_text=_attached_date(announcer, sent), hypothetical=_hypothetical(announcer),
                                future=_future(announcer))
            if relation_types()[name].interaction_class in _EVALUATING:
                # "attacked the Tory plans"; "unveiled a billboard accusing the government"
                source_args, by_source = with_owners(sources, offset)
                target_args, by_target = with_owners(targets, offset)
                inferred = by_source or by_target
            else:
                source_args, target_args, inferred = _args(sources, offset), _args(targets, offset), False
            yield RawAction(name, phrase, sentence, source_args, target_args, inferred=inferred, **flags)
        elif pattern.reciprocal:
            people = [t for s in sources for t in _conjuncts(s)]
            if len(people) > 1:  # "Trump and Putin met": the subjects met each other
                seen.add(name)
                yield RawAction(name, phrase, sentence, (_candidates(people[0], offset),),
                                tuple(_candidates(t, offset) for t in people[1:]), **flags)
