"""Read sentences, entity mentions and unrecognised name tokens off a parsed spaCy Doc.

Everything returned holds character offsets into the whole document (``offset`` is
where the parsed chunk starts), so later stages never touch spaCy objects.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

import yaml

from .model import ENTITY_TYPES, normalize_text
from .places import is_place

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

__all__ = ["Sentence", "RawMention", "NameToken", "Descriptor", "Pronoun", "sentences", "mentions",
           "name_tokens", "descriptors", "pronouns", "clean_name", "titles", "boilerplate_sentences",
           "HEAD_OF_STATE"]

#: Role words that "the X leader" may stand for.
HEAD_OF_STATE = frozenset({"president", "prime", "minister", "premier", "chancellor", "king", "queen",
                           "leader", "emir", "sultan", "chairman"})
_DESCRIPTOR_HEADS = frozenset({"president", "leader", "chancellor", "premier", "senator", "minister",
                               "secretary", "governor", "mayor", "king", "queen", "pope", "ambassador",
                               "prime"})
_ROLE_WORDS = frozenset({"president", "minister", "chancellor", "senator", "secretary", "governor", "mayor",
                         "king", "queen", "prince", "princess", "premier", "leader", "ambassador", "envoy",
                         "general", "judge", "justice", "spokesman", "spokeswoman", "chairman",
                         "chairwoman", "ceo", "director", "commissioner", "speaker", "pope", "emir",
                         "sheikh", "sultan", "prosecutor", "attorney", "representative", "congressman",
                         "congresswoman", "chief", "commander", "admiral", "colonel", "captain", "coach",
                         "manager", "founder", "professor", "bishop", "archbishop", "cardinal"})


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str
    has_verb: bool = True  # datelines and captions have none: no co-mentions from them


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


@dataclass(frozen=True)
class Descriptor:
    """A role used instead of a name: "the Russian leader", "the US President"."""

    start: int
    end: int
    text: str
    head: str  # "leader", "president"
    qualifier: str | None  # "Russian", "US"
    sentence: int


@dataclass(frozen=True)
class Pronoun:
    """A personal pronoun in subject position ("he said")."""

    start: int
    end: int
    text: str
    sentence: int


@dataclass(frozen=True)
class NameToken:
    """A run of proper-noun tokens NER left untagged; may name a known entity."""

    start: int
    end: int
    text: str
    sentence: int


@dataclass(frozen=True)
class Titles:
    honorifics: frozenset[str]
    titles: frozenset[str]
    phrases: frozenset[str]
    person_nouns: frozenset[str]


@lru_cache(maxsize=1)
def titles() -> Titles:
    """The honorific and title vocabulary shipped in ``graph/data/titles.yaml``."""
    data = yaml.safe_load(resources.files("graph").joinpath("data/titles.yaml").read_text("utf-8"))
    return Titles(frozenset(data["honorifics"]), frozenset(data["titles"]), frozenset(data["phrases"]),
                  frozenset(data["person_nouns"]))


@lru_cache(maxsize=1)
def _boilerplate() -> tuple[re.Pattern[str], frozenset[str]]:
    data = yaml.safe_load(resources.files("graph").joinpath("data/boilerplate.yaml").read_text("utf-8"))
    pattern = re.compile("|".join(f"(?:{p})" for p in data["sentences"]), re.I)
    return pattern, frozenset(data["credits"])


@lru_cache(maxsize=1)
def _sections() -> frozenset[str]:
    data = yaml.safe_load(resources.files("graph").joinpath("data/boilerplate.yaml").read_text("utf-8"))
    return frozenset(data["sections"])


def _section_label(span: Span) -> bool:
    """"Soccer" in "SOCCER - JAPAN GET LUCKY WIN": a wire section label opening a line."""
    doc = span.doc
    at_line_start = span.start == 0 or "\n" in doc[span.start - 1].text or "\n" in doc[span.start - 1].whitespace_
    dash_after = span.end < len(doc) and doc[span.end].text in ("-", "\u2013", "\u2014")
    return at_line_start and dash_after and span.text.lower() in _sections()


def boilerplate_sentences(doc: Doc) -> set[int]:
    """Token starts of sentences that are page furniture ("Sign up now: ...", "PHOTO: REUTERS")."""
    pattern, _ = _boilerplate()
    skip = set()
    for sent in doc.sents:
        text = normalize_text(sent.text)
        if pattern.search(text):
            skip.add(sent.start)
    return skip


def _word(tok: Token) -> str:
    return normalize_text(tok.text).casefold().rstrip(".")


def sentences(doc: Doc, *, offset: int = 0) -> list[Sentence]:
    """The sentences of ``doc`` with document-level character offsets."""
    out = []
    for s in doc.sents:
        text = s.text.strip()
        start = offset + s.start_char + len(s.text) - len(s.text.lstrip())
        out.append(Sentence(start, start + len(text), text, any(t.pos_ in ("VERB", "AUX") for t in s)))
    return out


def _sentence_index(doc: Doc) -> dict[int, int]:
    return {s.start: i for i, s in enumerate(doc.sents)}


def clean_name(span: Span) -> tuple[int, int, bool] | None:
    """Token bounds of the name inside ``span``, without determiners, titles and
    possessives, and whether an honorific precedes it; None for a junk span."""
    vocab = titles()
    start, end = span.start, span.end
    doc = span.doc
    person = span.label_ == "PERSON"
    honorific = start > 0 and _word(doc[start - 1]) in vocab.honorifics
    while start < end:
        word = _word(doc[start])
        if word in vocab.honorifics:
            honorific = True
        elif not (doc[start].is_punct or word in ("the", "a", "an") or person and word in vocab.titles):
            break
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].tag_ == "POS"
                           or doc[end - 1].lower_ in ("'s", "\u2019s")):
        end -= 1
    if start >= end:
        return None
    return start, end, honorific


def _is_junk(span: Span, name: str) -> bool:
    """Stray tokens, contractions, common words and title fragments are not entities."""
    if len(name) < 2 or not any(ch.isalpha() for ch in name):
        return True
    if not any(ch.isupper() for ch in name) and not name[0].isdigit():
        return True  # "n't", "'s", lower-case common words; "al-Ikhbariya" is fine
    if all(tok.is_punct or tok.is_stop and not tok.text.isupper() for tok in span):
        return True  # "The", "It"; but "US" is a name
    if span.label_ == "PERSON" and _common_noun_use(span):
        return True
    return _inside_title(span)


def _common_noun_use(span: Span) -> bool:
    """"his Bill", "a sanctions Bill": a capitalised common noun, not a person."""
    root = span.root
    if any(c.dep_ in ("det", "poss") and not (span.start <= c.i < span.end) for c in root.children):
        return True
    before = span.doc[span.start - 1] if span.start > 0 else None
    return (len(span) == 1 and before is not None and before.pos_ == "NOUN" and before.is_lower
            and _word(before) not in titles().titles)


def _inside_title(span: Span) -> bool:
    """Whether the span is part of a title phrase such as "Secretary of State"."""
    doc = span.doc
    phrases = titles().phrases
    for left in range(max(0, span.start - 3), span.start + 1):
        for right in range(span.end, min(len(doc), span.end + 3) + 1):
            if doc[left:right].text.lower().replace("\u2019", "'") in phrases:
                return True
    return False


def _joined_ents(doc: Doc) -> list[Span]:
    """Entities, with neighbours the parse joins into one name glued back together
    ("Valeska" + "Paris" is one name, not two places) and person names completed with
    the initials and name words the model left out ("D. Gough", "Natasha Zvereva")."""
    from spacy.tokens import Span as SpanType

    out: list[Span] = []
    for ent in doc.ents:
        prev = out[-1] if out else None
        if (prev is not None and prev.end == ent.start and prev.label_ in ENTITY_TYPES
                and ent.label_ in ENTITY_TYPES and "NORP" not in (prev.label_, ent.label_)
                and prev.root.dep_ == "compound" and prev.root.head.i == ent.root.i):
            label = "PERSON" if "PERSON" in (prev.label_, ent.label_) else ent.label_
            out[-1] = SpanType(doc, prev.start, ent.end, label=label)
        elif ent.label_ == "PERSON" or ent.label_ in ENTITY_TYPES and _after_initial(ent):
            out.append(_complete_person(ent))
        else:
            out.append(ent)
    return out


def _after_initial(ent: Span) -> bool:
    """"A. Mullally", "R. Kaluwitharana": a name after an initial is a person's."""
    if ent.start == 0 or len(ent) > 2:
        return False
    before = ent.doc[ent.start - 1]
    return len(before.text) == 2 and before.text[0].isupper() and before.text.endswith(".")


