"""Descriptions the entity stage does not read, found on the dependency parse.

:func:`graph.pipeline.extract.descriptors` reads definite descriptions that name their kind
("the party", "the prime minister", "British officials"); this module reads the rest, for
:mod:`graph.pipeline.coref` to link: a body's role ("the Spectator editor"), a body's label
("telecoms regulator Ofcom"), a report and its author, a spokesman and the body he speaks for,
"this government", members of a named body, and a long title naming its holder inside it.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

import yaml

from graph.gazetteer.countries import country_of
from graph.pipeline.extract import Descriptor, sentence_index
from graph.schema import relation_types, words
from graph.schema.vocab import coref

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

__all__ = ["descriptions", "member_nouns"]

_TITLE_WORDS = words("roles.role_words")
_SAYING = words("speech.say") | words("speech_evaluation.verbs")

def descriptions(doc: Doc, *, offset: int = 0, sentence_base: int = 0) -> Iterator[Descriptor]:
    """What :func:`graph.pipeline.extract.descriptors` leaves to this stage, read off the parse:

    - roles of a body, kind ``role``: "The Spectator editor", "the BMA chairman" (heads in
      ``role_nouns``; the body is the qualifier);
    - labels, kind ``label``: an organisation named with the kind of body it is, "telecoms
      regulator Ofcom", "Ofcom, the watchdog," or "the watchdog, Ofcom," (heads in
      ``organisation_heads``), so that "the watchdog" later finds Ofcom;
    - reports and spokesmen with the body they speak for, kind ``authored`` ("a report by the
      Audit Commission", "a spokesman for the Home Office", at the body's span), and alone,
      kind ``document`` ("the report", "the spokesman"), which stands for that body.

    - a nationality before a topic or event noun, kind ``nationality``, at the nationality:
      "the French decision", "British proposals", "the American invasion" are the country's
      government's (a demonym is no entity of its own);
    - "this government", kind ``country`` (extract reads "the government" only);
    - members of a named body, kind ``members``, at the members' noun with the body as the
      qualifier ("Members of the Transport Committee", "officials at the Home Office");
    - a long title that names its holder inside its own phrase, kind ``titled``, at the title
      word with the holder's name as the qualifier ("Chairman of the Environmental Audit
      Committee Peter Ainsworth MP said": the parser makes "Chairman" the subject).

    Labels and ``authored`` records link nothing themselves.
    """
    vocab = coref()
    starts = sentence_index(doc)
    for tok in doc:
        clause = "subject" if tok.dep_ in ("nsubj", "nsubjpass") else "other"
        if _this_government(tok):
            span = doc[tok.i - 1:tok.i + 1]
            yield Descriptor(offset + span.start_char, offset + span.end_char, span.text, tok.lower_, None,
                             sentence_base + starts[tok.sent.start], "country", clause)
        if _nationality(tok):
            yield Descriptor(offset + tok.idx, offset + tok.idx + len(tok), tok.text, tok.head.lemma_.lower(),
                             tok.text, sentence_base + starts[tok.sent.start], "nationality", "other")
        body = _members(tok) if tok.pos_ in ("NOUN", "PROPN") else None
        if body is not None:
            yield Descriptor(offset + tok.idx, offset + tok.idx + len(tok), tok.text, tok.lower_, body.text,
                             sentence_base + starts[tok.sent.start], "members", clause)
        holder = _titled_holder(tok)
        if holder is not None:
            yield Descriptor(offset + tok.idx, offset + tok.idx + len(tok), tok.text, tok.lower_, holder.text,
                             sentence_base + starts[tok.sent.start], "titled", clause)
        if tok.pos_ != "NOUN" or tok.ent_type_ or tok.tag_ != "NN":
            continue
        sentence = sentence_base + starts[tok.sent.start]
        lemma = tok.lemma_.lower()
        if lemma in vocab.role_nouns and tok.dep_ not in ("compound", "appos", "conj"):
            kids = list(tok.children)
            if any(c.dep_ in ("appos", "relcl", "acl", "prep") or c.ent_type_ == "PERSON" for c in kids):
                continue  # "the editor, Ian Hislop", "the chairman of the BBC": said there
            the = [c for c in kids if c.dep_ == "det" and c.lower_ == "the"]
            bodies = [c for c in kids if c.dep_ in ("compound", "poss") and c.pos_ == "PROPN"]
            others = [c for c in kids if c.dep_ in ("amod", "compound", "poss", "nummod") and c not in bodies
                      and c.lower_ not in vocab.role_nouns]  # "the chief executive" is one role
            if the and not others:
                first = min(c.i for c in (*the, *bodies, tok))
                span = doc[first:tok.i + 1]
                yield Descriptor(offset + span.start_char, offset + span.end_char, span.text, lemma,
                                 " ".join(b.text for b in bodies) or None, sentence, "role",
                                 "subject" if tok.dep_ in ("nsubj", "nsubjpass") else "other")
        if lemma in vocab.document_nouns or lemma in vocab.proxy_nouns:
            yield from _document(tok, lemma, offset, sentence)
        if lemma in vocab.organisation_heads:
            name = _labelled(tok)
            if name is not None:
                first, last = min(name.start, tok.i), max(name.end - 1, tok.i)
                span = doc[first:last + 1]
                yield Descriptor(offset + span.start_char, offset + span.end_char, span.text, lemma,
                                 name.text, sentence, "label")


#: Dependencies on the way from a title down to its holder's name inside the title's phrase:
#: "Chairman of the Environmental Audit Committee Peter Ainsworth MP" (the name hangs on the
#: body's name), "Leader of the House Peter Hain".
_TITLE_PATH = frozenset({"prep", "pobj", "compound", "appos", "flat"})


def _titled_holder(tok: Token) -> Span | None:
    """The person a long title names inside its own phrase, after the body it heads:
    "Chairman of the Environmental Audit Committee Peter Ainsworth MP said" is Ainsworth
    speaking, though the parser makes the title the subject. Only a title word
    (``roles.role_words``) heading an argument, one person's name in the title's "of" phrase,
    and a body or office before that name inside it: "a spokesman for Tony Blair" is not Blair.
    """
    if tok.lower_ not in _TITLE_WORDS or tok.ent_type_ or tok.pos_ not in ("NOUN", "PROPN"):
        return None
    if tok.dep_ not in ("nsubj", "nsubjpass", "dobj", "pobj", "dative"):
        return None  # "Home Secretary Charles Clarke": the name heads its phrase itself
    if not any(c.dep_ == "prep" and c.lower_ == "of" for c in tok.children):
        return None
    people = [e for e in tok.doc.ents if e.label_ == "PERSON" and tok.i < e.start <= tok.right_edge.i]
    if len(people) != 1:
        return None
    person = people[0]
    node = person.root
    while node.i != tok.i:
        if node.dep_ not in _TITLE_PATH or node.head.i == node.i:
            return None
        node = node.head
    root = person.root
    # the name is the object of a preposition only when a body's name comes before it in that
    # object's phrase ("of the House Peter Hain"), not when it is the whole object ("for Tony Blair")
    if root.dep_ == "pobj" and root.left_edge.i >= person.start:
        return None
    return person


def _this_government(tok: Token) -> bool:
    """"this government", "this administration": the speaker's own country's government, a
    description :func:`graph.pipeline.extract.descriptors` leaves out (it reads "the" only)."""
    if tok.pos_ != "NOUN" or tok.ent_type_ or tok.lower_ not in coref().country_heads or tok.i == 0:
        return False
    if tok.dep_ in ("compound", "appos", "conj"):
        return False
    det = tok.doc[tok.i - 1]
    return (det.head == tok and det.dep_ == "det" and det.lower_ in ("this", "these")
            and not any(c.dep_ in ("amod", "compound", "poss", "nummod", "prep", "relcl", "acl", "appos")
                        for c in tok.children))


@lru_cache(maxsize=1)
def _owned_nouns() -> frozenset[str]:
    """Nouns a nationality before them gives to its country: topics ("decision", "proposals",
    "claims") and the event nouns of the relation types ("invasion", "sanctions")."""
    events = frozenset(e for rt in relation_types().values() for e in rt.events)
    return words("topics.nouns") | words("topics.speech_nouns") | events


def _nationality(tok: Token) -> bool:
    """A country's nationality, one word, before a topic or event noun: "the French decision"."""
    if tok.ent_type_ != "NORP" or tok.ent_iob_ != "B" or tok.dep_ not in ("amod", "compound"):
        return False
    if tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].ent_iob_ == "I":
        return False  # "the Scottish National Party": a name
    head = tok.head
    if head.pos_ != "NOUN" or head.lemma_.lower() not in _owned_nouns():
        return False
    return country_of(tok.text) is not None


