"""Dataclasses of the report: filters, tiles, tables, charts, findings and sections."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

# Region value of the rows that the finance marts aggregate over all regions.
ALL_REGIONS = "All regions"


@dataclass(frozen=True)
class ReportFilters:
    """Options that narrow the report: a cut-off month and one region."""

    as_of: date | None = None
    region: str | None = None

    @property
    def region_scope(self) -> str:
        """Region value to select in marts that have an all-regions row."""
        return self.region or ALL_REGIONS

    @property
    def as_of_month(self) -> date | None:
        """First day of the as-of month: months starting on or before it are kept."""
        return self.as_of.replace(day=1) if self.as_of else None


@dataclass(frozen=True)
class Column:
    """A table column: the row key, its heading, and how to format its values.

    kind is one of text, int, ratio (shown as a percentage), percent, days, hours,
    hours_as_days, duration (minutes, hours or days), amount, month, date,
    sequence (activities joined by an arrow).
    """

    key: str
    label: str
    kind: str = "text"


@dataclass
class Table:
    """Rows of one mart selection with the columns to show."""

    caption: str
    columns: list[Column]
    rows: list[dict[str, Any]]
    empty_message: str = "No rows to show."


@dataclass(frozen=True)
class Chart:
    """An inline SVG chart and the text that describes it."""

    chart_id: str
    title: str
    svg: str | None
    empty_message: str = "No data to draw for the selected filters."


@dataclass(frozen=True)
class Tile:
    """A headline figure with the month and mart it comes from."""

    key: str
    label: str
    value: float | None
    kind: str
    period: date | None
    source: str
    change: float | None = None
    note: str = ""


@dataclass(frozen=True)
class Finding:
    """One generated finding: a sentence with its figure and a recommended action."""

    key: str
    title: str
    sentence: str
    action: str
    figure: float | None = None


@dataclass
class Section:
    """One numbered section of the report."""

    number: int
    key: str
    title: str
    intro: str = ""
    missing: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    html_blocks: list[str] = field(default_factory=list)

    @property
    def available(self) -> bool:
        return not self.missing


@dataclass
class Report:
    """Everything the templates render."""

    title: str
    generated_for: str
    filters: ReportFilters
    warehouse_path: str
    as_of_at: str | None
    currency: str
    tiles: list[Tile]
    sections: list[Section]
    findings: list[Finding]
    data_source: list[str]
    scope_notes: list[str]