def _name_word(tok: Token) -> bool:
    return (not tok.ent_type_ and tok.pos_ == "PROPN" and tok.text[:1].isupper() and not tok.is_stop
            and _word(tok) not in titles().titles and _word(tok) not in titles().honorifics)


def _complete_person(ent: Span) -> Span:
    from spacy.tokens import Span as SpanType

    doc = ent.doc
    start, end = ent.start, ent.end
    while start > ent.sent.start and (_name_word(doc[start - 1]) and doc[start - 1].is_alpha
                                      or len(doc[start - 1].text) == 2 and doc[start - 1].text[0].isupper()
                                      and doc[start - 1].text.endswith(".")):
        start -= 1
    while end < ent.sent.end and _name_word(doc[end]) and doc[end].is_alpha and doc[end - 1].whitespace_:
        end += 1
    if (start, end, ent.label_) == (ent.start, ent.end, "PERSON"):
        return ent
    return SpanType(doc, start, end, label="PERSON")


def _described_as_person(span: Span) -> bool:
    """"Valeska Paris, an Australian woman, ...": an appositive that only fits a person."""
    return any(c.dep_ == "appos" and c.lemma_.lower() in titles().person_nouns for c in span.root.children)


def _team(span: Span) -> bool:
    """A place named in a results line is a team: "Chicago 5 Houston 3", "Kent v Surrey"."""
    doc = span.doc
    after = doc[span.end] if span.end < len(doc) else None
    before = doc[span.start - 1] if span.start > 0 else None
    scores = sum(1 for t in span.sent if t.like_num)
    if after is not None and after.like_num and scores >= 2:
        return True
    return any(t is not None and t.lower_ in ("v", "vs", "vs.", "beat", "beats") and t.sent == span.sent
               for t in (after, before))


