"""Entity spans: the model's entities, corrected.

Names are glued back together or split where the parse shows they should be, person names
completed with initials, and teams and athletes found in results tables the model leaves
untagged. Everything here works on a parsed spaCy ``Doc``.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from typing import TYPE_CHECKING

from graph.model import normalize_text
from graph.schema import ENTITY_TYPES, sections, titles, words
from graph.schema.organisations import organisations
from graph.gazetteer.countries import national_bodies

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

__all__ = ["entity_spans", "section_label", "described_as_person", "is_team", "word", "media_context",
           "programme_owner"]


def word(tok: Token) -> str:
    """A token as the word lists hold it: quotes normalized, case folded, no final dot."""
    return normalize_text(tok.text).casefold().rstrip(".")


def entity_spans(doc: Doc) -> list[Span]:
    """Entity spans to read mentions from: the model's, corrected, plus results tables'."""
    spans = _join_outlets([piece for ent in _joined_ents(doc) for part in _split_at_numbers(ent)
                           for cut in _split_at_article(part) for piece in _split_after_outlet(cut)])
    spans = [_body_tail(_extend_body(_place_body(_as_organisation(_party_left(span))))) for span in spans]
    spans += list(_result_teams(doc))
    spans += list(_athletes(doc))
    spans += list(_untagged_organisations(doc, spans))
    return _drop_covered(spans)


def _media_head_word(tok: Token) -> bool:
    """A capitalised outlet head on its own: "Times" in "the Sunday Times"."""
    vocab = organisations()
    return tok.text[:1].isupper() and tok.is_alpha and word(tok) in vocab.media_heads | vocab.media_weak_heads


def _join_outlets(spans: list[Span]) -> list[Span]:
    """"the Sunday" + "Times", "New York" + "Times": a name followed at once by a capitalised
    outlet head word (tagged on its own or not at all) is one outlet's name."""
    from spacy.tokens import Span as SpanType

    out: list[Span] = []
    for span in spans:
        prev = out[-1] if out else None
        if prev is not None and prev.end == span.start and len(span) == 1 and _media_head_word(span[0]) \
                and prev.label_ in ("ORG", "DATE", "GPE", "NORP", "PERSON") and prev.sent == span.sent:
            out[-1] = SpanType(span.doc, prev.start, span.end, label="ORG")
            continue
        out.append(span)
    if not out:
        return out
    doc = out[0].doc
    taken = {i for s in out for i in range(s.start, s.end)}
    for k, span in enumerate(out):
        end = span.end
        if span.label_ in ("ORG", "DATE") and end < len(doc) and end not in taken and not doc[end].ent_type_ \
                and _media_head_word(doc[end]) and doc[end].sent == span.sent \
                and (span.label_ == "ORG" or span.start > 0 and doc[span.start - 1].lower_ == "the"):
            out[k] = SpanType(doc, span.start, end + 1, label="ORG")
    return out


def _place_body(span: Span) -> Span:
    """"the Scottish Executive", "the Welsh Assembly", "West Yorkshire Police": a place or a
    nationality the model tagged alone, followed by a capitalised body head
    (``names.place_bodies``) that it modifies, is that body, an organisation. A lower-case head
    ("the British government", "Kent police") is left as it was."""
    from spacy.tokens import Span as SpanType

    if span.label_ not in ("NORP", "GPE", "LOC"):
        return span
    bodies = organisations().place_bodies
    if len(span) > 1 and span[-1].text[:1].isupper() and word(span[-1]) in bodies:
        return SpanType(span.doc, span.start, span.end, label="ORG")  # the model's "West Yorkshire Police"
    if span.end >= span.sent.end:
        return span
    head = span.doc[span.end]
    alone = head.ent_iob_ == "B" and head.ent_type_ == "ORG" and (head.i + 1 == len(head.doc)
                                                                or head.doc[head.i + 1].ent_iob_ != "I")
    if head.ent_type_ and not alone or not head.text[:1].isupper() or not head.is_alpha \
            or word(head) not in bodies:
        return span  # a head the model tagged is joined only when it tagged it alone ("Parliament")
    if not any(t.head.i == head.i for t in span):  # "in Scotland Parliament voted": not one name
        return span
    return SpanType(span.doc, span.start, span.end + 1, label="ORG")


