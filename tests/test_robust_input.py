"""Bad input costs one record, not the run: wrong field types, bad bytes, huge or deep records."""

from __future__ import annotations

import configparser
import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from cli import cli
from graph.model import Document
from graph.pipeline.read import Skipped, count_documents, parse_text, read_documents, truncate
from graph.settings import SETTINGS, get

from .conftest import ROOT


def _read(*sources):
    return list(read_documents([str(s) for s in sources]))


def _kinds(out):
    return [type(o).__name__ for o in out]


# -- 6: field types and nesting ---------------------------------------------------------------

@pytest.mark.parametrize("record,reason", [
    ({"text": "Body.", "url": ["x"]}, "field 'url' holds an array, not a string"),
    ({"text": 5}, "field 'text' holds a number, not a string"),
    ({"text": "Body.", "date": {}}, "field 'date' holds an object, not a string"),
    ({"text": "Body.", "title": True}, "field 'title' holds a boolean, not a string"),
    ({"text": ["a", "b"]}, "field 'text' holds an array, not a string"),
])
def test_wrong_field_type_skips_that_record_only(tmp_path, record, reason):
    f = tmp_path / "a.jsonl"
    lines = [{"text": "First good."}, record, {"text": "Second good."}]
    f.write_text("\n".join(json.dumps(r) for r in lines) + "\n", encoding="utf-8")
    out = _read(f)
    assert _kinds(out) == ["Document", "Skipped", "Document"]
    assert out[1].source.endswith(":2") and out[1].reason == reason
    assert all(isinstance(d.url, (str, type(None))) for d in out if isinstance(d, Document))


def test_numbers_are_coerced_to_strings(tmp_path):
    f = tmp_path / "a.jsonl"
    f.write_text(json.dumps({"text": "Body here.", "title": 1984, "date": 2024, "url": None}) + "\n")
    [doc] = _read(f)
    assert doc.title == "1984" and doc.url is None


def test_deep_nesting_is_one_skipped_line(tmp_path):
    f = tmp_path / "a.jsonl"
    deep = "[" * 5000 + "]" * 5000
    f.write_text(f'{{"text": "One."}}\n{{"text": "x", "meta": {deep}}}\n{{"text": "Two."}}\n')
    out = _read(f)
    assert _kinds(out) == ["Document", "Skipped", "Document"]
    assert "nested too deeply" in out[1].reason


def test_deep_json_array_file_is_skipped(tmp_path):
    f = tmp_path / "a.json"
    f.write_text("[" * 100_000 + "]" * 100_000)
    [skipped] = _read(f)
    assert isinstance(skipped, Skipped) and "nested too deeply" in skipped.reason


def test_nul_and_lone_surrogates_inside_strings_are_cleaned(tmp_path):
    f = tmp_path / "a.jsonl"
    f.write_text(json.dumps({"text": "Bad\u0000 text \ud800 here.", "title": "T\ud800"}) + "\n")
    [doc] = _read(f)
    assert "\x00" not in doc.text
    doc.text.encode("utf-8")  # storable
    doc.title.encode("utf-8")


# -- 7: per-line decoding, and a run where nothing is read --------------------------------------

def test_invalid_utf8_line_skips_only_that_line(tmp_path):
    f = tmp_path / "a.jsonl"
    f.write_bytes(b'{"text": "One."}\n{"text": "caf\xe9"}\n{"text": "Two."}\n')
    out = _read(f)
    assert _kinds(out) == ["Document", "Skipped", "Document"]
    assert out[1].source == f"{f}:2" and "UTF-8" in out[1].reason


def test_stray_nul_skips_only_that_line(tmp_path):
    f = tmp_path / "a.jsonl"
    f.write_bytes(b'{"text": "One."}\n\x00\x00{"text": "x"}\n{"text": "Two."}\n')
    out = _read(f)
    assert _kinds(out) == ["Document", "Skipped", "Document"]
    assert out[1].source == f"{f}:2" and "NUL" in out[1].reason


def test_pretty_printed_object_still_reads(tmp_path):
    f = tmp_path / "a.json"
    f.write_text(json.dumps({"text": "Body.", "title": "T"}, indent=2))
    [doc] = _read(f)
    assert doc.title == "T"


