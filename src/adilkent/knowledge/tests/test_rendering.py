"""A page's Markdown: raw HTML is shown as typed, never run; links are kept (but not
``javascript:``); the text's highest heading comes right under the page's title."""

from __future__ import annotations

from adilkent.knowledge.rendering import markdown_html


def test_raw_html_is_escaped() -> None:
    html = markdown_html('Hello <script>alert("x")</script> and <b onclick="x()">bold</b>')
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "<b " not in html and "&lt;b onclick" in html


def test_an_html_block_is_escaped_too() -> None:
    html = markdown_html("<div>\n<img src=x onerror=alert(1)>\n</div>")
    assert "<img" not in html and "<div>" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_links_are_kept_but_not_javascript() -> None:
    html = markdown_html("[law](https://www.mevzuat.gov.tr/) and [bad](javascript:alert(1))")
    assert '<a href="https://www.mevzuat.gov.tr/" rel="noopener noreferrer">law</a>' in html
    assert 'href="javascript' not in html


def test_headings_start_under_the_title() -> None:
    assert "<h2>Before</h2>" in markdown_html("## Before\n\n### Detail")
    assert "<h3>Detail</h3>" in markdown_html("## Before\n\n### Detail")
    assert "<h2>Top</h2>" in markdown_html("# Top")
    assert "<h4>Top</h4>" in markdown_html("# Top", top=4)


def test_lists_and_emphasis() -> None:
    html = markdown_html("- one\n- **two**")
    assert "<ul>\n<li>one</li>\n<li><strong>two</strong></li>\n</ul>" in html