def _body_tail(span: Span) -> Span:
    """"the Constitutional Affairs select committees", "the ODPM committee": a body's name
    ends in a lower-case head (``media.body_tails``) the model leaves out, when the name
    modifies that head; up to two lower-case words may come between ("select")."""
    from spacy.tokens import Span as SpanType

    acronym = len(span) == 1 and span.text.isupper() and span.text.isalpha()  # "ODPM" read as a person
    if span.label_ != "ORG" and not acronym:
        return span
    doc, tails = span.doc, words("media.body_tails")
    for j in range(span.end, min(span.end + 3, span.sent.end)):
        tok = doc[j]
        if not tok.is_lower or tok.ent_type_ or tok.pos_ not in ("NOUN", "PROPN", "ADJ"):
            return span
        if word(tok) in tails:
            # the words between modify the head ("select committees"); the parse of the name
            # itself is often wrong ("Constitutional Affairs" read as a conjunct)
            if all(t.head.i == j and t.dep_ in ("amod", "compound") for t in doc[span.end:j]):
                return SpanType(doc, span.start, j + 1, label="ORG")
            return span
    return span


def _drop_covered(spans: list[Span]) -> list[Span]:
    """Spans inside a longer one go: an extended name covers the parts the model found."""
    out = []
    for span in spans:
        if not any(o is not span and o.start <= span.start and span.end <= o.end and len(o) > len(span)
                   for o in spans):
            out.append(span)
    return out


def _cue_before(doc: Doc, i: int, strong: bool = False) -> bool:
    """Whether a media cue ("told", "writing in", "reported by") ends right before token ``i``
    (a determiner may come between)."""
    vocab = organisations()
    if i > 0 and doc[i - 1].lower_ == "the":
        i -= 1
    cues = vocab.media_strong_cues if strong else vocab.media_cues
    for cue in cues:
        n = len(cue)
        if i - n >= 0 and tuple(t.lower_ for t in doc[i - n:i]) == tuple(cue):
            return True
    return False


def _media_heads(span: Span) -> tuple[bool, bool]:
    """(has a strong media head, has a weak one) as the name's last word."""
    vocab = organisations()
    toks = [t for t in span if not t.is_punct and t.tag_ != "POS"]
    if len(toks) > 1 and (any(ch.isdigit() for ch in toks[-1].text) or toks[-1].like_num):
        toks = toks[:-1]  # "Channel 4", "Radio 5", "BBC Radio Four"
    if not toks:
        return False, False
    last = word(toks[-1])
    return last in vocab.media_heads and last not in vocab.media_weak_heads, last in vocab.media_weak_heads


def programme_owner(span: Span) -> Span | None:
    """"BBC Radio 4's Today programme": the outlet owning the programme named by ``span``."""
    doc = span.doc
    before = span.start - 1
    if before < 1 or doc[before].tag_ != "POS" and doc[before].lower_ not in ("'s", "\u2019s"):
        return None
    from spacy.tokens import Span as SpanType

    for ent in doc.ents:
        if ent.end in (before, before + 1) and ent.label_ in ("ORG", "PERSON", "NORP", "GPE"):
            if ent.label_ != "ORG" and _letters_digits(ent):
                return SpanType(doc, ent.start, ent.end, label="ORG")  # "BBC1's", read as a person
            return ent  # the model may take the "'s" into the name
    return None


#: How many capitalised words before a party's head word may still belong to its name.
_PARTY_REACH = 3


def _party_left(span: Span) -> Span:
    """"the Liberal Democrats", "the Scottish Socialists": a party's name the model began at its
    head word, run back over the capitalised words the parser hangs on that head ("Liberal"),
    never over the sentence's first word ("Senior Democrats said") or another entity's."""
    from spacy.tokens import Span as SpanType

    if word(span[-1]) not in organisations().party_heads:
        return span
    doc, start = span.doc, span.start
    vocab = titles()
    while start - 1 > span.sent.start and span.start - start < _PARTY_REACH:
        tok = doc[start - 1]
        if tok.ent_type_ or not (tok.is_alpha and tok.is_title) or tok.is_stop \
                or tok.dep_ not in ("compound", "amod") or not start <= tok.head.i < span.end \
                or word(tok) in vocab.titles or word(tok) in vocab.honorifics:
            break
        start -= 1
    if start == span.start:
        return span
    return SpanType(doc, start, span.end, label=span.label_)


