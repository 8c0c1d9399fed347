"""Reported speech that carries a verdict or a demand: "X said Y's plan was a mistake" (X
criticises Y), "X said Y had been lying", "X said Y was right" (praise), "X said Y should
resign" (a demand of Y), "X said Y was not being straight" (denied praise is criticism), and
labels: "X called Y's plans 'dangerous'", "X described the plans as dangerous". Quoted
sentences with no verb of saying of their own carry the verdicts of the quotation's speaker
('X said: "... Once again Y has shown crass insensitivity."'). A verdict on plans, proposals
or a move falls on their owner (:mod:`.topics`).

The verdict words are data (``evaluation`` in ``graph/data/words.yaml``, reviewed from the
VADER lexicon); talk about someone without a verdict or a request yields nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from graph.pipeline.relate.arguments import Arg, RawAction, _args, _subjects
from graph.pipeline.relate.modality import _future, _hypothetical, _negated, _reporter
from graph.pipeline.relate.topics import actor as _actor
from graph.pipeline.relate.topics import is_topic, with_owners
from graph.schema import words

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

__all__ = ["labels_verdict", "quoted_actions", "speech_actions"]

_SPEECH = words("speech_evaluation.verbs")
_LABELLING = words("evaluation.labelling")
_DEMAND_MODALS = words("evaluation.demand_modals")
_DEMAND_VERBS = words("evaluation.demand_verbs")
_NEGATIVE = words("evaluation.negative_adjectives") | words("evaluation.negative_nouns")
_POSITIVE = words("evaluation.positive_adjectives") | words("evaluation.positive_nouns")
_NEGATIVE_VERBS = words("evaluation.negative_verbs")
_INTENT = words("modality.intent")
_CONDUCT = words("evaluation.conduct_verbs")
_LACKING = words("evaluation.lacking_verbs")
_POSITIVE_VERBS = words("evaluation.positive_verbs")
# The relation type each reading becomes, one per guideline class.
_TYPES = {"negative": "CRITICIZED", "positive": "PRAISED", "demand": "APPEALED_TO"}


def _word(tok: Token) -> str:
    return tok.lemma_.lower() if tok.pos_ in ("VERB", "AUX", "NOUN") else tok.lower_


def _polarity(tok: Token) -> str | None:
    """"negative" or "positive" when ``tok`` or an adjective on it is a verdict word."""
    chain = [tok]  # "brigands, muggers, bribers and gangsters": the whole list
    while any(c.dep_ == "conj" for c in chain[-1].children) and len(chain) < 8:
        chain.append(next(c for c in chain[-1].children if c.dep_ == "conj"))
    for t in (*chain, *(c for c in tok.children if c.dep_ in ("amod", "advmod", "compound"))):
        w, lower = _word(t), t.lower_
        if w in _NEGATIVE or lower in _NEGATIVE:
            return "negative"
        if w in _POSITIVE or lower in _POSITIVE:
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


def _verdict(clause: Token) -> tuple[str, str] | None:
    """The reading of a complement clause and the word that carries it, or None."""
    if any(c.dep_ == "aux" and c.lower_ in _DEMAND_MODALS for c in clause.children) or _time_for(clause):
        return "demand", clause.text
    if clause.lemma_.lower() in _DEMAND_VERBS and not any(c.tag_ == "MD" for c in clause.children) and any(
            c.dep_ == "xcomp" and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)
            for c in clause.children):
        return "demand", clause.text
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
        polarity = _polarity(obj) if lemma in _CONDUCT or lemma in _LACKING else None
        if polarity and lemma in _LACKING:
            polarity = "negative" if polarity == "positive" else None
        if polarity:
            return polarity, obj.text
    # "Y's figures do not add up": a verb with its particle
    particles = [c.lower_ for c in clause.children if c.dep_ == "prt"]
    for form in ([f"{lemma} {particles[0]}"] if particles else []) + [lemma]:
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
    passive_counts = any(c.dep_ == "neg" for c in clause.children) or clause.lemma_.lower() in _NEGATIVE_VERBS
    for subj in (c for c in clause.children if c.dep_ == "nsubj" or c.dep_ == "nsubjpass" and passive_counts):
        if _actor(subj):
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
    out = []
    for clause in found:
        out.append(clause)
        out.extend(c for c in clause.children if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX"))
    return out


def _reading(clause: Token, offset: int) -> tuple[str, str, tuple[Arg, ...], bool] | None:
    """The kind, verdict word, topics and anaphora flag of one reported clause, or None."""
    reading = _verdict(clause)
    if reading is None:
        return None
    kind, word = reading
    if kind == "demand":
        topics, inferred = _args(_named(clause), offset), False
    else:  # "Y was wrong", "Y's plans are a mistake", "the government has shown ..."
        topics, inferred = with_owners([c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")
                                        and (_actor(c) or c.pos_ == "NOUN")], offset)
    if not topics:
        return None
    return kind, word, topics, inferred


def _reported(verb: Token, clause: Token, speakers: tuple[Arg, ...], offset: int, sentence: int, *,
              quoted: bool = False) -> Iterator[RawAction]:
    """The action ``speakers`` take by saying ``clause`` (``verb`` is the verb of saying, or
    of a quoted sentence with no verb of saying, when ``quoted``)."""
    found = _reading(clause, offset)
    if found is None:
        return
    kind, word, topics, inferred = found
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
    denied = kind != "demand" and any(c.dep_ == "neg" for t in (clause, *_complements(clause))
                                      for c in t.children)
    if denied and kind == "positive":  # "Y is not being straight": denied praise is criticism
        kind, denied = "negative", False
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
    if lemma not in _SPEECH:
        return
    speakers = _subjects(verb)
    if not speakers:
        return
    for clause in _clauses(verb):
        yield from _reported(verb, clause, _args(speakers, offset), offset, sentence)


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
            found = [s for s in _subjects(tok) if _actor(s)]
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
        out.append((first, last, speakers))
    return out


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
        clauses = [root, *(c for c in root.children if c.dep_ in ("ccomp", "conj") and c.pos_ in ("VERB", "AUX"))]
        for clause in clauses:
            yield from _reported(root, clause, _args(inside[2], offset), offset, sentence_base + index,
                                 quoted=True)


def _label(verb: Token) -> tuple[list[Token], str, str] | None:
    """The objects, polarity and verdict word of "X called Y's plans 'dangerous'"."""
    if verb.lemma_.lower() not in _LABELLING:
        return None
    objects = [c for c in verb.children if c.dep_ == "dobj"]
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
    speakers = _subjects(verb)
    if topics and speakers:
        yield RawAction(_TYPES[polarity], f"{verb.text} ... {word}", sentence,
                        _args(speakers, offset), topics, negated=_negated(verb),
                        hypothetical=_hypothetical(verb), reported_by=_reporter(verb), future=_future(verb),
                        inferred=inferred)
