"""Reported speech that carries a verdict or a demand: "X said Y's plan was a mistake" (X
criticises Y), "X said Y had been lying", "X said Y was right" (praise), "X said Y should
resign" (a demand of Y), "X said Y was not being straight" (denied praise is criticism), and
labels: "X called Y's plans 'dangerous'", "X described the plans as dangerous". Quoted
sentences with no verb of saying of their own carry the verdicts of the quotation's speaker
('X said: "... Once again Y has shown crass insensitivity."'). A reported clause also asserts,
in its speaker's name, what it says under a stance adjective ("they were glad Y had been
shamed"), the content of a noun of evidence ("there is evidence that Y's plan is
unsustainable") and a following clause of reason or contrast ("trust is breaking down because
Y is not being straight"); verbs of concern report as verbs of saying do ("X is worried Y's
policy sends the wrong message"). A verdict on plans, proposals or a move falls on their owner
(:mod:`.topics`), and a verdict noun told with its agent judges the agent ("this was an
excellent move by Y"); the passive of a negative verb blames its agent ("Y was misled by Z").
Verdict words written with a hyphen ("ill-advised", "over-reacted") are matched across the
tokens the tokenizer splits them into.

The verdict words are data (``evaluation`` in ``graph/data/words.yaml``, reviewed from the
VADER lexicon); talk about someone without a verdict or a request yields nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from graph.pipeline.relate.arguments import Arg, RawAction, _agents, _args, _subjects
from graph.pipeline.relate.idioms import idiom_of
from graph.pipeline.relate.modality import _future, _hypothetical, _negated, _reporter
from graph.pipeline.relate.topics import actor as _actor
from graph.pipeline.relate.topics import actor_noun, is_topic, with_owners
from graph.schema import words
from graph.schema.organisations import party_of_adjective
from graph.schema.vocab import coref

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

__all__ = ["labels_verdict", "quoted_actions", "speech_actions"]

_SPEECH = words("speech_evaluation.verbs")
_LABELLING = words("evaluation.labelling")
_DEMAND_MODALS = words("evaluation.demand_modals")
_DEMAND_VERBS = words("evaluation.demand_verbs")
_MANDATING = words("evaluation.mandating")
_MANDATING_STRONG = words("evaluation.mandating_strong")
_EXCESS = words("evaluation.excess")
_FAILINGS = words("evaluation.failings")
_LEAVE = frozenset({"allow", "permit", "let"})  # verbs of leave: "Y must not be allowed to ..."
_NEGATIVE = words("evaluation.negative_adjectives") | words("evaluation.negative_nouns")
_NEGATIVE_ADJECTIVES = words("evaluation.negative_adjectives")
_POSITIVE = words("evaluation.positive_adjectives") | words("evaluation.positive_nouns")
_VERDICT_NOUNS = words("evaluation.negative_nouns") | words("evaluation.positive_nouns")
_NEGATIVE_VERBS = words("evaluation.negative_verbs")
_BREAKING = words("evaluation.breaking_verbs")
_OBLIGATIONS = words("evaluation.obligations")
_INTENT = words("modality.intent")
_CONDUCT = words("evaluation.conduct_verbs")
_LACKING = words("evaluation.lacking_verbs")
_HAVING = words("evaluation.having_verbs")
_POSITIVE_VERBS = words("evaluation.positive_verbs")
_HIDING = words("evaluation.hiding_verbs")
_SHAMING = words("evaluation.shaming_verbs")
_STANCE = words("evaluation.stance_adjectives")
_EVIDENCE = words("evaluation.evidence_nouns")
_ASSERTED_MARKS = words("evaluation.asserted_marks")
_CONCERN = words("evaluation.concern")
_TRUST = words("evaluation.trust_nouns")
_DISTRUST = words("evaluation.distrust_nouns")
_TRUST_LOSSES = words("evaluation.trust_losses")
_TRUST_LOSING = words("evaluation.trust_losing")
_TRUST_VOICING = words("evaluation.trust_voicing")
_CONCEDING = words("evaluation.conceding")
_UNDERGOING = words("evaluation.undergoing")
_COUNTERING = words("evaluation.countering")
# Arcs a bad word may not be reached through from the clause: another clause's report or
# subject, or a relative clause telling of someone else ("Y met people who were abusive").
_OTHER_SIDE = frozenset({"ccomp", "nsubj", "nsubjpass", "csubj", "relcl", "parataxis", "mark", "advcl", "appos"})
_FIRST_PERSON = frozenset({"i", "we", "me", "us"})
_NOT_CONDUCT = _UNDERGOING | _COUNTERING
_ACCOUNTS = _SPEECH | _LABELLING | words("speech.say") | words("evaluation.wishing")
# The relation type each reading becomes, one per guideline class.
_TYPES = {"negative": "CRITICIZED", "positive": "PRAISED", "demand": "APPEALED_TO", "overstated": "CRITICIZED"}


def _word(tok: Token) -> str:
    return tok.lemma_.lower() if tok.pos_ in ("VERB", "AUX", "NOUN") else tok.lower_


def _verb_forms(tok: Token) -> list[str]:
    """The lemma of a verb and, for an "-ed" form, its stems: the tagger's lemma of "shamed"
    is "sham"."""
    lemma, lower = tok.lemma_.lower(), tok.lower_
    forms = [lemma, lower[:-1], lower[:-2]] if tok.tag_ in ("VBN", "VBD") and lower.endswith("ed") else [lemma]
    hyphenated = _hyphenated(tok)  # "have over-reacted": the prefix the tokenizer split off
    if hyphenated:
        prefix = hyphenated.split("-")[0]
        forms += [f"{prefix}-{f}" for f in forms]
    return forms


def _hyphenated(tok: Token) -> str | None:
    """The word ``tok`` ends as written with a hyphen: the tokenizer splits "ill-advised" into
    "ill", "-", "advised", so the lexicon's "ill-advised" is matched on "advised"."""
    doc = tok.doc
    if tok.i < 2 or doc[tok.i - 1].text != "-" or doc[tok.i - 1].whitespace_ or doc[tok.i - 2].whitespace_:
        return None
    return f"{doc[tok.i - 2].lower_}-{tok.lower_}"


