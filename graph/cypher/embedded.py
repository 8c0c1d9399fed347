"""The embedded Cypher engine: the store's graph in LadybugDB (the maintained fork of Kùzu),
queried without a server.

The engine holds the same schema as Neo4j (see :mod:`graph.cypher.propgraph`), built from
property-graph rows on first use and kept in a folder (``newsgraph.db-cypher/`` next to the
store, one file per state of its source). It never reads the store: :mod:`graph.cypher.sync`
hands it a key for the store's state and a function that produces the rows, so it is rebuilt
when documents are added, curation rules change or newsgraph's vocabulary changes. It is
read-only: the store stays the one source of truth.

LadybugDB is a typed property graph: one table per node label. So each entity has one
label (``Person``, ``Place`` ...), and ``:Entity`` in a node pattern is rewritten to
``:Person|Organization|Place|Group|Event``; ``type(r)`` is rewritten to ``label(r)``.
String literals, quoted names and comments are never rewritten.
"""

from __future__ import annotations

import csv
import hashlib
import os
import shutil
import signal
import threading
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from typing import Any

import ladybug

from graph.cypher import statements as cypher
from graph.cypher.propgraph import PropertyGraph, graph_from_elements
from graph.cypher.queries import read_only
from graph.cypher.queries import tokens as _tokens
from graph.cypher.results import NodeValue, PathValue, QueryResult, RelValue
from graph.errors import QueryError
from graph.model import Graph

__all__ = ["EmbeddedGraph", "to_embedded", "layout_key", "build_embedded", "remove_stale_partials", "LAYOUT"]

#: Bump when the embedded layout changes, so stale copies are rebuilt.
LAYOUT = 1
BATCH = 5000
_ENTITY_ALTERNATIVES = "|".join(cypher.ENTITY_LABELS)


# -- rewriting Neo4j-style Cypher for the embedded engine --------------------------------------

def _name(token: tuple[str, str]) -> str | None:
    kind, value = token
    if kind == "word":
        return value
    if kind == "quoted" and len(value) > 1 and value.endswith("`"):
        return value[1:-1].replace("``", "`")
    return None


def _quote(name: str) -> str:
    return "`" + name.replace("`", "``") + "`"


def _skip_space(tokens: list[tuple[str, str]], k: int) -> int:
    while k < len(tokens) and tokens[k][0] == "space":
        k += 1
    return k


def _label_expression(tokens: list[tuple[str, str]], i: int) -> tuple[list[str], set[str], int]:
    """The label names and operators of the node label expression starting at ``tokens[i]``
    (a colon), and the index just past it."""
    names: list[str] = []
    ops: set[str] = set()
    j = end = i
    while j < len(tokens) and tokens[j][0] == "other" and tokens[j][1] in (":", "|", "&"):
        if not names and tokens[j][1] != ":":
            break
        k = _skip_space(tokens, j + 1)
        name = _name(tokens[k]) if k < len(tokens) else None
        if name is None:
            break
        if names:
            ops.add(tokens[j][1])
        names.append(name)
        end = k + 1
        j = _skip_space(tokens, end)
    return names, ops, end


def to_embedded(text: str) -> str:
    """Rewrite the two Neo4j-isms the portable subset allows, and quote node labels (some,
    such as ``Group``, are keywords for the embedded engine).

    >>> print(to_embedded("MATCH (e:Entity)-[r]->(:Group {name: ':Entity'}) RETURN type(r), e.type"))
    MATCH (e:`Person`|`Organization`|`Place`|`Group`|`Event`)-[r]->(:`Group` {name: ':Entity'}) RETURN label(r), e.type
    >>> to_embedded("MATCH (e:Entity:Person) RETURN e")
    'MATCH (e:`Person`) RETURN e'
    """
    tokens = _tokens(text)
    out: list[str] = []
    stack: list[str] = []
    i = 0
    while i < len(tokens):
        kind, value = tokens[i]
        if kind == "other" and value in "([{":
            stack.append(value)
        elif kind == "other" and value in ")]}" and stack:
            stack.pop()
        if kind == "other" and value == ":" and stack and stack[-1] == "(":
            names, ops, end = _label_expression(tokens, i)
            if names:
                # Quoted, since some labels are keywords there (Group).
                if cypher.ENTITY in names and (len(names) == 1 or ops == {"|"}):
                    names = list(dict.fromkeys([n for n in names if n != cypher.ENTITY] + list(cypher.ENTITY_LABELS)))
                    out.append(":" + "|".join(map(_quote, names)))
                elif cypher.ENTITY in names:  # a conjunction: an entity type label implies Entity
                    out.append(":" + ":".join(_quote(n) for n in names if n != cypher.ENTITY))
                else:
                    out.append("".join(_quote(v) if k == "word" else v for k, v in tokens[i:end]))
                i = end
                continue
        if kind == "word" and value.lower() == "type":
            prev = next((t for t in reversed(out) if t.strip()), "")
            k = _skip_space(tokens, i + 1)
            if prev != "." and k < len(tokens) and tokens[k] == ("other", "("):
                out.append("label")
                i += 1
                continue
        out.append(value)
        i += 1
    return "".join(out)


