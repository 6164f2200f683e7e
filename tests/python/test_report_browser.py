"""Open the rendered report in headless Chromium and check what a reader sees.

Chromium is Debian's package (scripts/install_browser.sh installs it). The test
drives it over the DevTools protocol on a pipe (--remote-debugging-pipe), so no
debugging port is opened, and records every request the page makes.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import json
import os
import queue
import shutil
import subprocess
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from o2c_tools.report.model import ReportFilters
from o2c_tools.report.rendering import write_report
from o2c_tools.report.sections import build_report
from o2c_tools.report.warehouse import Warehouse

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS_VARIABLE = "O2C_TEST_ARTIFACTS"
# Generous limits for a 2-core machine: Chromium starts in about 2 s there.
COMMAND_TIMEOUT_SECONDS = 30
LOAD_TIMEOUT_SECONDS = 30
# A laptop screen in CSS pixels.
VIEWPORT = {"width": 1366, "height": 768}
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--remote-debugging-pipe",
]


def high_pipe() -> tuple[int, int]:
    """Return a pipe whose descriptors are above 4.

    The child's dup2 onto 3 and 4 must not overwrite a pipe end it still needs.
    """
    ends = []
    for end in os.pipe():
        ends.append(fcntl.fcntl(end, fcntl.F_DUPFD_CLOEXEC, 10))
        os.close(end)
    return ends[0], ends[1]


class DevToolsPipe:
    """A minimal DevTools protocol client over Chromium's debugging pipe.

    Chromium reads commands from file descriptor 3 and writes replies and events
    to file descriptor 4, each message JSON terminated by a NUL byte.
    """

    def __init__(self, user_data_dir: Path) -> None:
        to_browser_read, self.to_browser = high_pipe()
        self.from_browser, from_browser_write = high_pipe()
        # The child gets the pipe ends as fds 3 and 4, the numbers Chromium expects.
        self.process = subprocess.Popen(
            [
                str(CHROMIUM),
                *CHROMIUM_FLAGS,
                f"--user-data-dir={user_data_dir}",
                "about:blank",
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            pass_fds=(3, 4),
            preexec_fn=lambda: (
                os.dup2(to_browser_read, 3),
                os.dup2(from_browser_write, 4),
            ),
        )
        os.close(to_browser_read)
        os.close(from_browser_write)
        self.next_id = 0
        self.replies: dict[int, dict[str, Any]] = {}
        self.events: queue.Queue[dict[str, Any]] = queue.Queue()
        self.lock = threading.Condition()
        self.reader = threading.Thread(target=self.read_messages, daemon=True)
        self.reader.start()

    def read_messages(self) -> None:
        buffer = b""
        while True:
            chunk = os.read(self.from_browser, 65536)
            if not chunk:
                return
            buffer += chunk
            while b"\0" in buffer:
                raw, buffer = buffer.split(b"\0", 1)
                message = json.loads(raw)
                if "id" in message:
                    with self.lock:
                        self.replies[message["id"]] = message
                        self.lock.notify_all()
                else:
                    self.events.put(message)

    def send(
        self, method: str, params: dict | None = None, session_id: str | None = None
    ) -> dict[str, Any]:
        """Send one command and return its result; raise on a protocol error."""
        self.next_id += 1
        message: dict[str, Any] = {"id": self.next_id, "method": method}
        message["params"] = params or {}
        if session_id:
            message["sessionId"] = session_id
        os.write(self.to_browser, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + COMMAND_TIMEOUT_SECONDS
        with self.lock:
            while self.next_id not in self.replies:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError(f"DevTools command {method} timed out")
                self.lock.wait(remaining)
            reply = self.replies.pop(self.next_id)
        if "error" in reply:
            raise RuntimeError(f"DevTools command {method} failed: {reply['error']}")
        return reply.get("result", {})

    def close(self) -> None:
        with contextlib.suppress(OSError, TimeoutError, RuntimeError):
            self.send("Browser.close")
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.close(self.to_browser)
        os.close(self.from_browser)


def artifacts_dir() -> Path:
    folder = Path(os.environ.get(ARTIFACTS_VARIABLE, "tmp"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="module")
def page_check(sample_warehouse: Path, tmp_path_factory: pytest.TempPathFactory):
    """Render the sample's report, load it in Chromium and collect what happened."""
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} not found; run scripts/install_browser.sh (as root) first.",
            pytrace=False,
        )
    out_dir = tmp_path_factory.mktemp("browser_report")
    warehouse = Warehouse(sample_warehouse)
    try:
        report, maps = build_report(warehouse, ReportFilters())
    finally:
        warehouse.close()
    html_path = write_report(report, maps, out_dir).html_path
    result = inspect_page(html_path, artifacts_dir())
    result["chart_count"] = sum(len(section.charts) for section in report.sections)
    return result


