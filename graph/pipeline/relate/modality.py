"""Modality, negation and attribution of an action, and the date attached to it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from graph.pipeline.relate.arguments import _phrase, _stranded_subject
from graph.schema import words

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

_MODALS = words("modality.modals")
_INTENT = words("modality.intent")
_SAY = words("speech.say")
_PLANNED = words("modality.planned")
_DONE = words("modality.done_adjectives")
_NEGATORS = tuple(w.split() for w in words("modality.negators"))


def _negator(tok: Token) -> bool:
    """``tok`` is part of a negation word or phrase ("never"; "no longer", two tokens, whose
    "longer" the parser attaches to the verb)."""
    doc = tok.doc
    for phrase in _NEGATORS:
        for k in range(len(phrase)):
            start = tok.i - k
            if start >= 0 and start + len(phrase) <= len(doc) and all(
                    doc[start + j].lower_ == w for j, w in enumerate(phrase)):
                return True
    return False


def _chain(verb: Token) -> Iterator[Token]:
    """The verb and the verbs governing it through control or coordination. A verb is not
    governed by a clause of the quotation it opens: in 'X told Y: "It works, it would be naive
    not to do it."' the parser may hang "told" on the quote's last clause, whose modal is no
    modality of the telling."""
    tok = verb
    yield tok
    while tok.dep_ in ("xcomp", "conj", "ccomp", "advcl") and tok.head.i != tok.i:
        if tok.head.i > tok.i and any(t.is_quote for t in tok.doc[tok.i + 1:tok.head.i]):
            return
        tok = tok.head
        yield tok


_DENYING = words("modality.denying")
_FALSEHOODS = words("modality.falsehoods")
_CLAIMS = words("modality.claims")
_CLAIMING = _SAY | {"suggest", "allege", "argue"}
_REFUSING = words("modality.refusing")


def _denying(tok: Token) -> bool:
    """``tok`` is a verb of denial that denies: not "did not deny", not "refused to deny"."""
    return _lemma_in(tok, _DENYING) and not any(c.dep_ == "neg" or _negator(c) for c in tok.children) \
        and not (tok.dep_ == "xcomp" and _lemma_in(tok.head, _REFUSING))


def _false(tok: Token) -> bool:
    """``tok`` calls something false: "wrong", "untrue", or a copula with such a complement."""
    return tok.lemma_.lower() in _FALSEHOODS or any(
        c.dep_ in ("acomp", "attr") and c.lemma_.lower() in _FALSEHOODS for c in tok.children)


def _denied(verb: Token) -> bool:
    """The action is a claim its sentence denies: "denied that Y met Z", "dismissed reports that
    Y is to oust Z", "they were wrong when they said Y ousted Z", "it was wrong to suggest Y
    would usurp Z"."""
    chain = list(_chain(verb))
    for prev, tok in zip(chain, chain[1:]):
        if prev.dep_ == "ccomp" and _denying(tok):
            return True
        if prev.dep_ in ("advcl", "xcomp") and _lemma_in(prev, _CLAIMING) and _false(tok):
            return True
    top = chain[-1]
    claim = top.head
    return top.dep_ == "acl" and claim.lemma_.lower() in _CLAIMS and claim.dep_ == "dobj" \
        and _denying(claim.head)


def _negated(verb: Token) -> bool:
    """A negation on the verb or a verb governing it, or a denial of the claim that tells it
    (:func:`_denied`); or "neither ... nor" on its subject or object ("Neither Blair nor Brown
    criticised Y")."""
    if any(c.dep_ == "neg" or _negator(c) for t in _chain(verb) for c in t.children):
        return True
    if _denied(verb):
        return True
    return any(g.lower_ == "neither" for c in verb.children if c.dep_ in ("nsubj", "nsubjpass", "dobj")
               for g in c.children)


def _hypothetical(verb: Token) -> bool:
    below: Token | None = None
    for tok in _chain(verb):
        for c in tok.children:
            if c.dep_ == "aux" and (c.tag_ == "MD" or c.lower_ in _MODALS):
                return True
            if c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether"):
                return True
        # "plans to meet Y" is unreal; "urged X to act and called on Y" called on Y: a verb of
        # intent governs its complement, not the verb coordinated with it
        if below is not None and below.dep_ != "conj" and _lemma_in(tok, _INTENT):
            return True
        below = tok
    if verb.dep_ == "xcomp" and verb.head.lemma_.lower() == "be" \
            and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children) \
            and not any(c.dep_ in ("acomp", "attr") for c in verb.head.children):
        # "Blair is to meet Chirac": an arrangement, like "will meet" (not "was wrong to give")
        return True
    if verb.dep_ in ("xcomp", "advcl", "ccomp") and verb.head.lemma_.lower() == "be" \
            and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children) \
            and any(c.dep_ == "acomp" and c.lemma_.lower() not in _DONE for c in verb.head.children):
        # "it is vital for Britain to back Germany", "he is keen to meet Chirac": wanted, not done
        # (but "X was quick to condemn Y", "was wrong to give" tell what was done)
        return True
    return verb.dep_ == "xcomp" and _lemma_in(verb.head, _INTENT)