# -- building the embedded copy of the store -------------------------------------------------

def layout_key() -> str:
    """What the embedded copy's layout depends on besides its source: bumped with
    :data:`LAYOUT`, the engine's version and the node tables."""
    return repr((LAYOUT, ladybug.__version__, tuple(cypher.EMBEDDED_NODE_TABLES.values())))


def _batches(rows: list[Any]) -> Iterator[list[Any]]:
    for i in range(0, len(rows), BATCH):
        yield rows[i:i + BATCH]


def _csv_value(value: Any) -> Any:
    return "[" + ",".join(value) + "]" if isinstance(value, list) else value


def build_embedded(pg: PropertyGraph, path: Path) -> None:
    """Write ``pg`` into a new embedded database at ``path``.

    Nodes and action relationships (free text) go in ``UNWIND $rows`` batches; mentions
    and co-mentions (ids, numbers and id lists only) are bulk-copied from CSV, which is
    several times faster.
    """
    db = ladybug.Database(str(path))
    conn = ladybug.Connection(db)
    try:
        for statement in cypher.EMBEDDED_NODE_TABLES.values():
            conn.execute(statement)
        labels = pg.entity_labels()
        groups: dict[str, dict[tuple[str, str], list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
        for row in pg.mentions:
            groups[cypher.MENTIONED_IN][labels[row["entity"]], cypher.DOCUMENT].append(
                {"_source": row["entity"], "_target": row["doc"], "count": row["count"]})
        for type_, rows in pg.relationships.items():
            for row in rows:
                groups[type_][labels[row["source"]], labels[row["target"]]].append(
                    {"_source": row["source"], "_target": row["target"], **row["props"]})
        # Every type gets a table, so queries naming an absent type return no rows.
        for type_ in (*cypher.RELATIONSHIP_TYPES, cypher.MENTIONED_IN):
            pairs = sorted(groups[type_]) or [(cypher.ENTITY_LABELS[0], cypher.ENTITY_LABELS[0])]
            conn.execute(cypher.embedded_relationship_table(type_, pairs))
        for label, rows in [*pg.entities.items(), (cypher.DOCUMENT, pg.documents)]:
            for batch in _batches(rows):
                conn.execute(cypher.EMBEDDED_NODE_CREATE[label], {"rows": batch})
        with tempfile.TemporaryDirectory(prefix="newsgraph-") as tmp:
            for type_, pairs in groups.items():
                columns = ["_source", "_target", *cypher.relationship_properties(type_)]
                for (source, target), rows in pairs.items():
                    if type_ in (cypher.MENTIONED_IN, cypher.CO_MENTIONED):
                        csv_path = Path(tmp) / f"{type_}-{source}-{target}.csv"
                        with csv_path.open("w", newline="", encoding="utf-8") as fh:
                            csv.writer(fh).writerows([_csv_value(row[c]) for c in columns] for row in rows)
                        conn.execute(cypher.embedded_copy(type_, source, target, str(csv_path)))
                        continue
                    statement = cypher.embedded_relationship_create(type_, source, target)
                    for batch in _batches(rows):
                        conn.execute(statement, {"rows": batch})
    finally:
        conn.close()
        db.close()


# -- reading results ------------------------------------------------------------------------------

def _key(internal: Mapping[str, Any]) -> str:
    return f"{internal['table']}:{internal['offset']}"


def _props(value: Mapping[str, Any]) -> dict[str, Any]:
    # Path elements carry every table's columns; a missing property reads as null, as in Neo4j.
    return {k: v for k, v in value.items() if not k.startswith("_") and v is not None}


def _hydrate(value: Any) -> Any:
    if isinstance(value, dict):
        if "_NODES" in value and "_RELS" in value:
            return PathValue(tuple(_hydrate(n) for n in value["_NODES"]),
                             tuple(_hydrate(r) for r in value["_RELS"]))
        if "_SRC" in value and "_DST" in value and "_LABEL" in value:
            return RelValue(_key(value["_ID"]), value["_LABEL"], _key(value["_SRC"]), _key(value["_DST"]),
                            _props(value))
        if "_ID" in value and "_LABEL" in value:
            label = value["_LABEL"]
            labels = (cypher.ENTITY, label) if label in cypher.ENTITY_LABELS else (label,)
            return NodeValue(_key(value["_ID"]), labels, _props(value))
        return {k: _hydrate(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_hydrate(v) for v in value]
    if isinstance(value, Decimal):  # sums come back as 128-bit integers
        return int(value) if value == value.to_integral_value() else float(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _error(exc: Exception, timeout: float) -> QueryError:
    text = " ".join(str(exc).strip().splitlines()[0].split()) if str(exc).strip() else type(exc).__name__
    lower = text.lower()
    if "parser exception" in lower:
        return QueryError(f"Cypher syntax error: {text.split(':', 1)[-1].strip()} Hint: check the query; "
                          f"`newsgraph query --list` shows working ones.")
    if "read-only" in lower or "read only" in lower:
        return QueryError("The embedded engine is a read-only view of the store. Hint: change the graph with "
                          "`newsgraph merge`/`rename`, or push to Neo4j and use --write there.")
    if "interrupted" in lower or "timeout" in lower:
        return QueryError(f"The query ran longer than {timeout:g}s and was stopped. "
                          f"Hint: add a LIMIT or raise --timeout.")
    if "does not exist" in lower or "catalog exception" in lower or "binder exception" in lower:
        return QueryError(f"The embedded engine cannot run this query: {text} Hint: it runs the portable "
                          f"Cypher subset (see the README), or set --neo4j-uri to use Neo4j.")
    return QueryError(f"The embedded engine failed: {text}")


def _remove(paths: Iterator[Path]) -> None:
    for path in paths:
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    except (OSError, OverflowError):
        return False
    return True


def remove_stale_partials(folder: Path) -> list[Path]:
    """Remove the ``KEY.PID.partial*`` files of builds whose process no longer runs (killed
    mid-build); a build still running elsewhere keeps its files. Returns what was removed."""
    stale = []
    if folder.is_dir():
        for path in folder.glob("*.partial*"):
            parts = path.name.split(".")
            pid = next((int(p) for p, nxt in zip(parts, parts[1:]) if nxt == "partial" and p.isdigit()), None)
            if pid is None or (pid != os.getpid() and not _alive(pid)):
                stale.append(path)
    _remove(iter(stale))
    return stale


class _Terminated(KeyboardInterrupt):
    """SIGTERM during a build, raised so that its cleanup runs (then re-raised)."""


@contextmanager
def _terminate_as_interrupt() -> Iterator[None]:
    """Within the block, SIGTERM raises :class:`_Terminated` instead of ending the process
    at once, so a build removes its partial files. Only the main thread can set handlers."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum: int, frame: object) -> None:
        raise _Terminated(f"signal {signum}")

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


class EmbeddedGraph:
    """A read-only embedded Cypher database of property-graph rows, built when stale.

    Args:
        folder: where the built copies live, one file per ``state``.
        state: a key of the source's state (see :func:`graph.cypher.sync.store_state`);
            a copy built for another state is rebuilt and the old one removed.
        rows: produces the rows to build from; called only when a build is needed.
        timeout: seconds a query may run.
        on_build: called before a (re)build, e.g. to tell the user it takes a moment.
    """

    engine = "embedded"

    def __init__(self, folder: str | os.PathLike[str], state: str, rows: Callable[[], PropertyGraph], *,
                 timeout: float = 60.0, on_build: Callable[[], None] | None = None) -> None:
        self.timeout = timeout
        key = hashlib.blake2b(repr((layout_key(), state)).encode("utf-8"), digest_size=8).hexdigest()
        folder = Path(folder)
        self.path = folder / f"{key}.lbug"
        remove_stale_partials(folder)
        if not self.path.exists():
            if on_build:
                on_build()
            self._build(rows, folder)
        try:
            self._open()
        except RuntimeError:
            # A copy the engine cannot open read-only (e.g. left mid-checkpoint by an older
            # newsgraph that let CHECKPOINT through) is only a cache: build it again.
            self._remove_copy()
            if on_build:
                on_build()
            self._build(rows, folder)
            self._open()

    def _open(self) -> None:
        self._db = ladybug.Database(str(self.path), read_only=True)
        self._conn = ladybug.Connection(self._db)
        self._conn.set_query_timeout(int(self.timeout * 1000))

    def _remove_copy(self) -> None:
        for sidecar in self.path.parent.glob(f"{self.path.name}*"):
            if sidecar.is_dir():
                shutil.rmtree(sidecar, ignore_errors=True)
            else:
                sidecar.unlink(missing_ok=True)

    def _build(self, rows: Callable[[], PropertyGraph], folder: Path) -> None:
        folder.mkdir(exist_ok=True)
        partial = folder / f"{self.path.stem}.{os.getpid()}.partial"
        _remove(folder.glob(f"{partial.name}*"))
        try:
            with _terminate_as_interrupt():
                build_embedded(rows(), partial)
        except BaseException:  # Ctrl-C and SIGTERM too: no half-built copy stays behind
            _remove(folder.glob(f"{partial.name}*"))
            raise
        wal = Path(f"{partial}.wal")
        if wal.exists():  # normally checkpointed away on close; if not, it travels along
            wal.replace(Path(f"{self.path}.wal"))
        partial.replace(self.path)
        for old in folder.iterdir():  # earlier states of the source
            if not old.name.startswith(self.path.name) and ".partial" not in old.name:
                if old.is_dir():
                    shutil.rmtree(old, ignore_errors=True)
                else:
                    old.unlink(missing_ok=True)

    def close(self) -> None:
        self._conn.close()
        self._db.close()

    def __enter__(self) -> EmbeddedGraph:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def query(self, text: str, params: Mapping[str, Any] | None = None, *, write: bool = False) -> QueryResult:
        """Run ``text`` (checked by :func:`graph.cypher.queries.read_only`, then rewritten by
        :func:`to_embedded`) with ``params``.

        Raises:
            QueryError: for a query that is not one reading query (files, extensions,
                settings, transactions, writes, several statements), and for engine errors.
        """
        if write:
            raise QueryError("The embedded engine is a read-only view of the store, so --write needs Neo4j. "
                             "Hint: push with `newsgraph push` and pass --neo4j-uri.")
        checked = read_only(text, self.engine)
        try:
            result = self._conn.execute(to_embedded(checked), dict(params or {}))
            if isinstance(result, list):  # cannot happen after read_only; never answer for a hidden statement
                raise QueryError("The embedded engine runs one statement at a time.")
            columns = tuple(result.get_column_names())
            rows = [tuple(_hydrate(v) for v in row) for row in result.get_all()]
        except RuntimeError as exc:
            raise _error(exc, self.timeout) from exc
        return QueryResult(columns, rows, self.engine)

    def subgraph(self, text: str, params: Mapping[str, Any] | None = None) -> Graph:
        """The neutral graph of the nodes, relationships and paths ``text`` returns."""
        nodes, rels = self.query(text, params).elements()
        missing = sorted({k for r in rels for k in (r.start, r.end)} - {n.key for n in nodes})
        if missing:
            raise QueryError("The query returned relationships without their end nodes. "
                             "Hint: return paths (MATCH p = ... RETURN p) or the nodes too.")
        return graph_from_elements(nodes, rels, self._titles, description=f"cypher: {text}")

    def _titles(self, ids: list[str]) -> dict[str, str]:
        return {row[0]: row[1] for row in self.query(cypher.DOCUMENT_TITLES, {"ids": ids}).rows}

    def counts(self) -> dict[str, int]:
        out = {row[0]: row[1] for row in self.query(cypher.EMBEDDED_COUNT_NODES).rows}
        entities = sum(n for label, n in out.items() if label in cypher.ENTITY_LABELS)
        out.update({row[0]: row[1] for row in self.query(cypher.EMBEDDED_COUNT_RELATIONSHIPS).rows})
        if entities:
            out[cypher.ENTITY] = entities
        return dict(sorted(out.items()))

