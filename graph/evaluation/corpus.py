"""The corpus check: are real-world entities one node with the right type across a corpus?

A hand-checked list (``tests/data/gold/corpus_entities.yaml``) names entities with their name
forms and type, pairs of entities that must stay apart, and junk strings that must not be
nodes. The documents it was made from are ingested into a fresh store, the store's graph is
read as a user sees it (curation and corpus resolution applied) and each entity is looked up
by its forms:

- **one node, right type**: every form found names the same node, of the entity's type;
- **split**: the forms are spread over several nodes (a form two listed entities share is
  not used to look either up);
- **wrong type**: one node, another type;
- **missing**: no node carries any form;
- **over-merged**: the two entities of an ``apart`` pair end on one node;
- **junk**: a junk string is a node's name.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from graph.errors import InputError
from graph.evaluation.files import read_yaml
from graph.evaluation.goldset import name_key
from graph.model import Graph, Node
from graph.report import table

__all__ = ["CorpusEntity", "CorpusGold", "load_corpus_gold", "CorpusScores", "check_graph", "check_corpus",
           "check_store"]


@dataclass(frozen=True)
class CorpusEntity:
    name: str
    type: str
    forms: tuple[str, ...]
    docs: tuple[str, ...] = ()


@dataclass(frozen=True)
class CorpusGold:
    documents: tuple[str, ...]
    entities: tuple[CorpusEntity, ...]
    apart: tuple[tuple[str, str], ...] = ()
    junk: tuple[str, ...] = ()


def load_corpus_gold(path: str | Path) -> CorpusGold:
    """Read a corpus entity list.

    Raises:
        InputError: the file is missing or malformed, or an ``apart`` pair names an entity
            the list does not hold.
    """
    data = read_yaml(path, "entity list")
    try:
        entities = tuple(CorpusEntity(str(e["name"]), str(e["type"]), tuple(str(f) for f in e["forms"]),
                                      tuple(str(d) for d in e.get("docs") or ())) for e in data["entities"])
        apart = tuple((str(a), str(b)) for a, b in data.get("apart") or ())
        gold = CorpusGold(tuple(str(d) for d in data["documents"]), entities, apart,
                          tuple(str(j) for j in data.get("junk") or ()))
    except (KeyError, TypeError, ValueError) as exc:
        raise InputError(f"{path}: malformed entity list ({exc!r})") from exc
    names = {e.name for e in gold.entities}
    for a, b in gold.apart:
        if a not in names or b not in names:
            raise InputError(f"{path}: apart pair {a!r}, {b!r} names an entity not in the list")
    return gold


@dataclass(frozen=True)
class CorpusScores:
    entities: int
    right: tuple[str, ...]
    split: tuple[str, ...]
    wrong_type: tuple[str, ...]
    missing: tuple[str, ...]
    over_merged: tuple[str, ...]
    junk_nodes: tuple[str, ...]
    junk: int
    nodes: int = 0
    by_type: dict[str, tuple[int, int]] = field(default_factory=dict)  # type -> (right, total)

    @property
    def share_right(self) -> float:
        return len(self.right) / self.entities if self.entities else 0.0

    def format(self, *, details: bool = False) -> str:
        rows = [["one node, right type", f"{len(self.right)}", f"{self.share_right:.1%}"],
                ["split over several nodes", f"{len(self.split)}", ""],
                ["one node, wrong type", f"{len(self.wrong_type)}", ""],
                ["no node", f"{len(self.missing)}", ""],
                ["apart pairs merged", f"{len(self.over_merged)}", ""],
                ["junk strings that are nodes", f"{len(self.junk_nodes)} of {self.junk}", ""]]
        lines = [f"corpus check: {self.entities} entities, {self.nodes} nodes in the graph",
                 table(["", "count", "share"], rows), "",
                 table(["type", "right", "of"], [[t, str(r), str(n)] for t, (r, n) in sorted(self.by_type.items())])]
        if details:
            for heading, items in (("split", self.split), ("wrong type", self.wrong_type), ("no node", self.missing),
                                   ("merged apart pairs", self.over_merged), ("junk nodes", self.junk_nodes)):
                lines += ["", f"{heading}:"] + [f"  {item}" for item in items]
        return "\n".join(lines)


def check_graph(gold: CorpusGold, graph: Graph) -> CorpusScores:
    """Score ``graph`` (as a user reads it) against the entity list."""
    by_form: dict[str, list[Node]] = {}
    for node in graph.nodes:
        for form in {name_key(node.name), *(name_key(a) for a in node.aliases)}:
            by_form.setdefault(form, []).append(node)
    # A form two listed entities share ("Mr Howard") says nothing about either alone.
    owners: dict[str, set[str]] = {}
    for entity in gold.entities:
        for form in entity.forms:
            owners.setdefault(name_key(form), set()).add(entity.name)
    right, split, wrong, missing = [], [], [], []
    main: dict[str, str] = {}
    by_type: dict[str, list[int]] = {}
    for entity in gold.entities:
        hits: dict[str, Node] = {}
        own = [f for f in entity.forms if len(owners[name_key(f)]) == 1] or list(entity.forms)
        for form in own:
            for node in by_form.get(name_key(form), ()):
                hits[node.id] = node
        counts = by_type.setdefault(entity.type, [0, 0])
        counts[1] += 1
        if not hits:
            missing.append(entity.name)
            continue
        best = max(hits.values(), key=lambda n: (n.mentions, n.name))
        main[entity.name] = best.id
        if len(hits) > 1:
            split.append(f"{entity.name}: " + " | ".join(sorted(f"{n.name} ({n.type})" for n in hits.values())))
        elif best.type != entity.type:
            wrong.append(f"{entity.name}: {best.name} is {best.type}, not {entity.type}")
        else:
            right.append(entity.name)
            counts[0] += 1
    over = [f"{a} + {b}" for a, b in gold.apart if a in main and main.get(a) == main.get(b)]
    names = {name_key(n.name) for n in graph.nodes}
    junk_nodes = [j for j in gold.junk if name_key(j) in names]
    return CorpusScores(len(gold.entities), tuple(right), tuple(split), tuple(wrong), tuple(missing), tuple(over),
                        tuple(junk_nodes), len(gold.junk), len(graph.nodes),
                        {t: (r, n) for t, (r, n) in by_type.items()})


def check_corpus(gold: CorpusGold, texts: str | Path, db: str | Path, *, model: str | None = None,
                 on_document: Callable[..., None] | None = None) -> CorpusScores:
    """Ingest the list's documents (read by id from the JSON lines ``texts``) into the store
    ``db`` and score the store's graph."""
    import json
    import tempfile

    from graph.ingest import ingest
    from graph.store import Store

    wanted = set(gold.documents)
    records: list[str] = []
    try:
        with open(texts, encoding="utf-8") as f:
            for line in f:
                try:
                    record = json.loads(line)
                except json.JSONDecodeError:
                    continue
                if isinstance(record, dict) and record.get("id") in wanted:
                    records.append(json.dumps({k: record.get(k) for k in ("id", "title", "text")}))
                    wanted.discard(record["id"])
    except OSError as exc:
        raise InputError(f"Cannot read texts {str(texts)!r}: {exc.strerror or exc}") from exc
    if wanted:
        raise InputError(f"{len(wanted)} documents of the list are not in {str(texts)!r}: {sorted(wanted)[:3]}")
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "corpus.jsonl"
        source.write_text("\n".join(records) + "\n", encoding="utf-8")
        with Store(db) as store:
            ingest([str(source)], store, model=model, on_document=on_document)
            graph = store.load_graph()
    return check_graph(gold, graph)


def check_store(gold: CorpusGold, db: str | Path) -> CorpusScores:
    """Score the graph of an existing store ``db`` (a stress check: the list against a store of
    more documents than it was made from). Nothing is ingested and no rule is added: the graph is
    read as it is, with the rules the store holds.

    Raises:
        StoreError: ``db`` is no store.
    """
    from graph.store import Store

    with Store(db, create=False) as store:
        graph = store.load_graph()
    return check_graph(gold, graph)