_PARTICLES = frozenset({"de", "van", "von", "der", "den", "del", "della", "di", "da", "dos", "du", "la", "le",
                        "al", "el", "bin", "ibn", "y", "of", "the", "and", "for", "on", "upon", "e", "ul",
                        "zu", "ter", "st", "'s", "\u2019s", "&"})


def _split_at_numbers(span: Span) -> Iterator[Span]:
    """Names never contain numbers, commas, brackets, spaced dashes or lower-case words
    other than particles: "Oldham 3 Ipswich", "Grace Road, Leicestershire", "Yorkshire at
    Headingley", "Wigan beat Bradford" are two names, or a name and a score."""
    from spacy.tokens import Span as SpanType

    start = span.start
    for tok in span:
        if tok.like_num or tok.is_digit or tok.shape_.startswith("d") or tok.text in (",", "(", ")", ";") \
                or tok.text in ("-", "\u2013", "\u2014") and tok.whitespace_ \
                or tok.is_alpha and tok.is_lower and tok.lower_ not in _PARTICLES and tok.i > span.start:
            if tok.i > start:
                yield SpanType(span.doc, start, tok.i, label=span.label_)
            start = tok.i + 1
    if start < span.end:
        yield SpanType(span.doc, start, span.end, label=span.label_)


def _role(doc: Doc, start: int, span: Span) -> str | None:
    """The title written before a person's name: "US President", "German Chancellor"."""
    vocab = titles()
    i = start - 1
    while i >= 0 and (_word(doc[i]) in vocab.honorifics):
        i -= 1
    j = i
    while j >= 0:
        tok = doc[j]
        word = _word(tok)
        joined = tok.text in ("-", "\u2013") and not tok.whitespace_ and j > 0 and not doc[j - 1].whitespace_
        if word in vocab.titles or tok.ent_type_ in ("NORP", "GPE") or word in ("of", "state") or joined:
            j -= 1
            continue
        break
    words = doc[j + 1:i + 1]
    while len(words) and (words[0].text in ("-", "\u2013") or words[0].lower_ == "of"):
        words = words[1:]
    if not any(_word(t) in _ROLE_WORDS for t in words):
        return None
    return normalize_text(words.text)


