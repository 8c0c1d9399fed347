"""Entity spans: the model's entities, corrected.

Names are glued back together or split where the parse shows they should be, person names
completed with initials, and teams and athletes found in results tables the model leaves
untagged. Everything here works on a parsed spaCy ``Doc``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from graph.model import normalize_text
from graph.schema import ENTITY_TYPES, sections, titles, words

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

__all__ = ["entity_spans", "section_label", "described_as_person", "is_team", "word"]


def word(tok: Token) -> str:
    """A token as the word lists hold it: quotes normalized, case folded, no final dot."""
    return normalize_text(tok.text).casefold().rstrip(".")


def entity_spans(doc: Doc) -> list[Span]:
    """Entity spans to read mentions from: the model's, corrected, plus results tables'."""
    spans = [part for ent in _joined_ents(doc) for part in _split_at_numbers(ent)]
    spans += list(_result_teams(doc))
    spans += list(_athletes(doc))
    return spans


def section_label(span: Span) -> bool:
    """"Soccer" in "SOCCER - JAPAN GET LUCKY WIN": a wire section label opening a line."""
    doc = span.doc
    at_line_start = span.start == 0 or "\n" in doc[span.start - 1].text or "\n" in doc[span.start - 1].whitespace_
    dash_after = span.end < len(doc) and doc[span.end].text in ("-", "\u2013", "\u2014")
    return at_line_start and dash_after and span.text.lower() in sections()


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


def _nameword(tok: Token) -> bool:
    return (not tok.ent_type_ and tok.pos_ == "PROPN" and tok.text[:1].isupper() and not tok.is_stop
            and word(tok) not in titles().titles and word(tok) not in titles().honorifics)


def _complete_person(ent: Span) -> Span:
    from spacy.tokens import Span as SpanType

    doc = ent.doc
    start, end = ent.start, ent.end
    while start > ent.sent.start and (_nameword(doc[start - 1]) and doc[start - 1].is_alpha
                                      or len(doc[start - 1].text) == 2 and doc[start - 1].text[0].isupper()
                                      and doc[start - 1].text.endswith(".")):
        start -= 1
    while end < ent.sent.end and _nameword(doc[end]) and doc[end].is_alpha and doc[end - 1].whitespace_:
        end += 1
    if (start, end, ent.label_) == (ent.start, ent.end, "PERSON"):
        return ent
    return SpanType(doc, start, end, label="PERSON")


def described_as_person(span: Span) -> bool:
    """"Valeska Paris, an Australian woman, ...": an appositive that only fits a person."""
    return any(c.dep_ == "appos" and c.lemma_.lower() in titles().person_nouns for c in span.root.children)


def is_team(span: Span) -> bool:
    """A place named in a results line is a team: "Chicago 5 Houston 3", "Kent v Surrey"."""
    doc = span.doc
    after = doc[span.end] if span.end < len(doc) else None
    before = doc[span.start - 1] if span.start > 0 else None
    scores = sum(1 for t in span.sent if t.like_num)
    if after is not None and after.like_num and scores >= 2:
        return True
    return any(t is not None and t.lower_ in words("names.versus") and t.sent == span.sent
               for t in (after, before))


_PARTICLES = words("names.particles")


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


def _athletes(doc: Doc) -> Iterator[Span]:
    """People in results lists the model leaves untagged: "13 - Thomas Enqvist (Sweden) beat
    ...", "Miguel Angel Jimenez (Spain) 74": a run of capitalised words followed by a
    country in brackets, or after a list number and a dash."""
    from spacy.tokens import Span as SpanType

    from graph.gazetteer.countries import country_of

    i = 0
    while i < len(doc):
        tok = doc[i]
        if not (_capword(tok) and not tok.ent_type_):
            i += 1
            continue
        j = i
        while j + 1 < len(doc) and _capword(doc[j + 1]) and not doc[j + 1].ent_type_ and doc[j + 1].sent == tok.sent:
            j += 1
        after = doc[j + 1:j + 4]
        bracketed = (len(after) == 3 and after[0].text == "(" and after[2].text == ")"
                     and (country_of(after[1].text) is not None or after[1].text in ("U.S.", "USA", "UK")))
        numbered = i >= 2 and doc[i - 1].text in ("-", "\u2013") and doc[i - 2].like_num
        if 2 <= j + 1 - i <= 4 and (bracketed or numbered):
            yield SpanType(doc, i, j + 1, label="PERSON")
        i = j + 1


def _capword(tok: Token) -> bool:
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
