"""newsgraph's command line: click wiring over the `graph` package."""

from __future__ import annotations

import functools
import logging
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from types import ModuleType
from typing import TYPE_CHECKING, Any

import click

import graph
from graph import settings
from graph.errors import NewsgraphError
from graph.model import plural, terminal_safe

if TYPE_CHECKING:
    from graph.pipeline.read import Skipped

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
SHOW_METRICS = ("degree", "weighted_degree", "pagerank", "mentions")


class LazyChoice(click.Choice):
    """A choice whose values are read when a command first needs them: the export formats
    live with the exporters, which `top` or `show` need not import."""

    def __init__(self, load: Callable[[], Iterable[str]]) -> None:
        self._load = load
        self.case_sensitive = True

    @functools.cached_property
    def choices(self) -> tuple[str, ...]:  # type: ignore[override]
        return tuple(self._load())


def setting_option(name: str, *decls: str, **kwargs: Any) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """A click option whose env var, default and help come from :data:`graph.settings.SETTINGS`."""
    s = settings.setting(name)
    kwargs.setdefault("default", s.default or None)
    kwargs.setdefault("show_default", bool(s.default))
    return click.option(*decls, envvar=s.env, help=f"{kwargs.pop('help', s.help)} [env {s.env}]", **kwargs)


