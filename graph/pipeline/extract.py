"""Read sentences, entity mentions and unrecognised name tokens off a parsed spaCy Doc.

Everything returned holds character offsets into the whole document (``offset`` is
where the parsed chunk starts), so later stages never touch spaCy objects.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from graph.gazetteer.places import is_place
from graph.model import Sentence, normalize_text
from graph.pipeline.spans import (
    described_as_person,
    entity_spans,
    is_team,
    media_context,
    programme_owner,
    section_label,
    word,
)
from graph.schema import ENTITY_TYPES, words
from graph.schema.organisations import cue_subtype, name_subtype, organisations, party_of_adjective
from graph.schema.vocab import boilerplate, coref, first_name_gender, titles

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

__all__ = ["Sentence", "RawMention", "NameToken", "Descriptor", "Pronoun", "sentences", "mentions",
           "name_tokens", "descriptors", "pronouns", "clean_name", "titles", "boilerplate_sentences",
           "HEAD_OF_STATE", "GOVERNMENT_MODIFIERS", "sentence_index"]

#: Role words that "the X leader" may stand for.
HEAD_OF_STATE = words("roles.head_of_state")
_DESCRIPTOR_HEADS = words("roles.descriptor_heads")
_ROLE_WORDS = words("roles.role_words")


@dataclass(frozen=True)
class RawMention:
    """An entity span as NER found it, with its cleaned name."""

    start: int
    end: int
    surface: str  # what the alias list shows: the name with an honorific ("Mr Putin")
    name: str  # the name alone ("Putin")
    type: str  # newsgraph type (Person, Organization, ...)
    sentence: int
    honorific: bool = False  # an honorific such as "Mr" precedes it
    role: str | None = None  # the title before a person's name ("US President")
    subtype: str | None = None  # an organisation's kind: "media", "party", "company", "team"


@dataclass(frozen=True)
class Descriptor:
    """A description used instead of a name.

    Kinds: ``role``, a person's role ("the Russian leader", "the US President"); ``organisation``,
    a named body's kind ("the party", "the company"); ``pair``, two people named together
    ("the pair", "the two men"); ``country``, a government standing for its country ("the
    government", "British officials", "ministers"); ``led``, a government named by its leader
    ("Mr Blair's government", qualifier "Blair").
    """

    start: int
    end: int
    text: str
    head: str  # "leader", "president", "party", "officials"
    qualifier: str | None  # "Russian", "US"
    sentence: int
    kind: str = "role"
    role: str = "other"  # "subject", "object" or "other": its place in the clause


@dataclass(frozen=True)
class Pronoun:
    """A personal pronoun that may stand for a named entity ("he said", "told them", "its")."""

    start: int
    end: int
    text: str
    sentence: int
    role: str = "subject"  # "subject", "object" or "possessive"
    # The [start, end) offsets of the subject of the pronoun's own clause, with the names
    # before its head ("Bill Clinton"): an object pronoun cannot be it ("Blair praised him"
    # is not Blair).
    clause_subject: tuple[int, int] | None = None
    # A first person plural subject of a verb in the present ("we appeal to", "we are asking",
    # "we believe it is time"): inside a quote, the speaker does it by saying it.
    speaking: bool = False
    # The [start, end) offsets of the clauses a subject pronoun's verb takes as its content
    # ("Mr Blair has failed, he claimed", "he said Blair had failed"): a name there is not
    # the pronoun, which governs it.
    commanded: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class NameToken:
    """A run of proper-noun tokens NER left untagged; may name a known entity."""

    start: int
    end: int
    text: str
    sentence: int


def boilerplate_sentences(doc: Doc) -> set[int]:
    """Token starts of sentences that are page furniture ("Sign up now: ...", "PHOTO: REUTERS").

    Computed once per parsed chunk: several readers of the same ``doc`` ask for it.
    """
    if "newsgraph_skip" not in doc.user_data:
        pattern, _ = boilerplate()
        doc.user_data["newsgraph_skip"] = {s.start for s in doc.sents if pattern.search(normalize_text(s.text))}
    return doc.user_data["newsgraph_skip"]


def sentences(doc: Doc, *, offset: int = 0) -> list[Sentence]:
    """The sentences of ``doc`` with document-level character offsets."""
    out = []
    for s in doc.sents:
        text = s.text.strip()
        start = offset + s.start_char + len(s.text) - len(s.text.lstrip())
        out.append(Sentence(start, start + len(text), text, any(t.pos_ in ("VERB", "AUX") for t in s)))
    return out


def sentence_index(doc: Doc) -> dict[int, int]:
    """Token start of each sentence -> its index in ``doc``, computed once per parsed chunk."""
    if "newsgraph_sentences" not in doc.user_data:
        doc.user_data["newsgraph_sentences"] = {s.start: i for i, s in enumerate(doc.sents)}
    return doc.user_data["newsgraph_sentences"]


def clean_name(span: Span) -> tuple[int, int, bool] | None:
    """Token bounds of the name inside ``span``, without determiners, titles and
    possessives, and whether an honorific precedes it; None for a junk span."""
    vocab = titles()
    start, end = span.start, span.end
    doc = span.doc
    person = span.label_ == "PERSON"
    honorific = start > 0 and word(doc[start - 1]) in vocab.honorifics
    while start < end:
        w = word(doc[start])
        if w in vocab.honorifics:
            honorific = True
        elif person and (party := _party_words(doc, start, end)):
            start += party  # "Tory Liam Fox", "Lib Dem MP Lembit Opik": the party is no part of the name
            continue
        elif not (doc[start].is_punct or w in ("the", "a", "an") or person and w in vocab.titles
                  or _leading_verb(doc[start], end)):
            break
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].tag_ == "POS"
                           or doc[end - 1].lower_ in ("'s", "\u2019s")
                           or person and end - start > 1 and doc[end - 1].text.isupper()
                           and doc[end - 1].lower_ in vocab.postnominals):
        end -= 1  # "Frank Field MP": letters after the name are no part of it
    if start >= end:
        return None
    return start, end, honorific


def _party_words(doc: Doc, start: int, end: int) -> int:
    """How many tokens from ``start`` name a party ("Tory", "Lib Dem", "Labour") before at least
    two more capitalised words of a person's name; 0 when they do not."""
    aliases = organisations().party_aliases
    for size in (2, 1):
        words_ = doc[start:start + size]
        if start + size + 2 > end or not all(t.text[:1].isupper() for t in doc[start + size:end]):
            continue
        text = words_.text.casefold()
        if len(words_) == size and (text in aliases or text == "labour" or party_of_adjective(text)):
            return size
    return 0


def _listed_among_places(span: Span) -> bool:
    """A one-word name in a list of mostly places, at least three: "he visits Manchester,
    Leicester, Shrewsbury, Dorset and Torbay" (the tagger reads some of them as people or
    bodies, and the gazetteer lacks some)."""
    tok = span.root
    first = tok
    while first.dep_ == "conj" and first.head.i < first.i:
        first = first.head
    if first is tok and not any(c.dep_ == "conj" for c in tok.children):
        return False
    items, stack = [], [first]
    while stack:
        node = stack.pop()
        items.append(node)
        stack.extend(c for c in node.children if c.dep_ == "conj")
    others = [t for t in items if t.i != tok.i]
    places = [t for t in others if t.ent_type_ in ("GPE", "LOC") or t.pos_ == "PROPN" and is_place(t.text)]
    return len(places) >= 3 and len(places) * 3 >= len(others) * 2


def _leading_verb(tok: Token, end: int) -> bool:
    """A lower-case verb the tagger took into a name's span: "rang Lucy", "told Ruth Kelly";
    or a participle opening the sentence whose object the rest of the span is: "Praising
    Celtic, Jamieson said" ("Leading Edge", a name, is no verb with an object after it)."""
    if tok.pos_ not in ("VERB", "AUX") or tok.i + 1 >= end:
        return False
    if tok.text.islower():
        return True
    return tok.tag_ == "VBG" and tok.i == tok.sent.start and any(
        c.dep_ == "dobj" and tok.i < c.i < end for c in tok.children)


def _is_junk(span: Span, name: str) -> bool:
    """Stray tokens, contractions, common words and title fragments are not entities."""
    if len(name) < 2 or not any(ch.isalpha() for ch in name):
        return True
    if not any(ch.isupper() for ch in name) and not name[0].isdigit():
        return True  # "n't", "'s", lower-case common words; "al-Ikhbariya" is fine
    if all(tok.is_punct or tok.is_stop and not tok.text.isupper() for tok in span):
        return True  # "The", "It"; but "US" is a name
    if span.label_ == "PERSON" and _common_noun_use(span) and name_subtype(name) != "party":
        return True  # but "the Lib Dems" read as a person is a party
    return _inside_title(span)


#: Determiners that open a coordination ("both Tessa Jowell and John Prescott"): the parser
#: hangs them on the first name, which stays a name.
_COORDINATORS = frozenset({"both", "either", "neither"})


def _common_noun_use(span: Span) -> bool:
    """"his Bill", "a sanctions Bill": a capitalised common noun, not a person ("Birmingham's Sion
    Simon", "Labour's Gordon Brown": a name's possessor is a name too, and the name stays)."""
    root = span.root
    if any(c.dep_ in ("det", "poss") and not (span.start <= c.i < span.end) and c.lower_ not in _COORDINATORS
           and not (c.dep_ == "poss" and c.pos_ == "PROPN" and _owned_name(span, c)) for c in root.children):
        return True
    before = span.doc[span.start - 1] if span.start > 0 else None
    return (len(span) == 1 and before is not None and before.pos_ == "NOUN" and before.is_lower
            and word(before) not in titles().titles)


def _owned_name(span: Span, owner: Token) -> bool:
    """A name after a proper possessor is still a name: a person's after a place or body with a
    first name we know ("Microsoft's Mike Coleman"), anything after a place ("Birmingham's Sion
    Simon"); "the BBC's Westminster Hour" is the body's programme, not a person."""
    return owner.ent_type_ != "ORG" or first_name_gender(span[0].text) is not None


def _inside_title(span: Span) -> bool:
    """Whether the span is part of a title phrase such as "Secretary of State"."""
    doc = span.doc
    phrases = titles().phrases
    lo, hi = max(0, span.start - 3), min(len(doc), span.end + 3)
    # the texts of doc[left:right] joined from the tokens' own texts: a Span per try costs
    # a tenth of the pipeline's time on entity-dense news
    pieces = [(t.text, t.whitespace_) for t in doc[lo:hi]]
    for left in range(lo, span.start + 1):
        for right in range(span.end, hi + 1):
            part = pieces[left - lo:right - lo]
            text = "".join(t + ws for t, ws in part[:-1]) + part[-1][0]
            if text.lower().replace("\u2019", "'") in phrases:
                return True
    return False


def _role(doc: Doc, start: int, span: Span) -> str | None:
    """The title written before a person's name: "US President", "German Chancellor"."""
    vocab = titles()
    i = start - 1
    while i >= 0 and (word(doc[i]) in vocab.honorifics):
        i -= 1
    j = i
    while j >= 0:
        tok = doc[j]
        w = word(tok)
        joined = tok.text in ("-", "\u2013") and not tok.whitespace_ and j > 0 and not doc[j - 1].whitespace_
        # "Home Secretary Charles Clarke": a word that makes a title phrase with the next one
        phrase = j < i and f"{w} {word(doc[j + 1])}" in vocab.phrases
        # "Culture Secretary Tessa Jowell", "First Minister Jack McConnell": a capitalised word the
        # parser joins to the office word after it says which office it is
        portfolio = (j < i and tok.is_alpha and tok.is_title and tok.dep_ in ("compound", "amod")
                     and (tok.pos_ in ("PROPN", "NOUN") and not tok.ent_type_ or tok.ent_type_ == "ORDINAL")
                     and word(doc[j + 1]) in _ROLE_WORDS)
        if w in vocab.titles or tok.ent_type_ in ("NORP", "GPE") or w in ("of", "state") or joined or phrase \
                or portfolio:
            j -= 1
            continue
        break
    words = doc[j + 1:i + 1]
    while len(words) and (words[0].text in ("-", "\u2013") or words[0].lower_ == "of"):
        words = words[1:]
    if not any(word(t) in _ROLE_WORDS for t in words):
        return None
    blocker = _role_blocker(doc, j, span.end)
    if blocker is not None:
        # "shadow home secretary David Davis" is no home secretary: the word that sets the
        # office apart stays in the role, so "the home secretary" does not find him
        words = doc[blocker:i + 1]
    return normalize_text(words.text)


def _apposed_role(name: Span) -> str | None:
    """The role a definite description in apposition gives a name: "the first minister, Jack
    McConnell," and "Jack McConnell, the first minister," give "first minister" (the office word
    with its modifiers, no determiner; nothing when the description says more, "the leader of
    ...", or names a person itself)."""
    root = name.root
    if root.dep_ == "appos" and not name.start <= root.head.i < name.end:
        office = root.head
    else:
        office = next((c for c in root.children if c.dep_ == "appos" and not name.start <= c.i < name.end), None)
    if office is None or office.ent_type_ or office.pos_ != "NOUN" or word(office) not in _ROLE_WORDS:
        return None
    kids = list(office.children)
    if not any(c.dep_ == "det" and c.lower_ == "the" for c in kids) \
            or any(c.dep_ in ("prep", "relcl", "acl", "poss") or c.ent_type_ == "PERSON" and c.i != root.i
                   for c in kids):
        return None
    words = [c for c in kids if c.dep_ in ("amod", "compound") and c.i < office.i and c.is_alpha]
    if any(office.i - c.i > len(words) for c in words):
        return None  # a modifier with words between it and the office: not one phrase
    return normalize_text(" ".join(t.text for t in [*sorted(words, key=lambda t: t.i), office]))


#: How many modifiers before a title are searched for a word setting the office apart.
_BLOCKER_REACH = 3


def _role_blocker(doc: Doc, last: int, end: int) -> int | None:
    """The index of the leftmost ``role_blockers`` word ("shadow", "deputy", "former") among the
    few modifiers of the name's phrase ending at ``last`` (the words the title walk of
    :func:`_role` stopped at: "shadow" in "Shadow chancellor Oliver Letwin", "shadow home" in
    "shadow home secretary David Davis"), or None."""
    blockers = coref().role_blockers
    found = None
    k = last
    while k >= 0 and last - k < _BLOCKER_REACH:
        tok = doc[k]
        if not tok.is_alpha or tok.dep_ not in ("compound", "amod", "nmod") or not k < tok.head.i < end \
                or tok.sent.start != doc[last + 1].sent.start:
            break
        if tok.lower_ in blockers:
            found = k
        k -= 1
    return found


def mentions(doc: Doc, *, offset: int = 0, sentence_base: int = 0) -> Iterator[RawMention]:
    """Entity mentions of the types newsgraph keeps, cleaned, with junk dropped.

    Mentions in page furniture and agency credits are left out.
    """
    spans = entity_spans(doc)
    acronyms = _acronyms(spans)
    for m in _mentions(doc, spans, offset=offset, sentence_base=sentence_base):
        found = acronyms.get(m.name)
        if found is not None:
            # "the IMF" after "International Monetary Fund (IMF)": one entity, the acronym an
            # alias that votes for the spelled-out name's type ("Hefce" is no person)
            full, type_ = found
            type_ = m.type if m.honorific or type_ is None else type_
            m = RawMention(m.start, m.end, m.surface, full, type_, m.sentence, m.honorific,
                           m.role if type_ == "Person" else None, m.subtype)
        yield m


def _initials(name: str) -> str:
    skip = organisations().acronym_skip
    return "".join(w[0] for w in name.split() if w.casefold() not in skip and w[:1].isupper())


def _acronyms(spans: list[Span]) -> dict[str, tuple[str, str | None]]:
    """Acronyms the text spells out, with the spelled-out name's type: "International Monetary
    Fund (IMF)", or "the IMF" with an organisation named "International Monetary Fund" in the
    same text. BBC style writes a pronounceable acronym in title case ("Nato", "Hefce" for the
    Higher Education Funding Council for England). Only an acronym with one spelling-out is
    learnt."""
    names = {normalize_text(s.text).removeprefix("the ").removeprefix("The "): s.label_ for s in spans
             if s.label_ in ("ORG", "NORP", "PERSON", "GPE", "FAC")}
    long_names: dict[str, set[str]] = {}
    for name in names:
        if len(name.split()) >= 2:
            long_names.setdefault(_initials(name), set()).add(name)
    out = {}
    for name in names:
        if not name.isalpha() or not 2 <= len(name) <= 6:
            continue
        if name.isupper():
            key = name
        elif len(name) >= 4 and name[0].isupper() and name[1:].islower():
            key = name.upper()  # "Hefce"; a short word ("Ann") is too often a name
        else:
            continue
        if len(long_names.get(key, ())) == 1:
            full = next(iter(long_names[key]))
            out[name] = full, ENTITY_TYPES.get(names[full])
    return out


def _organisation(span: Span, name: str, type_: str) -> tuple[str, str, str | None]:
    """(type, name, subtype) of an organisation's kind: a party by its name or standard
    alternative name ("the Tories" is the Conservative Party), an outlet by its name or
    context ("told the Independent"), a programme as its outlet ("BBC2's Newsnight"), else a
    company or a team by the words around it ("shares in Yukos", "Celtic fans")."""
    if type_ == "Group" and name[:1].isupper():
        party = _party_adjective(span, name)
        if party is not None:
            return "Organization", party, "party"  # "Conservative claims", "Republican senators"
    subtype = name_subtype(name)
    if subtype == "party":
        full = organisations().party_aliases.get(name.casefold())
        if type_ in ("Organization", "Group") or type_ == "Person" and (full is not None or _party_word(span)):
            return "Organization", full or name, "party"
        return type_, name, None
    if type_ != "Organization":
        return type_, name, None
    owner = programme_owner(span)
    if owner is not None and owner.label_ == "ORG":
        bounds = clean_name(owner)
        if bounds is not None:
            first, last, _ = bounds
            while last - 1 > first and any(ch.isdigit() for ch in span.doc[last - 1].text) \
                    and not (last - 2 == first and span.doc[first].lower_ in words("media.channels")):
                last -= 1  # "BBC Radio 4's": the name as the number split leaves it ("BBC Radio"); "Radio 4" stays
            return type_, _outlet(normalize_text(span.doc[first:last].text)), "media"
    if subtype == "media" or media_context(span) or _channel(name):
        return type_, _outlet(name), "media"
    doc, sent = span.doc, span.sent
    before = [t.text for t in doc[max(sent.start, span.start - 3):span.start]]
    after = [t.text for t in doc[span.end:min(sent.end, span.end + 4)]]
    return type_, name, cue_subtype(name, before, after)  # "shares in Yukos", "Arsenal manager"


def is_outlet(span: Span) -> bool:
    """Whether the organisation ``span`` names is a media outlet, as its mention reads it
    (:func:`_organisation`): "Sky News", "BBC One's", "the Today programme"."""
    bounds = clean_name(span)
    if bounds is None:
        return False
    name = normalize_text(span.doc[bounds[0]:bounds[1]].text)
    return _organisation(span, name, "Organization")[2] == "media"


def _party_adjective(span: Span, name: str) -> str | None:
    """The party a party's adjective names (:func:`party_of_adjective`), read with a capitalised
    word the tagger left before it: "Liberal Democrat spokesman" is the Liberal Democrats', not
    the Democratic Party's, and "Social Democrat" none of the listed parties."""
    prev = span.doc[span.start - 1] if span.start > 0 else None
    if prev is not None and prev.text[:1].isupper() and prev.is_alpha and not prev.is_stop:
        return party_of_adjective(f"{prev.text} {name}")
    return party_of_adjective(name)


def _party_word(span: Span) -> bool:
    """"Labour", "the Greens" read as a person: a name that is only a party head word."""
    toks = [t for t in span if t.lower_ != "the" and not t.is_punct]
    return len(toks) == 1 and word(toks[0]) in organisations().party_heads


def _channel(name: str) -> bool:
    """A broadcaster's channel by its name alone: "BBC Two", "ITV News", "BBC Radio Four",
    "BBC1" (a broadcaster's acronym, then channel words or a number; "Formula One" is no
    channel)."""
    parts = name.split()
    return (len(parts) > 1 and parts[0].isupper() and parts[0].isalpha() or len(parts) == 1) and _outlet(name) != name


def _outlet(name: str) -> str:
    """The broadcaster a channel's name stands for: "BBC Radio", "BBC News", "ITV News" are
    the BBC and ITV (the channel words are ``media.channels``); other outlets keep their name,
    and so does a station named for its place ("Damascus Radio" is no place).

    >>> _outlet("BBC Radio"), _outlet("BBC One"), _outlet("Sky News"), _outlet("Daily Mail"), _outlet("BBC1")
    ('BBC', 'BBC', 'Sky', 'Daily Mail', 'BBC')
    """
    parts = name.split()
    if len(parts) == 1 and len(name) >= 4 and name[-1].isdigit() and name[:-1].isalpha() and name[:-1].isupper():
        return name[:-1]  # "BBC1", "ITV2": a channel number written on
    channels = words("media.channels")
    rest = [p for p in parts[1:] if not p.isdigit()]
    if len(parts) > 1 and rest and all(p.casefold() in channels for p in rest) \
            and parts[0].casefold() not in channels and not is_place(parts[0]):
        return parts[0]
    return name


def _mentions(doc: Doc, spans: list[Span], *, offset: int, sentence_base: int) -> Iterator[RawMention]:
    starts = sentence_index(doc)
    skip = boilerplate_sentences(doc)
    _, credits = boilerplate()
    for span in spans:
        type_ = ENTITY_TYPES.get(span.label_)
        if type_ is None:
            continue
        sent = span.sent
        if sent.start in skip or section_label(span):
            continue
        if span.text.isupper() and span.text.strip(" ,.") in credits:
            continue
        bounds = clean_name(span)
        if bounds is None:
            continue
        start, end, honorific = bounds
        name_span = doc[start:end]
        name = normalize_text(name_span.text)
        if _is_junk(span, name):
            continue
        first = start - 1 if honorific and start > 0 and word(doc[start - 1]) in titles().honorifics else start
        if end - start == 1 and span.label_ == "PERSON" and start > span.start \
                and word(doc[start - 1]) in words("names.styled_titles") and doc[start - 1].text[:1].isupper():
            first = start - 1  # "Prince Harry" is the prince's name; "Harry" alone is anyone's
            name = normalize_text(doc[first:end].text)
        surface = normalize_text(doc[first:end].text)
        if honorific or described_as_person(span):
            type_ = "Person"  # "Ms Bota Iliyas" read as an organisation
        elif type_ == "Place" and is_team(span):
            type_ = "Organization"
        elif type_ == "Organization" and len(span) == 1 and is_place(name) and not is_team(span):
            type_ = "Place"  # "the town of Arbil" read as an organisation
        elif type_ in ("Organization", "Person") and len(span) == 1 and _listed_among_places(span):
            type_ = "Place"  # "visits Leicester, Somerset, Dorset and Torbay"
        type_, name, subtype = _organisation(span, name, type_)
        yield RawMention(
            start=offset + name_span.start_char,
            end=offset + name_span.end_char,
            surface=surface,
            name=name,
            type=type_,
            sentence=sentence_base + starts[name_span.sent.start],
            honorific=honorific,
            role=(_role(doc, start, span) or _apposed_role(name_span)) if type_ == "Person" else None,
            subtype=subtype,
        )


def _capitalised(tok: Token) -> bool:
    return not tok.ent_type_ and tok.is_alpha and tok.text[:1].isupper() and not tok.is_stop


def name_tokens(doc: Doc, *, offset: int = 0, sentence_base: int = 0) -> Iterator[NameToken]:
    """Runs of capitalised words outside any entity span ("Trump speaks to ..."); they
    become mentions only if they spell a name found elsewhere in the document."""
    starts = sentence_index(doc)
    skip = boilerplate_sentences(doc)
    # each token's sentence start, read once (``tok.sent`` builds a span per call)
    sent_of = [0] * len(doc)
    for sent in doc.sents:
        sent_of[sent.start:sent.end] = [sent.start] * len(sent)
    i = 0
    while i < len(doc):
        tok = doc[i]
        if sent_of[i] in skip:
            i += 1
            continue
        if _capitalised(tok):
            j = i
            while j + 1 < len(doc) and _capitalised(doc[j + 1]) and doc[j + 1].pos_ == "PROPN":
                j += 1
            span = doc[i:j + 1]
            yield NameToken(offset + span.start_char, offset + span.end_char,
                            normalize_text(span.text), sentence_base + starts[sent_of[i]])
            i = j + 1
        else:
            i += 1


def _clause_role(tok: Token) -> str:
    if tok.dep_ in ("nsubj", "nsubjpass"):
        return "subject"
    if tok.dep_ in ("dobj", "dative", "pobj", "attr", "oprd"):
        return "object"
    return "other"


def descriptors(doc: Doc, *, offset: int = 0, sentence_base: int = 0) -> Iterator[Descriptor]:
    """Definite descriptions that may stand for a named entity: roles ("the Russian leader"),
    organisations ("the party"), pairs ("the two men") and governments ("the government",
    "British officials"); see :class:`Descriptor`."""
    starts = sentence_index(doc)
    skip = boilerplate_sentences(doc)
    for sent in doc.sents:  # by sentence: ``tok.sent`` builds a span for every token
        if sent.start in skip:
            continue
        for tok in sent:
            found = _role_description(tok) or _other_description(tok)
            if found is None:
                continue
            first, head_tok, head, quals, kind = found
            span = doc[first:head_tok.i + 1]
            yield Descriptor(offset + span.start_char, offset + span.end_char, span.text, head,
                             quals[0].text if quals else None, sentence_base + starts[sent.start],
                             kind, _clause_role(head_tok))


_Found = tuple[int, "Token", str, list["Token"], str]

#: A government as a noun's modifier ("government plans") and the nouns it then owns.
GOVERNMENT_MODIFIERS = frozenset({"government", "administration"})
_TOPICS = words("topics.nouns")


#: Title words that head a title phrase ending in "general": "the UN secretary-general".
_GENERAL_TITLES = frozenset({"secretary", "attorney", "director"})


def _role_description(tok: Token) -> _Found | None:
    """"the Russian leader", "the prime minister", "the UN secretary general": a role standing alone."""
    general = tok.lower_ == "general" and tok.dep_ != "amod" \
        and any(c.lower_ in _GENERAL_TITLES and c.i < tok.i for c in tok.children)
    if (tok.lower_ not in _DESCRIPTOR_HEADS and not general) or tok.ent_type_ or tok.tag_ in ("NNS", "NNPS"):
        return None
    if tok.dep_ == "compound" or tok.lower_ == "prime" and tok.head.lower_ != "minister":
        return None  # a title before a name ("President Trump"), not standing alone
    head_tok = tok.head if tok.lower_ == "prime" else tok
    # "the Lib Dem leader": a party's short name the tagger read as a person's says whose leader
    parties = [c for c in head_tok.children if c.dep_ == "compound" and c.ent_type_ == "PERSON"
               and normalize_text(tok.doc[c.left_edge.i:c.i + 1].text).casefold() in organisations().party_aliases]
    # "the chancellor Gordon Brown" names its holder there ("the chancellor and Tony Blair" does not)
    if any(c.dep_ in ("appos",) or c.ent_type_ == "PERSON" and c.dep_ not in ("amod", "conj") and c not in parties
           for c in head_tok.children):
        return None
    dets = [c for c in head_tok.children if c.dep_ == "det" and c.lower_ == "the"]
    if not dets:
        return None
    quals = [c for c in head_tok.children if c.dep_ in ("amod", "compound") and c.ent_type_ in ("NORP", "GPE")]
    quals += parties
    first = min([dets[0].i, *(q.i for q in quals), tok.i])
    return first, head_tok, "leader" if tok.lower_ == "prime" else tok.lower_, quals, "role"


def _other_description(tok: Token) -> _Found | None:
    """"the party", "the two men", "both men", "the government", "British officials"."""
    vocab = coref()
    lower = tok.lower_
    if tok.dep_ == "compound" and tok.pos_ == "NOUN" and lower in GOVERNMENT_MODIFIERS and not any(tok.children) \
            and tok.head.lemma_.lower() in _TOPICS:
        return tok.i, tok, lower, [], "country"  # "government plans": the national government's
    if tok.pos_ != "NOUN" or tok.ent_type_ or tok.dep_ in ("compound", "appos", "conj"):
        return None
    kids = list(tok.children)
    led = [c for c in kids if c.dep_ == "poss" and c.ent_type_ == "PERSON"]
    if lower in vocab.governing_heads and led and not any(c.lower_ in vocab.country_blockers for c in kids):
        # "Mr Blair's government": the country its leader heads (see graph.pipeline.offices)
        return tok.i, tok, lower, led, "led"
    if any(c.dep_ == "appos" or c.dep_ == "prep" and c.lower_ in ("of", "from", "for", "at")
           and not _gerund_only(c) for c in kids):
        return None  # "the party of Lenin", "officials from the ministry": said there
    mods = [c for c in kids if c.dep_ in ("amod", "compound", "nummod", "poss", "det", "predet", "quantmod")]
    the = [c for c in mods if c.dep_ == "det" and c.lower_ == "the"]
    quals = [c for c in mods if c.dep_ in ("amod", "compound", "poss") and c.ent_type_ in ("NORP", "GPE")]
    # "Russian negotiators", "US warplanes", "a US delegation": a country's agents only with its nationality
    agents = bool(quals) and lower in vocab.country_agents
    if any(c.dep_ in ("relcl", "acl") for c in kids) and not (quals and (agents or lower in vocab.country_heads)):
        return None  # "the party, which ...": said there; "the British authorities, who ..." are Britain
    others = [c for c in mods if c not in the and c not in quals]
    two = [c for c in kids if c.lower_ in vocab.pair_words and c.dep_ in ("nummod", "det", "predet", "amod")]
    if lower in vocab.pair_heads and (two or lower in vocab.pair_nouns):
        if lower in vocab.pair_nouns and the and not others:
            return the[0].i, tok, lower, [], "pair"
        counted = [c for c in two if c.lower_ not in ("two", "both")]
        if counted and lower != "parties":
            return None  # "three men": no pair; "all three parties" are the parties named
        every = [c for c in kids if c.lower_ == "all" and c.dep_ in ("predet", "det")]
        main = [c for c in others if c.lower_ == "main" and c.dep_ == "amod"]
        rest = [c for c in others if c not in every and c not in main and c not in two]
        if two and (the or two[0].lower_ == "both" or every and counted) and len(rest) + len(two) <= 2:
            return min(c.i for c in the + two + every), tok, lower, counted[:1], "pair"
        return None
    if lower in vocab.bare_heads and not others and not quals:
        # "Police arrested him", "the police said": the force named in the text, if any
        return min([tok.i, *(c.i for c in the)]), tok, lower, [], "organisation"
    if lower in vocab.organisation_heads and tok.tag_ == "NN" and the:
        named = [c for c in others if c.dep_ == "compound" and c.ent_type_ == "ORG"]
        if not others or named and len(named) == len(others):
            # "the party"; "the Labour party" tells that Labour is a party
            return the[0].i, tok, lower, named[-1:], "organisation"
        return None
    if lower in vocab.country_heads or agents:
        articles = ("the", "a", "an") if agents else ("the",)
        # "Cabinet ministers", "government ministers": the government's own members
        members = [c for c in others if lower == "ministers" and c.dep_ == "compound" and not any(c.children)
                   and c.lower_ in vocab.governing_heads]
        if any(c.ent_type_ and c not in members or c.lower_ in vocab.country_blockers
               or c.dep_ in ("poss", "compound") and c not in members
               or c.dep_ == "det" and c.lower_ not in articles for c in others):
            # "Labour ministers", "local officials", "his government", "some officials", "government
            # officials" (a minister's own staff as often as the country)
            return None
        if not (the or quals or tok.tag_ == "NNS"):
            return None  # "a government"
        return min([tok.i, *(c.i for c in the + quals)]), tok, lower, quals, "country"
    return None


def _gerund_only(prep: Token) -> bool:
    """``prep`` takes only a gerund ("accused ministers of telling lies": the charge, hung on
    the object by the parser), so it names no one the noun belongs to."""
    objects = [c for c in prep.children if c.dep_ in ("pobj", "pcomp")]
    return bool(objects) and all(o.tag_ == "VBG" for o in objects)


def pronouns(doc: Doc, *, offset: int = 0, sentence_base: int = 0) -> Iterator[Pronoun]:
    """Personal pronouns that may stand for a named entity: subjects ("he said"), objects
    ("told them"), possessives ("its leader"). A dummy "it" ("it seems that") is left out."""
    starts = sentence_index(doc)
    skip = boilerplate_sentences(doc)
    vocab = coref()
    for tok in doc:
        kind = vocab.pronoun_class(tok.lower_) or ("speaker" if tok.lower_ in vocab.speaker_pronouns else None)
        if kind is None or tok.sent.start in skip or tok.pos_ not in ("PRON", "DET"):
            continue
        if tok.tag_ == "PRP$" or tok.dep_ == "poss":
            role = "possessive"
        elif tok.dep_ in ("nsubj", "nsubjpass"):
            role = "subject"
        elif tok.dep_ in ("dobj", "pobj", "dative", "obj", "iobj"):
            role = "object"
        else:
            continue  # "itself" as an intensifier, "it" as an expletive
        if kind == "neuter" and role == "subject" and tok.head.lemma_.lower() in vocab.pleonastic_verbs:
            continue
        if kind == "neuter" and tok.dep_ == "nsubjpass" and _extraposed(tok.head) \
                and tok.head.lemma_.lower() not in vocab.recipient_passives:
            continue  # "it was put to him that ...", "it was agreed that ...": the clause is the subject
        if tok.lower_.endswith(("self", "selves")):
            continue  # a reflexive is its clause's subject: nothing to add
        yield Pronoun(offset + tok.idx, offset + tok.idx + len(tok), tok.text,
                      sentence_base + starts[tok.sent.start], role, _clause_subject(tok, offset),
                      role == "subject" and tok.lower_ == "we" and _in_present(tok.head),
                      _commanded(tok, offset) if role == "subject" else ())


def _extraposed(verb: Token) -> bool:
    """``verb`` takes a clause opened by "that", "whether" or "if" (however the parser hangs
    it): in the passive, the clause is what its "it" stands for."""
    return any(c.dep_ in ("ccomp", "advcl", "csubjpass") and c.i > verb.i
               and any(g.dep_ == "mark" and g.lower_ in ("that", "whether", "if") for g in c.children)
               for c in verb.children)


def _in_present(verb: Token) -> bool:
    """``verb`` is told in the simple or progressive present, with no modal or perfect: "we
    appeal", "we are asking", "we are encouraged" (not "we have suspended", "we will")."""
    aux = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if any(c.tag_ == "MD" or c.lemma_ == "have" for c in aux):
        return False
    if verb.tag_ == "VBP":
        return not aux
    return verb.tag_ in ("VBG", "VBN") and len(aux) == 1 and aux[0].tag_ == "VBP"


def _commanded(tok: Token, offset: int) -> tuple[tuple[int, int], ...]:
    """The offsets of the content clauses of the verb ``tok`` is the subject of: its clausal
    complements ("he said Blair had failed", "Blair has failed, he claimed") and, when the
    verb of saying is a parenthetical ("Blair, he said, has failed"), the clause it interrupts
    less the parenthetical itself. An adverbial clause is left out: in "When Blair arrived, he
    said" the pronoun may well be Blair."""
    verb = tok.head
    # a clause before the verb is its content only when the verb says it and a comma or quote
    # closes it; else it is mostly a splice the parser took for a complement ("I saw the other
    # side of Jim Callaghan, he became a friend"; "X's remarks had prompted censure - he told")
    saying = verb.lemma_.lower() in coref().speech_verbs
    spans = [(c.left_edge.idx, c.right_edge.idx + len(c.right_edge)) for c in verb.children
             if c.dep_ == "ccomp" and (c.i > verb.i or saying and _closed(c))]
    if verb.dep_ == "parataxis" and saying:
        host = verb.head
        lo, hi = verb.left_edge.i, verb.right_edge.i
        spans += [(t.idx, t.idx + len(t)) for t in host.subtree if not lo <= t.i <= hi]
    return tuple((offset + a, offset + b) for a, b in spans)


def _closed(clause: Token) -> bool:
    """A comma or a quotation mark follows ``clause`` ("Blair has failed, he said")."""
    end = clause.right_edge.i + 1
    return end < len(clause.doc) and (clause.doc[end].text == "," or clause.doc[end].is_quote)


def _clause_subject(tok: Token, offset: int) -> tuple[int, int] | None:
    """The offsets of the subject of the verb governing ``tok`` (for an object pronoun): its
    head and the name and title words before it ("US President George Bush")."""
    verb = tok.head
    if tok.dep_ == "pobj":
        verb = verb.head  # "spoke to him": the verb above the preposition
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and c.i != tok.i]
    if not subjects:
        return None
    head = subjects[0]
    first = head
    # the words of the subject's own name and title, not a possessor: in "her parents moved
    # her", "her" may be the one moved
    while first.i > 0 and first.nbor(-1).head.i == head.i and first.nbor(-1).dep_ in ("compound", "amod"):
        first = first.nbor(-1)
    return offset + first.idx, offset + head.idx + len(head)
