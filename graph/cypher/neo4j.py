"""Neo4j adapter: sync the property graph into a server in batches, run Cypher on it.

A push makes the database mirror the store. It reads what the database holds (ids, and the
properties that can change), then deletes what the store no longer has (merged or renamed
entities, stale relationships), and writes only new or changed rows, in ``UNWIND $rows``
batches, one transaction per batch, from one writer. Statements come from
:mod:`graph.cypher`; every value is a parameter.

Driver errors become :class:`~graph.errors.Neo4jError` (connection, credentials, server) or
:class:`~graph.errors.QueryError` (syntax, writes in read-only mode, timeouts), each one line
with a hint.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import neo4j
from neo4j import exceptions as nx_errors
from neo4j.graph import Node as _Node
from neo4j.graph import Path as _Path
from neo4j.graph import Relationship as _Relationship

from graph.cypher import statements as cypher
from graph.cypher.propgraph import PropertyGraph, graph_from_elements
from graph.cypher.queries import read_only
from graph.cypher.results import NodeValue, PathValue, QueryResult, RelValue
from graph.errors import Neo4jError, QueryError
from graph.model import Graph
from graph.settings import get

__all__ = ["DEFAULT_URI", "Neo4jSettings", "Neo4jClient", "PushReport", "LOCAL_HINT", "redact_uri", "redact"]

DEFAULT_URI = "bolt://127.0.0.1:7687"
_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")
LOCAL_HINT = "start the repository's server with `make neo4j-start`, or check --neo4j-uri / NEO4J_URI"
_URI = re.compile(r"(?P<scheme>\b[A-Za-z][A-Za-z0-9+.-]*://)(?P<netloc>[^/?#\s'\"]*)")


def _userinfo(netloc: str) -> tuple[str, bool]:
    """The user of ``netloc``'s ``user:password@`` part (``""`` without one) and whether it
    has a password."""
    userinfo, at, _ = netloc.rpartition("@")
    if not at:
        return "", False
    user, colon, _ = userinfo.partition(":")
    return user, bool(colon)


def redact_uri(uri: str) -> str:
    """``uri`` with the password of its ``user:password@`` part replaced by ``***``; every
    URI in a longer text too (the whole text is returned).

    >>> redact_uri("bolt://neo4j:s3cret@db.example:7687")
    'bolt://neo4j:***@db.example:7687'
    >>> redact_uri("neo4j+s://x.databases.neo4j.io")
    'neo4j+s://x.databases.neo4j.io'
    >>> redact_uri("failed: 'bolt://u:p@ss@host:1/x'")
    "failed: 'bolt://u:***@host:1/x'"
    """
    def sub(m: re.Match[str]) -> str:
        netloc = m["netloc"]
        user, has_password = _userinfo(netloc)
        host = netloc.rpartition("@")[2]
        if not has_password:
            return m.group()
        return f"{m['scheme']}{user}:***@{host}"

    return _URI.sub(sub, uri)


def redact(text: str, uri: str) -> str:
    """``text`` (an error message) with every URI's password, and ``uri``'s password
    wherever it appears alone, replaced by ``***``."""
    m = _URI.match(uri)
    if m and _userinfo(m["netloc"])[1]:
        secret = m["netloc"].rpartition("@")[0].partition(":")[2]
        if secret:
            text = text.replace(secret, "***")
    return redact_uri(text)


@dataclass(frozen=True)
class Neo4jSettings:
    """Where and how to connect. The password never comes from a flag (see :meth:`resolve`)."""

    uri: str = DEFAULT_URI
    user: str = "neo4j"
    password: str | None = field(default=None, repr=False)
    database: str | None = None  # None: the server's default database
    batch_size: int = 2000
    timeout: float = 60.0  # seconds a query or a write batch may run

    def __repr__(self) -> str:
        return (f"Neo4jSettings(uri={redact_uri(self.uri)!r}, user={self.user!r}, database={self.database!r}, "
                f"batch_size={self.batch_size!r}, timeout={self.timeout!r})")

    @classmethod
    def resolve(cls, uri: str | None = None, user: str | None = None, database: str | None = None,
                batch_size: int | None = None, timeout: float | None = None) -> Neo4jSettings:
        """Each value from its argument, then NEO4J_URI, NEO4J_USER, NEO4J_DATABASE,
        NEO4J_BATCH_SIZE, then the default. The password only from NEO4J_PASSWORD."""
        try:
            size = batch_size or int(get("neo4j_batch_size"))
        except ValueError:
            size = 0
        if size < 1:
            raise Neo4jError("The Neo4j batch size (--neo4j-batch-size, NEO4J_BATCH_SIZE) must be a number, 1 or more.")
        return cls(uri=get("neo4j_uri", uri or None) or DEFAULT_URI, user=get("neo4j_user", user or None),
                   password=get("neo4j_password") or None,
                   database=get("neo4j_database", database or None) or None, batch_size=size,
                   timeout=timeout if timeout is not None else cls.timeout)


@dataclass
class PushReport:
    """What a push changed, per label or type: created, updated, deleted."""

    uri: str
    changes: dict[str, list[int]] = field(default_factory=dict)
    seconds: float = 0.0
    relationships_written: int = 0
    relationship_seconds: float = 0.0  # of ``seconds``, spent writing relationships

    def add(self, name: str, created: int = 0, updated: int = 0, deleted: int = 0) -> None:
        counts = self.changes.setdefault(name, [0, 0, 0])
        counts[0] += created
        counts[1] += updated
        counts[2] += deleted

    def format(self) -> str:
        changed = [f"{name} +{c} ~{u} -{d}" for name, (c, u, d) in self.changes.items() if c or u or d]
        rate = f", {self.relationships_written / self.seconds:,.0f} relationships/s" \
            if self.relationships_written and self.seconds else ""
        return (f"pushed to {redact_uri(self.uri)} in {self.seconds:.1f}s{rate}: "
                + (", ".join(changed) if changed else "already up to date"))


def _first_line(exc: BaseException) -> str:
    text = getattr(exc, "message", None) or str(exc) or type(exc).__name__
    return " ".join(str(text).strip().splitlines()[0].split())


def _hydrate(value: Any) -> Any:
    """Driver values -> the neutral result values of :mod:`graph.results`."""
    if isinstance(value, _Node):
        labels = tuple(sorted(value.labels, key=lambda lab: (lab != cypher.ENTITY, lab)))
        return NodeValue(value.element_id, labels, dict(value.items()))
    if isinstance(value, _Relationship):
        start, end = value.start_node, value.end_node
        # An end node without properties is falsy: compare with None.
        return RelValue(value.element_id, value.type, start.element_id if start is not None else "",
                        end.element_id if end is not None else "", dict(value.items()))
    if isinstance(value, _Path):
        return PathValue(tuple(_hydrate(n) for n in value.nodes),
                         tuple(_hydrate(r) for r in value.relationships))
    if isinstance(value, list):
        return [_hydrate(v) for v in value]
    if isinstance(value, dict):
        return {k: _hydrate(v) for k, v in value.items()}
    if hasattr(value, "iso_format"):  # neo4j.time values
        return value.iso_format()
    return value


def _batches(rows: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for i in range(0, len(rows), size):
        yield rows[i:i + size]


class Neo4jClient:
    """A connection to one Neo4j database.

    Args:
        settings: where to connect (see :meth:`Neo4jSettings.resolve`).
        ask_password: called once, when the server refuses to connect without a password
            and NEO4J_PASSWORD is unset (the CLI prompts without echo). Never stored.
    """

    engine = "neo4j"

    def __init__(self, settings: Neo4jSettings, *, ask_password: Callable[[], str] | None = None) -> None:
        self.settings = settings
        self.driver = self._connect(settings.password, ask_password)

    def _connect(self, password: str | None, ask_password: Callable[[], str] | None) -> neo4j.Driver:
        try:
            return self._connect_once(password, ask_password)
        except (Neo4jError, QueryError) as exc:
            # Whatever the driver echoed, a password in the URI never reaches the user.
            clean = redact(str(exc), self.settings.uri)
            if clean == str(exc):
                raise
            raise type(exc)(clean) from exc.__cause__

    def _connect_once(self, password: str | None, ask_password: Callable[[], str] | None) -> neo4j.Driver:
        s = self.settings
        uri = redact_uri(s.uri)
        m = _URI.match(s.uri)
        if m and "@" in m["netloc"]:
            raise Neo4jError(f"The Neo4j URI {uri} holds credentials, which it must not (they would show in "
                             f"process lists and logs). Hint: give the user with --neo4j-user / NEO4J_USER and "
                             f"the password in NEO4J_PASSWORD.")
        if s.uri.split("://")[0].lower() not in _SCHEMES:
            raise Neo4jError(f"{uri!r} is not a Neo4j Bolt URI. Hint: use bolt://HOST:7687, neo4j://HOST:7687 "
                             f"or neo4j+s://HOST for Aura.")
        try:
            driver = neo4j.GraphDatabase.driver(
                s.uri, auth=(s.user, password) if password else None, connection_timeout=10,
                connection_acquisition_timeout=30, max_transaction_retry_time=15,
                notifications_min_severity="OFF", user_agent="newsgraph")
        except (ValueError, nx_errors.ConfigurationError) as exc:
            raise Neo4jError(f"{uri!r} is not a Neo4j URI ({_first_line(exc)}). "
                             f"Hint: use bolt://HOST:7687 or neo4j://HOST:7687 (neo4j+s:// for Aura).") from exc
        try:
            driver.verify_connectivity()
        except nx_errors.AuthError as exc:
            driver.close()
            if password is None and ask_password is not None:
                return self._connect_once(ask_password(), None)
            if password is None:
                raise Neo4jError(f"Neo4j at {uri} needs a password for user {s.user!r}. Hint: set "
                                 f"NEO4J_PASSWORD, or run in a terminal to be asked.") from exc
            raise Neo4jError(f"Neo4j at {uri} refused the credentials of user {s.user!r} "
                             f"({_first_line(exc).rstrip('.')}). Hint: check the password (NEO4J_PASSWORD) and "
                             f"--neo4j-user / NEO4J_USER.") from exc
        except BaseException as exc:
            driver.close()
            raise self._error(exc) from exc
        return driver

    def close(self) -> None:
        self.driver.close()

    def __enter__(self) -> Neo4jClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- errors --------------------------------------------------------------------------

    def _error(self, exc: BaseException) -> Exception:
        error = self._classify(exc)
        if isinstance(error, (Neo4jError, QueryError)):
            return type(error)(redact(str(error), self.settings.uri))
        return error

    def _classify(self, exc: BaseException) -> Exception:
        s = self.settings
        uri = redact_uri(s.uri)
        code = getattr(exc, "code", None) or ""
        text = _first_line(exc)
        if isinstance(exc, nx_errors.CypherSyntaxError) or code.endswith(".SyntaxError"):
            return QueryError(f"Cypher syntax error: {text} Hint: check the query; "
                              f"`newsgraph query --list` shows working ones.")
        if code == "Neo.ClientError.Statement.AccessMode" or isinstance(exc, nx_errors.ForbiddenOnReadOnlyDatabase):
            return QueryError("This query writes, and queries are read-only by default. "
                              "Hint: add --write to allow writes.")
        if "TransactionTimedOut" in code or "Terminated" in code:
            return QueryError(f"The query ran longer than {s.timeout:g}s and was stopped. "
                              f"Hint: add a LIMIT or raise --timeout.")
        if code == "Neo.ClientError.Database.DatabaseNotFound":
            return Neo4jError(f"Neo4j at {uri} has no database {s.database!r}. "
                              f"Hint: check --neo4j-database / NEO4J_DATABASE.")
        if isinstance(exc, nx_errors.AuthError):
            return Neo4jError(f"Neo4j at {uri} refused the credentials of user {s.user!r}: {text} "
                              f"Hint: check NEO4J_PASSWORD.")
        if isinstance(exc, (nx_errors.ServiceUnavailable, nx_errors.SessionExpired, OSError)):
            return Neo4jError(f"Cannot connect to Neo4j at {uri} ({text.rstrip(':. ')}). Hint: {LOCAL_HINT}.")
        if isinstance(exc, nx_errors.ClientError):
            return QueryError(f"Neo4j rejected the query: {text}")
        if isinstance(exc, nx_errors.Neo4jError):
            return Neo4jError(f"Neo4j at {uri} failed: {text}")
        if isinstance(exc, nx_errors.DriverError):
            return Neo4jError(f"Neo4j driver error talking to {uri}: {text} Hint: {LOCAL_HINT}.")
        return exc if isinstance(exc, Exception) else Neo4jError(text)

    @contextmanager
    def _session(self, write: bool) -> Iterator[neo4j.Session]:
        mode = neo4j.WRITE_ACCESS if write else neo4j.READ_ACCESS
        try:
            with self.driver.session(database=self.settings.database, default_access_mode=mode) as session:
                yield session
        except (Neo4jError, QueryError):
            raise
        except (nx_errors.Neo4jError, nx_errors.DriverError, OSError) as exc:
            raise self._error(exc) from exc

    # -- queries -------------------------------------------------------------------------

    def query(self, text: str, params: Mapping[str, Any] | None = None, *, write: bool = False) -> QueryResult:
        """Run ``text`` with ``params``; read-only unless ``write``.

        Read-only twice over: a READ access-mode session, and the statement check of
        :func:`graph.cypher.queries.read_only` (no LOAD CSV, no dbms/apoc procedures, one
        reading statement), which also rejects what a read session would still allow.
        """
        if not write:
            text = read_only(text, self.engine)
        with self._session(write) as session:
            result = session.run(neo4j.Query(text, timeout=self.settings.timeout), dict(params or {}))
            keys = tuple(result.keys())
            rows = [tuple(_hydrate(v) for v in record.values()) for record in result]
            summary = result.consume()
        counters = {k: v for k, v in vars(summary.counters).items() if isinstance(v, int) and v and k[0] != "_"}
        return QueryResult(keys, rows, "neo4j", counters)

    def subgraph(self, text: str, params: Mapping[str, Any] | None = None) -> Graph:
        """The neutral graph of the nodes, relationships and paths ``text`` returns."""
        nodes, rels = self.query(text, params).elements()
        have = {n.key for n in nodes}
        missing = sorted({k for r in rels for k in (r.start, r.end)} - have)
        if missing:
            nodes += [row[0] for row in self.query(cypher.NODES_BY_ELEMENT_ID, {"ids": missing}).rows]
        return graph_from_elements(nodes, rels, self._titles, description=f"cypher: {text}")

    def _titles(self, ids: list[str]) -> dict[str, str]:
        return {row[0]: row[1] for row in self.query(cypher.DOCUMENT_TITLES, {"ids": ids}).rows}

    def counts(self) -> dict[str, int]:
        """Nodes by label and relationships by type."""
        out = {row[0]: row[1] for row in self.query(cypher.COUNT_NODES).rows}
        out.update({row[0]: row[1] for row in self.query(cypher.COUNT_RELATIONSHIPS).rows})
        return out

    # -- writes --------------------------------------------------------------------------

    def _write(self, statement: str, **params: Any) -> None:
        @neo4j.unit_of_work(timeout=self.settings.timeout)
        def work(tx: neo4j.ManagedTransaction) -> None:
            tx.run(statement, params).consume()

        with self._session(True) as session:
            session.execute_write(work)

    def _write_rows(self, statement: str, rows: Sequence[Any], key: str = "rows",
                    progress: Callable[[int], None] | None = None) -> None:
        for batch in _batches(rows, self.settings.batch_size):
            self._write(statement, **{key: list(batch)})
            if progress:
                progress(len(batch))

    def ensure_schema(self) -> None:
        """Create the uniqueness constraints and indexes (idempotent)."""
        for statement in cypher.SCHEMA:
            self._write(statement)

    def clear(self) -> int:
        """Delete every Entity and Document node with their relationships, in batches."""
        total = 0
        while True:
            with self._session(True) as session:
                deleted = session.execute_write(lambda tx: tx.run(
                    cypher.CLEAR_BATCH, limit=self.settings.batch_size).single()["deleted"])
            total += deleted
            if not deleted:
                return total

    def push(self, pg: PropertyGraph, *, full: bool = False,
             progress: Callable[[int], None] | None = None) -> PushReport:
        """Make the database mirror ``pg``: delete what it no longer holds, write what is
        new or changed (everything when ``full``). ``progress`` receives written row counts."""
        t0 = time.perf_counter()
        report = PushReport(redact_uri(self.settings.uri))
        self.ensure_schema()
        state = self._state()

        # Entities: new, changed (properties or type label), gone (merged, renamed away).
        want = {row["id"] for rows in pg.entities.values() for row in rows}
        gone = sorted(set(state["entities"]) - want)
        self._write_rows(cypher.ENTITY_DELETE, gone, "ids")
        report.add(cypher.ENTITY, deleted=len(gone))
        for label, rows in pg.entities.items():
            have = state["entities"]
            new = [_present(row) for row in rows if row["id"] not in have]
            changed = [_present(row) for row in rows
                       if row["id"] in have and (full or have[row["id"]] != (label, _present(row)))]
            self._write_rows(cypher.ENTITY_CREATE[label], new, progress=progress)
            self._write_rows(cypher.ENTITY_UPSERT[label], changed, progress=progress)
            report.add(label, len(new), len(changed))

        have = state["documents"]
        gone = sorted(set(have) - {row["id"] for row in pg.documents})
        self._write_rows(cypher.DOCUMENT_DELETE, gone, "ids")
        changed = [_present(row) for row in pg.documents if full or have.get(row["id"]) != _present(row)]
        self._write_rows(cypher.DOCUMENT_UPSERT, changed, progress=progress)
        created = sum(1 for row in changed if row["id"] not in have)
        report.add(cypher.DOCUMENT, created, len(changed) - created, len(gone))

        t_rels = time.perf_counter()
        have = state["mentions"]
        gone_m = sorted(set(have) - {(row["entity"], row["doc"]) for row in pg.mentions})
        self._write_rows(cypher.MENTIONED_IN_DELETE, [{"entity": e, "doc": d} for e, d in gone_m])
        new = [row for row in pg.mentions if (row["entity"], row["doc"]) not in have]
        changed = [row for row in pg.mentions if (row["entity"], row["doc"]) in have
                   and (full or have[row["entity"], row["doc"]] != row["count"])]
        self._write_rows(cypher.MENTIONED_IN_CREATE, new, progress=progress)
        self._write_rows(cypher.MENTIONED_IN_UPSERT, changed, progress=progress)
        report.add(cypher.MENTIONED_IN, len(new), len(changed), len(gone_m))
        report.relationships_written += len(new) + len(changed)

        for type_ in cypher.RELATIONSHIP_TYPES:
            rows = pg.relationships.get(type_, [])
            have = state["relationships"].get(type_, {})
            gone = sorted(set(have) - {row["props"]["id"] for row in rows})
            self._write_rows(cypher.RELATIONSHIP_DELETE[type_], gone, "ids")
            new = [_rel(row) for row in rows if row["props"]["id"] not in have]
            if type_ == cypher.CO_MENTIONED:
                changed = [_rel(row) for row in rows if row["props"]["id"] in have and (
                    full or have[row["props"]["id"]] != (row["props"]["weight"], row["props"]["docs"]))]
            else:  # an action's properties are fixed by its id (edge, document, sentence)
                changed = [_rel(row) for row in rows if full and row["props"]["id"] in have]
            self._write_rows(cypher.RELATIONSHIP_CREATE[type_], new, progress=progress)
            self._write_rows(cypher.RELATIONSHIP_UPSERT[type_], changed, progress=progress)
            report.add(type_, len(new), len(changed), len(gone))
            report.relationships_written += len(new) + len(changed)
        report.relationship_seconds = time.perf_counter() - t_rels
        report.seconds = time.perf_counter() - t0
        return report

    def _state(self) -> dict[str, Any]:
        """What the database holds now, in the shape :meth:`push` compares against."""
        entities = {}
        for id_, labels, props in self.query(cypher.ENTITY_STATE).rows:
            label = next((lab for lab in labels if lab in cypher.ENTITY_LABELS), None)
            extra = [lab for lab in labels if lab in cypher.ENTITY_LABELS and lab != label]
            entities[id_] = (label if not extra else None, props)
        documents = {id_: props for id_, props in self.query(cypher.DOCUMENT_STATE).rows}
        mentions = {(e, d): n for e, d, n in self.query(cypher.MENTIONED_IN_STATE).rows}
        relationships: dict[str, dict[str, Any]] = {}
        for type_, id_, weight, docs in self.query(cypher.RELATIONSHIP_STATE).rows:
            if type_ in cypher.RELATIONSHIP_TYPES and id_ is not None:
                relationships.setdefault(type_, {})[id_] = (weight, docs)
        return {"entities": entities, "documents": documents, "mentions": mentions,
                "relationships": relationships}


def _present(row: Mapping[str, Any]) -> dict[str, Any]:
    """A row as Neo4j stores it: null properties do not exist."""
    return {k: v for k, v in row.items() if v is not None}


def _rel(row: Mapping[str, Any]) -> dict[str, Any]:
    return {"source": row["source"], "target": row["target"], "props": _present(row["props"])}

