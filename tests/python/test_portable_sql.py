"""Fail when a model, test or shared macro contains SQL that only DuckDB accepts.

The check reads the SQL files, masks what is not plain SQL text (Jinja tags and
comments, SQL comments, string literals) and the bodies of adapter-specific macro
variants (duckdb__x, postgres__x, ...), and searches the rest for constructs that
PostgreSQL or Spark reject or read differently. SQL that Jinja strings assemble inside
macros is not checked here: the dbt builds on PostgreSQL and Spark catch that.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

PROJECT_DIR = Path(__file__).resolve().parents[2]
SCANNED_FOLDERS = ("models", "macros", "tests", "analyses")

# Adapter prefixes of dispatched macro variants, whose bodies may use their dialect.
ADAPTER_PREFIXES = (
    "default",
    "duckdb",
    "postgres",
    "spark",
    "databricks",
    "snowflake",
    "bigquery",
    "redshift",
    "trino",
)

# (pattern, what to use instead). Patterns run on lower-cased, masked SQL.
NON_PORTABLE = [
    (r"::", "cast(x as type): PostgreSQL and DuckDB only"),
    (r"\bqualify\b", "a window in a CTE and a where clause: no qualify in PostgreSQL"),
    (r"\bexclude\s*\(", "list the columns: select * exclude is DuckDB only"),
    (r"\bgroup\s+by\s+all\b", "name the group-by columns"),
    (r"\border\s+by\s+all\b", "name the order-by columns"),
    (r"\bunion\s+(all\s+)?by\s+name\b", "union columns in the same order"),
    (r"\blist_\w+\s*\(", "a dispatched macro: list functions are DuckDB only"),
    (r"\blist\s*\(", "a dispatched macro: the list aggregate is DuckDB only"),
    (r"\bregexp_matches\s*\(", "regexp_like() macro"),
    (r"\bregexp_extract\s*\(", "a dispatched macro: PostgreSQL has no regexp_extract"),
    (r"\bepoch_ms\s*\(|\bepoch\s*\(", "timestamp_diff_seconds() macro"),
    (r"\bextract\s*\(\s*epoch\b", "timestamp_diff_seconds() macro: Spark has no epoch"),
    (r"(?<![.\w])try_cast\s*\(", "try_cast() macro: PostgreSQL has no try_cast"),
    (r"\bstrptime\s*\(|\bstrftime\s*\(", "a dispatched macro for date parsing"),
    (r"\bread_(csv|parquet|json)\w*\s*\(", "a source table loaded before dbt runs"),
    (r"\bfrom\s+'[^']*'", "a source table: reading a file path is DuckDB only"),
    (r"(?<![.\w])date_?diff\s*\(", "dbt.datediff() or timestamp_diff_seconds()"),
    (r"(?<![.\w])date_add\s*\(", "dbt.dateadd()"),
    (r"\binterval\b", "dbt.dateadd(): interval literals differ between engines"),
    (r"(?<![.\w])string_agg\s*\(|(?<![.\w])listagg\s*\(", "ordered_string_agg() macro"),
    (r"\bmedian\s*\(|\bquantile\w*\s*\(", "percentile_cont() macro"),
    (r"\b(arg_max|arg_min|max_by|min_by)\s*\(", "a window with row_number()"),
    (r"\bcount_if\s*\(", "sum(case when ... then 1 else 0 end)"),
    (r"\bany_value\s*\(", "min() or max(): PostgreSQL 15 has no any_value"),
    (r"\b(ifnull|nvl)\s*\(", "coalesce()"),
    (r"\bstrpos\s*\(", "dbt.position()"),
    (r"\b(starts_with|ends_with)\s*\(", "like 'prefix%'"),
    (r"\b(len|strlen)\s*\(", "length()"),
    (r"\btoday\s*\(", "the as-of date: no result may depend on the wall clock"),
    (r"\bgenerate_series\s*\(", "a date spine built from a model or seed"),
    (r"\bunnest\s*\(", "a dispatched macro: Spark has explode, not unnest"),
    (r"\bdistinct\s+on\b", "row_number() in a window: Spark has no distinct on"),
    (r"\bcolumns\s*\(", "list the columns: columns() is DuckDB only"),
    (r"\b(un)?pivot\b", "case expressions: pivot syntax differs between engines"),
    (
        r"\bas\s+varchar\b(?!\s*\()",
        "dbt.type_string(): Spark rejects varchar without a length",
    ),
    (r"\bas\s+(text|string)\b", "dbt.type_string()"),
    (
        r"\bas\s+double\b(?!\s+precision)",
        "a dispatched type macro: PostgreSQL has no double",
    ),
    (
        r"\bas\s+float\b",
        "a dispatched type macro: float is 4 bytes in DuckDB and Spark",
    ),
    (r"\b(hugeint|ubigint|uinteger|utinyint|usmallint)\b", "a signed standard type"),
    (
        r'"',
        'unquoted names or adapter.quote(): Spark reads "x" as a string',
    ),
]

_VARIANT_BLOCK = re.compile(
    r"{%-?\s*macro\s+(?:"
    + "|".join(ADAPTER_PREFIXES)
    + r")__\w+.*?{%-?\s*endmacro\s*-?%}",
    re.DOTALL,
)
_MASKED = [
    re.compile(r"{#.*?#}", re.DOTALL),
    re.compile(r"{{.*?}}", re.DOTALL),
    re.compile(r"{%.*?%}", re.DOTALL),
    re.compile(r"--[^\n]*"),
    re.compile(r"/\*.*?\*/", re.DOTALL),
]
# A string literal keeps its quotes, so a pattern on the word before it still matches.
_STRING_LITERAL = re.compile(r"'(?:[^']|'')*'")


def _blank(match: re.Match[str]) -> str:
    """Replace a match with spaces, keeping its newlines so line numbers hold."""
    return re.sub(r"[^\n]", " ", match.group(0))


def mask_sql(text: str) -> str:
    """Return the plain SQL text of a file with everything else blanked out."""
    text = _VARIANT_BLOCK.sub(_blank, text)
    for pattern in _MASKED:
        text = pattern.sub(_blank, text)
    return _STRING_LITERAL.sub(lambda m: "'" + _blank(m)[1:-1] + "'", text)


def _doubled_quotes(text: str) -> list[tuple[int, str, str]]:
    """Find string literals with a doubled quote ('it''s'), which Spark reads as two."""
    for pattern in (_VARIANT_BLOCK, *_MASKED):
        text = pattern.sub(_blank, text)
    return [
        (
            text.count("\n", 0, match.start()) + 1,
            match.group(0),
            "text without an apostrophe, or dbt.escape_single_quotes() in Jinja",
        )
        for match in _STRING_LITERAL.finditer(text)
        if "''" in match.group(0)[1:-1]
    ]


def find_non_portable(text: str) -> list[tuple[int, str, str]]:
    """Return (line number, matched text, advice) for each non-portable construct."""
    masked = mask_sql(text).lower()
    findings = _doubled_quotes(text)
    for pattern, advice in NON_PORTABLE:
        for match in re.finditer(pattern, masked):
            line_number = masked.count("\n", 0, match.start()) + 1
            findings.append((line_number, match.group(0), advice))
    return sorted(findings)


def _sql_files() -> list[Path]:
    files = []
    for folder in SCANNED_FOLDERS:
        files.extend(sorted((PROJECT_DIR / folder).rglob("*.sql")))
    return files


@pytest.mark.parametrize(
    "path", _sql_files(), ids=lambda path: str(path.relative_to(PROJECT_DIR))
)
def test_sql_file_is_portable(path: Path) -> None:
    findings = find_non_portable(path.read_text(encoding="utf-8"))
    report = "\n".join(
        f"{path.relative_to(PROJECT_DIR)}:{line}: {found!r}: use {advice}"
        for line, found, advice in findings
    )
    assert not findings, "DuckDB-only SQL outside a dispatched macro:\n" + report


@pytest.mark.parametrize(
    ("sql", "expected"),
    [
        ("select amount::integer from t", "::"),
        ("select * from t qualify row_number() over () = 1", "qualify"),
        ("select * exclude (a) from t", "exclude ("),
        ("select a, count(*) from t group by all", "group by all"),
        ("select try_cast(a as date) from t", "try_cast("),
        ("select epoch_ms(a) from t", "epoch_ms("),
        ("select regexp_matches(a, 'x') from t", "regexp_matches("),
        ("select list_sort(a) from t", "list_sort("),
        ("select * from read_csv('x.csv')", "read_csv("),
        ("select strptime(a, '%Y') from t", "strptime("),
        ("select cast(a as varchar) from t", "as varchar"),
        ("select cast(a as double) from t", "as double"),
        ('select "Name" from t', '"'),
        ("select 'the case''s event' from t", "'the case''s event'"),
    ],
)
def test_scanner_finds_duckdb_syntax(sql: str, expected: str) -> None:
    found = [match for _, match, _ in find_non_portable(sql)]
    assert expected in found


@pytest.mark.parametrize(
    "sql",
    [
        "select {{ try_cast('a', 'date') }} from t",
        "select 'qualify :: exclude (' as text_value from t",
        "-- group by all\nselect a from t",
        "{% macro duckdb__x() %}select a::int{% endmacro %}",
        "select cast(a as double precision), cast(b as varchar(10)) from t",
        "select {{ dbt.datediff('a', 'b', 'day') }} from t",
    ],
)
def test_scanner_ignores_jinja_comments_and_variants(sql: str) -> None:
    assert find_non_portable(sql) == []