def mentions(doc: Doc, *, offset: int = 0, sentence_base: int = 0) -> Iterator[RawMention]:
    """Entity mentions of the types newsgraph keeps, cleaned, with junk dropped.

    Mentions in page furniture and agency credits are left out.
    """
    starts = _sentence_index(doc)
    skip = boilerplate_sentences(doc)
    _, credits = _boilerplate()
    spans = [part for ent in _joined_ents(doc) for part in _split_at_numbers(ent)]
    spans += list(_result_teams(doc))
    spans += list(_athletes(doc))
    for span in spans:
        type_ = ENTITY_TYPES.get(span.label_)
        if type_ is None:
            continue
        sent = span.sent
        if sent.start in skip or _section_label(span):
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
        first = start - 1 if honorific and start > 0 and _word(doc[start - 1]) in titles().honorifics else start
        surface = normalize_text(doc[first:end].text)
        if honorific or _described_as_person(span):
            type_ = "Person"  # "Ms Bota Iliyas" read as an organisation
        elif type_ == "Place" and _team(span):
            type_ = "Organization"
        elif type_ == "Organization" and len(span) == 1 and is_place(name) and not _team(span):
            type_ = "Place"  # "the town of Arbil" read as an organisation
        yield RawMention(
            start=offset + name_span.start_char,
            end=offset + name_span.end_char,
            surface=surface,
            name=name,
            type=type_,
            sentence=sentence_base + starts[name_span.sent.start],
            honorific=honorific,
            role=_role(doc, start, span) if type_ == "Person" else None,
        )


def _capitalised(tok: Token) -> bool:
    return not tok.ent_type_ and tok.is_alpha and tok.text[:1].isupper() and not tok.is_stop


def _athletes(doc: Doc) -> Iterator[Span]:
    """People in results lists the model leaves untagged: "13 - Thomas Enqvist (Sweden) beat
    ...", "Miguel Angel Jimenez (Spain) 74": a run of capitalised words followed by a
    country in brackets, or after a list number and a dash."""
    from spacy.tokens import Span as SpanType

    from .countries import country_of

    i = 0
    while i < len(doc):
        tok = doc[i]
        if not (_cap_word(tok) and not tok.ent_type_):
            i += 1
            continue
        j = i
        while j + 1 < len(doc) and _cap_word(doc[j + 1]) and not doc[j + 1].ent_type_ and doc[j + 1].sent == tok.sent:
            j += 1
        after = doc[j + 1:j + 4]
        bracketed = (len(after) == 3 and after[0].text == "(" and after[2].text == ")"
                     and (country_of(after[1].text) is not None or after[1].text in ("U.S.", "USA", "UK")))
        numbered = i >= 2 and doc[i - 1].text in ("-", "\u2013") and doc[i - 2].like_num
        if 2 <= j + 1 - i <= 4 and (bracketed or numbered):
            yield SpanType(doc, i, j + 1, label="PERSON")
        i = j + 1


def _cap_word(tok: Token) -> bool:
    return (tok.is_alpha and tok.text[:1].isupper() and not tok.is_stop
            or len(tok.text) == 2 and tok.text.endswith(".") and tok.text[0].isupper())


