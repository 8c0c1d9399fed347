"""The corpus check of an existing store (`eval corpus --store`): no ingest, the store's rules
as they are."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from cli import cli
from graph.errors import StoreError
from graph.evaluation.corpus import CorpusEntity, CorpusGold, check_store
from graph.store.sqlite import Store

from .test_resolution import add

GOLD = CorpusGold(documents=("d1",), entities=(CorpusEntity("Acme Group", "Organization", ("Acme Group", "Acme")),))


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "full.db"
    with Store(path) as store:
        add(store, "Acme Group grew.", {"Acme Group": "Organization"})
        add(store, "Acme fell.", {"Acme": "Organization"})
    return path


def test_a_store_is_scored_as_it_is(db):
    assert check_store(GOLD, db).split == ("Acme Group: Acme (Organization) | Acme Group (Organization)",)
    with Store(db) as store:
        ids = {e.name: eid for eid, e in store.raw_entities().items()}
        store.add_rule("merge", ids["Acme"], ids["Acme Group"])
    assert check_store(GOLD, db).right == ("Acme Group",)


def test_no_store_is_an_error(tmp_path):
    with pytest.raises(StoreError):
        check_store(GOLD, tmp_path / "none.db")


def test_cli_store_option(db, tmp_path):
    entities = tmp_path / "entities.yaml"
    entities.write_text("documents: [d1]\nentities:\n  - {name: Acme Group, type: Organization, forms: [Acme Group]}\n")
    result = CliRunner().invoke(cli, ["eval", "corpus", "--entities", str(entities), "--store", str(db)])
    assert result.exit_code == 0, result.output
    assert "one node, right type" in result.output and "1 entities" in result.output
    result = CliRunner().invoke(cli, ["eval", "corpus", "--entities", str(entities)])
    assert result.exit_code == 2 and "Give --texts" in result.output
    result = CliRunner().invoke(cli, ["eval", "corpus", "--entities", str(entities), "--store", str(tmp_path / "x.db")])
    assert result.exit_code == 1 and result.output.startswith("Error: No store at")
