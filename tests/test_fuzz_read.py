"""Fuzzing the reader: whatever bytes a file holds, reading yields Documents and Skippeds only,
and every good record among bad ones comes back."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.errors import NewsgraphError
from graph.model import Document
from graph.pipeline.read import Skipped, read_documents

# Several processes or hundreds of generated examples: in `make test`, not `make test-fast`.
pytestmark = pytest.mark.heavy

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                         HealthCheck.data_too_large])

# Any JSON value, nested a little; deep nesting has its own strategy below.
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=12)

field_values = st.one_of(json_values, st.text(max_size=300),
                         st.text(min_size=1).map(lambda s: s * 2000))  # huge strings
records = st.fixed_dictionaries({}, optional={"text": field_values, "title": field_values,
                                              "date": field_values, "url": field_values,
                                              "extra": json_values})
deep = st.integers(min_value=1, max_value=6000).map(lambda n: "[" * n + "]" * n)
bad_lines = st.one_of(
    records.map(lambda r: json.dumps(r).encode("utf-8", "surrogatepass")),
    st.binary(max_size=200),  # random bytes: invalid UTF-8, NULs, broken JSON
    deep.map(lambda d: f'{{"text": "deep", "x": {d}}}'.encode()),
    st.just(b'{"text": "caf\xe9"}'),
    st.just(b'\x00{"text": "nul"}'),
)


def _good(i: int) -> bytes:
    return json.dumps({"text": f"Good record number {i} stands alone.", "title": f"Good {i}"}).encode()


def _read(data: bytes, name: str) -> list[Document | Skipped]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        try:
            out = list(read_documents([str(path)]))
        except NewsgraphError:
            return []
    for item in out:
        assert isinstance(item, (Document, Skipped))
        if isinstance(item, Document):
            item.text.encode("utf-8")  # storable in SQLite: no lone surrogates
            assert "\x00" not in item.text + item.title + (item.url or "") + (item.date or "")
            assert isinstance(item.url, (str, type(None))) and isinstance(item.date, (str, type(None)))
    return out


@FUZZ
@given(st.lists(bad_lines, max_size=8), st.randoms(use_true_random=False))
def test_good_jsonl_records_survive_any_bad_lines(bad, rnd):
    good = [_good(i) for i in range(3)]
    lines = bad + good
    rnd.shuffle(lines)
    # A bad "line" of random bytes may hold newlines; the good lines must still stand alone.
    data = b"\n".join(b"\n" + line + b"\n" if line in good else line for line in lines)
    out = _read(data, "fuzz.jsonl")
    titles = {d.title for d in out if isinstance(d, Document)}
    assert {f"Good {i}" for i in range(3)} <= titles


@FUZZ
@given(st.binary(max_size=3000), st.sampled_from(["a.txt", "a.md", "a.json", "a.jsonl", "a.html"]))
def test_random_bytes_as_a_file_never_raise(data, name):
    _read(data, name)


@FUZZ
@given(records)
def test_any_single_record_reads_or_skips(record):
    out = _read(json.dumps(record).encode("utf-8", "surrogatepass") + b"\n", "one.jsonl")
    assert len(out) == 1
    text = record.get("text")
    ok_types = all(isinstance(record.get(k), (str, int, float, type(None))) and not isinstance(record.get(k), bool)
                   for k in ("title", "date", "url"))
    printable = "".join(c for c in text if c >= " " or c in "\t\n\r") if isinstance(text, str) else ""
    if printable.strip() and ok_types:  # control characters are dropped on reading
        assert isinstance(out[0], Document)


@pytest.mark.slow
def test_fuzzed_lines_through_ingest(tmp_path, nlp):
    """A few bad lines of each kind through the real ingest into a store: the good ones are stored."""
    from graph import Store, ingest

    f = tmp_path / "mixed.jsonl"
    bad = [json.dumps({"text": "Body.", "url": ["x"]}).encode(), json.dumps({"text": 5}).encode(),
           json.dumps({"text": "Body.", "date": {}}).encode(), b'{"text": "caf\xe9"}', b"\x00\x01",
           ('{"text": "x", "m": ' + "[" * 5000 + "]" * 5000 + "}").encode(),
           json.dumps({"text": "Lone \ud800 surrogate and NUL \u0000 here."}).encode()]
    f.write_bytes(b"\n".join([_good(0), *bad, _good(1)]) + b"\n")
    with Store(tmp_path / "t.db") as store:
        report = ingest([str(f)], store)
        assert report.stored == 3 and len(report.skipped) == 6
        assert store.stats().documents == 3
