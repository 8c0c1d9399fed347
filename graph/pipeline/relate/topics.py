"""Topics and their owners: whose plans, proposals or moves a verdict falls on.

"X attacked the Tory plans" criticises the Tories, "X welcomed his return" welcomes him, and
"Plus.net backed the proposals" backs whoever made the proposals told earlier ("BT's
proposals", "BT unveiled plans", "BT has moved to ..."). A topic noun with no owner of its own
stands for its last earlier mention that has one (its owner, the subject of the verb that made
it, or the subject of the verb it names: "BT moved" for "the move"); a demonstrative "that
suggestion" with no earlier mention stands for what the last speaker said. Links found that
way are anaphora, and the actions built on them are marked ``inferred``.

The nouns and verbs are data (``topics`` in ``graph/data/words.yaml``).
"""

from __future__ import annotations

from functools import cache, lru_cache
from typing import TYPE_CHECKING

from graph.pipeline.extract import GOVERNMENT_MODIFIERS
from graph.pipeline.relate.arguments import (
    Arg,
    _agents,
    _candidates,
    _conjuncts,
    _including,
    _subjects,
)
from graph.schema import relation_types, titles, words
from graph.schema.vocab import coref

if TYPE_CHECKING:
    from spacy.tokens import Token

__all__ = ["actor", "actor_noun", "doers", "is_topic", "owners", "with_owners"]

_NOUNS = words("topics.nouns")
_MAKERS = words("topics.makers")
_SPEECH_NOUNS = words("topics.speech_nouns")
_GOVERNMENT_MEASURES = words("topics.government_measures")
_BETWEEN = words("topics.between")
_MANNERS = words("topics.manners")
_SPEECH = words("speech.say") | words("speech_evaluation.verbs")
# Pronouns that stand for a thing or a clause, never an actor.
_NOT_ACTORS = frozenset({"it", "this", "that", "there", "which", "what", "these", "those", "who", "its"})
_DEMONSTRATIVES = frozenset({"this", "that", "these", "those"})
# Nominal suffixes of a verb's own noun: "propose" -> "proposal", "suggest" -> "suggestion",
# "announce" -> "announcement". Grammar, not vocabulary.
_SUFFIXES = ("al", "ion", "tion", "ation", "ment", "s")
# How many sentences back a demonstrative speech noun looks for its speaker.
_SPEAKER_WINDOW = 2


def actor(tok: Token) -> bool:
    """``tok`` may name an actor: a name, an entity or a personal pronoun."""
    if tok.pos_ == "PRON":
        return tok.lower_ not in _NOT_ACTORS
    return tok.pos_ == "PROPN" or bool(tok.ent_type_) and tok.ent_type_ not in ("DATE", "TIME", "CARDINAL",
                                                                                 "ORDINAL", "MONEY", "PERCENT",
                                                                                 "QUANTITY")


@lru_cache(maxsize=1)
def _actor_nouns() -> frozenset[str]:
    """Nouns for people and bodies (read lazily: the vocabularies load on first use)."""
    vocab = coref()
    return titles().person_nouns | vocab.organisation_heads | vocab.country_heads


def actor_noun(tok: Token) -> bool:
    """``tok`` is a common noun for a person or a body ("the minister", "the party")."""
    return tok.pos_ == "NOUN" and tok.lemma_.lower() in _actor_nouns()


def doers(clause: Token) -> list[Token]:
    """Who does what ``clause`` tells: its active subject ("the government operates") or its
    passive's agent ("he was treated by police"), when that may name an actor."""
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in clause.children)
    found = _agents(clause) if passive else [c for c in clause.children if c.dep_ == "nsubj"]
    return [t for t in found if actor(t) or actor_noun(t)]


def _lemma(tok: Token) -> str:
    return tok.lemma_.lower()