def inspect_page(html_path: Path, artifacts: Path) -> dict[str, Any]:
    """Load a local HTML file in Chromium; record requests, errors and SVG sizes.

    Saves a screenshot of the viewport and of the full page, and the printed PDF,
    into artifacts.
    """
    url = html_path.resolve().as_uri()
    user_data_dir = Path(tempfile.mkdtemp(prefix="o2c-chromium-"))
    browser = DevToolsPipe(user_data_dir)
    try:
        # A new blank tab, so the browser's start page makes no request in it.
        target_id = browser.send("Target.createTarget", {"url": "about:blank"})[
            "targetId"
        ]
        session = browser.send(
            "Target.attachToTarget", {"targetId": target_id, "flatten": True}
        )["sessionId"]
        for domain in ("Network", "Runtime", "Log", "Page"):
            browser.send(f"{domain}.enable", session_id=session)
        # Block every remote scheme too, so a request that slips in fails offline
        # instead of reaching out; it is still recorded.
        browser.send(
            "Network.setBlockedURLs",
            {"urls": ["http://*", "https://*", "ws://*", "wss://*", "ftp://*"]},
            session_id=session,
        )
        browser.send(
            "Emulation.setDeviceMetricsOverride",
            {**VIEWPORT, "deviceScaleFactor": 1, "mobile": False},
            session_id=session,
        )
        browser.send("Page.navigate", {"url": url}, session_id=session)

        requests: list[str] = []
        console_errors: list[str] = []
        deadline = time.monotonic() + LOAD_TIMEOUT_SECONDS
        loaded = False
        while time.monotonic() < deadline and not loaded:
            try:
                event = browser.events.get(timeout=1)
            except queue.Empty:
                continue
            method = event.get("method")
            params = event.get("params", {})
            if method == "Network.requestWillBeSent":
                requests.append(params["request"]["url"])
            elif method == "Runtime.consoleAPICalled" and params["type"] == "error":
                console_errors.append(json.dumps(params["args"]))
            elif method == "Runtime.exceptionThrown":
                console_errors.append(json.dumps(params["exceptionDetails"]))
            elif method == "Log.entryAdded" and params["entry"]["level"] == "error":
                console_errors.append(params["entry"]["text"])
            elif method == "Page.loadEventFired":
                loaded = True
        # Events after the load (late requests, errors) still arrive; drain them.
        time.sleep(0.5)
        while not browser.events.empty():
            event = browser.events.get()
            params = event.get("params", {})
            if event.get("method") == "Network.requestWillBeSent":
                requests.append(params["request"]["url"])
            elif event.get("method") == "Log.entryAdded" and (
                params["entry"]["level"] == "error"
            ):
                console_errors.append(params["entry"]["text"])

        sizes_script = """
        JSON.stringify({
          maps: [...document.querySelectorAll('svg.process-map')].map(e => {
            const r = e.getBoundingClientRect();
            return {id: e.id, width: r.width, height: r.height};
          }),
          charts: [...document.querySelectorAll('svg.chart')].map(e => {
            const r = e.getBoundingClientRect();
            return {id: e.id, width: r.width, height: r.height};
          }),
          chartFigures: document.querySelectorAll('figure.chart-figure').length,
          sections: [...document.querySelectorAll('main > section')].map(e => e.id),
        })
        """
        evaluated = browser.send(
            "Runtime.evaluate",
            {"expression": sizes_script, "returnByValue": True},
            session_id=session,
        )
        layout = json.loads(evaluated["result"]["value"])

        viewport_png = browser.send(
            "Page.captureScreenshot", {"format": "png"}, session_id=session
        )
        (artifacts / "report_viewport.png").write_bytes(
            base64.b64decode(viewport_png["data"])
        )
        metrics = browser.send("Page.getLayoutMetrics", session_id=session)
        content = metrics["cssContentSize"]
        full_png = browser.send(
            "Page.captureScreenshot",
            {
                "format": "png",
                "captureBeyondViewport": True,
                "clip": {
                    "x": 0,
                    "y": 0,
                    "width": content["width"],
                    "height": content["height"],
                    "scale": 1,
                },
            },
            session_id=session,
        )
        screenshot = artifacts / "report_full_page.png"
        screenshot.write_bytes(base64.b64decode(full_png["data"]))
        pdf = browser.send(
            "Page.printToPDF", {"printBackground": False}, session_id=session
        )
        (artifacts / "report_print.pdf").write_bytes(base64.b64decode(pdf["data"]))
    finally:
        browser.close()
        shutil.rmtree(user_data_dir, ignore_errors=True)

    return {
        "url": url,
        "loaded": loaded,
        "requests": requests,
        "console_errors": console_errors,
        "layout": layout,
        "screenshot": screenshot,
    }


def test_page_loads(page_check: dict) -> None:
    assert page_check["loaded"]


def test_no_request_leaves_file(page_check: dict) -> None:
    outside = [
        url
        for url in page_check["requests"]
        if url != page_check["url"] and not url.startswith("data:")
    ]
    assert outside == []


def test_no_console_errors(page_check: dict) -> None:
    assert page_check["console_errors"] == []


def test_all_sections_present(page_check: dict) -> None:
    assert len(page_check["layout"]["sections"]) == 10


def test_process_map_drawn(page_check: dict) -> None:
    visible = [
        drawn
        for drawn in page_check["layout"]["maps"]
        if drawn["width"] > 0 and drawn["height"] > 0
    ]
    assert len(visible) == 1


def test_every_chart_drawn(page_check: dict) -> None:
    charts = page_check["layout"]["charts"]
    assert len(charts) == page_check["chart_count"]
    for chart in charts:
        assert chart["width"] > 0, chart["id"]
        assert chart["height"] > 0, chart["id"]


def test_screenshot_saved(page_check: dict) -> None:
    assert page_check["screenshot"].stat().st_size > 10_000