def _party_name(span: Span) -> bool:
    """"Lib Dems", "Green Party": a party's standard alternative name, or a name of several
    words ending in a party head word."""
    vocab = organisations()
    text = normalize_text(span.text).casefold()
    return text in vocab.party_aliases or len(span) > 1 and word(span[-1]) in vocab.party_heads


def _owned_programme(span: Span) -> bool:
    """"BBC Radio 4's World At One": an untagged name owned by an outlet is its programme
    (the owner's head word or a media cue before it says it is an outlet)."""
    owner = programme_owner(span)
    return owner is not None and owner.label_ == "ORG" and (
        any(_media_heads(part)[0] for part in _split_at_numbers(owner)) or _cue_before(span.doc, owner.start))


def _programme(span: Span) -> bool:
    """A name followed by a programme head: "the Today programme", "Newsnight programme"."""
    doc = span.doc
    return span.end < len(doc) and doc[span.end].lower_ in words("media.programmes") \
        and doc[span.end].is_lower


def _before_staff(span: Span) -> bool:
    """"a Newsnight journalist", "a Guardian reporter": a name modifying an outlet's staff noun."""
    doc = span.doc
    return span.end < len(doc) and doc[span.end].lower_ in words("media.staff") and doc[span.end].is_lower \
        and span.root.head.i == span.end


def media_context(span: Span) -> bool:
    """Whether the name is an outlet: its head word says so ("Sky News"), or a cue and a weak
    head word do ("told the Independent"), or a strong cue governs an organisation ("reported
    by Reuters"), or it names a programme ("the Today programme") or an outlet's staff ("a
    Newsnight journalist")."""
    strong_head, weak_head = _media_heads(span)
    if strong_head or _programme(span) or _before_staff(span):
        return True
    start = span.start
    if weak_head and _cue_before(span.doc, start):
        return True
    return span.label_ == "ORG" and _cue_before(span.doc, start, strong=True)


def _letters_digits(span: Span) -> bool:
    """"G8", "G20", "P5": capitals and digits name a group of states, not a person."""
    text = span.text.strip()
    return len(span) == 1 and text[:1].isupper() and any(ch.isdigit() for ch in text) \
        and text.isalnum() and text.upper() == text and len(text) <= 4


def _as_organisation(span: Span) -> Span:
    """Names the model misreads as people or groups that the context shows are organisations:
    outlets ("told the Independent"), groups of states ("the G8"), programmes."""
    from spacy.tokens import Span as SpanType

    if span.label_ == "DATE" and span.start > 0 and (span.doc[span.start - 1].lower_ == "the"
                                                     or programme_owner(span) is not None) \
            and len(span) == 1 and span[0].text[:1].isupper() and _programme(span):
        return SpanType(span.doc, span.start, span.end, label="ORG")  # "the Today programme"
    if span.label_ in ("LOC", "GPE", "FAC") and not span.text[:1].islower() and _owned_programme(span):
        return SpanType(span.doc, span.start, span.end, label="ORG")  # "the BBC's Breakfast with Frost"
    if span.label_ == "ORG" or span.label_ not in ("PERSON", "NORP", "WORK_OF_ART", "PRODUCT"):
        return span
    the = span.start > 0 and span.doc[span.start - 1].lower_ == "the" or span[0].lower_ == "the"
    if _letters_digits(span) or (the or span.label_ in ("WORK_OF_ART", "PRODUCT")) and media_context(span) \
            or span.label_ in ("WORK_OF_ART", "PRODUCT") and _before_staff(span) \
            or span.label_ in ("WORK_OF_ART", "PRODUCT") and (_cue_before(span.doc, span.start)
                                                            or programme_owner(span) is not None):
        return SpanType(span.doc, span.start, span.end, label="ORG")
    return span


