"""`docgen serve` in a real browser: an open page reloads by itself after an edit, keeps its scroll
position, and shows a build error in an overlay (as text) until the file is fixed."""

from __future__ import annotations

import re
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By

import browser_harness as harness


class ServeProcess:
    """`docgen serve --port 0` in a copy of the guide's content; stopped with SIGINT."""

    def __init__(self, folder: Path):
        self.process = subprocess.Popen(
            [str(harness.docgen_binary()), "serve", "--content", "Content", "--port", "0"],
            cwd=folder,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.lines: list[str] = []
        self.url: str | None = None
        started = threading.Event()

        def read() -> None:
            for line in self.process.stdout:
                self.lines.append(line)
                match = re.search(r"Serving (http://127\.0\.0\.1:\d+/)", line)
                if match and self.url is None:
                    self.url = match.group(1)
                    started.set()
            started.set()

        threading.Thread(target=read, name="docgen-serve-output", daemon=True).start()
        if not started.wait(60) or self.url is None:
            self.stop()
            raise harness.HarnessError("docgen serve did not print its URL:\n" + "".join(self.lines))

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)


@pytest.fixture
def served_guide():
    folder = Path(tempfile.mkdtemp(prefix="docgen-serve-browser-"))
    shutil.copytree(harness.REPO_ROOT / "Content", folder / "Content")
    server = ServeProcess(folder)
    try:
        yield folder, server
    finally:
        server.stop()
        shutil.rmtree(folder, ignore_errors=True)


def _wait_for(driver, script: str, what: str, seconds: float = 5.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            value = driver.execute_script(script)
        except Exception:  # the page is being replaced by the reload
            value = None
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"{what} did not happen within {seconds} s")


def _longest_markdown_page(content: Path) -> Path:
    pages = [page for page in content.rglob("*.md")]
    return max(pages, key=lambda page: (page.stat().st_size, str(page)))


def test_an_open_page_reloads_after_an_edit_and_keeps_its_place(driver, served_guide):
    folder, server = served_guide
    source = _longest_markdown_page(folder / "Content")
    relative = source.relative_to(folder / "Content").with_suffix(".html").as_posix()
    try:
        harness.load(driver, server.url + relative)
        # Wait until the page is listening for rebuilds (the events stream has delivered its first state).
        _wait_for(
            driver,
            "return performance.getEntriesByType('resource').some(e => e.name.endsWith('/__docgen/live.js'))",
            "loading the live-reload script",
        )
        time.sleep(0.5)
        # The browser's own scroll restoration is turned off for this page, so only docgen's script can
        # bring the reader back.
        driver.execute_script("history.scrollRestoration = 'manual'; window.scrollTo(0, 1200); window.__beforeReload = true;")
        position = driver.execute_script("return window.scrollY")
        assert position > 1000, f"{relative} is too short to scroll (scrollY {position})"

        source.write_text(source.read_text(encoding="utf-8") + "\nA paragraph added while the page was open.\n", encoding="utf-8")
        _wait_for(
            driver,
            "return window.__beforeReload === undefined && document.readyState === 'complete' && "
            "document.body.textContent.includes('A paragraph added while the page was open.')",
            "the page reloading with the edit",
        )
        time.sleep(0.3)  # the restore runs again on load
        assert abs(driver.execute_script("return window.scrollY") - position) <= 2, "the reload lost the scroll position"

        # A broken link: the overlay lists the error as text (the '<i>' stays literal), the page stays.
        text = source.read_text(encoding="utf-8")
        source.write_text(text + "\nSee [this](no-such<i>page.md).\n", encoding="utf-8")
        message = _wait_for(
            driver,
            "var o = document.getElementById('docgen-serve-overlay'); return o && !o.hidden && o.textContent",
            "the error overlay appearing",
        )
        assert re.search(r":\d+:\d+: error: link to 'no-such<i>page\.md'", message), message
        assert driver.execute_script("return document.querySelector('#docgen-serve-overlay i') === null"), "the message was parsed as HTML"
        assert driver.execute_script("return document.getElementById('docgen-serve-overlay').getAttribute('role')") == "alert"
        assert any("error: link to 'no-such<i>page.md'" in line for line in server.lines), "the error was not printed on the terminal"

        source.write_text(text, encoding="utf-8")
        _wait_for(
            driver,
            "return document.readyState === 'complete' && document.getElementById('docgen-serve-overlay') === null && "
            "document.body.textContent.includes('A paragraph added while the page was open.')",
            "the overlay clearing after the fix",
        )
        assert harness.console_errors(driver) == []
    finally:
        driver.execute_script("try { sessionStorage.clear(); } catch (error) {}")
