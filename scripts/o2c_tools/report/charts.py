"""Charts drawn with matplotlib as inline SVG that needs no font or file outside it."""

from __future__ import annotations

import html
import io
import re
from collections.abc import Sequence
from datetime import date

import matplotlib
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, PercentFormatter

# Colour-blind-safe palette (Okabe and Ito), one colour per series in order.
PALETTE = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
    "#F0E442",
    "#000000",
)
FIGURE_SIZE_INCHES = (6.4, 3.0)

# Text stays text (svg.fonttype none), so the page's own font draws it and no glyph
# outlines or font files are embedded. metadata=None drops the creation date, so the
# same data gives the same SVG.
SVG_PARAMS = {
    "svg.fonttype": "none",
    "font.family": "sans-serif",
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
}

XML_PROLOG = re.compile(r"^.*?(?=<svg)", re.DOTALL)
# The RDF metadata block names outside URLs (licence, creator); the page needs none.
METADATA_BLOCK = re.compile(r"<metadata>.*?</metadata>\s*", re.DOTALL)


def figure_to_svg(figure: Figure, chart_id: str, title: str) -> str:
    """Serialise a figure as an SVG element to paste into HTML."""
    buffer = io.StringIO()
    # Every chart gets its own salt, because matplotlib derives the ids of clip
    # paths and markers from it and ids must stay unique across one HTML page.
    with matplotlib.rc_context({**SVG_PARAMS, "svg.hashsalt": chart_id}):
        figure.savefig(
            buffer, format="svg", bbox_inches="tight", metadata={"Date": None}
        )
    svg = XML_PROLOG.sub("", buffer.getvalue(), count=1)
    svg = METADATA_BLOCK.sub("", svg, count=1)
    svg = prefix_unreferenced_ids(svg, chart_id)
    # Width and height come from the viewBox, so the chart scales with the page.
    svg = re.sub(r'<svg([^>]*?) width="[^"]*" height="[^"]*"', r"<svg\1", svg, count=1)
    return svg.replace(
        "<svg ",
        f'<svg class="chart" id="{chart_id}" role="img" '
        f'aria-label="{html.escape(title)}" ',
        1,
    )


def prefix_unreferenced_ids(svg: str, prefix: str) -> str:
    """Prefix the element ids that nothing references (figure_1, axes_1, ...).

    matplotlib gives these the same names in every chart, and ids must be unique
    in one HTML page. Referenced ids (clip paths, markers) are salted already.
    """
    referenced = set(re.findall(r"#([A-Za-z_][\w.-]*)", svg))

    def rename(match: re.Match[str]) -> str:
        name = match.group(1)
        return match.group(0) if name in referenced else f' id="{prefix}-{name}"'

    return re.sub(r' id="([^"]+)"', rename, svg)


def new_figure() -> Figure:
    with matplotlib.rc_context(SVG_PARAMS):
        figure = Figure(figsize=FIGURE_SIZE_INCHES, layout="constrained")
        figure.add_subplot()
    return figure


def value_formatter(kind: str) -> FuncFormatter | PercentFormatter:
    if kind == "ratio":
        # decimals=None lets matplotlib show the decimals that tell close ticks apart.
        return PercentFormatter(xmax=1.0, decimals=None)
    return FuncFormatter(lambda value, _: f"{value:,.0f}")


def line_chart(
    chart_id: str,
    title: str,
    series: dict[str, Sequence[tuple[date, float | None]]],
    y_label: str,
    kind: str = "number",
) -> str | None:
    """Draw one line per series over months; return None when no point has a value."""
    drawable = {
        name: [(month, value) for month, value in points if value is not None]
        for name, points in series.items()
    }
    drawable = {name: points for name, points in drawable.items() if points}
    if not drawable:
        return None
    with matplotlib.rc_context(SVG_PARAMS):
        figure = new_figure()
        axes = figure.axes[0]
        for index, (name, points) in enumerate(drawable.items()):
            months = [month for month, _ in points]
            values = [float(value) for _, value in points]
            axes.plot(
                months,
                values,
                marker="o",
                markersize=3,
                linewidth=1.6,
                color=PALETTE[index % len(PALETTE)],
                label=name,
            )
        axes.set_ylabel(y_label)
        axes.yaxis.set_major_formatter(value_formatter(kind))
        axes.grid(axis="y", color="#dddddd", linewidth=0.6)
        axes.xaxis.set_major_formatter(
            matplotlib.dates.DateFormatter("%Y-%m")  # type: ignore[attr-defined]
        )
        figure.autofmt_xdate(rotation=45)
        if len(drawable) > 1:
            axes.legend(frameon=False, fontsize=8, loc="best")
        return figure_to_svg(figure, chart_id, title)


def bar_chart(
    chart_id: str,
    title: str,
    categories: Sequence[str],
    series: dict[str, Sequence[float | None]],
    y_label: str,
    kind: str = "number",
    horizontal: bool = False,
) -> str | None:
    """Draw grouped bars, one group per category; return None when all are empty."""
    if not categories or all(
        value is None for values in series.values() for value in values
    ):
        return None
    with matplotlib.rc_context(SVG_PARAMS):
        figure = new_figure()
        axes = figure.axes[0]
        group_width = 0.8
        bar_width = group_width / max(len(series), 1)
        positions = range(len(categories))
        for index, (name, values) in enumerate(series.items()):
            offsets = [
                position - group_width / 2 + bar_width * (index + 0.5)
                for position in positions
            ]
            heights = [0.0 if value is None else float(value) for value in values]
            draw = axes.barh if horizontal else axes.bar
            draw(
                offsets,
                heights,
                bar_width * 0.95,
                color=PALETTE[index % len(PALETTE)],
                label=name,
            )
        value_axis = axes.xaxis if horizontal else axes.yaxis
        value_axis.set_major_formatter(value_formatter(kind))
        # With every bar at zero matplotlib centres the axis on 0 and labels -0; a
        # fixed 0 to 1 range shows the zeros plainly.
        if all(not value for values in series.values() for value in values):
            (axes.set_xlim if horizontal else axes.set_ylim)(0, 1)
        if horizontal:
            axes.set_yticks(list(positions), list(categories))
            axes.invert_yaxis()
            axes.set_xlabel(y_label)
            axes.grid(axis="x", color="#dddddd", linewidth=0.6)
        else:
            axes.set_xticks(list(positions), list(categories))
            axes.set_ylabel(y_label)
            axes.grid(axis="y", color="#dddddd", linewidth=0.6)
        axes.set_axisbelow(True)
        if len(series) > 1:
            axes.legend(frameon=False, fontsize=8, loc="best")
        return figure_to_svg(figure, chart_id, title)
