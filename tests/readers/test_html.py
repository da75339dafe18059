"""HTML reader: main content of legal-portal pages, paragraphs, lists, tables, charsets."""

from __future__ import annotations

from pathlib import Path

from tests.readers.test_legacy import to_tcvn3
from tests.readers.test_txt import cp1258
from theodoi.parsing.options import ParseOptions
from theodoi.parsing.readers import read
from theodoi.parsing.readers.html import read_html

LONG = "Thực hiện Nghị quyết số 01/NQ-CP của Chính phủ, Ủy ban nhân dân tỉnh ban hành kế hoạch như sau. " * 3

PAGE = f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Kế hoạch</title><style>p {{ color: red }}</style>
<script>var tracking = "Không được đọc";</script></head>
<body>
<nav class="main-menu"><a href="/">Trang chủ</a> | <a href="/vb">Văn bản</a></nav>
<header><h1>Thư viện pháp luật</h1></header>
<div class="sidebar">Văn bản liên quan: Quyết định 12</div>
<div id="toanvancontent">
  <p align="center"><b>KẾ HOẠCH</b></p>
  <p style="text-align:justify">{LONG}</p>
  <h3>I. MỤC ĐÍCH</h3>
  <p>1. Nhiệm vụ<br>- Sở Nội vụ chủ trì;<br/>- Sở Tài chính <i>phối hợp</i>.</p>
  <ol type="a" start="2"><li>Việc một</li><li>Việc hai</li></ol>
  <ul><li>Gạch đầu dòng</li></ul>
  <div>Văn bản trong div</div>
  <!-- ghi chú không đọc -->
  <table border="1">
    <tr><th>STT</th><th>Nhiệm vụ</th><th colspan="2">Thời gian</th></tr>
    <tr><td rowspan="2">1</td><td>Việc A</td><td>Quý I</td><td>2026</td></tr>
    <tr><td>Việc B<table><tr><td>x</td><td>y</td></tr></table></td><td>Quý II</td><td>2026</td></tr>
  </table>
</div>
<footer>Bản quyền © Thư viện</footer>
</body></html>"""


def test_main_content_only() -> None:
    text = read_html(PAGE.encode("utf-8"), ParseOptions()).plain_text()
    for noise in ("Trang chủ", "Thư viện pháp luật", "Văn bản liên quan", "Bản quyền", "tracking", "ghi chú",
                  "color"):
        assert noise not in text
    assert "KẾ HOẠCH" in text


def test_paragraphs_lines_and_lists() -> None:
    doc = read_html(PAGE.encode("utf-8"), ParseOptions())
    paragraphs = doc.paragraphs()
    assert (paragraphs[0].text, paragraphs[0].bold, paragraphs[0].align) == ("KẾ HOẠCH", True, "center")
    assert paragraphs[1].text == LONG.strip() and paragraphs[1].align == "justify"
    assert paragraphs[2].text == "I. MỤC ĐÍCH" and paragraphs[2].bold
    assert [p.text for p in paragraphs[3:6]] == ["1. Nhiệm vụ", "- Sở Nội vụ chủ trì;", "- Sở Tài chính phối hợp."]
    assert [(p.numbering, p.text) for p in paragraphs[6:9]] == [
        ("b)", "Việc một"), ("c)", "Việc hai"), ("-", "Gạch đầu dòng")
    ]
    assert paragraphs[9].text == "Văn bản trong div"
    assert [b.source.line for b in doc.blocks] == list(range(1, len(doc.blocks) + 1))


def test_table_spans_and_nested_table() -> None:
    (table,) = read_html(PAGE.encode("utf-8"), ParseOptions()).tables()
    assert table.texts() == [
        ["STT", "Nhiệm vụ", "Thời gian"],
        ["1", "Việc A", "Quý I", "2026"],
        ["1", "Việc B\nx | y", "Quý II", "2026"],
    ]
    assert table.rows[0][2].colspan == 2 and table.rows[1][0].rowspan == 2 and table.rows[2][0].merged
    assert not table.layout and table.rows[2][3].source.cell == 4


def test_meta_charset_is_honoured() -> None:
    page = '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1258"></head>'
    page_bytes = page.encode("ascii") + b"<body><p>" + cp1258("Ủy ban nhân dân tỉnh Lâm Đồng") + b"</p></body></html>"
    assert read_html(page_bytes, ParseOptions()).paragraphs()[0].text == "Ủy ban nhân dân tỉnh Lâm Đồng"


def test_legacy_font_page_is_converted() -> None:
    body = to_tcvn3("ủy ban nhân dân tỉnh ban hành kế hoạch thực hiện nhiệm vụ năm 2026 của các sở ngành")
    page = f'<html><body><p><font face=".VnTime">{body}</font></p></body></html>'
    doc = read_html(page.encode("utf-8"), ParseOptions())
    assert doc.paragraphs()[0].text.startswith("ủy ban nhân dân tỉnh ban hành kế hoạch")


def test_html_file_by_content_and_name(tmp_path: Path) -> None:
    named = tmp_path / "ke-hoach.htm"
    named.write_bytes(b"\xef\xbb\xbf" + PAGE.encode("utf-8"))
    unnamed = tmp_path / "ke-hoach"
    unnamed.write_bytes(PAGE.encode("utf-8"))
    assert read(named).format == "html" and read(unnamed).format == "html"
    assert read(named).plain_text() == read(unnamed).plain_text()


def test_page_without_a_content_container_uses_the_body() -> None:
    page = f"<html><body><div class='menu'>Menu</div><div><p>{LONG}</p><p>Đoạn hai</p></div></body></html>"
    assert [p.text for p in read_html(page.encode(), ParseOptions()).paragraphs()] == [LONG.strip(), "Đoạn hai"]
