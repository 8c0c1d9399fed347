"""Argument finding: who acts and who is acted on, through coordination, apposition,
"including" lists, control, relative clauses, passives and prepositional objects."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from graph.gazetteer.places import is_place
from graph.schema import titles, words
from graph.schema.vocab import coref, first_name_gender

if TYPE_CHECKING:
    from spacy.tokens import Token

__all__ = ["Arg", "RawAction"]

_GIVING = words("aid.giving")
_PROGRAMMES = words("media.programmes")
_GATHERINGS = words("gatherings.heads") | words("gatherings.place_events")
_COLLECTIVES = words("collectives.heads")
_SITTING = words("collectives.sitting")
_DONE = words("modality.done_adjectives")
_LEAVING_TO = words("arguments.leaving_to")

Arg = tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class RawAction:
    """An action found in a sentence; arguments are char spans still to map to entities.

    Each argument is a tuple of candidate spans, best first: the head word, then the
    names in apposition to it ("his counterpart Vladimir Putin").
    """

    type: str
    verb: str  # the verb phrase as read: "held a call with", "was criticised by"
    sentence: int
    sources: tuple[Arg, ...]
    targets: tuple[Arg, ...]
    date_text: str | None = None
    negated: bool = False
    hypothetical: bool = False
    reported_by: str | None = None
    target_types: frozenset[str] = frozenset()
    joins: bool = False  # "X was also on the May 16 call": X joins that earlier event
    future: bool = False  # told in the future tense ("will meet on Friday"): its date points forward
    inferred: bool = False  # an argument was found by anaphora ("backed the proposals": BT's, told earlier)


def _conjuncts(tok: Token) -> list[Token]:
    """``tok`` and the words coordinated with it, also when the parser hangs the next item of
    a list on an apposition ("his counterpart, A, and the Ugandan leader, B")."""
    out = [tok]
    for child in tok.children:
        if child.dep_ == "conj":
            out.extend(_conjuncts(child))
        elif child.dep_ == "appos":
            out.extend(t for c in child.children if c.dep_ == "conj" for t in _conjuncts(c))
        elif child.dep_ == "prep" and tok.pos_ == "PROPN":
            out.extend(t for c in _companions(child) for t in _conjuncts(c))
    return out


def _companions(prep: Token) -> list[Token]:
    """Who "along with", "together with" or "alongside" joins to a name: "Blair, along with
    Brown, praised Y" (both praised)."""
    if prep.lower_ == "alongside" or prep.lower_ == "with" and any(
            c.dep_ == "advmod" and c.lower_ == "together" for c in prep.children):
        return [g for g in prep.children if g.dep_ == "pobj"]
    if prep.lower_ == "along":
        return [g for w in prep.children if w.dep_ == "prep" and w.lower_ == "with"
                for g in w.children if g.dep_ == "pobj"]
    return []