def _named(tok: Token) -> Span | None:
    """The entity span holding ``tok`` when it names an organisation or a person."""
    return next((e for e in tok.doc.ents if e.label_ in ("ORG", "PERSON") and e.start <= tok.i < e.end), None)


def _author(tok: Token) -> Span | None:
    """Who wrote the report ``tok`` heads ("a report by the Audit Commission", "the NAO's annual
    report", "A National Audit Office report", "Oxfam says in a report", "Oxfam published a
    report"), or whom a spokesman
    or source speaks for ("a spokesman for the Home Office", "a Labour source")."""
    preps = ("by",) if tok.lemma_.lower() in coref().document_nouns else ("for", "at", "of", "from")
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in preps:
            found = next((_named(g) for g in c.children if g.dep_ == "pobj" and _named(g) is not None), None)
            if found is not None:
                return found
    # the owner before a title: "Oxfam's Paying the Price report" is Oxfam's
    for dep in ("poss", "compound"):
        found = next((_named(c) for c in tok.children if c.dep_ == dep and _named(c) is not None), None)
        if found is not None:
            return found
    if preps == ("by",) and tok.dep_ == "pobj" and tok.head.lower_ == "in" and tok.head.head.pos_ in ("VERB", "AUX"):
        verb = tok.head.head
        return next((_named(c) for c in verb.children if c.dep_ == "nsubj" and _named(c) is not None), None)
    if preps == ("by",) and tok.dep_ == "dobj" and tok.head.lemma_.lower() in coref().document_makers:
        # "the committee published a report": its subject wrote it
        return next((_named(c) for c in tok.head.children if c.dep_ == "nsubj" and _named(c) is not None), None)
    return None