def test_run_with_nothing_read_exits_1_in_one_line(tmp_path):
    f = tmp_path / "bad.jsonl"
    f.write_bytes(b'{"text": 5}\n\xff\xfe\n')
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "t.db"), "ingest", str(f)])
    assert result.exit_code == 1, result.output
    assert "Error: No document could be read: 2 inputs skipped" in result.output
    assert "Traceback" not in result.output


# -- 8: bounded work per document ---------------------------------------------------------------

def test_max_chars_is_a_setting_with_an_option():
    assert "max_chars" in {s.name for s in SETTINGS}
    assert get("max_chars") == "100000"
    result = CliRunner().invoke(cli, ["ingest", "--help"])
    assert "--max-chars" in result.output and "NEWSGRAPH_MAX_CHARS" in result.output


def test_truncate_cuts_at_a_sentence_end_and_keeps_the_id():
    text = "Title\n\n" + " ".join(f"Sentence number {i} ends here." for i in range(2000))
    doc = parse_text(text, "x")
    cut = truncate(doc, 10_000)
    assert len(cut.text) <= 10_000 and len(cut.text) > 8_000
    assert cut.text.endswith("ends here.") and cut.id == doc.id


def test_truncate_without_any_boundary_is_a_hard_cut():
    doc = parse_text("x" * 50_000, "x")
    assert len(truncate(doc, 1000).text) == 1000
    assert truncate(doc, 0) is doc


def test_long_unpunctuated_text_gets_bounded_sentences():
    import spacy

    from graph.pipeline.nlp import MAX_SENTENCE_TOKENS, _cap_sentences

    doc = spacy.blank("en")(" ".join(["word"] * 1000 + ["end", ",", "more"] + ["word"] * 500))
    _cap_sentences(doc, MAX_SENTENCE_TOKENS)
    starts = [t.i for t in doc if t.is_sent_start] + [len(doc)]
    assert max(b - a for a, b in zip(starts, starts[1:])) <= MAX_SENTENCE_TOKENS


def test_a_long_paragraph_is_cut_at_a_sentence_end_not_inside_a_sentence():
    import spacy

    from graph.pipeline.nlp import MAX_SENTENCE_TOKENS, _cap_sentences

    sentence = "The minister said the plan, which was " + "very " * 20 + "new, would work."
    doc = spacy.blank("en")(" ".join([sentence] * 10))
    _cap_sentences(doc, MAX_SENTENCE_TOKENS)
    cuts = [t for t in doc if t.is_sent_start and t.i > 0]
    assert cuts and all(t.text == "The" and doc[t.i - 1].text == "." for t in cuts), [t.i for t in cuts]


# -- 11: HTML needs lxml_html_clean, declared ---------------------------------------------------

def test_lxml_html_clean_is_a_pinned_dependency():
    cfg = configparser.ConfigParser()
    cfg.read(ROOT / "setup.cfg")
    requires = cfg["options"]["install_requires"]
    assert "lxml-html-clean==" in requires


def test_html_input_imports_the_cleaner(tmp_path):
    f = tmp_path / "a.html"
    f.write_text("<html><body><article><p>" + "Angela Merkel met Emmanuel Macron in Paris. " * 10
                 + "</p></article></body></html>")
    code = ("import sys; from graph.pipeline.read import read_documents; "
            f"docs = list(read_documents([{str(f)!r}])); "
            "assert type(docs[0]).__name__ == 'Document', docs; "
            "assert 'lxml.html.clean' in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


# -- 16: progress total and stages --------------------------------------------------------------

def test_documents_are_counted_up_front(tmp_path):
    (tmp_path / "a.jsonl").write_text('{"text": "1"}\n\n{"text": "2"}\n{"text": "3"}\n')
    (tmp_path / "b.txt").write_text("text")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.md").write_text("text")
    assert count_documents([str(tmp_path)]) == 5
    assert count_documents(["-"]) is None


def test_stage_lines_on_stderr_unless_quiet(capsys):
    from cli import _progress

    with _progress(False, ()) as hooks:
        hooks["on_stage"]("analysing the graph")
        hooks["on_warning"]("x.txt: cut")
    err = capsys.readouterr().err
    assert "analysing the graph ..." in err and "warning: x.txt: cut" in err
    with _progress(True, ()) as hooks:
        hooks["on_stage"]("analysing the graph")
        hooks["on_warning"]("x.txt: cut")
    assert capsys.readouterr().err == ""