def _body_head(tok: Token) -> bool:
    return word(tok) in organisations().body_heads and tok.text[:1].isupper()


def _name_run(doc: Doc, i: int, limit: int) -> int:
    """The end of a run of capitalised words starting at ``i`` (``i`` if none)."""
    j = i
    while j < limit and doc[j].is_alpha and doc[j].text[:1].isupper() and doc[j].ent_type_ not in ("PERSON", "DATE"):
        j += 1
    return j


def _extend_body(span: Span) -> Span:
    """"the Foundation for Peace and Justice", "the Office of the Deputy Prime Minister": an
    organisation's name runs on over "of"/"for" (and "of the"/"for the") and capitalised words
    the model cut off, also when the model stopped inside them ("the Office of the"); "and"
    joins only inside such a tail and never a name of its own ("the EU and Nato" stay two)."""
    from spacy.tokens import Span as SpanType

    if span.label_ != "ORG":
        return span
    span = _extend_body_left(span)
    if not any(_body_head(t) for t in span):
        return span
    doc, joiners = span.doc, organisations().joiners
    limit = span.sent.end
    end = span.end
    while end - 1 > span.start and (doc[end - 1].lower_ == "the" or doc[end - 1].lower_ in joiners):
        end -= 1  # "the Office of the": the model stopped after the joiner
    heads = [t.i for t in doc[span.start:end] if _body_head(t)]
    tail = bool(heads) and any(t.lower_ in joiners for t in doc[heads[0]:end])
    if tail and end < limit and doc[end - 1].text[:1].isupper():
        end = _name_run(doc, end, limit)  # "The Office of the Deputy" + "Prime Minister"
    while end + 1 < limit:
        joiner = doc[end].lower_
        if joiner not in joiners or joiner in ("and", "&") and not tail:
            break
        first = end + 2 if doc[end + 1].lower_ == "the" and joiner != "and" else end + 1
        run = _name_run(doc, first, limit)
        named = any(t.ent_type_ == "ORG" and t.ent_iob_ == "B" for t in doc[first:run])
        if run == first or named and not tail and joiner != "of" \
                or joiner in ("and", "&") and _own_body(doc, first, run):
            break
        end, tail = run, True
    if end == span.end:
        return span
    return SpanType(doc, span.start, end, label="ORG")


def _extend_body_left(span: Span) -> Span:
    """"Campaign for Borders Rail", "Society for the Protection of Birds": the model tagged only
    the words after "for"/"of"; a capitalised body head right before them ("Campaign", "Society")
    starts the name, with the capitalised words before it ("National Campaign for ...")."""
    from spacy.tokens import Span as SpanType

    doc, start = span.doc, span.start
    first = start - 2 if start >= 2 and doc[start - 1].lower_ in ("for", "of") else None
    if first is None and start >= 3 and doc[start - 1].lower_ == "the" and doc[start - 2].lower_ in ("for", "of"):
        first = start - 3
    if first is None or first < span.sent.start or not _body_head(doc[first]) or doc[first].ent_type_:
        return span
    while first - 1 >= span.sent.start and doc[first - 1].is_alpha and doc[first - 1].text[:1].isupper() \
            and not doc[first - 1].ent_type_ and doc[first - 1].text != "The":
        first -= 1
    return SpanType(doc, first, span.end, label="ORG")


def _own_body(doc: Doc, start: int, end: int) -> bool:
    """Whether the words ``start:end`` after an "and" name a body of their own: they hold a body
    head, or a lower-case one follows ("the Office of the Deputy Prime Minister and Constitutional
    Affairs select committees"), unlike "the Foundation for Peace and Justice"."""
    if any(_body_head(t) for t in doc[start:end]):
        return True
    after = doc[end:min(end + 3, len(doc))]
    return any(word(t) in words("media.body_tails") for t in after if t.is_lower)