def _result_teams(doc: Doc) -> Iterator[Span]:
    """Teams in results and standings lines the model leaves untagged: "Shrewsbury 0
    Brentford 3", "Hartlepool 4 2 1 1". A line without a verb and with two numbers or more;
    a run of capitalised words not yet tagged, followed by a number, is a team."""
    from spacy.tokens import Span as SpanType

    for sent in doc.sents:
        if sum(1 for t in sent if t.like_num) < 2 or any(t.pos_ in ("VERB", "AUX") and t.is_lower for t in sent):
            continue
        i = sent.start
        while i < sent.end:
            tok = doc[i]
            if tok.is_alpha and tok.text[:1].isupper() and not tok.ent_type_ and not tok.is_stop:
                j = i
                while j + 1 < sent.end and not doc[j + 1].ent_type_ and (
                        doc[j + 1].is_alpha and doc[j + 1].text[:1].isupper() or doc[j + 1].lower_ in ("of", "&")):
                    j += 1
                nxt = doc[j + 1] if j + 1 < sent.end else None
                initial = len(tok.text) == 1 or (i > sent.start and doc[i - 1].text.endswith(".") and len(doc[i - 1]) <= 2)
                if nxt is not None and nxt.like_num and not initial and doc[j].lower_ not in ("of", "&"):
                    yield SpanType(doc, i, j + 1, label="ORG")
                i = j + 1
            else:
                i += 1


def name_tokens(doc: Doc, *, offset: int = 0, sentence_base: int = 0) -> Iterator[NameToken]:
    """Runs of capitalised words outside any entity span ("Trump speaks to ..."); they
    become mentions only if they spell a name found elsewhere in the document."""
    starts = _sentence_index(doc)
    skip = boilerplate_sentences(doc)
    i = 0
    while i < len(doc):
        tok = doc[i]
        if tok.sent.start in skip:
            i += 1
            continue
        if _capitalised(tok):
            j = i
            while j + 1 < len(doc) and _capitalised(doc[j + 1]) and doc[j + 1].pos_ == "PROPN":
                j += 1
            span = doc[i:j + 1]
            yield NameToken(offset + span.start_char, offset + span.end_char,
                            normalize_text(span.text), sentence_base + starts[span.sent.start])
            i = j + 1
        else:
            i += 1


def descriptors(doc: Doc, *, offset: int = 0, sentence_base: int = 0) -> Iterator[Descriptor]:
    """Definite role descriptions that may stand for a named person ("the Russian leader")."""
    starts = _sentence_index(doc)
    for tok in doc:
        if tok.lower_ not in _DESCRIPTOR_HEADS or tok.ent_type_ or tok.tag_ in ("NNS", "NNPS"):
            continue
        if tok.dep_ == "compound" or tok.lower_ == "prime" and tok.head.lower_ != "minister":
            continue  # a title before a name ("President Trump"), not standing alone
        head_tok = tok.head if tok.lower_ == "prime" else tok
        if any(c.dep_ in ("appos",) or c.ent_type_ == "PERSON" and c.dep_ != "amod" for c in head_tok.children):
            continue
        dets = [c for c in head_tok.children if c.dep_ == "det" and c.lower_ == "the"]
        if not dets:
            continue
        quals = [c for c in head_tok.children if c.dep_ in ("amod", "compound") and c.ent_type_ in ("NORP", "GPE")]
        first = min([dets[0].i, *(q.i for q in quals), tok.i])
        span = doc[first:head_tok.i + 1]
        yield Descriptor(offset + span.start_char, offset + span.end_char, span.text,
                         "leader" if tok.lower_ == "prime" else tok.lower_,
                         quals[0].text if quals else None, sentence_base + starts[tok.sent.start])


def pronouns(doc: Doc, *, offset: int = 0, sentence_base: int = 0) -> Iterator[Pronoun]:
    """"he"/"she" as the subject of a verb, "him"/"her" as its object."""
    starts = _sentence_index(doc)
    for tok in doc:
        if (tok.lower_ in ("he", "she") and tok.dep_ in ("nsubj", "nsubjpass")
                or tok.lower_ in ("him", "her") and tok.dep_ in ("dobj", "pobj", "dative")):
            yield Pronoun(offset + tok.idx, offset + tok.idx + len(tok), tok.text,
                          sentence_base + starts[tok.sent.start])