def _polarity(tok: Token) -> str | None:
    """"negative" or "positive" when ``tok`` or an adjective on it is a verdict word."""
    chain = [tok]  # "brigands, muggers, bribers and gangsters": the whole list
    while any(c.dep_ == "conj" for c in chain[-1].children) and len(chain) < 8:
        chain.append(next(c for c in chain[-1].children if c.dep_ == "conj"))
    for t in (*chain, *(c for c in tok.children if c.dep_ in ("amod", "advmod", "compound"))):
        forms = {_word(t), t.lower_, _hyphenated(t)}
        if forms & _NEGATIVE:
            return "negative"
        if forms & _POSITIVE:
            return "positive"
    return None


def _complements(clause: Token) -> list[Token]:
    """The complements that may carry a clause's verdict: "was wrong", "is a mistake", "has
    been marked by failure"."""
    found = [c for c in clause.children if c.dep_ in ("acomp", "attr", "oprd")]
    return found + [g for c in clause.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]


def _time_for(clause: Token) -> list[Token]:
    """Whom "it is time for Y to ..." asks to act: the subject of the "for" clause on "time"."""
    return [s for t in clause.children if t.dep_ == "attr" and t.lemma_.lower() == "time"
            for c in t.children if c.dep_ in ("relcl", "acl", "advcl")
            and any(m.dep_ == "mark" and m.lower_ == "for" for m in c.children)
            for s in c.children if s.dep_ == "nsubj" and _actor(s)]


def _mandated(clause: Token) -> bool:
    """``clause`` is what a verb of mandating asks of its subject: "X insisted that Y resign" (a
    bare subjunctive), "X demanded Y quit" (after a strong one, any finite active clause). Not
    "insisted that Y was lying", nor "demanded that Y be expelled" (a passive subject undergoes)."""
    head = clause.head
    if clause.dep_ != "ccomp" or clause.pos_ != "VERB" or head.lemma_.lower() not in _MANDATING \
            or not any(c.dep_ == "nsubj" for c in clause.children):
        return False
    aux = [c for c in clause.children if c.dep_ in ("aux", "auxpass")]
    if head.lemma_.lower() in _MANDATING_STRONG:
        return not aux and clause.tag_ in ("VB", "VBP", "VBZ", "VBD")
    return not aux and clause.tag_ == "VB"


