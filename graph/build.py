"""Build: ingest, analyze and render in one call, as `newsgraph build` does."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from graph.analysis.centrality import analyze_store
from graph.analysis.select import Selection, select
from graph.errors import InputError
from graph.export.html import write_html
from graph.ingest import IngestReport, ingest
from graph.model import Graph
from graph.pipeline.read import Fields, Skipped
from graph.store import Store

__all__ = ["BuildResult", "build", "HTML_MAX_NODES"]

#: The page embeds at most this many nodes (top by PageRank); exports have no such cap.
#: Large pages draw an overview and embed the rest for search, expand and focus, so this
#: only guards the page's size (the 12,809-entity BBC graph makes a 6.5 MB page).
HTML_MAX_NODES = 20_000


@dataclass(frozen=True)
class BuildResult:
    report: IngestReport
    graph: Graph  # the whole analysed graph
    html: Path


def build(sources: Iterable[str], store: Store, out: str | Path, *, fields: Fields = Fields(),
          model: str | None = None, batch_size: int = 64, workers: int = 1, dask: str | None = None,
          max_chars: int | None = None, selection: Selection = Selection(),
          on_document: Callable[[IngestReport], None] | None = None,
          on_skip: Callable[[Skipped], None] | None = None,
          on_warning: Callable[[str], None] | None = None,
          on_stage: Callable[[str], None] | None = None) -> BuildResult:
    """Ingest ``sources`` into ``store``, analyse the whole graph and write ``out/graph.html``.

    The page embeds ``selection`` of the graph, capped at :data:`HTML_MAX_NODES` nodes.
    The callbacks are those of :func:`graph.ingest.ingest`; ``on_stage`` also hears
    "analysing" and "rendering".
    """
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise InputError(f"--out {str(out)!r} is a file, not a folder.")
    report = ingest(sources, store, fields=fields, model=model, batch_size=batch_size,
                    workers=workers, dask=dask, max_chars=max_chars, on_document=on_document, on_skip=on_skip,
                    on_warning=on_warning, on_stage=on_stage)
    if on_stage:
        on_stage("analysing the graph")
    graph = analyze_store(store)  # computed only when documents or curation changed
    shown = select(graph, selection)
    if len(shown.nodes) > HTML_MAX_NODES and selection.top is None:
        shown = select(graph, Selection(**{**selection.__dict__, "top": HTML_MAX_NODES}))
    if on_stage:
        on_stage("rendering the page")
    out.mkdir(parents=True, exist_ok=True)
    html = write_html(shown, out / "graph.html", title="newsgraph")
    return BuildResult(report, graph, html)
