"""Quoted speech: the spans of a text inside quotation marks.

Coreference (:mod:`graph.pipeline.coref`) reads them so that a "he" inside a quote is not
taken for the person quoted: '"He will lose," Mr Howard said' is about somebody else.
Marks are paired within a paragraph (curly marks open and close, a straight mark toggles).
News opens every paragraph of a long quote again and closes only the last one, so a quote
left open at a paragraph's end runs on when the next paragraph opens again or closes it
first; otherwise it ends with its paragraph (a stray mark does not swallow the article).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from graph.pipeline.extract import sentence_index
from graph.schema import words

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = ["Quote", "quote_spans", "quotes"]

_OPEN, _CLOSE, _STRAIGHT = "\u201c", "\u201d", '"'
_PARAGRAPH = re.compile(r"\n\s*\n|\n")
#: Verbs of saying whose "of" names whom the quotation is about ("said of the Tory leader").
_SAID_OF = words("speech.say") | {"write", "speak", "remark", "observe"}


@dataclass(frozen=True)
class Quote:
    """A quotation at character offsets of its document, marks included, with the sentences
    it starts and ends in."""

    start: int
    end: int
    first: int
    last: int
    # the [start, end) of the head of whom the quotation is said about: "X said of the Tory
    # leader: 'He is not wise'" (its third-person pronouns are that person)
    about: tuple[int, int] | None = None
    # it opens its sentence ('"We watched the scenes ..."'), not words quoted inside one
    # ('branded it "stupid and evil"')
    opens: bool = False

    def holds(self, start: int, end: int) -> bool:
        """Whether the span [start, end) lies inside the quotation."""
        return self.start < start and end <= self.end


def _paragraphs(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for m in _PARAGRAPH.finditer(text):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, len(text)))
    return [(a, b) for a, b in out if text[a:b].strip()]


#: Paragraphs without a mark that a quote left open may run through before it closes.
_RUN = 3


def _verdict(text: str) -> tuple[str | None, int]:
    """How a paragraph meets a quote left open before it, and where: it opens with a mark
    ("again", the quote runs on), its first mark closes ("close": a curly closing mark, or a
    straight one of an odd count), its first mark opens a new quote ("open"), or it has no
    mark (None)."""
    body = text.lstrip()
    lead = len(text) - len(body)
    if body[:1] in (_OPEN, _STRAIGHT):
        return "again", lead
    for i, ch in enumerate(text):
        if ch == _CLOSE or ch == _STRAIGHT and text.count(_STRAIGHT) % 2:
            return "close", i
        if ch in (_OPEN, _STRAIGHT):
            return "open", i
    return None, 0


def _runs_on(text: str, paragraphs: list[tuple[int, int]], n: int) -> tuple[bool, int | None]:
    """Whether a quote left open before paragraph ``n`` runs on into it, and the offset of a
    mark there that opens it again (to be skipped). Through paragraphs without a mark only
    when one of the next :data:`_RUN` paragraphs closes it."""
    verdict, at = _verdict(text[slice(*paragraphs[n])])
    if verdict == "again":
        return True, paragraphs[n][0] + at
    if verdict is not None:
        return verdict == "close", None
    for a, b in paragraphs[n + 1:n + 1 + _RUN]:
        verdict, _ = _verdict(text[a:b])
        if verdict is not None:
            return verdict == "close", None
    return False, None


def _shape(text: str, i: int, a: int, b: int) -> str:
    """Whether the straight mark at ``i`` (in the paragraph [a, b)) is shaped as an opening
    mark (space before, a word after), a closing one (a word or punctuation before, space or
    punctuation after), or either ("toggle")."""
    before = text[i - 1] if i > a else " "
    after = text[i + 1] if i + 1 < b else " "
    opens = before.isspace() or before in "([{\u2014\u2013-/"
    closes = after.isspace() or after in ".,;:!?)]}\u2014\u2013-/"
    if opens and not closes:
        return "open"
    if closes and not opens:
        return "close"
    return "toggle"


def quote_spans(text: str) -> Iterator[tuple[int, int]]:
    """Character spans [start, end) of the quotations of ``text``, marks included.

    >>> list(quote_spans('He said: "We will win." Then he left.'))
    [(9, 23)]
    """
    paragraphs = _paragraphs(text)
    opened: int | None = None
    for n, (a, b) in enumerate(paragraphs):
        skip = None
        if opened is not None:  # a quote left open by the paragraph before
            runs, skip = _runs_on(text, paragraphs, n)
            if not runs:
                yield opened, paragraphs[n - 1][1]
                opened = None
        for i in range(a, b):
            ch = text[i]
            if i == skip or ch not in (_OPEN, _CLOSE, _STRAIGHT):
                continue
            shape = _shape(text, i, a, b) if ch == _STRAIGHT else ("open" if ch == _OPEN else "close")
            if opened is None and shape != "close":
                opened = i
            elif opened is not None and shape != "open":
                yield opened, i + 1
                opened = None
            # an opening mark inside an open quote opens it again ('... the country. "Gordon
            # Brown is ...' where a paragraph break was lost); a closing one outside is stray
    if opened is not None:
        yield opened, paragraphs[-1][1]


def quotes(doc: Doc, *, offset: int = 0, sentence_base: int = 0) -> Iterator[Quote]:
    """The quotations of a parsed text (see :func:`quote_spans`), at document offsets."""
    starts = sentence_index(doc)
    for a, b in quote_spans(doc.text):
        first = doc.char_span(a, a + 1, alignment_mode="expand")
        last = doc.char_span(b - 1, b, alignment_mode="expand")
        if first is None or last is None or not len(first) or not len(last):
            continue
        about = _said_of(first[0])
        mark = first[0]
        yield Quote(offset + a, offset + b, sentence_base + starts[mark.sent.start],
                    sentence_base + starts[last[0].sent.start],
                    (offset + about.idx, offset + about.idx + len(about)) if about is not None else None,
                    all(t.is_punct or t.is_space for t in doc[mark.sent.start:mark.i]))


def _said_of(mark: Token) -> Token | None:
    """Whom the quotation opening at ``mark`` is said about: the object of "of" on a verb of
    saying before it in its sentence ("Mr Straw said of the Tory leader: ...")."""
    for tok in mark.sent:
        if tok.i >= mark.i:
            break
        if tok.pos_ == "VERB" and tok.lemma_.lower() in _SAID_OF:
            for prep in tok.children:
                if prep.dep_ == "prep" and prep.lower_ == "of" and prep.i < mark.i:
                    objects = [g for g in prep.children if g.dep_ == "pobj"]
                    if objects:
                        return objects[0]
    return None
