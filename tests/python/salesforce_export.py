"""Build small Salesforce export folders for tests, in the format the project reads."""

from __future__ import annotations

import csv
from pathlib import Path

from o2c_tools import schema

# Header of each object's file: the generator's, so a test export has the same layout
# as the bundled sample.
OBJECT_COLUMNS: dict[str, tuple[str, ...]] = schema.OBJECT_COLUMNS

_SUFFIX_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"


def salesforce_id18(id15: str) -> str:
    """Return the 18-character form of a 15-character Salesforce Id."""
    if len(id15) != 15:
        raise ValueError(f"expected a 15-character Salesforce Id, got {id15!r}")
    suffix = ""
    for start in range(0, 15, 5):
        bits = sum(
            1 << i
            for i, char in enumerate(id15[start : start + 5])
            if "A" <= char <= "Z"
        )
        suffix += _SUFFIX_ALPHABET[bits]
    return id15 + suffix


def write_export(folder: Path, rows: dict[str, list[dict[str, str]]]) -> Path:
    """Write one CSV per object into folder; objects not in rows get a header only.

    Values not given for a row are written empty (null). Unknown column names raise.
    """
    folder.mkdir(parents=True, exist_ok=True)
    for object_name, columns in OBJECT_COLUMNS.items():
        object_rows = rows.get(object_name, [])
        with (folder / f"{object_name}.csv").open(
            "w", newline="", encoding="utf-8"
        ) as handle:
            writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n")
            writer.writeheader()
            for row in object_rows:
                unknown = set(row) - set(columns)
                if unknown:
                    raise ValueError(
                        f"{object_name}: unknown columns {sorted(unknown)}"
                    )
                writer.writerow(row)
    return folder
