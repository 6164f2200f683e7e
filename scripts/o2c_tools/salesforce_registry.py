"""Registry of the Salesforce objects and fields that the dbt project reads.

The registry itself is the dbt macro salesforce_objects() in
macros/salesforce/salesforce_objects.sql. This module renders that macro with Jinja,
so Python and dbt read one definition.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import jinja2

REGISTRY_MACRO = (
    Path(__file__).resolve().parents[2]
    / "macros"
    / "salesforce"
    / "salesforce_objects.sql"
)


@dataclass(frozen=True)
class SalesforceField:
    """One registered field: its API name and whether the file may lack it."""

    api_name: str
    optional_column: bool

    @property
    def raw_column(self) -> str:
        """Column of the raw table: the API name in lower case."""
        return self.api_name.lower()


@dataclass(frozen=True)
class SalesforceObject:
    """One registered object: its API name, whether it is optional, and its fields."""

    api_name: str
    optional: bool
    fields: tuple[SalesforceField, ...]


class _ReturnValue:
    """Store the value that dbt's return() hands back from a macro."""

    def __init__(self) -> None:
        self.value: object = None

    def __call__(self, value: object) -> str:
        self.value = value
        return ""


def load_registry(macro_path: Path = REGISTRY_MACRO) -> list[SalesforceObject]:
    """Render salesforce_objects() from the macro file and return its objects."""
    source = macro_path.read_text(encoding="utf-8")
    captured = _ReturnValue()
    environment = jinja2.Environment(extensions=["jinja2.ext.do"])
    environment.globals["return"] = captured
    environment.from_string(source + "{{ salesforce_objects() }}").render()
    if not isinstance(captured.value, list) or not captured.value:
        raise ValueError(
            f"salesforce_objects() in {macro_path} returned no list of objects; "
            "check that the macro still ends with {{ return(objects) }}"
        )
    return [
        SalesforceObject(
            api_name=entry["name"],
            optional=bool(entry.get("optional")),
            fields=tuple(
                SalesforceField(
                    api_name=field["api"],
                    optional_column=bool(field.get("optional_column")),
                )
                for field in entry["fields"]
            ),
        )
        for entry in captured.value
    ]


def fivetran_name(api_name: str) -> str:
    """Return Fivetran's snake-case name of an API name (CreatedDate -> created_date).

    The same rule as the macro salesforce_fivetran_name.
    """
    snake = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", api_name).lower()
    return re.sub(r"_+", "_", snake)
