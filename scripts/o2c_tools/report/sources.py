"""The data source line of the report's footer, with citations of public logs."""

from __future__ import annotations

from pathlib import PurePath

from . import queries
from .warehouse import Warehouse

# Citations of the public event logs that the project is tested on, keyed by file
# name. Their terms of use (4TU.ResearchData) ask every report on them to cite them.
LOG_CITATIONS: dict[str, str] = {
    "running-example": (
        "Running example of W.M.P. van der Aalst, Process Mining: Data Science in "
        "Action, Springer."
    ),
    "roadtraffic100traces": (
        "Road Traffic Fine Management Process (first 100 cases): M. de Leoni and "
        "F. Mannhardt, 4TU.ResearchData, 2015."
    ),
    "16_bpic2019_1t_per_variant": (
        "BPI Challenge 2019 (one trace per variant): B.F. van Dongen, "
        "4TU.ResearchData, 2019."
    ),
}


def citation_for(source_file: str) -> str | None:
    """Return the citation of a known public log, matched on the file name's stem."""
    name = PurePath(source_file).name
    for stem, citation in LOG_CITATIONS.items():
        if name == stem or name.startswith(f"{stem}."):
            return citation
    return None


def describe_data_source(warehouse: Warehouse, source_note: str | None) -> list[str]:
    """Return the lines of the footer that name the data behind the report."""
    lines: list[str] = []
    imported = queries.query_imported_source(warehouse)
    if imported is not None:
        source_file = str(imported["source_file"])
        lines.append(
            f"Event log imported from {PurePath(source_file).name} "
            f"({imported['source_format']}, {imported['case_count']:,} cases, "
            f"{imported['event_count']:,} events)."
        )
        citation = citation_for(source_file)
        if citation:
            lines.append(f"Source: {citation}")
    else:
        as_of_at = queries.query_as_of_at(warehouse)
        lines.append(
            "Salesforce Billing export"
            + (f", figures as of {as_of_at} UTC." if as_of_at else ".")
        )
    if source_note:
        lines.append(source_note)
    lines.append(f"Warehouse: {warehouse.path}")
    return lines