# Grammar, not vocabulary: the auxiliaries of the future tense ("wo" is the "wo" of "won't"),
# and the heads of "is due to / set to / going to / to meet".
_FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo"})
_FUTURE_HEADS = frozenset({"due", "set", "going", "be"})


def _present(tok: Token) -> bool:
    """``tok`` is, or is governed by, a present-tense or modal verb form ("is", "will be")."""
    forms = (tok, *(c for c in tok.children if c.dep_ in ("aux", "auxpass")))
    return any(t.tag_ in ("VBZ", "VBP", "MD") for t in forms)


def _future(verb: Token) -> bool:
    """The action is told in the future tense: "will meet", "is due to meet", "is set to
    meet", "is going to meet", "is to meet". Dates in it then point forward ("on Friday")."""
    tok = verb
    while True:
        if any(c.dep_ == "aux" and c.lower_ in _FUTURE_AUX for c in tok.children):
            return True
        if tok.dep_ not in ("xcomp", "conj") or tok.head.i == tok.i:
            return False
        head = tok.head
        if tok.dep_ == "xcomp" and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children):
            word = head.lemma_.lower() if head.lemma_.lower() == "be" else head.lower_
            if word in _FUTURE_HEADS:
                # "was due to meet" looked forward from a past day: no future for the reader.
                return _present(head) or head.dep_ == "acomp" and _present(head.head)
        tok = head


def _lemma_in(tok: Token, words: set[str]) -> bool:
    """The lemma, or the word with a regular inflection removed ("hopes" is lemmatised "hop")."""
    if tok.lemma_.lower() in words:
        return True
    word = tok.lower_
    return any(word.endswith(end) and (word[:-len(end)] in words or word[:-len(end)] + "e" in words)
               for end in ("s", "d", "ed", "ing"))


def _reporter(verb: Token) -> str | None:
    """Who a sentence attributes the action to: "..., the official said"; "according to X"."""
    root = verb
    while root.head.i != root.i and root.dep_ != "ROOT":
        parent = root.head
        if parent.lemma_.lower() in _SAY and root.dep_ in ("ccomp", "parataxis", "conj"):
            subj = [c for c in parent.children if c.dep_ == "nsubj"]
            if subj and subj[0].i != verb.i:
                return _phrase(subj[0])
        root = parent
    for tok in verb.sent:
        if tok.lower_ == "according" and tok.i + 1 < len(tok.doc) and tok.nbor(1).lower_ == "to":
            objs = [g for g in tok.nbor(1).children if g.dep_ == "pobj"]
            if objs:
                return _phrase(objs[0])
    return None


def _asserting_form(verb: Token) -> bool:
    """Participles used as adjectives and noun modifiers state no action; "in order to
    help" does."""
    if verb.dep_ not in ("amod", "acl") or verb.tag_ in ("VBG", "VBD", "VBZ", "VBP") or _stranded_subject(verb):
        # a finite form hung on a name is a clause the parser misread ("Trevor Phillips, chairman
        # of the CRE, called on Mr Clarke to ...")
        return True
    return verb.head.lower_ == "order" and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def _governed_hypothetically(noun: Token) -> bool:
    head = noun.head
    while head.pos_ not in ("VERB", "AUX") and head.head.i != head.i:
        head = head.head
    return head.pos_ in ("VERB", "AUX") and _hypothetical(head)


def _attached_date(verb: Token, sent: Span) -> str | None:
    """The DATE that modifies the verb, or a verb controlling it: "spoke on May 19",
    "spent a day playing golf with Graham in March"."""
    chain = [t.i for t in _chain(verb) if t.dep_ in ("xcomp", "ROOT", "relcl", "conj") or t.i == verb.i][:2]
    for ent in sent.ents:
        if ent.label_ != "DATE":
            continue
        head = ent.root.head
        if head.i in chain or head.dep_ == "prep" and head.head.i in chain:
            return ent.text
    return None


def _noun_date(noun: Token, sent: Span) -> str | None:
    """The date of an event noun: "the May 16 call", "a call on May 16"."""
    for ent in sent.ents:
        if ent.label_ == "DATE":
            head = ent.root.head
            if head.i == noun.i or head.dep_ == "prep" and head.head.i == noun.i:
                return ent.text
    return None
