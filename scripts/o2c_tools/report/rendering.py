"""Render the report model into report.html and report.md with jinja2 templates."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from .model import Report, Tile
from .process_map import ProcessMap, format_duration

LOGGER = logging.getLogger(__name__)

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"
HTML_FILE = "report.html"
MARKDOWN_FILE = "report.md"
# Separator that mart_variants puts between the activities of a sequence.
SEQUENCE_SEPARATOR = " → "


@dataclass(frozen=True)
class RenderedFiles:
    html_path: Path
    markdown_path: Path


def format_value(value: Any, kind: str = "text") -> str:
    """Format one mart value for display; None becomes n/a."""
    if value is None:
        return "n/a"
    if isinstance(value, Decimal):
        value = float(value)
    formats = {
        "int": lambda: f"{int(value):,}",
        "ratio": lambda: f"{value:.1%}",
        "percent": lambda: f"{value:.1f}%",
        "days": lambda: f"{value:.1f} d",
        "hours": lambda: f"{value:.1f} h",
        "hours_as_days": lambda: f"{value / 24:.1f} d",
        "amount": lambda: f"{value:,.0f}",
        "duration": lambda: format_duration(value),
    }
    if kind in formats:
        return formats[kind]()
    if kind == "month" and isinstance(value, date | datetime):
        return value.strftime("%Y-%m")
    if isinstance(value, date | datetime):
        return value.isoformat()
    return str(value)


def format_tile_value(tile: Tile, currency: str) -> str:
    text = format_value(tile.value, tile.kind)
    if tile.kind == "amount" and tile.value is not None and currency:
        return f"{text} {currency}"
    return text


def format_change(tile: Tile) -> str:
    """Format a tile's change over the previous month with its sign."""
    if tile.change is None:
        return ""
    sign = "±"
    if tile.change > 0:
        sign = "+"
    elif tile.change < 0:
        sign = "-"
    return f"{sign}{format_value(abs(tile.change), tile.kind)} on previous month"


def split_sequence(value: str | None) -> list[str]:
    return [] if not value else value.split(SEQUENCE_SEPARATOR)


def markdown_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def template_environment(autoescape: bool) -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATE_DIR),
        autoescape=autoescape,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters["fmt"] = format_value
    environment.filters["tile_value"] = format_tile_value
    environment.filters["change"] = format_change
    environment.filters["sequence"] = split_sequence
    environment.filters["md"] = markdown_cell
    return environment


def render_html(report: Report, maps: list[ProcessMap]) -> str:
    template = template_environment(autoescape=True).get_template("report.html.j2")
    return template.render(
        report=report,
        maps=[(process_map, Markup(process_map.svg)) for process_map in maps],
        chart_svg=lambda chart: Markup(chart.svg) if chart.svg else None,
    )


def render_markdown(report: Report) -> str:
    template = template_environment(autoescape=False).get_template("report.md.j2")
    return template.render(report=report)


def write_report(
    report: Report, maps: list[ProcessMap], out_dir: Path
) -> RenderedFiles:
    """Write report.html and report.md into out_dir, creating it if needed."""
    out_dir.mkdir(parents=True, exist_ok=True)
    html_path = out_dir / HTML_FILE
    markdown_path = out_dir / MARKDOWN_FILE
    html_path.write_text(render_html(report, maps), encoding="utf-8")
    markdown_path.write_text(render_markdown(report), encoding="utf-8")
    LOGGER.info("Wrote %s and %s", html_path, markdown_path)
    return RenderedFiles(html_path, markdown_path)
