"""Pages a data protection officer reads offline: plain HTML, one stylesheet in the page,
no script, no web font, nothing fetched from anywhere; charts drawn at run time as SVG
(matplotlib) and written into the page. Every text is escaped here, once."""

import html
import io
import re
from collections.abc import Iterable, Sequence
from functools import cache
from types import ModuleType

STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;margin:0;
color:#1b1f24;background:#fff;line-height:1.45}
header{background:#1d3557;color:#fff;padding:1.2em 2em}
header h1{margin:0 0 .2em;font-size:1.5em}
header p{margin:.1em 0;opacity:.9}
main{padding:1em 2em 3em;max-width:1100px}
h2{border-bottom:2px solid #e6e9ee;padding-bottom:.2em;margin-top:1.8em}
h3{margin-top:1.4em}
table{border-collapse:collapse;margin:.6em 0 1em;font-size:.93em}
th,td{border:1px solid #d0d7de;padding:4px 9px;text-align:left;vertical-align:top}
th{background:#f3f5f8}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
td.n{white-space:nowrap}
tbody td:first-child{min-width:12em}
.verdict{display:inline-block;padding:.15em .7em;border-radius:3px;font-weight:600}
.pass{background:#dff3e4;color:#0b5a24}
.fail{background:#fde2e1;color:#8a1313}
.warn{background:#fff3cd;color:#6b4e00}
.note{color:#57606a;font-size:.92em}
nav{margin:.8em 0 0}
nav a{margin-right:1em}
header nav a{color:#fff}
figure{margin:.5em 0 1em}
figure svg{max-width:100%;height:auto}
ul{padding-left:1.3em}
li{margin:.25em 0}
details{margin:.6em 0 1em}
summary{cursor:pointer;font-weight:600}
"""


def escape(value: object) -> str:
    return html.escape("" if value is None else str(value))


def page(
    title: str,
    subtitle: Sequence[str],
    sections: Iterable[str],
    links: Sequence[tuple[str, str]] = (),
) -> str:
    """A whole page: a header with the title, lines under it and links to the page's
    sections (anchor, text), then the sections."""
    lines = "".join(f"<p>{escape(line)}</p>" for line in subtitle)
    if links:
        lines += nav(links)
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{STYLE}</style></head>\n<body>\n"
        f"<header><h1>{escape(title)}</h1>{lines}</header>\n<main>\n"
        + "\n".join(sections)
        + "\n</main></body></html>\n"
    )


def section(title: str, *parts: str, anchor: str | None = None) -> str:
    identifier = f' id="{escape(anchor)}"' if anchor else ""
    return f"<section{identifier}><h2>{escape(title)}</h2>\n" + "\n".join(parts) + "</section>"


def paragraph(text: str, css: str | None = None) -> str:
    return f'<p class="{css}">{escape(text)}</p>' if css else f"<p>{escape(text)}</p>"


def bullets(items: Iterable[str]) -> str:
    """A list of plain sentences, each escaped."""
    return "<ul>" + "".join(f"<li>{escape(item)}</li>" for item in items) + "</ul>"


def details(summary: str, *parts: str) -> str:
    """A part the reader opens when they want it (a long listing): no script, the browser
    folds it."""
    return f"<details><summary>{escape(summary)}</summary>\n" + "\n".join(parts) + "</details>"


def nav(links: Sequence[tuple[str, str]]) -> str:
    """Links to sections of the same page, by anchor."""
    return "<nav>" + "".join(f'<a href="#{escape(a)}">{escape(t)}</a>' for a, t in links) + "</nav>"


def verdict(passed: bool, text: str | None = None) -> str:
    """PASSED or FAILED in words (and colour), never an icon a font must draw."""
    word = text or ("PASSED" if passed else "FAILED")
    return f'<span class="verdict {"pass" if passed else "fail"}">{escape(word)}</span>'


def table(
    headers: Sequence[str], rows: Iterable[Sequence[object]], numeric: set[int] = frozenset()
) -> str:
    """A table; cells of the columns in `numeric` are right-aligned, ints get thousands
    separators. A cell given as ('html', markup) is inserted as it is (a verdict)."""

    def cell(index: int, value: object, tag: str) -> str:
        css = ' class="n"' if index in numeric else ""
        if isinstance(value, tuple) and len(value) == 2 and value[0] == "html":
            return f"<{tag}{css}>{value[1]}</{tag}>"
        if isinstance(value, int) and not isinstance(value, bool):
            value = f"{value:,}"
        elif isinstance(value, float):
            value = f"{value:,.4g}" if value < 1 else f"{value:,.1f}"
        return f"<{tag}{css}>{escape(value)}</{tag}>"

    head = "".join(cell(i, h, "th") for i, h in enumerate(headers))
    body = "".join(
        "<tr>" + "".join(cell(i, v, "td") for i, v in enumerate(row)) + "</tr>" for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


@cache
def _pyplot() -> ModuleType:
    """matplotlib, imported when the first chart is drawn: it takes about a second, which
    a run refused before it made a page (a missing key, a missing file) should not pay."""
    import matplotlib

    matplotlib.use("svg")  # no display, no GUI toolkit
    # Text stays text in the SVG (not glyph outlines): smaller, searchable, read by a screen
    # reader.
    matplotlib.rcParams["svg.fonttype"] = "none"
    from matplotlib import pyplot

    return pyplot


def bar_chart(
    labels: Sequence[str],
    values: Sequence[float],
    *,
    title: str,
    unit: str = "%",
    limit: float = 100,
    colors: Sequence[str] | None = None,
) -> str:
    """A horizontal bar chart as an inline SVG figure, each bar labelled with its value;
    colors (one per bar) tell groups of bars apart, e.g. one colour per profile."""
    pyplot = _pyplot()
    height = 0.9 + 0.32 * len(labels)
    figure, axes = pyplot.subplots(figsize=(7.5, height))
    try:
        positions = range(len(labels))
        axes.barh(positions, values, color=list(colors) if colors else "#457b9d")
        axes.set_yticks(list(positions), labels=list(labels))
        axes.invert_yaxis()
        axes.set_xlim(0, limit)
        axes.set_title(title, loc="left", fontsize=11)
        for position, value in zip(positions, values, strict=True):
            axes.text(
                min(value, limit) + limit * 0.01,
                position,
                f"{value:.1f}{unit}",
                va="center",
                fontsize=9,
            )
        for side in ("top", "right"):
            axes.spines[side].set_visible(False)
        figure.tight_layout()
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    finally:
        pyplot.close(figure)
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg") :]  # the page is the document: no XML declaration or doctype
    svg = re.sub(r"<metadata>.*?</metadata>", "", svg, flags=re.DOTALL)
    return f'<figure role="img" aria-label="{escape(title)}">{svg}</figure>'