def _verdict(clause: Token) -> tuple[str, str] | None:
    """The reading of a complement clause and the word that carries it, or None."""
    if any(c.dep_ == "aux" and c.lower_ in _DEMAND_MODALS for c in clause.children) or _time_for(clause) \
            or _mandated(clause):
        return "demand", clause.text
    if clause.lemma_.lower() in _DEMAND_VERBS and not any(c.tag_ == "MD" for c in clause.children) and any(
            c.dep_ == "xcomp" and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)
            for c in clause.children):
        return "demand", clause.text
    for c in clause.children:  # "Y is acting too late", "Y's plans go too far", "Y spends too much"
        if c.dep_ in ("advmod", "acomp", "dobj") and c.lemma_.lower() in _EXCESS and any(
                g.dep_ == "advmod" and g.lower_ == "too" for g in c.children):
            return "negative", c.text
    if clause.pos_ == "ADJ":  # "Y's remarks were 'highly irresponsible'" parsed with the adjective as head
        polarity = _polarity(clause)
        return (polarity, clause.text) if polarity else None
    # "Y was wrong", "Y's plan is a mistake", "Y's rule has been marked by failure"
    for c in _complements(clause):
        polarity = _polarity(c)
        if polarity:
            return polarity, c.text
    lemma = clause.lemma_.lower()
    # "Y has shown crass insensitivity", "Y made a mistake"; "Y lacks the courage to ..."
    for obj in (c for c in clause.children if c.dep_ == "dobj"):
        # "Y has no credible plans", "Y offered no clear answers": a virtue Y has none of is lacked,
        # told by an adjective ("Yukos has no assets in the US" lacks nothing a verdict names)
        having_none = lemma in _HAVING and lemma not in _LACKING and any(
            c.dep_ == "det" and c.lower_ == "no" for c in obj.children)
        lacked = lemma in _LACKING or having_none
        if having_none:
            polarity = next((p for c in obj.children if c.dep_ == "amod" and (p := _polarity(c))), None)
        else:
            polarity = _polarity(obj) if lemma in _CONDUCT or lacked else None
        if polarity and lacked:
            polarity = "negative" if polarity == "positive" else None
        if polarity:
            return polarity, obj.text
    if lemma == "have":
        # "Y had failed pensioners" parsed as "had [failed pensioners]": the participle right
        # after "have" is the clause's verb
        for obj in (c for c in clause.children if c.dep_ == "dobj"):
            for c in obj.children:
                if c.dep_ == "amod" and c.tag_ == "VBN" and c.i == clause.i + 1 and c.lemma_.lower() in _NEGATIVE_VERBS:
                    return "negative", c.text
    # "Y's figures do not add up": a verb with its particle
    particles = [c.lower_ for c in clause.children if c.dep_ == "prt"]
    forms = _verb_forms(clause)
    if any(c.dep_ == "dobj" for c in clause.children) and any(
            f in _HIDING or particles and f"{f} {particles[0]}" in _HIDING for f in forms):
        return "negative", clause.text  # "Labour has hidden its tax rises"
    # "Y has broken his word", "Y broke the rules"; a kind of rules is a convention ("broke the
    # design rules yet again" is praise)
    if lemma in _BREAKING and any(c.dep_ == "dobj" and c.lemma_.lower() in _OBLIGATIONS and not any(
            g.dep_ == "compound" and g.pos_ == "NOUN" for g in c.children) for c in clause.children):
        return "negative", clause.text
    for form in ([f"{lemma} {particles[0]}"] if particles else []) + forms:
        if form in _NEGATIVE_VERBS:
            return "negative", clause.text
        if form in _POSITIVE_VERBS:
            return "positive", clause.text
    # "they chose to ignore the problem", "Y continued to mislead": conduct in the complement
    # of a verb that does not make it unreal ("Y wants to deceive" is no deceit yet)
    if lemma not in _INTENT:
        for c in clause.children:
            if c.dep_ == "xcomp" and c.lemma_.lower() in _NEGATIVE_VERBS:
                return "negative", c.text
            if c.dep_ == "xcomp" and c.lemma_.lower() in _POSITIVE_VERBS:
                return "positive", c.text
    return None


def _named(clause: Token) -> list[Token]:
    """Whom a demand is of: the clause's subject when that is an actor ("Y should resign"), or
    the actor naming it ("Y's leaders must go"). "Y's decisions should be taken ..." asks
    nothing of Y's, so no anaphora here; nor does "Y should be judged on his record": a passive
    subject undergoes what others should do, unless it is denied ("Y must not be allowed to win")
    or condemned ("Y should be sacked")."""
    out: list[Token] = _time_for(clause)  # "it is time for Y to say sorry"
    # "Y must not be allowed to win" denies Y leave; "Y must not be held back" asks nothing of Y
    passive_counts = any(c.dep_ == "neg" for c in clause.children) and clause.lemma_.lower() in _LEAVE \
        or clause.lemma_.lower() in _NEGATIVE_VERBS
    for subj in (c for c in clause.children if c.dep_ == "nsubj" or c.dep_ == "nsubjpass" and passive_counts):
        if _actor(subj) or actor_noun(subj):  # "the government must act": a description coreference may link
            out.append(subj)
            continue
        out.extend([c for c in subj.children if c.dep_ in ("poss", "compound", "amod") and _actor(c)
                    and c.pos_ != "PRON" and (c.dep_ != "amod" or c.ent_type_ in ("NORP", "ORG", "GPE"))][:1])
    return out


def _clauses(verb: Token) -> list[Token]:
    """The clauses a speech verb reports: its complement, or the clause it is inserted in
    ("Y's plan is a mistake, X said"), with their coordinated clauses."""
    found = [c for c in verb.children if c.dep_ == "ccomp"]
    if verb.dep_ in ("parataxis", "ccomp") and verb.head.i < verb.i and verb.head.pos_ in ("VERB", "AUX", "ADJ"):
        found.append(verb.head)
    found += [c for c in _embedded(verb) if c.dep_ == "acl"]  # "said there is evidence that ..."
    return _with_embedded(found)