def _document(tok: Token, lemma: str, offset: int, sentence: int) -> Iterator[Descriptor]:
    """A report with its author (kind ``authored``, at the author's span), or "the report" alone
    (kind ``document``), which stands for the author of the last report of that kind; the same
    for a spokesman or a source and the body they speak for ("A Labour source told the Sunday
    Times ... the source told the paper")."""
    author = _author(tok)
    if author is not None:
        yield Descriptor(offset + author.start_char, offset + author.end_char, author.text, lemma, author.text,
                         sentence, "authored")
        return
    kids = list(tok.children)
    if any(c.dep_ in ("relcl", "acl", "appos", "prep", "amod", "compound", "poss") or c.ent_type_ == "PERSON"
           for c in kids) or tok.dep_ in ("compound", "appos"):
        return  # "the report on prisons", "the latest report", "the spokesman, Ian Gray": maybe another one
    the = [c for c in kids if c.dep_ == "det" and c.lower_ == "the"]
    if the:
        span = tok.doc[the[0].i:tok.i + 1]
        yield Descriptor(offset + span.start_char, offset + span.end_char, span.text, lemma, None, sentence,
                         "document", "subject" if tok.dep_ in ("nsubj", "nsubjpass") else "other")
        return
    a = [c for c in kids if c.dep_ == "det" and c.lower_ in ("a", "an")]
    if a and lemma in coref().proxy_nouns and tok.dep_ == "nsubj" and tok.head.lemma_.lower() in _SAYING:
        # '"This is a reminder to Ofcom," a spokesman said': someone speaking for the body the
        # text was just about (kind ``proxy``, see graph.pipeline.coref)
        span = tok.doc[a[0].i:tok.i + 1]
        yield Descriptor(offset + span.start_char, offset + span.end_char, span.text, lemma, None, sentence,
                         "proxy", "subject")


def _labelled(tok: Token) -> Span | None:
    """The organisation ``tok`` labels: "regulator" in "telecoms regulator Ofcom" (a compound of
    the name), "watchdog" in "Ofcom, the watchdog," or "the watchdog, Ofcom," (appositions)."""
    doc = tok.doc
    if tok.dep_ in ("compound", "appos") and tok.head.ent_type_ == "ORG":
        other = tok.head
    else:
        other = next((c for c in tok.children if c.dep_ == "appos" and c.ent_type_ == "ORG"), None)
    if other is None:
        return None
    return next((e for e in doc.ents if e.label_ == "ORG" and e.start <= other.i < e.end), None)

@lru_cache(maxsize=1)
def _member_nouns() -> dict[str, list[str]]:
    """Preposition -> plural nouns it joins to a body, from ``member_nouns`` in ``coref.yaml``
    (a mapping, which :func:`graph.schema.vocab.coref` leaves out)."""
    data = yaml.safe_load(resources.files("graph").joinpath("data/coref.yaml").read_text("utf-8"))
    return data.get("member_nouns") or {}


def member_nouns() -> frozenset[str]:
    """Every plural noun of ``member_nouns`` ("members", "officials", "MPs"), lower case."""
    return frozenset(w.casefold() for words in _member_nouns().values() for w in words)


def _members(tok: Token) -> Span | None:
    """The named body ``tok`` names members of ("Members of the Transport Committee", "MPs on
    the home affairs committee"; see ``member_nouns``), when it heads its phrase alone."""
    if tok.tag_ not in ("NNS", "NNPS") or tok.ent_type_ or tok.dep_ in ("compound", "appos", "conj", "pobj"):
        return None
    if any(c.dep_ in ("amod", "compound", "poss", "nummod", "relcl", "acl", "quantmod", "predet")
           or c.dep_ == "det" and c.lower_ != "the" for c in tok.children):
        return None  # "Labour MPs" (the compound is read as the actor), "senior officials", "some members"
    preps = _member_nouns()
    for c in tok.children:
        if c.dep_ == "prep" and tok.lower_ in (w.casefold() for w in preps.get(c.lower_, ())):
            found = [_named(g) for g in c.children if g.dep_ == "pobj"]
            orgs = [f for f in found if f is not None and f.label_ == "ORG"]
            if orgs:
                return orgs[0]
    return None