def _made_by(noun: Token) -> list[Token]:
    """Who made ``noun`` by a verb of making: "X unveiled plans", "a set of proposals X made",
    "plans unveiled by X", "the target she set"."""
    head = noun
    if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.pos_ == "NOUN":
        head = noun.head.head  # "making a set of far-reaching proposals"
    verb = head.head
    if _lemma(verb) in _MAKERS and verb.pos_ in ("VERB", "AUX"):
        if head.dep_ == "dobj":
            return [s for s in _subjects(verb) if actor(s)]
        if head.dep_ == "nsubjpass":
            return [a for a in _agents(verb) if actor(a)]
    for clause in noun.children:
        if clause.dep_ in ("relcl", "acl") and _lemma(clause) in _MAKERS:
            found = [c for c in clause.children if c.dep_ == "nsubj" and actor(c)] if clause.dep_ == "relcl" \
                else [a for a in _agents(clause) if actor(a)]
            if found:
                return found
    return []


def _direct(noun: Token) -> list[Token]:
    """The owner ``noun`` names itself: "BT's proposals", "his return", "the Tory plans",
    "plans by the Home Office", "the plans BT unveiled"."""
    if any(c.lower_ == "own" for c in noun.children):
        return []  # "his own plans": the speaker's, told by a reflexive
    for c in noun.children:
        # "the prime minister's view": a description coreference may link is an owner too
        if c.dep_ == "poss" and (actor(c) or c.pos_ == "NOUN"):
            return [c]
    if _lemma(noun) in _MANNERS:
        # "the way the government operates": who does it (not "the way he was treated")
        return [s for c in noun.children if c.dep_ == "relcl" for s in doers(c)]
    for c in noun.children:  # "John Prescott's buildings programme": the parser hangs it on "buildings"
        if c.dep_ == "compound" and c.pos_ == "NOUN":
            found = [g for g in c.children if g.dep_ == "poss" and (actor(g) or g.pos_ == "NOUN")]
            if found:
                return found
    for c in noun.children:
        if c.dep_ == "compound" and c.pos_ == "NOUN" and c.lower_ in GOVERNMENT_MODIFIERS \
                and not any(c.children):
            return [c]  # "government plans": coreference gives the country
        if c.dep_ == "compound" and c.pos_ != "PRON" and actor(c) \
                or c.dep_ == "amod" and c.ent_type_ in ("NORP", "ORG", "GPE"):
            return [c]
    for p in noun.children:
        if p.dep_ == "prep" and p.lower_ in ("by", "from"):
            found = [g for g in p.children if g.dep_ == "pobj" and actor(g)]
            if found:
                return found
        # "the rivalry between the pair", "the deal between X and Y": both sides own it
        if p.dep_ == "prep" and p.lower_ == "between" and _lemma(noun) in _BETWEEN:
            found = [g for g in p.children if g.dep_ == "pobj" and (actor(g) or actor_noun(g)
                                                                     or _lemma(g) in coref().pair_heads)]
            if found:
                return found
    return _made_by(noun)


def _names(verb: Token, lemma: str) -> bool:
    """``verb`` is the verb ``lemma``, a topic noun, is named after ("moved" for "move",
    "proposed" for "proposal")."""
    v = _lemma(verb)
    if v == lemma:
        return True
    stem = v[:-1] if v.endswith("e") else v
    return len(stem) >= 4 and lemma.startswith(stem) and lemma[len(stem):] in _SUFFIXES


@cache
def _kin(lemma: str) -> frozenset[str]:
    """Topic nouns that may name the same thing as ``lemma``: itself, and the topic nouns that
    are event nouns of the same relation type ("the ban" told again as "the embargo")."""
    kin = {lemma}
    for rt in relation_types().values():
        if lemma in rt.events:
            kin.update(e for e in rt.events if e in _NOUNS)
    return frozenset(kin)


def _antecedent(noun: Token) -> list[Token]:
    """The owner of the last earlier mention of ``noun``'s topic that has one; for a measure
    only a government makes ("the new bill", "the regulations") with no owner told, the
    government the text last named as such ("the government", "ministers")."""
    lemma = _lemma(noun)
    kin = _kin(lemma)
    for tok in reversed(noun.doc[:noun.i]):
        if tok.pos_ == "NOUN" and _lemma(tok) in kin:
            found = _direct(tok)
        elif tok.pos_ == "VERB" and _names(tok, lemma):
            found = [s for s in _subjects(tok) if actor(s)]
        else:
            continue
        if found:
            return found
    if lemma in _GOVERNMENT_MEASURES:
        for tok in reversed(noun.doc[:noun.i]):
            if tok.pos_ == "NOUN" and _lemma(tok) in coref().governing_heads and tok.dep_ != "compound" \
                    and not any(c.dep_ in ("amod", "compound", "poss") for c in tok.children):
                return [tok]
    return []