def _untagged_organisations(doc: Doc, spans: list[Span]) -> Iterator[Span]:
    """Bodies and outlets the model leaves untagged: a run of capitalised words with a body
    head and more than one word ("the Commission for Racial Equality", "Home Office"), an
    outlet under a media cue ("told the Independent"), a group of states ("the G8"), a firm
    named by its web domain ("Plus.net")."""
    from spacy.tokens import Span as SpanType

    taken = {i for s in spans for i in range(s.start, s.end)}
    i = 0
    while i < len(doc):
        tok = doc[i]
        if i not in taken and not tok.ent_type_ and _domain_name(tok.text):
            yield SpanType(doc, i, i + 1, label="ORG")  # "Plus.net also backed the proposals"
            i += 1
            continue
        if i in taken or not tok.text.isalnum() or not tok.text[:1].isupper() or tok.text == "The":
            i += 1  # "The Lib Dems say": the article opening a sentence is no part of the name
            continue
        if tok.ent_type_:
            # "the Today programme": the model reads the programme's name as a date
            if tok.ent_type_ == "DATE" and i > 0 and doc[i - 1].lower_ == "the" and _programme(doc[i:i + 1]):
                yield SpanType(doc, i, i + 1, label="ORG")
            i += 1
            continue
        sent = tok.sent
        j = _name_run(doc, i, sent.end) if tok.is_alpha else i + 1
        if any(k in taken for k in range(i, j)) or j == i:
            i += 1
            continue
        first = i == sent.start
        span = SpanType(doc, i, j, label="ORG")
        if not first and _owned_programme(span):
            yield span  # "told BBC Radio 4's World At One"
        elif not first and _party_name(span):
            yield span  # "The Lib Dems say ..."
        elif not first and doc[i - 1].lower_ == "the" and span.text.casefold() in national_bodies():
            yield span  # "told the Commons": a national body the tagger left untagged
        elif not first and (_letters_digits(span) or doc[i - 1].lower_ == "the" and media_context(span)
                          or doc[i - 1].lower_ in ("a", "an", "the") and _before_staff(span)):
            yield span
        elif any(_body_head(t) for t in span) and (j - i > 1 or doc[j:j + 1].text in ("of", "for")) \
                and not (first and j - i == 1) and not _title_words(span):
            ext = _extend_body(span)
            inside = [o for o in spans if o.start < ext.end and ext.start < o.end]
            if len(ext) > 1 and all(ext.start <= o.start and o.end <= ext.end for o in inside):
                yield ext
                j = ext.end
        i = max(j, i + 1)


def _domain_name(text: str) -> bool:
    """"Plus.net", "Amazon.com": a capitalised name with a web domain ending (``names.domains``)."""
    name, dot, rest = text.partition(".")
    return bool(dot) and name[:1].isupper() and name.replace("-", "").isalnum() \
        and rest.casefold() in _DOMAINS


def _title_words(span: Span) -> bool:
    """"Chief Executive", "Deputy Director": a run of title words is a title, not a body."""
    vocab = titles()
    return all(word(t) in vocab.titles or word(t) in vocab.person_nouns for t in span)


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
    vocab = titles()
    return (not tok.ent_type_ and tok.pos_ == "PROPN" and tok.text[:1].isupper() and not tok.is_stop
            and word(tok) not in vocab.titles and word(tok) not in vocab.honorifics
            and word(tok) not in vocab.person_nouns)  # "Chief Executive Maeve Sherlock"


def _post_nominal(tok: Token) -> bool:
    """"Peter Ainsworth MP", "John Smith QC": letters in capitals after a name are not a surname."""
    return tok.is_upper and len(tok.text) <= 4


def _complete_person(ent: Span) -> Span:
    from spacy.tokens import Span as SpanType

    doc = ent.doc
    start, end = ent.start, ent.end
    while start > ent.sent.start and (_nameword(doc[start - 1]) and doc[start - 1].is_alpha
                                      or len(doc[start - 1].text) == 2 and doc[start - 1].text[0].isupper()
                                      and doc[start - 1].text.endswith(".")):
        start -= 1
    while end < ent.sent.end and _nameword(doc[end]) and doc[end].is_alpha and doc[end - 1].whitespace_ \
            and not _post_nominal(doc[end]):
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
_DOMAINS = words("names.domains")
#: Day and month names (English, from the standard library): no name runs on into a date.
_CALENDAR = frozenset(n.lower() for n in (*calendar.day_name, *calendar.month_name) if n)