def _split(values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(v.strip() for value in values for v in value.split(",") if v.strip())


def _echo(text: str, *, err: bool = False) -> None:
    """Print text that may come from articles: control characters shown as escapes."""
    click.echo(terminal_safe(text), err=err)


def errors(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Turn the library's errors into one-line click errors (exit 1)."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except NewsgraphError as exc:
            raise click.ClickException(terminal_safe(str(exc))) from exc
        except KeyboardInterrupt:
            raise click.ClickException("Interrupted; documents stored so far are kept.") from None
        except OSError as exc:
            raise click.ClickException(f"{exc.strerror or exc}: {exc.filename or ''}".rstrip(": ")) from exc

    return wrapper


def selection_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Options that pick a subgraph; shared by `export` and `build`."""
    options = [
        click.option("--around", metavar="NAME", help="Keep the neighbourhood of this entity (name or alias)."),
        click.option("--hops", type=click.IntRange(0), default=1, show_default=True,
                     help="Steps from --around to keep."),
        click.option("--types", multiple=True, metavar="T[,T]",
                     help="Entity types to keep: Person, Organization, Place, Group, Event."),
        click.option("--subtypes", multiple=True, metavar="S[,S]",
                     help="Organisation subtypes to keep: company, media, party, team."),
        click.option("--relations", multiple=True, metavar="R[,R]",
                     help="Relation types to keep, e.g. SPOKE_TO,MET (see `newsgraph schema`)."),
        click.option("--min-weight", type=click.IntRange(1), default=1, show_default=True,
                     help="Drop edges backed by fewer evidence sentences."),
        click.option("--top", "top_n", type=click.IntRange(1), metavar="N", help="Keep the N highest-ranked entities."),
        click.option("--by", type=click.Choice(list(graph.METRICS)), default="pagerank", show_default=True,
                     help="Metric for --top."),
        click.option("--between", nargs=2, metavar="A B",
                     help="Keep the shortest paths between two entities (names or aliases)."),
        click.option("--since", metavar="DATE", help="Keep evidence dated on or after DATE: YYYY, YYYY-MM or YYYY-MM-DD."),
        click.option("--until", metavar="DATE", help="Keep evidence dated on or before DATE."),
        click.option("--community", type=click.IntRange(0), metavar="ID",
                     help="Keep one Louvain community (numbered by size from 0; shown on the page and in exports)."),
        click.option("--no-comentions", is_flag=True, help="Drop co-mention edges: keep actions only."),
    ]
    for option in reversed(options):
        fn = option(fn)
    return fn


def _selection(around: str | None, hops: int, types: tuple[str, ...], relations: tuple[str, ...],
               min_weight: int, top_n: int | None, by: str, between: tuple[str, str] | None,
               since: str | None, until: str | None, community: int | None,
               no_comentions: bool, subtypes: tuple[str, ...] = ()) -> graph.Selection:
    return graph.Selection(around=around, hops=hops, types=_split(types), relations=_split(relations),
                           min_weight=min_weight, top=top_n, by=by,
                           between=(between[0], between[1]) if between else None,
                           since=since, until=until, community=community, no_comentions=no_comentions,
                           subtypes=_split(subtypes))


def input_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Options for reading and analysing articles; shared by `ingest` and `build`."""
    options = [
        click.argument("sources", nargs=-1, required=True),
        setting_option("model", "--model", default=None, show_default=False),
        click.option("--workers", type=click.IntRange(1), default=1, show_default=True,
                     help="Processes for spaCy (nlp.pipe n_process)."),
        click.option("--dask", metavar="local[:N]|tcp://HOST:PORT",
                     help="Parse and extract on Dask workers instead: a local cluster of N worker processes, "
                          "or a running scheduler whose workers have newsgraph installed. This process reads "
                          "and stores."),
        setting_option("batch_size", "--batch-size", type=click.IntRange(1)),
        setting_option("max_chars", "--max-chars", type=click.IntRange(0)),
        click.option("--text-field", default="text", show_default=True, help="JSON field holding the text."),
        click.option("--title-field", default="title", show_default=True, help="JSON field holding the title."),
        click.option("--date-field", default="date", show_default=True, help="JSON field holding the date."),
        click.option("--url-field", default="url", show_default=True, help="JSON field holding the URL."),
    ]
    for option in reversed(options):
        fn = option(fn)
    return fn


@contextmanager
def _progress(quiet: bool, sources: tuple[str, ...]) -> Iterator[dict[str, Callable[..., None]]]:
    """The callbacks of `graph.ingest` and `graph.build`: a bar, warnings and stage lines on stderr."""
    from tqdm import tqdm

    from graph.pipeline.read import count_documents

    # Files can be counted up front (lines of JSONL), so the bar has a total and an ETA.
    total = count_documents(sources)
    # disable=None hides the bar when stderr is not a terminal.
    bar = tqdm(total=total, unit="doc", desc="reading", file=sys.stderr, disable=True if quiet else None,
               leave=False)

    def on_document(report: graph.IngestReport) -> None:
        bar.update(report.stored + report.unchanged + len(report.skipped) - bar.n)

    def on_warning(message: str) -> None:
        if not quiet:
            bar.write(terminal_safe(f"warning: {message}"), file=sys.stderr)

    def on_stage(stage: str) -> None:
        bar.set_description_str(stage)
        if not quiet and bar.disable:  # no bar to show it: one status line
            click.echo(f"{stage} ...", err=True)

    def on_skip(skipped: Skipped) -> None:
        if not quiet:
            bar.write(terminal_safe(f"warning: skipped {skipped.source}: {skipped.reason}"), file=sys.stderr)

    with _terminate_as_interrupt():
        try:
            yield {"on_document": on_document, "on_skip": on_skip, "on_warning": on_warning,
                   "on_stage": on_stage}
        finally:
            bar.close()


@contextmanager
def _terminate_as_interrupt() -> Iterator[None]:
    """SIGTERM stops a run the way Ctrl-C does: workers ended, stored documents kept, one line."""
    import signal

    def interrupt(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _curate() -> ModuleType:
    """The curation commands' module, imported by the commands that curate."""
    import graph.store.curate

    return graph.store.curate


def _store(ctx: click.Context, create: bool = False) -> graph.Store:
    return graph.Store(ctx.obj["db"], create=create)


# -- Neo4j and Cypher: connection options shared by push, query, export and build ------------

def neo4j_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Where Neo4j is. The password is never an option: NEO4J_PASSWORD, or a prompt."""
    options = [
        setting_option("neo4j_uri", "--neo4j-uri", metavar="URI"),
        setting_option("neo4j_user", "--neo4j-user"),
        setting_option("neo4j_database", "--neo4j-database", metavar="NAME"),
    ]
    for option in reversed(options):
        fn = option(fn)
    return fn


def cypher_export_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """`export --cypher`: export what a Cypher query returns."""
    options = [
        click.option("--cypher", "cypher_query", metavar="QUERY",
                     help="Export the nodes, relationships and paths this Cypher query returns, instead of the "
                          "store's graph. Runs on Neo4j when --neo4j-uri / NEO4J_URI is set, else embedded."),
        click.option("-p", "--param", "params", multiple=True, metavar="NAME=VALUE",
                     help="A parameter of the --cypher query (repeatable)."),
    ]
    fn = neo4j_options(fn)
    for option in reversed(options):
        fn = option(fn)
    return fn


def build_neo4j_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """`build --neo4j`: push the built graph."""
    fn = neo4j_options(fn)
    return click.option("--neo4j", "push_neo4j", is_flag=True,
                        help="Also push the graph into Neo4j (see `newsgraph push`).")(fn)


def _ask_password() -> Callable[[], str] | None:
    """A no-echo prompt when a person is at the terminal; never stored."""
    if not sys.stdin.isatty():
        return None
    return lambda: click.prompt("Neo4j password", hide_input=True, err=True)


def _neo4j_settings(uri: str | None, user: str | None, database: str | None, batch_size: int | None = None,
                    timeout: float | None = None) -> Any:
    from graph.cypher.neo4j import Neo4jSettings

    return Neo4jSettings.resolve(uri, user, database, batch_size=batch_size, timeout=timeout)


def _engine(db: str, quiet: bool, uri: str | None, user: str | None, database: str | None, *,
            timeout: float = 60.0) -> Any:
    """Neo4j when ``uri`` is set, else the embedded engine over the store."""
    from graph.cypher.sync import open_engine

    def on_build() -> None:
        if not quiet:
            click.echo("building the embedded Cypher graph from the store (once per change) ...", err=True)

    return open_engine(db, uri, user=user, database=database, timeout=timeout, ask_password=_ask_password(),
                       on_build=on_build)


def _cypher_graph(db: str, quiet: bool, cypher_query: str, params: tuple[str, ...], uri: str | None,
                  user: str | None, database: str | None) -> graph.Graph:
    """The graph of `export --cypher`."""
    from graph.cypher.queries import prepare

    prepared = prepare(cypher_query, params)
    with _engine(db, quiet, uri, user, database) as engine:
        return engine.subgraph(prepared.text(engine.engine), prepared.params)


@click.group(context_settings=CONTEXT)
@setting_option("db", "--db")
@click.option("-q", "--quiet", is_flag=True, help="No progress bars or warnings on stderr.")
@click.version_option(graph.__version__, prog_name="newsgraph")
@click.pass_context
def cli(ctx: click.Context, db: str, quiet: bool) -> None:
    """Turn news articles into an entity-relationship graph you can explore.

    \b
    Example:
      newsgraph build seeds/ && open newsgraph-out/graph.html
    """
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    ctx.obj = {"db": db, "quiet": quiet}


@cli.command(context_settings=CONTEXT)
@input_options
@setting_option("out", "--out", type=click.Path(file_okay=False))
@selection_options
@build_neo4j_options
@click.pass_context
@errors
def build(ctx: click.Context, sources: tuple[str, ...], model: str | None, workers: int, dask: str | None,
          batch_size: int, max_chars: int, text_field: str, title_field: str, date_field: str, url_field: str, out: str,
          around: str | None, hops: int, types: tuple[str, ...], relations: tuple[str, ...],
          min_weight: int, top_n: int | None, by: str, between: tuple[str, str] | None, since: str | None,
          until: str | None, community: int | None, no_comentions: bool, subtypes: tuple[str, ...], push_neo4j: bool,
          neo4j_uri: str | None, neo4j_user: str | None, neo4j_database: str | None) -> None:
    """Ingest SOURCES, analyse the graph and write OUT/graph.html.

    SOURCES are files (.txt, .md, .html, .json, .jsonl), folders (read recursively),
    glob patterns, or - for stdin. Selection options limit what the page shows.

    \b
    Example:
      newsgraph build seeds/
      newsgraph build 'articles/**/*.html' --out site/ --types Person,Organization
      newsgraph build seeds/ --neo4j --neo4j-uri bolt://127.0.0.1:7687
    """
    fields = graph.Fields(text_field, title_field, date_field, url_field)
    with _store(ctx, create=True) as store, _progress(ctx.obj["quiet"], sources) as hooks:
        result = graph.build(sources, store, out, fields=fields, model=model, batch_size=batch_size,
                             workers=workers, dask=dask, max_chars=max_chars, **hooks,
                             selection=_selection(around, hops, types, relations, min_weight, top_n, by,
                                                  between, since, until, community, no_comentions, subtypes))
    from graph.report import format_summary

    click.echo(format_summary(result))
    if push_neo4j:
        from graph.cypher.sync import push_graph

        settings_ = _neo4j_settings(neo4j_uri, neo4j_user, neo4j_database)
        with _store(ctx) as store:
            report = push_graph(result.graph, store, settings_, ask_password=_ask_password())
        click.echo(report.format())


@cli.command(context_settings=CONTEXT)
@input_options
@click.pass_context
@errors
def ingest(ctx: click.Context, sources: tuple[str, ...], model: str | None, workers: int, dask: str | None,
           batch_size: int, max_chars: int, text_field: str, title_field: str, date_field: str, url_field: str) -> None:
    """Read SOURCES and add their entities and relations to the store.

    Documents already stored are skipped, so re-running is safe and an interrupted
    run resumes where it stopped.

    \b
    Example:
      newsgraph --db news.db ingest bbc_news.jsonl --workers 2
      newsgraph --db news.db ingest bbc_news.jsonl --dask tcp://scheduler:8786
      cat article.txt | newsgraph ingest -
    """
    fields = graph.Fields(text_field, title_field, date_field, url_field)
    with _store(ctx, create=True) as store, _progress(ctx.obj["quiet"], sources) as hooks:
        report = graph.ingest(sources, store, fields=fields, model=model, batch_size=batch_size,
                              workers=workers, dask=dask, max_chars=max_chars, **hooks)
        stats = store.stats()
    click.echo(f"documents: {report.read} read, {report.stored} new, {report.unchanged} already stored, "
               f"{len(report.skipped)} skipped; {report.words} words in {report.seconds:.1f}s")
    click.echo(f"store {terminal_safe(ctx.obj['db'])}: {plural(stats.documents, 'document')}, "
               f"{plural(stats.entities, 'entity')}, {plural(sum(stats.relations.values()), 'relation')}")


@cli.command(context_settings=CONTEXT)
@click.option("--by", type=click.Choice(list(graph.METRICS)), default="pagerank", show_default=True,
              help="Ranking metric.")
@click.option("-n", "count", type=click.IntRange(1), default=10, show_default=True, help="Rows to print.")
@click.option("--types", multiple=True, metavar="T[,T]", help="Only these entity types.")
@click.pass_context
@errors
def top(ctx: click.Context, by: str, count: int, types: tuple[str, ...]) -> None:
    """Print the most central entities.

    \b
    Metrics: degree, weighted_degree, pagerank, betweenness, eigenvector, mentions.
    Example:
      newsgraph top --by pagerank -n 10
      newsgraph top --by betweenness --types Person
    """
    from graph.report import format_top

    g = graph.load_nodes(ctx.obj["db"], metrics=[by])  # the saved analysis: no graph rebuilt
    if types:
        g = graph.select(g, graph.Selection(types=_split(types)))
    _echo(format_top(g, by, count))


@cli.command(context_settings=CONTEXT)
@click.argument("name")
@click.option("--evidence", type=click.IntRange(0), default=3, show_default=True,
              help="Evidence sentences per relation.")
@click.pass_context
@errors
def show(ctx: click.Context, name: str, evidence: int) -> None:
    """Show an entity: aliases, type, counts and relations with evidence.

    NAME matches names and aliases case-insensitively.

    \b
    Example:
      newsgraph show "Vladimir Putin"
      newsgraph show putin
    """
    from graph.report import entity_sheet, format_sheet

    # the saved analysis: the nodes and this entity's edges, through the store's indexes
    g = graph.load_entity(ctx.obj["db"], name, metrics=SHOW_METRICS)
    _echo(format_sheet(entity_sheet(g, name), evidence=evidence))


@cli.command(context_settings=CONTEXT)
@click.option("--format", "fmt", type=LazyChoice(lambda: graph.FORMATS), required=True, help="Output format.")
@click.option("-o", "--output", required=True, type=click.Path(allow_dash=True),
              help="Output file, or - for stdout (for csv: a folder receiving nodes.csv and edges.csv).")
@selection_options
@cypher_export_options
@click.pass_context
@errors
def export(ctx: click.Context, fmt: str, output: str, around: str | None, hops: int,
           types: tuple[str, ...], relations: tuple[str, ...], min_weight: int, top_n: int | None,
           by: str, between: tuple[str, str] | None, since: str | None, until: str | None,
           community: int | None, no_comentions: bool, subtypes: tuple[str, ...], cypher_query: str | None,
           params: tuple[str, ...],
           neo4j_uri: str | None, neo4j_user: str | None, neo4j_database: str | None) -> None:
    """Export the graph, or a part of it, to a file.

    \b
    Example:
      newsgraph export --format graphml --around "Vladimir Putin" --hops 1 -o putin.graphml
      newsgraph export --format json --relations SPOKE_TO,MET -o actions.json
      newsgraph export --format csv --top 100 --by betweenness -o csv/
      newsgraph export --format html --between "Keir Starmer" "Vladimir Putin" -o path.html
      newsgraph export --format gexf --no-comentions --since 2022-02 -o actions.gexf
      newsgraph export --format json -o - | jq .nodes
      newsgraph export --format cypher --around putin -o putin.cypher
      newsgraph export --cypher "MATCH p = (:Person)-[:SPOKE_TO]-(:Person) RETURN p" --format html -o calls.html
    """
    db, quiet = ctx.obj["db"], ctx.obj["quiet"]
    source = (_cypher_graph(db, quiet, cypher_query, params, neo4j_uri, neo4j_user, neo4j_database)
              if cypher_query else graph.load_graph(db))
    g = graph.select(source, _selection(around, hops, types, relations, min_weight, top_n, by,
                                        between, since, until, community, no_comentions, subtypes))
    if output == "-":
        from graph.export.files import export_stream

        sys.stdout.flush()
        export_stream(g, fmt, sys.stdout.buffer)
        sys.stdout.buffer.flush()
        where = "stdout"
    else:
        where = ", ".join(str(p) for p in graph.export(g, fmt, output))
    if g.meta.get("empty_reason") and not quiet:
        _echo(f"note: {g.meta['empty_reason']}", err=True)
    # stderr, so that stdout carries only the document (`-o - | jq .`)
    _echo(f"wrote {where}: {plural(len(g.nodes), 'entity')}, {plural(len(g.edges), 'relation')}", err=True)


@cli.command(context_settings=CONTEXT)
def schema() -> None:
    """Print the relation taxonomy: types, CAMEO root codes, quad classes, direction.

    \b
    Example:
      newsgraph schema
    """
    from graph.report import format_schema

    click.echo(format_schema())


@cli.command(context_settings=CONTEXT)
@click.argument("name")
@click.argument("into")
@click.pass_context
@errors
def merge(ctx: click.Context, name: str, into: str) -> None:
    """Merge entity NAME into INTO. Stored as a rule: survives re-ingest, undo with unmerge.

    \b
    Example:
      newsgraph merge "Europeans" "European"
    """
    with _store(ctx) as store:
        rule = _curate().merge_entities(store, name, into)
    _echo(f"rule {rule.id}: {rule.note}")


@cli.command(context_settings=CONTEXT)
@click.argument("name")
@click.pass_context
@errors
def unmerge(ctx: click.Context, name: str) -> None:
    """Separate NAME (as stored, e.g. "Putin") from the entity it was merged into.

    Undoes your merges of it, or keeps an automatic surname merge apart.

    \b
    Example:
      newsgraph unmerge "Europeans"
    """
    with _store(ctx) as store:
        for rule in _curate().unmerge_entity(store, name):
            _echo(f"rule {rule.id}: {'undone: ' if rule.kind == 'merge' else ''}{rule.note}")


@cli.command(context_settings=CONTEXT)
@click.argument("name")
@click.argument("new_name")
@click.pass_context
@errors
def rename(ctx: click.Context, name: str, new_name: str) -> None:
    """Show entity NAME as NEW_NAME.

    \b
    Example:
      newsgraph rename "J.D. Vance" "JD Vance"
    """
    with _store(ctx) as store:
        rule = _curate().rename_entity(store, name, new_name)
    _echo(f"rule {rule.id}: {rule.note}")


@cli.command(context_settings=CONTEXT)
@click.argument("path", type=click.Path(dir_okay=False))
@click.pass_context
@errors
def aliases(ctx: click.Context, path: str) -> None:
    """Load an aliases file: CSV rows "alias,canonical" or a YAML mapping alias: canonical.

    Each alias becomes a merge rule; loading the same file twice adds nothing.

    \b
    Example:
      newsgraph aliases aliases.csv
    """
    with _store(ctx) as store:
        added = _curate().load_aliases(store, path)
    click.echo(f"{plural(len(added), 'alias rule')} added")


@cli.command(context_settings=CONTEXT)
@click.option("--resolve", is_flag=True, help="First store the sure merges and types as automatic rules.")
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True, help="Pairs to list.")
@click.pass_context
@errors
def duplicates(ctx: click.Context, resolve: bool, limit: int) -> None:
    """List likely duplicate entities with their evidence, for `newsgraph merge`.

    Automatic rules are listed by `newsgraph rules` (their note starts with "auto:") and
    undone with `newsgraph unmerge` or `newsgraph rules --undo ID`.

    \b
    Example:
      newsgraph duplicates --resolve
      newsgraph merge "Ronald Regan" "Ronald Reagan"
    """
    from graph.report import table
    from graph.store.resolution import duplicates as find_duplicates
    from graph.store.resolution import resolve_store

    with _store(ctx) as store:
        if resolve:
            _echo(f"{plural(len(resolve_store(store)), 'automatic rule')} added", err=True)
        rows = [list(row) for row in find_duplicates(store, limit=limit)]
    _echo(table(["name", "duplicate of", "evidence"], rows) if rows else "no likely duplicates")


@cli.command(context_settings=CONTEXT)
@click.option("--undo", type=int, metavar="ID", help="Deactivate rule ID.")
@click.option("--redo", type=int, metavar="ID", help="Reactivate rule ID.")
@click.pass_context
@errors
def rules(ctx: click.Context, undo: int | None, redo: int | None) -> None:
    """List curation rules (merges, splits, renames); undo or redo one.

    \b
    Example:
      newsgraph rules
      newsgraph rules --undo 3
    """
    from graph.report import table

    with _store(ctx) as store:
        for rule_id, active in ((undo, False), (redo, True)):
            if rule_id is not None:
                store.set_rule_active(rule_id, active)
        rows = [[str(r.id), r.kind, "yes" if r.active else "no", r.note] for r in store.rules()]
    click.echo(table(["id", "kind", "active", "rule"], rows) if rows else "no rules")


@cli.group("eval", context_settings=CONTEXT)
def eval_group() -> None:
    """Score the pipeline: entities against CoNLL-2003, relations against a gold set.

    \b
    Example:
      newsgraph eval ner --conll conll2003/test.iob2.txt
      newsgraph eval relations --gold tests/data/gold/relations.yaml
    """


def model_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    """The --model option of the eval commands."""
    return setting_option("model", "--model", default=None, show_default=False)(fn)


@eval_group.command("ner", context_settings=CONTEXT)
@click.option("--conll", "conll", required=True, type=click.Path(dir_okay=False),
              help="CoNLL-2003 file with IOB2 tags (TOKEN POS CHUNK NER).")
@click.option("--predictions", type=click.Path(dir_okay=False),
              help="Write TOKEN GOLD PRED lines here (conlleval input).")
@model_option
@click.pass_context
@errors
def eval_ner(ctx: click.Context, conll: str, predictions: str | None, model: str | None) -> None:
    """Score the entity stage on CoNLL-2003: exact spans, P/R/F1 per type.

    Person counts as PER, Organization as ORG, Place as LOC and other types as MISC.

    \b
    Example:
      newsgraph eval ner --conll conll2003/dev.iob2.txt --predictions dev.pred.txt
    """
    from tqdm import tqdm

    from graph.evaluation.conll import eval_ner as run

    with tqdm(unit="doc", desc="eval ner", file=sys.stderr, leave=False,
              disable=True if ctx.obj["quiet"] else None) as bar:
        scores = run(conll, graph.load_model(model), predictions, on_document=lambda n: bar.update(n - bar.n))
    click.echo(scores.format())


@eval_group.command("relations", context_settings=CONTEXT)
@click.option("--gold", required=True, type=click.Path(dir_okay=False),
              help="Gold interactions (YAML), e.g. tests/data/gold/relations.yaml in a checkout.")
@click.option("--details", is_flag=True, help="List missed and spurious pairs and asserted non-events.")
@model_option
@errors
def eval_relations(gold: str, details: bool, model: str | None) -> None:
    """Score typed relations against hand-annotated gold interactions.

    Pairs are scored per document ignoring the type, then per relation type.
    Document paths in the gold file are relative to the current folder or to
    a folder above the gold file.

    \b
    Example:
      newsgraph eval relations --gold tests/data/gold/relations.yaml --details
    """
    from graph.evaluation.conll import load_gold, score_relations

    click.echo(score_relations(load_gold(gold), graph.load_model(model)).format(details=details))


@eval_group.command("corpus", context_settings=CONTEXT)
@click.option("--entities", required=True, type=click.Path(dir_okay=False),
              help="Hand-checked entity list, e.g. tests/data/gold/corpus_entities.yaml.")
@click.option("--texts", type=click.Path(dir_okay=False),
              help="JSON lines holding each listed document's id, title and text (e.g. bbc_news.jsonl).")
@click.option("--keep", type=click.Path(dir_okay=False), help="Keep the store built for the check here.")
@click.option("--store", "store_path", type=click.Path(dir_okay=False),
              help="Score this existing store as it is instead of ingesting (e.g. a store of the whole corpus).")
@click.option("--details", is_flag=True, help="List split, mistyped and missing entities, merged pairs, junk.")
@model_option
@errors
def eval_corpus(entities: str, texts: str | None, keep: str | None, store_path: str | None, details: bool,
                model: str | None) -> None:
    """Check that each listed real-world entity is one node with the right type.

    Ingests the list's documents into a fresh store and reads its graph as every command
    does (curation and corpus resolution applied); with --store, scores that store instead.

    \b
    Example:
      newsgraph eval corpus --entities tests/data/gold/corpus_entities.yaml --texts bbc_news.jsonl
      newsgraph eval corpus --entities tests/data/gold/corpus_entities.yaml --store full.db --details
    """
    import tempfile
    from pathlib import Path

    from graph.evaluation.corpus import check_corpus, check_store, load_corpus_gold

    if (texts is None) == (store_path is None) or (store_path and keep):
        raise click.UsageError("Give --texts (optionally with --keep) or --store.")
    gold = load_corpus_gold(entities)
    if store_path:
        click.echo(check_store(gold, store_path).format(details=details))
        return
    assert texts is not None
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(keep) if keep else Path(tmp) / "corpus.db"
        if keep and db.exists():
            raise click.UsageError(f"--keep {keep!r} exists; give a new path.")
        scores = check_corpus(gold, texts, db, model=model)
    click.echo(scores.format(details=details))


@eval_group.command("interactions", context_settings=CONTEXT)
@click.option("--gold", required=True, type=click.Path(dir_okay=False),
              help="Offsets-only gold file, e.g. tests/data/gold/bbc.yaml.")
@click.option("--texts", required=True, type=click.Path(dir_okay=False),
              help="JSON lines holding each gold document's id and text (e.g. bbc_news.jsonl).")
@click.option("--split", type=click.Choice(["dev", "test", "all"]), default="all", show_default=True,
              help="Score the dev documents, the test ones, or both (each reported).")
@click.option("--details", is_flag=True, help="List missed and spurious pairs.")
@model_option
@errors
def eval_interactions(gold: str, texts: str, split: str, details: bool, model: str | None) -> None:
    """Score actions the way the interaction guideline does, on licensed texts read by id.

    \b
    Example:
      newsgraph eval interactions --gold tests/data/gold/bbc.yaml --texts bbc_news.jsonl --split dev
    """
    from graph.evaluation.interactions import SPLITS, load_interactions, score_interactions

    nlp = graph.load_model(model)
    for name in (SPLITS if split == "all" else (split,)):
        docs = load_interactions(gold, texts, split=name)
        click.echo(score_interactions(docs, nlp).format(details=details, title=f"{name} split"))
        click.echo()


@eval_group.command("coref", context_settings=CONTEXT)
@click.option("--gum", required=True, type=click.Path(dir_okay=False),
              help="GUM coreference export (JSON lines), e.g. gum_news/gum_news_mentions.jsonl.")
@click.option("--reserved", type=click.Path(dir_okay=False),
              help="Documents never to read [default: RESERVED beside the --gum file].")
@click.option("--details", is_flag=True, help="List the wrong links.")
@model_option
@errors
def eval_coref(gum: str, reserved: str | None, details: bool, model: str | None) -> None:
    """Score pronoun links against GUM's gold coreference (non-reserved documents only).

    A link is right when the entity it joins is named in the anaphor's gold cluster; coverage
    is the share of gold anaphoric pronouns linked.

    \b
    Example:
      newsgraph eval coref --gum gum_news/gum_news_mentions.jsonl --details
    """
    from graph.evaluation.coref import load_gum, score_coref

    docs = load_gum(gum, reserved)
    click.echo(score_coref(docs, graph.load_model(model)).format(details=details))


@cli.command(context_settings=CONTEXT)
@neo4j_options
@setting_option("neo4j_batch_size", "--neo4j-batch-size", type=click.IntRange(1))
@click.option("--full", is_flag=True, help="Rewrite every node and relationship, not only new or changed ones.")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=300, show_default=True,
              help="Seconds one write batch may take.")
@click.pass_context
@errors
def push(ctx: click.Context, neo4j_uri: str | None, neo4j_user: str | None, neo4j_database: str | None,
         neo4j_batch_size: int, full: bool, timeout: float) -> None:
    """Sync the store into Neo4j, so that the database mirrors it.

    Entities, documents, mentions, actions (one relationship per evidence sentence)
    and co-mentions are written in batches; only what is new or changed is sent, and
    what the store no longer has (merged or renamed entities) is removed. Pushing
    twice changes nothing. The URI defaults to bolt://127.0.0.1:7687 (`make
    neo4j-start`); the password comes from NEO4J_PASSWORD or a prompt.

    \b
    Example:
      newsgraph push
      NEO4J_PASSWORD=... newsgraph push --neo4j-uri neo4j+s://xxxx.databases.neo4j.io
    """
    from tqdm import tqdm

    from graph.cypher.sync import push_store

    settings_ = _neo4j_settings(neo4j_uri, neo4j_user, neo4j_database, neo4j_batch_size, timeout)
    with tqdm(unit="row", desc="push", file=sys.stderr, leave=False,
              disable=True if ctx.obj["quiet"] else None) as bar:
        report = push_store(ctx.obj["db"], settings_, full=full, ask_password=_ask_password(), progress=bar.update)
    click.echo(report.format())


@cli.command(context_settings=CONTEXT)
@click.argument("cypher_query", metavar="[CYPHER | @NAME]", required=False)
@click.option("-p", "--param", "params", multiple=True, metavar="NAME=VALUE",
              help="A query parameter, $NAME in the query (repeatable). Values are read as JSON when they "
                   "parse (5, true, [\"a\"]), else as text; named queries convert them to their declared types.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True,
              help="Output format.")
@click.option("--write", is_flag=True, help="Allow a query that writes (Neo4j only; read-only otherwise).")
@click.option("--list", "list_queries", is_flag=True, help="List the named queries and their parameters.")
@click.option("--embedded", is_flag=True, help="Use the embedded engine even when NEO4J_URI is set.")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=60, show_default=True,
              help="Seconds the query may run.")
@neo4j_options
@click.pass_context
@errors
def query(ctx: click.Context, cypher_query: str | None, params: tuple[str, ...], fmt: str, write: bool,
          list_queries: bool, embedded: bool, timeout: float, neo4j_uri: str | None, neo4j_user: str | None,
          neo4j_database: str | None) -> None:
    """Run a Cypher query, or a named one (@NAME), and print the rows.

    With --neo4j-uri or NEO4J_URI it runs on that Neo4j server (push first);
    otherwise on the embedded engine (LadybugDB) over the store, which is built on
    first use and after every change. Queries are read-only unless --write.

    \b
    Example:
      newsgraph query "MATCH (a:Person)-[r:SPOKE_TO]-(b:Person) RETURN a.name, b.name, r.date"
      newsgraph query @neighbourhood --param name="Vladimir Putin" --format json
      newsgraph query --list
    """
    from graph.cypher.queries import describe, empty_note, run
    from graph.cypher.results import format_result

    if list_queries:
        click.echo(describe())
        return
    if not cypher_query:
        raise click.UsageError("Give a Cypher query or @NAME (see --list).")
    with _engine(ctx.obj["db"], ctx.obj["quiet"], None if embedded else neo4j_uri, neo4j_user, neo4j_database,
                 timeout=timeout) as engine:
        result = run(engine, cypher_query, params, write=write)
    # json and csv are data for pipes, kept exact (json escapes C0 controls itself)
    text = format_result(result, fmt)
    if fmt == "table":
        _echo(text)
    else:
        click.echo(text)
    note = empty_note(cypher_query, result)
    if note and not ctx.obj["quiet"]:
        _echo(f"note: {note}", err=True)
    if result.counters and not ctx.obj["quiet"]:
        click.echo(", ".join(f"{k.replace('_', ' ')}: {v}" for k, v in result.counters.items()), err=True)

if __name__ == "__main__":
    cli()