def _speaker(noun: Token) -> list[Token]:
    """Who said what "that suggestion" stands for: the subject of the last speech verb in this
    sentence or the ones just before."""
    sents = list(noun.doc.sents)
    here = next(k for k, s in enumerate(sents) if s.start <= noun.i < s.end)
    for sent in reversed(sents[max(0, here - _SPEAKER_WINDOW):here + 1]):
        for tok in reversed(sent):
            if tok.i < noun.i and tok.pos_ == "VERB" and _lemma(tok) in _SPEECH:
                found = [s for s in _subjects(tok) if actor(s)]
                if found:
                    return found
    return []


def _noun(tok: Token) -> bool:
    """``tok`` is a noun, or a plural noun the tagger read as a verb in a noun's place
    ("criticised Tory promises": "promises" tagged VBZ, yet the verb's object)."""
    return tok.pos_ == "NOUN" or tok.pos_ == "VERB" and tok.tag_ == "VBZ" \
        and tok.dep_ in ("dobj", "nsubj", "nsubjpass", "pobj") and _lemma(tok) in _NOUNS


def is_topic(tok: Token) -> bool:
    """``tok`` is a topic noun: a plan, proposal, move or the like."""
    return _noun(tok) and _lemma(tok) in _NOUNS


def owners(noun: Token) -> tuple[list[Token], bool]:
    """Whose topic ``noun`` is, and whether that was found by anaphora (an earlier mention).

    A person noun ("his wife") or a body ("his party", "the government") owns nothing here:
    it is an actor of its own, which coreference may link.
    """
    if not _noun(noun) or noun.ent_type_ or _lemma(noun) in _actor_nouns():
        return [], False
    if _lemma(noun) in coref().private_nouns:
        return [], False  # "British adults", "Japanese firms": people and businesses, nobody's topic
    direct = _direct(noun)
    if direct:
        return direct, False
    lemma = _lemma(noun)
    if lemma not in _NOUNS and lemma not in _SPEECH_NOUNS:
        return [], False
    if any(c.dep_ == "det" and c.lower_ in ("a", "an", "another", "any", "no", "some") for c in noun.children):
        return [], False  # "a plan" is a new one
    found = _antecedent(noun) if lemma in _NOUNS else []
    if not found and lemma in _SPEECH_NOUNS and any(
            c.dep_ == "det" and c.lower_ in _DEMONSTRATIVES for c in noun.children):
        found = _speaker(noun)
    return found, bool(found)


def with_owners(heads: list[Token], offset: int) -> tuple[tuple[Arg, ...], bool]:
    """Arguments of ``heads`` (as :func:`~.arguments._args`) whose topic nouns also offer their
    owners as candidates, after the noun itself; and whether any owner came by anaphora."""
    out: list[Arg] = []
    inferred = False
    for head in heads:
        for t in _conjuncts(head):
            for x in _including(t) or [t]:
                spans = _candidates(x, offset)
                found, by_anaphora = owners(x)
                if not found:
                    # "denounced her father Nicholas Scott's actions": the parser hangs the topic
                    # on "her father" as its apposition, and the topic's owner is the target
                    for appos in (c for c in x.children if c.dep_ == "appos"):
                        found, by_anaphora = owners(appos)
                        if found:
                            break
                # "a motion the Tories and Lib Dems tabled": each owner is an argument of its own
                found = [c for o in found for c in _conjuncts(o)]
                owned = [(offset + o.idx, offset + o.idx + len(o)) for o in found]
                inferred = inferred or by_anaphora and any(s not in spans for s in owned)
                # "the decision by India and Pakistan": the noun's own candidates may hold its
                # owners already; each owner after the first is still an argument of its own
                rest = owned[1:]
                own = tuple(s for s in spans if s not in rest)
                out.append(own + tuple(s for s in owned[:1] if s not in own))
                out.extend(((s,) for s in rest))
    return tuple(out), inferred
