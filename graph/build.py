"""Build: ingest, analyze and render in one call, as `newsgraph build` does."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from graph.analysis.cached import analysed_graph
from graph.analysis.metrics import analysis_version
from graph.analysis.select import Selection, select
from graph.errors import InputError
from graph.ingest import IngestReport, ingest
from graph.model import Graph
from graph.pipeline.read import Fields, Skipped
from graph.store import Store
from graph.store import analysis as cache

__all__ = ["BuildResult", "build", "HTML_MAX_NODES"]

#: The page embeds at most this many nodes (top by PageRank); exports have no such cap.
#: Large pages draw an overview and embed the rest for search, expand and focus, so this
#: only guards the page's size (the 12,809-entity BBC graph makes a 6.5 MB page).
HTML_MAX_NODES = 20_000
#: What the page is made by, besides the graph and the selection (paths inside ``graph/``).
_PAGE_CODE = ("export", "analysis/layout.py", "analysis/select.py", "build.py")


@dataclass(frozen=True)
class BuildResult:
    report: IngestReport
    graph: Graph  # the whole analysed graph
    html: Path
    #: False when the page on disk was already the one this graph and selection give
    #: (nothing new since it was written): layout and rendering were skipped.
    rendered: bool = True


def _page_key(selection: Selection) -> str:
    return hashlib.sha256(repr((selection, HTML_MAX_NODES, cache.code_digest(_PAGE_CODE))).encode()).hexdigest()


def _file_digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:  # absent, or not readable: render it
        return None


def _page_is_current(store: Store, state: str, html: Path, selection: Selection) -> bool:
    """Whether ``html`` is, byte for byte, the page written for the analysis of ``state``
    and this ``selection`` by this code (as :func:`_remember_page` noted)."""
    noted = cache.read_value(store, state, f"page:{html.resolve()}")
    if noted is None:
        return False
    try:
        page = json.loads(noted)
    except ValueError:
        return False
    return page == {"key": _page_key(selection), "sha256": _file_digest(html)}


def _remember_page(store: Store, state: str, html: Path, selection: Selection) -> None:
    """Note in the store which page ``html`` now is; a new analysis (new documents, a
    curation rule) forgets it."""
    page = {"key": _page_key(selection), "sha256": _file_digest(html)}
    cache.write_value(store, state, f"page:{html.resolve()}", json.dumps(page))


def build(sources: Iterable[str], store: Store, out: str | Path, *, fields: Fields = Fields(),
          model: str | None = None, batch_size: int = 64, workers: int = 1, dask: str | None = None,
          max_chars: int | None = None, selection: Selection = Selection(),
          on_document: Callable[[IngestReport], None] | None = None,
          on_skip: Callable[[Skipped], None] | None = None,
          on_warning: Callable[[str], None] | None = None,
          on_stage: Callable[[str], None] | None = None) -> BuildResult:
    """Ingest ``sources`` into ``store``, analyse the whole graph and write ``out/graph.html``.

    The page embeds ``selection`` of the graph, capped at :data:`HTML_MAX_NODES` nodes.
    When nothing changed since this page was written (same documents, curation,
    selection and code, and the file untouched), layout and rendering are skipped
    (``rendered`` is False). The callbacks are those of :func:`graph.ingest.ingest`;
    ``on_stage`` also hears "analysing" and "rendering".
    """
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise InputError(f"--out {str(out)!r} is a file, not a folder.")
    report = ingest(sources, store, fields=fields, model=model, batch_size=batch_size,
                    workers=workers, dask=dask, max_chars=max_chars, on_document=on_document, on_skip=on_skip,
                    on_warning=on_warning, on_stage=on_stage)
    if on_stage:
        on_stage("analysing the graph")
    graph = analysed_graph(store)  # computed only when documents or curation changed
    state = cache.state_key(store, analysis_version())
    html = out / "graph.html"
    if _page_is_current(store, state, html, selection):
        return BuildResult(report, graph, html, rendered=False)
    shown = select(graph, selection)
    if len(shown.nodes) > HTML_MAX_NODES and selection.top is None:
        shown = select(graph, Selection(**{**selection.__dict__, "top": HTML_MAX_NODES}))
    if on_stage:
        on_stage("rendering the page")
    # numpy and the layout: only when rendering
    from graph.export.html import write_html

    out.mkdir(parents=True, exist_ok=True)
    write_html(shown, html, title="newsgraph")
    _remember_page(store, state, html, selection)
    return BuildResult(report, graph, html)
