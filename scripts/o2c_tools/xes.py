"""Stream XES (IEEE 1849) event logs in and out.

The reader feeds the file to expat in chunks, plain or gzipped, and hands out one
trace at a time, so memory grows with the largest trace and not with the file. It
keeps the attributes directly under each trace and event (nested attributes, log
attributes, globals and classifiers are skipped) with their XES type and raw text.
The writer emits one trace at a time in the same way.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import IO
from xml.parsers import expat
from xml.sax.saxutils import quoteattr

CHUNK_BYTES = 1 << 20
GZIP_MAGIC = b"\x1f\x8b"
ATTRIBUTE_TAGS = frozenset(
    {"string", "date", "int", "float", "boolean", "id", "list", "container"}
)

CONCEPT_NAME = "concept:name"
TIME_TIMESTAMP = "time:timestamp"
ORG_RESOURCE = "org:resource"


class XesFormatError(ValueError):
    """An XES file that is not well-formed XML."""


@dataclass(frozen=True)
class XesAttribute:
    """An attribute as written in the file: its XES type and its value text."""

    type: str
    value: str


@dataclass
class XesEvent:
    """An event with its line in the file and its attributes by key."""

    line: int
    attributes: dict[str, XesAttribute] = field(default_factory=dict)


@dataclass
class XesTrace:
    """A trace with its line in the file, its attributes by key and its events."""

    line: int
    attributes: dict[str, XesAttribute] = field(default_factory=dict)
    events: list[XesEvent] = field(default_factory=list)


def open_maybe_gzip(path: Path) -> IO[bytes]:
    """Open a file for reading bytes, decompressing it when it starts as gzip."""
    with open(path, "rb") as probe:
        magic = probe.read(2)
    if magic == GZIP_MAGIC:
        return gzip.open(path, "rb")
    return open(path, "rb")


class _TraceCollector:
    """Expat callbacks that build traces and queue each one when it ends."""

    def __init__(self, parser: expat.XMLParserType) -> None:
        self.parser = parser
        self.stack: list[str] = []
        self.trace: XesTrace | None = None
        self.event: XesEvent | None = None
        self.finished: list[XesTrace] = []

    def start(self, tag: str, attributes: dict[str, str]) -> None:
        name = tag.rsplit(":", 1)[-1]
        parent = self.stack[-1] if self.stack else None
        self.stack.append(name)
        line = self.parser.CurrentLineNumber
        if name == "trace" and parent == "log":
            self.trace = XesTrace(line)
        elif name == "event" and parent == "trace" and self.trace is not None:
            self.event = XesEvent(line)
        elif name in ATTRIBUTE_TAGS and "key" in attributes:
            value = XesAttribute(name, attributes.get("value", ""))
            if parent == "event" and self.event is not None:
                self.event.attributes.setdefault(attributes["key"], value)
            elif parent == "trace" and self.trace is not None:
                self.trace.attributes.setdefault(attributes["key"], value)

    def end(self, tag: str) -> None:
        name = self.stack.pop()
        parent = self.stack[-1] if self.stack else None
        if name == "event" and parent == "trace" and self.event is not None:
            if self.trace is not None:
                self.trace.events.append(self.event)
            self.event = None
        elif name == "trace" and parent == "log" and self.trace is not None:
            self.finished.append(self.trace)
            self.trace = None


def iter_xes_traces(path: Path) -> Iterator[XesTrace]:
    """Yield the traces of an XES file in file order, reading it in chunks."""
    parser = expat.ParserCreate()
    collector = _TraceCollector(parser)
    parser.StartElementHandler = collector.start
    parser.EndElementHandler = collector.end
    with open_maybe_gzip(path) as stream:
        while True:
            chunk = stream.read(CHUNK_BYTES)
            try:
                parser.Parse(chunk, not chunk)
            except expat.ExpatError as error:
                raise XesFormatError(
                    f"{path}: invalid XML at line {error.lineno}, column "
                    f"{error.offset}: {expat.errors.messages[error.code]}. "
                    "Check that the file is a complete XES log."
                ) from None
            yield from collector.finished
            collector.finished.clear()
            if not chunk:
                break


# Writing.

XES_HEADER = """<?xml version="1.0" encoding="UTF-8"?>
<log xes.version="1849-2016" xes.features="" xmlns="http://www.xes-standard.org/">
  <extension name="Concept" prefix="concept" \
uri="http://www.xes-standard.org/concept.xesext"/>
  <extension name="Time" prefix="time" uri="http://www.xes-standard.org/time.xesext"/>
  <extension name="Organizational" prefix="org" \
uri="http://www.xes-standard.org/org.xesext"/>
  <global scope="trace">
    <string key="concept:name" value="__INVALID__"/>
  </global>
  <global scope="event">
    <string key="concept:name" value="__INVALID__"/>
    <date key="time:timestamp" value="1970-01-01T00:00:00.000+00:00"/>
  </global>
  <classifier name="Activity" keys="concept:name"/>
"""
XES_FOOTER = "</log>\n"

AttributeValue = str | int | float | bool | datetime | date


def format_xes_date(value: datetime | date) -> str:
    """Format a naive UTC datetime (or a date, as midnight UTC) with a +00:00 offset.

    Milliseconds are always written; microseconds only when they are not whole
    milliseconds, so no precision is lost.
    """
    if not isinstance(value, datetime):
        value = datetime(value.year, value.month, value.day)
    if value.tzinfo is not None:
        raise ValueError(f"expected a naive UTC datetime, got {value!r}")
    if value.microsecond % 1000:
        fraction = f"{value.microsecond:06d}"
    else:
        fraction = f"{value.microsecond // 1000:03d}"
    return f"{value:%Y-%m-%dT%H:%M:%S}.{fraction}+00:00"


def _attribute_element(key: str, value: AttributeValue) -> str:
    if isinstance(value, bool):
        tag, text = "boolean", "true" if value else "false"
    elif isinstance(value, int):
        tag, text = "int", str(value)
    elif isinstance(value, float):
        tag, text = "float", repr(value)
    elif isinstance(value, datetime | date):
        tag, text = "date", format_xes_date(value)
    else:
        tag, text = "string", str(value)
    return f"<{tag} key={quoteattr(key)} value={quoteattr(text)}/>"


def _attribute_lines(
    attributes: dict[str, AttributeValue | None], indent: str
) -> Iterator[str]:
    for key, value in attributes.items():
        if value is None or (isinstance(value, float) and value != value):
            continue  # XES omits a missing attribute; NaN is missing too
        yield f"{indent}{_attribute_element(key, value)}\n"


@dataclass
class XesTraceOut:
    """A trace to write: its attributes and the attributes of each event in order."""

    attributes: dict[str, AttributeValue | None]
    events: list[dict[str, AttributeValue | None]]


def write_xes(stream: IO[str], traces: Iterable[XesTraceOut]) -> int:
    """Write traces as an XES log and return the number of traces written."""
    stream.write(XES_HEADER)
    count = 0
    for trace in traces:
        stream.write("  <trace>\n")
        stream.writelines(_attribute_lines(trace.attributes, "    "))
        for event in trace.events:
            stream.write("    <event>\n")
            stream.writelines(_attribute_lines(event, "      "))
            stream.write("    </event>\n")
        stream.write("  </trace>\n")
        count += 1
    stream.write(XES_FOOTER)
    return count
