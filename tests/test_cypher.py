"""Cypher text: whitelisted identifiers, escaped literals, the embedded rewrite, named queries."""

from __future__ import annotations

import pytest

from graph.cypher import statements as cypher
from graph.cypher.embedded import to_embedded
from graph.errors import InputError, QueryError
from graph.cypher.queries import ENGINES, named_queries, parse_params, prepare
from graph.pipeline.relate import relation_types


@pytest.mark.parametrize("name", ["Person", "SPOKE_TO", "CO_MENTIONED", "A1_b"])
def test_identifier_accepts_plain_names(name):
    assert cypher.identifier(name) == f"`{name}`"


@pytest.mark.parametrize("name", ["", "1X", "A B", "X`", "X]->() DELETE n", "Ärger", "x-y", "X\n"])
def test_identifier_refuses_anything_else(name):
    with pytest.raises(InputError):
        cypher.identifier(name)


@pytest.mark.parametrize("value,expected", [
    (None, "null"), (True, "true"), (False, "false"), (3, "3"), (2.5, "2.5"), (float("nan"), "null"),
    (float("inf"), "null"), ("plain", "'plain'"), ("O'Brien", "'O\\'Brien'"), ('say "hi"', "'say \"hi\"'"),
    ("a\\b", "'a\\\\b'"), ("line\nbreak\r\t", "'line\\nbreak\\r\\t'"), ("`})", "'`})'"),
    ("\u2028\x00\x1b", "'\\u2028\\u0000\\u001b'"), ("Zürich – 東京", "'Zürich – 東京'"),
    (["a", 1, None], "['a', 1, null]"), ({"a b": "x", "n`": 1}, "{`a b`: 'x', `n```: 1}"),
])
def test_literal_escapes_every_value(value, expected):
    assert cypher.literal(value) == expected


def test_literal_never_leaves_a_line_or_a_string():
    evil = "x' }) MATCH (n) DETACH DELETE n //\n\\' `"
    text = cypher.literal({"name": evil})
    assert "\n" not in text
    # Outside the quoted string only the map syntax remains.
    assert text.startswith("{`name`: '") and text.endswith("'}")
    body = text[len("{`name`: '"):-2]
    i = 0
    while i < len(body):  # every quote inside is escaped
        if body[i] == "\\":
            i += 2
            continue
        assert body[i] != "'"
        i += 1


def test_literal_refuses_objects():
    with pytest.raises(InputError):
        cypher.literal(object())


def test_statements_cover_the_whitelist_and_take_values_as_parameters():
    assert set(cypher.RELATIONSHIP_TYPES) == set(relation_types())
    for table in (cypher.RELATIONSHIP_UPSERT, cypher.RELATIONSHIP_CREATE, cypher.RELATIONSHIP_DELETE):
        assert set(table) == set(relation_types())
    assert set(cypher.ENTITY_UPSERT) == set(cypher.ENTITY_LABELS)
    batched = [*cypher.ENTITY_UPSERT.values(), *cypher.ENTITY_CREATE.values(), *cypher.RELATIONSHIP_UPSERT.values(),
               *cypher.RELATIONSHIP_CREATE.values(), cypher.DOCUMENT_UPSERT, cypher.MENTIONED_IN_UPSERT,
               cypher.MENTIONED_IN_CREATE]
    for statement in batched:
        assert statement.startswith("UNWIND $rows AS row ") and "'" not in statement
    for statement in [*cypher.RELATIONSHIP_DELETE.values(), cypher.ENTITY_DELETE, cypher.DOCUMENT_DELETE]:
        assert statement.startswith("UNWIND $ids AS id ")
    with pytest.raises(InputError):
        cypher.embedded_relationship_table("NOT_A_TYPE", [("Person", "Person")])


def test_inline_rows_writes_a_literal_batch():
    line = cypher.inline_rows(cypher.DOCUMENT_UPSERT, [{"id": "d'1", "title": "a\nb"}])
    assert line == ("UNWIND [{`id`: 'd\\'1', `title`: 'a\\nb'}] AS row "
                    "MERGE (d:Document {id: row.id}) SET d = row")
    with pytest.raises(ValueError):
        cypher.inline_rows(cypher.ENTITY_DELETE, [])


ALL = "`Person`|`Organization`|`Place`|`Group`|`Event`"


@pytest.mark.parametrize("query,expected", [
    ("MATCH (e:Entity) RETURN e", f"MATCH (e:{ALL}) RETURN e"),
    ("MATCH (:Entity {name: 'x'})-[r:MET]-(b:Person)", f"MATCH (:{ALL} {{name: 'x'}})-[r:MET]-(b:`Person`)"),
    ("MATCH (e:Entity:Person)", "MATCH (e:`Person`)"),
    ("MATCH (e:Entity|Person)", "MATCH (e:`Person`|`Organization`|`Place`|`Group`|`Event`)"),
    ("MATCH (g:Group) RETURN g", "MATCH (g:`Group`) RETURN g"),
    ("MATCH (e:`Entity`) RETURN type(r), e.type, r.type", f"MATCH (e:{ALL}) RETURN label(r), e.type, r.type"),
    ("RETURN ':Entity', \"(e:Entity)\", 'type(r)'", "RETURN ':Entity', \"(e:Entity)\", 'type(r)'"),
    ("MATCH (n) // (e:Entity) type(x)\nRETURN n", "MATCH (n) // (e:Entity) type(x)\nRETURN n"),
    ("MATCH (n {id: $id}) RETURN n {.name}", "MATCH (n {id: $id}) RETURN n {.name}"),
    ("MATCH (n) WHERE EXISTS { MATCH (n)--(:Entity) } RETURN n",
     f"MATCH (n) WHERE EXISTS {{ MATCH (n)--(:{ALL}) }} RETURN n"),
])
def test_embedded_rewrite(query, expected):
    assert to_embedded(query) == expected


def test_named_queries_are_documented_and_typed():
    queries = named_queries()
    assert {"who-met-whom", "neighbourhood", "shortest-paths", "timeline", "top-entities", "relations"} <= set(queries)
    for q in queries.values():
        assert q.description and all(p.help and p.type in ("string", "int", "float", "bool") for p in q.params)
        for engine in ENGINES:
            assert "MATCH" in q.text(engine), (q.name, engine)


def test_named_query_parameters_are_checked():
    p = prepare("@top-entities", ["metric=Betweenness", "limit=3", "type=person"])
    assert p.params == {"metric": "betweenness", "type": "Person", "limit": 3}
    with pytest.raises(QueryError, match="limit='x' is not an integer"):
        prepare("@top-entities", ["limit=x"])
    with pytest.raises(QueryError, match="metric must be one of"):
        prepare("@top-entities", ["metric=fame"])
    with pytest.raises(QueryError, match="needs --param name="):
        prepare("@neighbourhood")
    with pytest.raises(QueryError, match="takes no parameter 'nmae'"):
        prepare("@neighbourhood", ["nmae=x"])
    with pytest.raises(QueryError, match="Did you mean: @timeline"):
        prepare("@timelin")


def test_ad_hoc_parameters_are_json_or_text():
    assert prepare("RETURN $a", ["a=5", "b=x y", "c=[\"p\", 1]", "d=true", "e=\"5\""]).params == {
        "a": 5, "b": "x y", "c": ["p", 1], "d": True, "e": "5"}
    assert parse_params(["name=a=b"]) == {"name": "a=b"}
    with pytest.raises(QueryError, match="not NAME=VALUE"):
        parse_params(["novalue"])
    with pytest.raises(QueryError, match="empty"):
        prepare("  ")