def _with_embedded(found: list[Token]) -> list[Token]:
    """``found`` clauses with their coordinated clauses and the clauses they assert in turn (two
    levels deep: "they were glad Y had been shamed")."""
    out: list[Token] = []
    for clause in found:
        if clause in out:
            continue
        out.append(clause)
        out.extend(c for c in clause.children if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX"))
    for clause in list(out):
        for inner in _embedded(clause):
            if inner not in out:
                out.append(inner)
                out.extend(e for e in _embedded(inner) if e not in out)
    return out


def _judged(clause: Token, word: str) -> list[Token]:
    """Whom a verdict in ``clause`` falls on: its subject; but a passive negative verb blames its
    agent ("Y had been misled by Z"), its subject only when the verb shames it ("Y had been
    shamed into going")."""
    # a passive subject with no passive auxiliary is the parser's slip: "UKIP had over-reacted"
    passive = [c for c in clause.children if c.dep_ == "nsubjpass"] if any(
        c.dep_ == "auxpass" for c in clause.children) else []
    if passive and word == clause.text and not any(c.dep_ in ("acomp", "attr") for c in clause.children):
        if any(f in _SHAMING for f in _verb_forms(clause)):
            return passive
        return [g for c in clause.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
    return [c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")]


def _verdict_owners(clause: Token, word: str) -> list[Token]:
    """Whose act a verdict noun names when its agent is told with "by": "this was an excellent
    move by Y", "it was a stupid remark by the first minister" judge Y, whatever the subject.
    Only a noun of the verdict lists or a topic noun counts. A possessor is left out: "what he
    said were Labour's achievements" is mostly a speaker praising his own side."""
    for noun in (c for c in _complements(clause) if c.text == word and c.pos_ == "NOUN"):
        if noun.lemma_.lower() not in _VERDICT_NOUNS and not is_topic(noun):
            continue
        owners = [g for p in noun.children if p.dep_ == "prep" and p.lower_ == "by"
                  for g in p.children if g.dep_ == "pobj" and (_actor(g) or actor_noun(g))]
        if owners:
            return owners
    return []


def _relative_verdicts(clause: Token) -> tuple[str, Token, list[Token]] | None:
    """"the mistake that Y made", "the blunders Y committed": a verdict noun anywhere in the
    clause whose relative clause has Y commit it judges Y ("No politician should make the
    mistake that John Major made")."""
    for noun in clause.subtree:
        if noun.pos_ != "NOUN" or noun.lemma_.lower() not in _VERDICT_NOUNS:
            continue
        polarity = _polarity(noun)
        for rel in (c for c in noun.children if c.dep_ == "relcl" and c.lemma_.lower() in _CONDUCT):
            doers = [s for s in rel.children if s.dep_ == "nsubj" and _actor(s)]
            if polarity and doers:
                return polarity, rel, doers
    return None


def _extraposed(clause: Token, word: str) -> list[Token]:
    """Whom a negative verdict told of a clause under an anticipatory "it" falls on: "it was
    pathetic that Y gave so little", "it is disappointing that you have contributed to this"
    (the parser hangs the clause on the copula or on the adjective). A clause with "for Y to"
    ("it is unacceptable for Y to hold both roles") judges an arrangement, not Y's conduct."""
    verdicts = [c for c in _complements(clause) if c.text == word]
    if not verdicts or not any(c.dep_ == "nsubj" and c.lower_ == "it" for c in clause.children):
        return []
    # only a clause after the verdict word is the extraposed one ("I tried ..., it was a betrayal")
    heads = [clause, *(c for c in verdicts if c.dep_ == "acomp")]
    return [s for h in heads for c in h.children if c.dep_ == "ccomp" and c.pos_ in ("VERB", "AUX")
            and c.i > verdicts[0].i for s in c.children if s.dep_ in ("nsubj", "nsubjpass") and _actor(s)][:1]


def _without_nationalities(topics: tuple[Arg, ...], heads: list[Token], offset: int) -> tuple[Arg, ...]:
    """``topics`` less the nationality of a body ("Russian courts were unfriendly" blames the
    courts, a body of their own, not Russia); "the British authorities" keep their country."""
    bodies = coref().organisation_heads
    drop = {(offset + t.idx, offset + t.idx + len(t)) for h in heads for t in h.subtree
            if t.dep_ == "amod" and t.ent_type_ == "NORP" and t.head.lemma_.lower() in bodies}
    kept = tuple(tuple(span for span in arg if span not in drop) for arg in topics)
    return tuple(arg for arg in kept if arg)


def _marked(clause: Token, marks: frozenset[str]) -> bool:
    return any(m.dep_ == "mark" and m.lower_ in marks for m in clause.children)


def _embedded(head: Token) -> list[Token]:
    """Clauses ``head`` (a reported clause or the verb of saying) asserts in its speaker's name:
    under a stance adjective ("they were glad Y had been shamed"), the content of a noun of
    evidence ("there is evidence that Y's plan is unsustainable"), and adverbial clauses of
    reason or contrast ("... because Y is not being straight", "while Y has hidden ...")."""
    out: list[Token] = []
    denied = any(c.dep_ == "neg" for c in head.children)
    for c in head.children:
        # a fronted "While Y was not perfect, ..." concedes: only a clause after its head counts
        reason = c.dep_ == "advcl" and c.pos_ in ("VERB", "AUX") and c.i > head.i \
            and _marked(c, _ASSERTED_MARKS)
        stance = c.dep_ == "ccomp" and head.pos_ == "ADJ" and head.lemma_.lower() in _STANCE and not denied
        if reason or stance:
            out.append(c)
        elif c.dep_ == "acomp" and c.lemma_.lower() in _STANCE and not denied \
                and not any(n.dep_ == "neg" for n in c.children):
            out.extend(g for g in c.children if g.dep_ == "ccomp")
        elif c.dep_ in ("dobj", "attr", "nsubj") and c.lemma_.lower() in _EVIDENCE \
                and not any(d.dep_ in ("det", "neg") and d.lower_ in ("no", "not") for d in c.children):
            out.extend(g for g in c.children if g.dep_ == "acl" and _marked(g, frozenset({"that"})))
    return out


def _reading(clause: Token, offset: int) -> tuple[str, str, tuple[Arg, ...], bool, Token] | None:
    """The kind, verdict word, topics and anaphora flag of one reported clause, and the clause
    whose modality it has, or None."""
    claimants = _overstated(clause)
    if claimants:  # "the picture was not as rosy as Y would like to portray it"
        return "overstated", claimants[0].head.head.text, _args(claimants, offset), False, clause
    reading = _verdict(clause)
    relative = _relative_verdicts(clause)
    if reading is None or reading[0] == "demand" and not any(_actor(t) for t in _named(clause)):
        if relative:  # "No politician should make the mistake that John Major made": Y made it,
            kind, rel, doers = relative  # whatever the modal of the clause around it
            return kind, rel.text, _args(doers, offset), False, rel
    if reading is None:
        idiom = idiom_of(clause) if clause.pos_ in ("VERB", "AUX") else None
        if idiom is not None and not idiom.object_first and idiom.targets:
            # '"This makes a mockery of the government's pledge," said X'
            topics, inferred = with_owners(list(idiom.targets), offset)
            return ("negative", idiom.phrase, topics, inferred, clause) if topics else None
        owners = _failings(clause)
        if owners:  # "the report highlights Labour's failure to ensure ..."
            return "negative", owners[0].head.text, _args(owners, offset), False, clause
        distrusted = _distrusted(clause)
        if distrusted:  # "voters had a fundamental lack of trust in the prime minister"
            return "negative", distrusted[0].head.head.text, _args(distrusted, offset), False, clause
        conduct = _bad_conduct(clause)
        if conduct is None:
            return None
        word, doers = conduct
        topics, inferred = with_owners(doers, offset)
        topics = _without_nationalities(topics, doers, offset)
        return ("negative", word, topics, inferred, clause) if topics else None
    kind, word = reading
    if kind == "demand":
        topics, inferred = _args(_named(clause), offset), False
    else:  # "Y was wrong", "Y's plans are a mistake", "the government has shown ..."
        judged = _verdict_owners(clause, word) or (_extraposed(clause, word) if kind == "negative" else []) \
            or [c for c in _judged(clause, word) if _actor(c) or c.pos_ == "NOUN"]
        topics, inferred = with_owners(judged, offset)
        topics = _without_nationalities(topics, judged, offset)
    if not topics:
        return None
    return kind, word, topics, inferred, clause


def _bad_conduct(clause: Token) -> tuple[str, list[Token]] | None:
    """The reading of last resort: a reported clause whose actor subject does something told
    with a negative verdict word ("X said Labour was relying on lies and scaremongering", "X said
    Y had been responsible for huge waste"). The word
    must lie on Y's side of the clause (its objects, complements and their modifiers), not in
    another clause, and outweigh the praise words there; a verb of undergoing ("Y faced
    abuse") or countering ("Y is fighting crime") puts it on the other side of Y. A passive
    subject undergoes; the first person is the speaker's own side. A word qualifying another
    ("conflicting interests") or owned by someone ("their defeats") tells of no conduct."""
    if clause.pos_ not in ("VERB", "AUX") or any(c.dep_ in ("auxpass", "nsubjpass") for c in clause.children):
        return None
    doers = [c for c in clause.children if c.dep_ == "nsubj" and c.lower_ not in _FIRST_PERSON
             and (_actor(c) or actor_noun(c) or is_topic(c))]
    if not doers or _negated(clause) or any(f in _NOT_CONDUCT | _SPEECH | _CONCERN for f in _verb_forms(clause)):
        return None
    bad, good = [], 0
    for tok in clause.subtree:
        if tok.i == clause.i or tok.i < doers[0].i:
            continue
        node, path = tok, []
        while node.i != clause.i and node.dep_ not in _OTHER_SIDE:
            path.append(node)
            node = node.head
        if node.i != clause.i or any(v.pos_ in ("VERB", "AUX") and (_negated(v) or any(
                f in _NOT_CONDUCT for f in _verb_forms(v))) for v in path):
            continue
        if tok.dep_ == "amod" or any(c.dep_ == "poss" for c in tok.children):
            continue  # qualifies or belongs to something else: "conflicting interests", "their defeats"
        forms = {_word(tok), tok.lower_}
        if forms & _NEGATIVE or tok.pos_ == "VERB" and set(_verb_forms(tok)) & _NEGATIVE_VERBS:
            bad.append(tok)
        elif forms & _POSITIVE:
            good += 1
    return (bad[0].text, doers) if len(bad) > good else None


def _asserted_in(tok: Token, clause: Token) -> bool:
    """``tok`` lies under ``clause`` with no negated verb between them."""
    path, node = [], tok
    while node.i != clause.i and node.head.i != node.i:
        node = node.head
        path.append(node)
    return node.i == clause.i and not any(_negated(v) for v in path if v.pos_ in ("VERB", "AUX"))


def _failings(clause: Token) -> list[Token]:
    """Whose failing a reported clause names ("the figures show the government's incompetence",
    "the third report to highlight Labour's failure"): the possessor of a noun of ``failings``,
    when no verb between it and the clause is negated."""
    out: list[Token] = []
    for tok in clause.subtree:
        if tok.pos_ != "NOUN" or not (tok.lemma_.lower() in _FAILINGS or tok.lower_ in _FAILINGS
                                      or _badly_qualified(tok)):
            continue
        if not _asserted_in(tok, clause):
            continue
        out.extend(c for c in tok.children if c.dep_ == "poss" and c.pos_ != "PRON" and (_actor(c) or actor_noun(c)))
        if _badly_qualified(tok):
            # "a return to a 'failed Tory past'": a party's adjective owns what it qualifies
            out.extend(c for c in tok.children if c.dep_ in ("amod", "compound") and party_of_adjective(c.text))
    return out[:1]


def _badly_qualified(noun: Token) -> bool:
    """``noun`` is qualified by a negative verdict ("Labour's 'authoritarian' response")."""
    return any(c.dep_ == "amod" and c.lower_ in _NEGATIVE_ADJECTIVES for c in noun.children)


def _withheld(noun: Token) -> bool:
    """``noun`` names trust withheld: "distrust", "no confidence", "a lack of trust", "lost faith"."""
    lemma = noun.lemma_.lower()
    if lemma in _DISTRUST:
        return True
    if lemma not in _TRUST:
        return False
    if any(c.dep_ == "det" and c.lower_ == "no" for c in noun.children):
        return True
    head = noun.head
    if noun.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_.lower() in _TRUST_LOSSES:
        # "a lack of trust in Y", "the erosion of confidence in Y"; "no lack of trust" withholds none
        return not any(c.dep_ == "det" and c.lower_ == "no" for c in head.head.children)
    return noun.dep_ == "dobj" and head.lemma_.lower() in _TRUST_LOSING and head.pos_ in ("VERB", "AUX")


def _distrusted_in(noun: Token) -> list[Token]:
    """Whom withheld trust ``noun`` is withheld from: "in Y", and for distrust also "of Y"."""
    preps = ("in", "of", "towards", "toward") if noun.lemma_.lower() in _DISTRUST else ("in",)
    heads = [noun]
    if noun.dep_ == "pobj" and noun.head.lower_ == "of":
        heads.append(noun.head.head)  # the parser hangs "in Y" on "lack": "a lack of trust in Y"
    return [g for h in heads for p in h.children if p.dep_ == "prep" and p.lower_ in preps
            for g in p.children if g.dep_ == "pobj" and (_actor(g) or actor_noun(g))]


def _distrusted(clause: Token) -> list[Token]:
    """Whom a reported clause says trust is withheld from ("voters had a fundamental lack of
    trust in the prime minister"), when no verb between the noun and the clause is negated and
    the clause is not conceded ("he acknowledged the public had lost faith in Labour")."""
    if clause.dep_ == "ccomp" and clause.head.lemma_.lower() in _CONCEDING:
        return []
    for tok in clause.subtree:
        if tok.pos_ != "NOUN" or not _withheld(tok) or not _asserted_in(tok, clause):
            continue
        found = _distrusted_in(tok)
        if found:
            return found
    return []


def _trust_withheld(verb: Token, offset: int, sentence: int) -> Iterator[RawAction]:
    """"X has lost confidence in Y", "X has no faith in Y", "X stressed a lack of trust in Y":
    X's verdict against Y, told by X's own verb."""
    if verb.lemma_.lower() not in _TRUST_VOICING:
        return
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    objects += [g for p in verb.children if p.dep_ == "prep" and p.lower_ == "to" for g in p.children
                if g.dep_ == "pobj"]  # "pointed to a lack of trust in Y"
    for obj in objects:
        nouns = [obj]
        if obj.lemma_.lower() in _TRUST_LOSSES:  # "a lack of trust": the trust noun under "of"
            nouns += [g for p in obj.children if p.dep_ == "prep" and p.lower_ == "of"
                      for g in p.children if g.dep_ == "pobj"]
        for noun in nouns:
            if noun.pos_ != "NOUN" or not _withheld(noun):
                continue
            targets = _distrusted_in(noun)
            sources = _subjects(verb)
            if targets and sources:
                phrase = f"{verb.text} {obj.text}" + (f" of {noun.text}" if noun is not obj else "")
                yield RawAction(_TYPES["negative"], phrase, sentence,
                                _args(sources, offset), _args(targets, offset), negated=_negated(verb),
                                hypothetical=_hypothetical(verb), reported_by=_reporter(verb),
                                future=_future(verb))
                return


def _overstated(clause: Token) -> list[Token]:
    """Whose account a denied comparison in ``clause`` rejects: "the picture was not as rosy as Y
    would like to portray it", "the economy is not as strong as Y claims" (Y's account is wrong,
    whatever the adjective). The account is a verb of saying, labelling or wishing in the "as"
    clause; "not as strong as Y expected" rejects no account, nor does "stronger than Y thought"."""
    if not any(c.dep_ == "neg" for c in clause.children):
        return []
    for adj in (c for c in clause.children if c.dep_ in ("acomp", "attr") and c.pos_ == "ADJ"):
        if not any(a.dep_ == "advmod" and a.lower_ in ("as", "so") for a in adj.children):
            continue
        for v in adj.children:
            if v.dep_ == "advcl" and v.lemma_.lower() in _ACCOUNTS and _marked(v, frozenset({"as"})):
                return [s for s in v.children if s.dep_ == "nsubj" and _actor(s)]
    return []


def _reported(verb: Token, clause: Token, speakers: tuple[Arg, ...], offset: int, sentence: int, *,
              quoted: bool = False) -> Iterator[RawAction]:
    """The action ``speakers`` take by saying ``clause`` (``verb`` is the verb of saying, or
    of a quoted sentence with no verb of saying, when ``quoted``)."""
    found = _reading(clause, offset)
    if found is None:
        return
    kind, word, topics, inferred, clause = found
    # A verdict told under a modal ("would be wrong") is hypothetical; a demand is its modal.
    # But what a plan would do is a verdict on it told now: "X said the plans would contravene
    # EU law" criticises their owner. A quoted sentence is its own clause.
    outer = verb is not clause
    modals = {c.lower_ for c in clause.children if c.dep_ == "aux" and c.tag_ == "MD"}
    conditional = any(c.dep_ == "mark" or c.dep_ == "advcl" and any(
        m.dep_ == "mark" and m.lower_ in ("if", "unless") for m in c.children) for c in clause.children)
    foretold = bool(modals) and modals <= _FORETELLING and not conditional \
        and any(is_topic(c) for c in clause.children if c.dep_ in ("nsubj", "nsubjpass"))
    if kind == "demand" or foretold:
        hypothetical = outer and _hypothetical(verb)
    else:
        hypothetical = _hypothetical(verb) or bool(modals)
    denied = kind not in ("demand", "overstated") and any(c.dep_ == "neg" for t in (clause, *_complements(clause))
                                      for c in t.children)
    if denied and kind == "positive":  # "Y is not being straight": denied praise is criticism
        kind, denied = "negative", False
    if kind == "positive" and clause.dep_ == "advcl":
        return  # "... because they stood up": a reason told is blame, seldom praise
    negated = outer and _negated(verb) or denied
    phrase = f"said ... {word}" if quoted else f"{verb.text} ... {word}"
    yield RawAction(_TYPES[kind], phrase, sentence, speakers, topics, negated=negated,
                    hypothetical=hypothetical, reported_by=None if quoted else _reporter(verb),
                    future=_future(verb), inferred=inferred or quoted)


def speech_actions(verb: Token, offset: int, sentence: int) -> Iterator[RawAction]:
    """Verdicts and demands that ``verb``, a verb of speech or labelling, reports."""
    lemma = verb.lemma_.lower()
    if lemma in _LABELLING:
        yield from _labelled(verb, offset, sentence)
    yield from _trust_withheld(verb, offset, sentence)
    concern = _concern(verb)
    if lemma not in _SPEECH and not concern:
        return
    speakers = _subjects(verb) or [c for c in verb.children if c.dep_ == "nsubjpass" and concern]
    if not speakers:
        return
    for clause in _clauses(verb) + _with_embedded(concern):
        yield from _reported(verb, clause, _args(speakers, offset), offset, sentence)


def _concern(verb: Token) -> list[Token]:
    """The clauses a verb or adjective of concern takes: "the agency is worried [the policy sends
    the wrong message]", "X is concerned [that Y's plan is unworkable]", "X fears [...]"."""
    heads = [verb] if verb.lemma_.lower() in _CONCERN or verb.lower_ in _CONCERN else []
    heads += [c for c in verb.children if c.dep_ == "acomp" and c.lower_ in _CONCERN]
    if verb.lemma_.lower() in _SPEECH or any(c.dep_ == "neg" for c in verb.children):
        return []
    return [c for h in heads for c in h.children if c.dep_ == "ccomp"]


#: The modals of what would or will happen (grammar: "wo" is the "wo" of "won't").
_FORETELLING = frozenset({"would", "will", "'d", "'ll", "wo"})

#: Double quotation marks; single ones are mostly scare quotes inside a quotation.
_QUOTES = frozenset({'"', "\u201c", "\u201d", "``", "''"})


def _speaker_of(sent: Span, before: int | None = None, after: int | None = None) -> list[Token]:
    """The subject of a verb of saying in ``sent`` outside a quotation: before its opening
    ('X said: "...') or after its close ('..." said Mr Trotter')."""
    for tok in sent:
        if tok.pos_ == "VERB" and tok.lemma_.lower() in _SPEECH and (
                before is not None and tok.i < before or after is not None and tok.i > after):
            # "a spokesman said": a description coreference may link
            found = [s for s in _subjects(tok) if _actor(s) or actor_noun(s)]
            if found:
                return found
    return []


def _quotations(doc: Doc) -> list[tuple[int, int, list[Token]]]:
    """Quotations as (first token, last token, speakers). A quotation opened while another is
    open continues it (the next quoted paragraph) and keeps its speaker."""
    spans: list[tuple[int, int, bool]] = []  # start, end, continued from the one before
    start: int | None = None
    continued = False
    for tok in doc:
        if tok.text not in _QUOTES:
            continue
        if tok.tag_ == "``" or tok.text == "\u201c":  # an opening mark
            if start is not None:
                spans.append((start, tok.i - 1, continued))
            continued = start is not None
            start = tok.i
        elif start is not None:
            spans.append((start, tok.i, continued))
            start, continued = None, False
    if start is not None:
        spans.append((start, len(doc) - 1, continued))
    out: list[tuple[int, int, list[Token]]] = []
    for first, last, cont in spans:
        sent = doc[first].sent
        speakers = _speaker_of(sent, before=first) or _speaker_of(doc[last].sent, after=last)
        if not speakers and sent.start == first and sent.start > 0 and doc[sent.start - 1].text == ":":
            speakers = _speaker_of(doc[sent.start - 1].sent, before=first)  # 'X said:' parsed apart
        if not speakers and cont and out:
            speakers = out[-1][2]
        if not speakers and out and out[-1][2] and _next_paragraph(doc, out[-1][1], first):
            speakers = out[-1][2]  # a quoted paragraph right after an attributed one goes on with it
        out.append((first, last, speakers))
    return out


def _next_paragraph(doc: Doc, last: int, first: int) -> bool:
    """The quotation opening at ``first`` opens the sentence after the one ending the quotation
    at ``last``: '"...," said X. "..."' is X's, as news writes a quote over several paragraphs."""
    opened = doc[first].sent
    return first - opened.start <= 1 and 0 <= opened.start - doc[last].sent.end <= 1


def quoted_actions(doc: Doc, offset: int, sentence_base: int) -> Iterator[RawAction]:
    """Verdicts and demands in quoted sentences that have no verb of saying of their own:
    'Mr Ancram said: "... Once again this government has shown crass insensitivity."'. The
    speaker is found through the quotation, so the actions are marked ``inferred``."""
    sents = list(doc.sents)
    quotes = [q for q in _quotations(doc) if q[2]]
    for index, sent in enumerate(sents):
        words_ = [t for t in sent if not (t.is_punct or t.is_space)]
        if not words_:
            continue
        inside = next((q for q in quotes if q[0] < words_[0].i and words_[-1].i < q[1]), None)
        if inside is None or any(t.pos_ == "VERB" and t.lemma_.lower() in _SPEECH and _subjects(t) for t in sent):
            continue
        root = sent.root
        clauses = _with_embedded([root, *(c for c in root.children
                                          if c.dep_ in ("ccomp", "conj") and c.pos_ in ("VERB", "AUX"))])
        for clause in clauses:
            yield from _reported(root, clause, _args(inside[2], offset), offset, sentence_base + index,
                                 quoted=True)


def _label(verb: Token) -> tuple[list[Token], str, str] | None:
    """The objects, polarity and verdict word of "X called Y's plans 'dangerous'"."""
    if verb.lemma_.lower() not in _LABELLING:
        return None
    # "Her comments have been described as 'irresponsible' by X": the passive's subject
    objects = [c for c in verb.children if c.dep_ == ("nsubjpass" if _passive(verb) else "dobj")]
    complements = [c for c in verb.children if c.dep_ in ("oprd", "ccomp", "xcomp", "acomp", "attr")]
    complements += [c for o in objects for c in o.children if c.dep_ in ("amod", "appos") and c.i > o.i]
    # "described the plans as dangerous", "referred to Lords members as 'gangsters'"
    as_ = [g for head in (verb, *objects) for p in head.children if p.dep_ == "prep" and p.lower_ == "as"
           for g in p.children if g.dep_ in ("pobj", "amod", "acomp")]
    if as_ and not objects:
        objects = [g for p in verb.children if p.dep_ == "prep" and p.lower_ == "to"
                   for g in p.children if g.dep_ == "pobj"]
    complements += as_
    for c in complements:
        polarity = _polarity(c)
        if polarity and objects:
            return objects, polarity, c.text
    return None


def _passive(verb: Token) -> bool:
    return any(c.dep_ == "auxpass" for c in verb.children)


def _labellers(verb: Token) -> list[Token]:
    """Who gave a passive label: its agent, also where the parser hangs "by" on the label ("was
    described as 'outrageous' by X")."""
    return _agents(verb) or [g for t in verb.subtree if t.i > verb.i and t.dep_ == "prep" and t.lower_ == "by"
                             and t.head.i != verb.i for g in t.children if g.dep_ == "pobj" and _actor(g)][:1]


def labels_verdict(verb: Token) -> bool:
    """``verb`` gives its object a verdict ("called the plans 'dangerous'")."""
    return _label(verb) is not None


def _labelled(verb: Token, offset: int, sentence: int) -> Iterator[RawAction]:
    """"X called Y's plans 'dangerous'", "X branded Y a failure"."""
    label = _label(verb)
    if label is None:
        return
    objects, polarity, word = label
    # "called the plans 'dangerous'": the plans' owner; "the government" a description may link
    topics, inferred = with_owners([o for o in objects if _actor(o) or o.pos_ == "NOUN"], offset)
    speakers = _labellers(verb) if _passive(verb) else _subjects(verb)
    if topics and speakers:
        yield RawAction(_TYPES[polarity], f"{verb.text} ... {word}", sentence,
                        _args(speakers, offset), topics, negated=_negated(verb),
                        hypothetical=_hypothetical(verb), reported_by=_reporter(verb), future=_future(verb),
                        inferred=inferred)
