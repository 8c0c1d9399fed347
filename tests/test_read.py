"""Reading inputs: formats, titles, ids, and bad inputs skipped with a reason."""

from __future__ import annotations

import io
import json

import pytest

from graph.errors import InputError
from graph.model import Document
from graph.pipeline.read import Fields, Skipped, read_documents


def _read(*sources, **kw):
    return list(read_documents([str(s) for s in sources], **kw))


def test_text_file_first_line_is_title(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("\n  Headline here\nBody text.\n", encoding="utf-8")
    [doc] = _read(f)
    assert doc.title == "Headline here"
    assert doc.text == "Headline here\nBody text."
    assert doc.source == str(f)
    assert doc.date is None


def test_markdown_heading_marker_is_dropped(tmp_path):
    f = tmp_path / "a.md"
    f.write_text("# A title\n\nText.", encoding="utf-8")
    assert _read(f)[0].title == "A title"


def test_id_is_hash_of_normalized_text(tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("Same  text\r\nhere", encoding="utf-8")
    b.write_text("Same text\nhere\n", encoding="utf-8")
    assert _read(a)[0].id == _read(b)[0].id == Document.make_id("Same text here")


def test_jsonl_with_fields_and_dates(tmp_path):
    f = tmp_path / "a.jsonl"
    rows = [{"body": "First story.", "headline": "One", "published": "19 May 2025", "link": "http://x/1"},
            {"body": "Second story."}]
    f.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    docs = _read(f, fields=Fields(text="body", title="headline", date="published", url="link"))
    assert [d.title for d in docs] == ["One", "Second story."]
    assert docs[0].date == "2025-05-19"
    assert docs[0].url == "http://x/1" and docs[0].source == "http://x/1"


def test_json_list_and_bad_records(tmp_path):
    f = tmp_path / "a.json"
    f.write_text(json.dumps([{"text": "Fine."}, {"text": ""}, 3]), encoding="utf-8")
    out = _read(f)
    assert isinstance(out[0], Document)
    assert [type(o) for o in out[1:]] == [Skipped, Skipped]
    assert "no text" in out[1].reason and "not a JSON object" in out[2].reason


def test_jsonl_bad_line_is_skipped_rest_kept(tmp_path):
    f = tmp_path / "a.jsonl"
    f.write_text('{"text": "One."}\n{broken\n{"text": "Two."}\n', encoding="utf-8")
    out = _read(f)
    assert [type(o).__name__ for o in out] == ["Document", "Skipped", "Document"]
    assert out[1].source.endswith(":2")


def test_jsonl_whose_first_line_is_a_bracket_keeps_its_records(tmp_path):
    # a stray "[" opening JSON lines is a bad line, not an array that costs the whole file
    f = tmp_path / "a.jsonl"
    f.write_text('[\n{"text": "One."}\n{"text": "Two."}\n', encoding="utf-8")
    out = _read(f)
    assert [type(o).__name__ for o in out] == ["Skipped", "Document", "Document"]
    # a broken array is still one error for the file
    f = tmp_path / "b.json"
    f.write_text('[{"text": "One."},\n', encoding="utf-8")
    [only] = _read(f)
    assert isinstance(only, Skipped) and "invalid JSON" in only.reason


def test_html_article_text_is_extracted(tmp_path):
    f = tmp_path / "a.html"
    body = " ".join(["Chancellor Angela Merkel met President Emmanuel Macron in Paris on Monday."] * 5)
    f.write_text(f"""<html><head><title>Leaders meet</title>
        <script>var tracking = "should not appear";</script></head>
        <body><nav>Home | World | Sport</nav><article><h1>Leaders meet</h1>
        <p>{body}</p><p>They discussed trade and security.</p></article>
        <footer>Copyright footer</footer></body></html>""", encoding="utf-8")
    [doc] = _read(f)
    assert "Merkel met President Emmanuel Macron" in doc.text
    assert "should not appear" not in doc.text
    assert doc.title == "Leaders meet"


@pytest.mark.parametrize("content,reason", [
    (b"\x00\x01\x02binary", "binary"),
    (b"   \n\n", "empty"),
    (b"caf\xe9 latin-1", "UTF-8"),
])
def test_bad_files_are_skipped_with_reason(tmp_path, content, reason):
    f = tmp_path / "bad.txt"
    f.write_bytes(content)
    [skipped] = _read(f)
    assert isinstance(skipped, Skipped) and reason in skipped.reason


def test_folder_is_read_recursively_known_suffixes_only(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("A.", encoding="utf-8")
    (tmp_path / "b.md").write_text("B.", encoding="utf-8")
    (tmp_path / "c.png").write_bytes(b"\x89PNG")
    assert sorted(d.text for d in _read(tmp_path)) == ["A.", "B."]


def test_glob_pattern(tmp_path):
    for name in ("x1.txt", "x2.txt", "y.txt"):
        (tmp_path / name).write_text(name, encoding="utf-8")
    assert sorted(d.text for d in _read(tmp_path / "x*.txt")) == ["x1.txt", "x2.txt"]


def test_stdin(tmp_path):
    docs = list(read_documents(["-"], stdin=io.BytesIO(b"Title\nText from a pipe.")))
    assert docs[0].title == "Title" and docs[0].source == "<stdin>"


def test_missing_path_is_an_error(tmp_path):
    with pytest.raises(InputError, match="No such file"):
        _read(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="No file matches"):
        _read(tmp_path / "*.nothing")