def _split_at_numbers(span: Span) -> Iterator[Span]:
    """Names never contain numbers, commas, brackets, spaced dashes or lower-case words
    other than particles: "Oldham 3 Ipswich", "Grace Road, Leicestershire", "Yorkshire at
    Headingley", "Wigan beat Bradford" are two names, or a name and a score."""
    from spacy.tokens import Span as SpanType

    start = span.start
    for tok in span:
        if tok.like_num and tok.is_alpha and tok.text[:1].isupper() and span.label_ == "ORG" and tok.i > span.start:
            continue  # "BBC Five Live", "Radio Four": a number spelled in a station's name
        if tok.lower_ in ("on", "in", "since", "until", "from") and tok.i > span.start and tok.i + 1 < span.end \
                and span.doc[tok.i + 1].lower_ in _CALENDAR:
            # "the Commons on Thursday": a date the tagger ran into the name
            if tok.i > start:
                yield SpanType(span.doc, start, tok.i, label=span.label_)
            return
        if tok.like_num or tok.is_digit or tok.shape_.startswith("d") or tok.text in (",", "(", ")", ";") \
                or tok.text in ("-", "\u2013", "\u2014") and tok.whitespace_ \
                or tok.is_alpha and tok.is_lower and tok.lower_ not in _PARTICLES and tok.i > span.start:
            if tok.i > start:
                yield SpanType(span.doc, start, tok.i, label=span.label_)
            start = tok.i + 1
        elif tok.i > start and tok.text[:1].isupper() and word(tok) in titles().honorifics:
            # "the Sunday Times Mr Campbell": an honorific starts another name
            yield SpanType(span.doc, start, tok.i, label=span.label_)
            start = tok.i
    if start < span.end:
        yield SpanType(span.doc, start, span.end, label=span.label_)


def _split_at_article(span: Span) -> Iterator[Span]:
    """Two names the tagger ran together, each with its article: "told the Independent the
    Tories' plans were ..." is "the Independent", then "the Tories". A span that opens with
    "the" and has a second "the" right after a word that is no particle ("of the", "for the"
    stay inside a name: "the Office of the Deputy Prime Minister") splits before it; a person's
    name ("Alexander the Great") never does."""
    from spacy.tokens import Span as SpanType

    if span.label_ == "PERSON" or len(span) < 4 or span[0].lower_ != "the":
        yield span
        return
    for tok in span[2:]:
        before = span.doc[tok.i - 1]
        if tok.lower_ == "the" and before.text[:1].isupper() and word(before) not in _PARTICLES:
            yield SpanType(span.doc, span.start, tok.i, label=span.label_)
            yield from _split_at_article(SpanType(span.doc, tok.i, span.end, label=span.label_))
            return
    yield span


def _split_after_outlet(span: Span) -> Iterator[Span]:
    """An outlet's name and a place the tagger ran into it: "told BBC News US policy ..." is
    "BBC News", then "US". The outlet ends at a head word no outlet ends without ("News",
    "Radio"; not "Times") when every word after it names a place, and only in a span the tagger
    took for a place: "BBC Radio Wales", tagged an organisation, is one station."""
    from spacy.tokens import Span as SpanType

    from graph.gazetteer.countries import country_named
    from graph.gazetteer.places import is_major_place

    if span.label_ != "GPE":
        yield span
        return
    vocab = organisations()
    strong = vocab.media_heads - vocab.media_weak_heads
    for tok in span[:-1]:
        if tok.i > span.start and tok.text[:1].isupper() and word(tok) in strong:
            rest = normalize_text(span.doc[tok.i + 1:span.end].text)
            if country_named(rest) or is_major_place(rest):
                yield SpanType(span.doc, span.start, tok.i + 1, label="ORG")
                yield SpanType(span.doc, tok.i + 1, span.end, label="GPE")
                return
    yield span


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