def _stray_conjuncts(verb: Token, after: int) -> list[Token]:
    """Nouns the parser coordinated with the verb rather than with its last argument: "held
    talks with A, and the Ugandan leader, B" (``leader`` hangs on ``held``)."""
    return [c for c in verb.children if c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN") and c.i > after]


#: Where the parser hangs a name in apposition it took for something else: "from government
#: regulator, the Office of ...," read as an adverbial of the verb.
_STRAY_APPOSITIONS = frozenset({"npadvmod", "appos", "dep"})


def _stray_apposition(tok: Token) -> list[Token]:
    """The name right after a common noun and a comma that the parser hung elsewhere: "criticism
    from the government regulator, the Office of Federal Housing Enterprise Oversight" (the
    name's head an adverbial or a second object of the verb). Only a name starting right after
    the comma ("the" aside) counts; one coordinated in a list is a conjunct, not taken here."""
    if tok.pos_ != "NOUN" or tok.i + 2 >= len(tok.doc) or tok.nbor(1).text != ",":
        return []
    starts = {tok.i + 2}
    if tok.nbor(2).lower_ == "the":
        starts.add(tok.i + 3)
    ent = next((e for e in tok.doc.ents if e.start in starts and e.label_ in ("ORG", "PERSON", "GPE")), None)
    if ent is None or ent.root.head.i == tok.i:
        return []
    root = ent.root
    # or a second object of the verb, which no verb takes: "faced criticism from the regulator, the Office ..."
    second = root.dep_ == "dobj" and any(c.dep_ == "dobj" and c.i < root.i for c in root.head.children)
    return [root] if root.dep_ in _STRAY_APPOSITIONS or second else []


def _candidates(tok: Token, offset: int) -> Arg:
    """The head word, then names in apposition ("his counterpart Vladimir Putin"), then a
    nationality standing for its country ("Russian negotiators")."""
    spans = [(offset + tok.idx, offset + tok.idx + len(tok))]
    stack = [c for c in tok.children if c.dep_ == "appos"] or _stray_apposition(tok)
    while stack:
        child = stack.pop(0)
        spans.append((offset + child.idx, offset + child.idx + len(child)))
        stack.extend(c for c in child.children if c.dep_ == "appos")
    if tok.pos_ == "NOUN" and tok.lemma_.lower() in _PROGRAMMES:
        # "BBC Radio 4's Today programme" stands for its owner, the BBC: the owner comes first
        owners = [c for c in tok.children if c.dep_ == "poss" and c.pos_ != "PRON"]
        spans[1:1] = [(offset + c.left_edge.idx, offset + c.left_edge.idx + len(c.left_edge)) for c in owners]
    if tok.pos_ == "PROPN" and tok.ent_type_ not in ("PERSON", "ORG", "GPE", "NORP"):
        # "BBC One's Breakfast with Frost": a show the tagger took for a place (or nothing) is
        # its owner's; "Labour's Gordon Brown" and "Britain's Foreign Office" keep their head
        owners = [c for c in tok.children if c.dep_ == "poss" and c.ent_type_ == "ORG"]
        # "told BBC Radio Five Live": the station's name run on from its owner's
        owners += [c for c in tok.children if c.dep_ == "compound" and c.ent_type_ == "ORG"][:1]
        spans[0:0] = [(offset + c.left_edge.idx, offset + c.left_edge.idx + len(c.left_edge)) for c in owners]
    elif tok.pos_ == "PROPN" and not any(first_name_gender(c.text) for c in (*tok.lefts, tok)
                                         if c.dep_ == "compound" or c.i == tok.i):
        # "the BBC's Westminster Hour", a show tagged as a person: when no entity stands at the
        # name, the body that owns it does ("the BBC's John Simpson" is a person's name)
        spans.extend((offset + c.idx, offset + c.idx + len(c)) for c in tok.children
                     if c.dep_ == "poss" and c.ent_type_ == "ORG")
    if tok.pos_ == "PROPN" and tok.text.isupper() and tok.lower_ in titles().postnominals:
        # "Frank Field MP", "Michael Mansfield QC": letters after a person's name stand for it
        spans[0:0] = [(offset + c.idx, offset + c.idx + len(c)) for c in tok.children
                      if c.dep_ == "compound" and c.pos_ == "PROPN"][-1:]
    if tok.pos_ == "NOUN" and tok.lemma_.lower() in _COLLECTIVES:
        # "a delegation of MPs from the Treasury Committee" acts as its members do
        spans.extend(s for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"
                     for g in c.children if g.dep_ == "pobj" for s in _candidates(g, offset))
    if tok.pos_ == "NOUN" and tok.lemma_.lower() in _SITTING:
        # "the MPs on the Constitutional Affairs committee" act for the body they sit on
        spans.extend((offset + g.idx, offset + g.idx + len(g)) for c in tok.children
                     if c.dep_ == "prep" and c.lower_ == "on" for g in c.children
                     if g.dep_ == "pobj" and g.ent_type_ == "ORG")
    if tok.pos_ == "NOUN" and tok.dep_ == "appos" and tok.head.pos_ == "PROPN" and tok.head.i < tok.i:
        # "Sharron Storer, the woman who harangued him": a description in apposition is the name
        spans.append((offset + tok.head.idx, offset + tok.head.idx + len(tok.head)))
    if tok.pos_ == "NOUN":
        # "a company called Akamai", "a group named Respond", "a firm known as Ovum": the name
        # is the noun's referent, next after the noun itself
        spans[1:1] = [(offset + n.idx, offset + n.idx + len(n)) for n in _named(tok)]
        first_owner = len(spans)
        # "the decision by Brussels", "a proposal from the union" (after an owner named by a
        # possessive: "the UK's rebate from the EU" is the UK's)
        by_from = [(offset + g.idx, offset + g.idx + len(g)) for c in tok.children
                   if c.dep_ == "prep" and c.lower_ in ("by", "from")
                   for g in c.children if g.dep_ == "pobj" and (g.pos_ == "PROPN" or g.ent_type_)]
        # "BBC One's Breakfast With Frost": an owner named in several words
        spans.extend((offset + c.left_edge.idx, offset + c.left_edge.idx + len(c.left_edge))
                     for c in tok.children if c.dep_ == "poss" and c.pos_ not in ("PRON", "PROPN")
                     and c.left_edge.pos_ == "PROPN")
        # "al-Ikhbariya television", "the Scientology organization", "Russian negotiators",
        # "Hamill's schedule", "the government's failure" (a description coreference may link)
        gathering = tok.lemma_.lower() in _GATHERINGS  # "the Brighton conference", "the Iraq war" are no actors
        # "a US woman", "British adults", "Japanese firms": where private people come from, no actor
        private = tok.lemma_.lower() in coref().private_nouns
        # "told a New York court", "Slough's constituency association": a body is not its place
        body = tok.lemma_.lower() in coref().organisation_heads
        spans.extend((offset + c.idx, offset + c.idx + len(c)) for c in tok.children
                     if not (private and c.ent_type_ in ("NORP", "GPE"))
                     and not (body and c.dep_ in ("compound", "poss") and _place_word(c)) and (
                         c.dep_ == "compound" and (c.ent_type_ or c.pos_ == "PROPN")
                         and not (gathering and c.ent_type_ not in ("ORG", "NORP"))
                         or c.dep_ == "amod" and c.ent_type_ in ("NORP", "GPE")
                         or c.dep_ == "poss" and c.pos_ in ("PROPN", "NOUN")))
        possessed = any(c.dep_ == "poss" and c.pos_ in ("PROPN", "NOUN") for c in tok.children)
        at = len(spans) if possessed else first_owner
        spans[at:at] = by_from
        if not gathering:
            spans.extend((offset + c.idx, offset + c.idx + len(c)) for c in _modifying_names(tok)
                         if not (private and c.ent_type_ in ("NORP", "GPE")))
        else:
            # "told a meeting of the Police Authority": a body's own gathering stands for the body
            spans.extend((offset + g.idx, offset + g.idx + len(g)) for c in tok.children
                         if c.dep_ == "prep" and c.lower_ == "of"
                         for g in c.children if g.dep_ == "pobj" and g.ent_type_ == "ORG")
        if tok.lemma_.lower() in titles().person_nouns:
            # "a detective for the Los Angeles Sheriff's office" acts for the office
            for prep in tok.children:
                if prep.dep_ == "prep" and prep.lower_ in ("for", "of", "from", "at", "with"):
                    for obj in prep.children:
                        if obj.dep_ == "pobj":
                            spans.append((offset + obj.idx, offset + obj.idx + len(obj)))
                            spans.extend((offset + c.idx, offset + c.idx + len(c)) for c in obj.children
                                         if c.dep_ in ("poss", "compound") and (c.ent_type_ or c.pos_ == "PROPN"))
    return tuple(spans)


def _place_word(tok: Token) -> bool:
    """A place's name, as the tagger or the gazetteer tells ("Slough" read as a person)."""
    return tok.ent_type_ in ("GPE", "LOC") or tok.pos_ == "PROPN" and is_place(tok.text)


def _modifying_names(tok: Token) -> list[Token]:
    """Names the parser hangs on a noun as an adjective rather than a compound: "told the
    Kommersant newspaper" (a shape found among the misses in unseen BBC news)."""
    return [c for c in tok.children if c.dep_ == "amod" and c.pos_ == "PROPN" and c.ent_type_]


def _named(tok: Token) -> list[Token]:
    """The name a noun is given by a participle: "a company called Akamai", "a group known as
    Respond"."""
    found = []
    for acl in tok.children:
        if acl.dep_ != "acl" or acl.tag_ != "VBN" or acl.lemma_.lower() not in ("call", "name", "know", "dub"):
            continue
        found += [c for c in acl.children if c.dep_ in ("oprd", "attr", "dobj") and c.pos_ == "PROPN"]
        found += [g for c in acl.children if c.dep_ == "prep" and c.lower_ == "as" for g in c.children
                  if g.dep_ == "pobj" and g.pos_ == "PROPN"]
    return found


def _including(tok: Token, depth: int = 3) -> list[Token]:
    """"members of Scientology, including Tiziano Lugli and Jason Beghe"; "defectors from
    the organization including Tom Devocht"."""
    found = [c for p in tok.children if p.dep_ == "prep" and p.lower_ in ("including", "like")
             for g in p.children if g.dep_ == "pobj" for c in _conjuncts(g)]
    if found or depth == 0:
        return found
    for child in tok.children:
        if child.dep_ in ("prep", "pobj"):
            found = _including(child, depth - 1)
            if found:
                return found
    return []


def _args(heads: Iterable[Token], offset: int) -> tuple[Arg, ...]:
    out = []
    for head in heads:
        for t in _conjuncts(head):
            included = _including(t)
            out.extend(_candidates(x, offset) for x in included) if included else out.append(_candidates(t, offset))
    return tuple(out)


def _fronted_subject(verb: Token) -> list[Token]:
    """The subject the parser hung on a fronted phrase as an apposition: in "In a letter to
    Chirac, Blair asked ...", "Blair" reads as an apposition of "Chirac". A name in apposition
    that ends right before a subjectless verb, inside a phrase fronted before it, is its subject."""
    for prep in verb.children:
        if prep.dep_ != "prep" or prep.i > verb.i:
            continue
        for tok in prep.subtree:
            if tok.dep_ == "appos" and tok.pos_ == "PROPN" and tok.right_edge.i == verb.i - 1 \
                    and tok.head.i < tok.i and tok.doc[tok.left_edge.i - 1].text == ",":
                return [tok]
    return []


def _subjects(verb: Token) -> list[Token]:
    """The verb's subject, inherited through coordination ("phoned X and talked with Y"),
    control ("spent a day playing golf with") and relative clauses ("Stubb, who met")."""
    original = verb.i
    while True:
        kinds = ("nsubj",) if verb.i == original else ("nsubj", "nsubjpass")
        subjects = [c for c in verb.children if c.dep_ in kinds]
        if subjects:
            if subjects[0].tag_ in ("WP", "WDT") and verb.dep_ == "relcl":
                return [verb.head]  # "Stubb, who played golf with Graham"
            if verb.i != original and subjects[0].lower_ == "it" and verb.lemma_.lower() in _LEAVING_TO:
                # "It was left to Prescott to pay tribute": the task's doer is named by "to"
                doers = [g for p in verb.children if p.dep_ == "prep" and p.lower_ == "to"
                         and p.i < original for g in p.children if g.dep_ == "pobj"]
                if doers:
                    return doers
            return subjects
        fronted = _fronted_subject(verb) if verb.pos_ in ("VERB", "AUX") else []
        if fronted:
            return fronted
        if verb.dep_ in ("conj", "xcomp", "advcl") and verb.head.i != verb.i:
            verb = verb.head
            continue
        if verb.dep_ == "acomp" and verb.lemma_.lower() in _DONE:  # "X was quick to condemn Y"
            verb = verb.head
            continue
        if verb.dep_ == "pcomp" and verb.head.dep_ == "prep":  # "After calling X, Montalvo ..."
            verb = verb.head.head
            continue
        if verb.dep_ == "acl" and verb.head.lower_ == "order" and verb.head.head.dep_ == "prep":
            verb = verb.head.head.head  # "requested donations in order to help Montalvo"
            continue
        if verb.dep_ in ("relcl", "acl") and verb.tag_ != "VBN":
            return [verb.head]
        stranded = _stranded_subject(verb)
        if stranded:
            return stranded
        return []


def _stranded_subject(verb: Token) -> list[Token]:
    """"David Laws, for the Liberal Democrats, called on Mr Brown to act": the parser left the
    sentence without a verb, its name the root and the verb a participle on the aside. The
    root is the subject when the verb follows a comma and takes an object or a complement
    clause of its own (an active verb, not "the man, arrested on Monday")."""
    root = verb.sent.root
    if verb.dep_ != "acl" or verb.i == 0 or verb.doc[verb.i - 1].text != "," or root.i >= verb.i \
            or root.pos_ not in ("PROPN", "NOUN") or root.ent_type_ not in ("PERSON", "ORG", "NORP", "GPE"):
        return []
    if any(c.dep_ == "dobj" for c in verb.children) or any(c.dep_ in ("xcomp", "ccomp") for c in verb.children):
        return [root]
    return []


def _agents(verb: Token) -> list[Token]:
    """The agent of a passive: "by X"; for giving verbs, "from X" ("was provided with
    material from Scientology")."""
    agents = [g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
    if not agents and verb.lemma_.lower() in _GIVING:
        agents = [g for c in verb.children if c.dep_ == "prep" and c.lower_ == "from"
                  for g in c.children if g.dep_ == "pobj"]
    return agents


def _prep_objects(head: Token, preps: frozenset[str]) -> list[tuple[Token, Token]]:
    """Objects of ``head``'s prepositions in ``preps``; the parser makes the object of
    "pressure on Y to resign" the subject of an infinitive hung on the preposition, and hangs
    the preposition of a verb on its adverb in "wrote straight back to Y", and a repeated
    preposition on the first ("from X and from Y")."""
    hosts = [head, *(c for c in head.children if c.dep_ == "advmod" and c.pos_ == "ADV" and c.i > head.i)] \
        if head.pos_ in ("VERB", "AUX") else [head]
    # "has called on Y to resign": the parser may take the preposition for a particle, its object kept
    prepositions = [c for h in hosts for c in h.children if c.lower_ in preps and (
        c.dep_ == "prep" or c.dep_ == "prt" and any(g.dep_ == "pobj" for g in c.children))]
    # "criticism from X and from Y": a preposition repeated in a list is its first's conjunct
    prepositions += [c for p in prepositions for c in p.conjuncts if c.dep_ == "conj" and c.pos_ == "ADP"
                     and c.lower_ in preps and c not in prepositions]
    return [(c, g) for c in prepositions for g in c.children if g.dep_ == "pobj"] + [
        (c, s) for c in prepositions
        for g in c.children if g.dep_ == "pcomp" and any(a.dep_ == "aux" and a.lower_ == "to" for a in g.children)
        for s in g.children if s.dep_ == "nsubj" and s.i < g.i]


def _phrase(tok: Token) -> str:
    """The noun phrase headed by ``tok``, without relative clauses."""
    left = min([tok.i, *(c.left_edge.i for c in tok.lefts)])
    right = tok.i
    for c in tok.rights:
        if c.dep_ in ("compound", "flat", "nummod", "amod"):
            right = c.right_edge.i
    return tok.doc[left:right + 1].text
