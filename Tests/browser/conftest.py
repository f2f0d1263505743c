"""Fixtures for the real-browser suite (headless Chromium through Selenium).

The site is built once per session with `docgen build --content Content --output <tmp>/docs`
(set DOCGEN_SITE=<folder> to test an already-built folder instead, DOCGEN_BIN=<path> to use a given docgen).
It is opened from disk (file://) and from a local server at http://127.0.0.1:PORT/docs/.

Fixtures for a widget's test:
    site_dir                       Path of the built site.
    pages                          every page, as sorted paths relative to site_dir ("guide/setup.html").
    pages_with_widget(name)        the pages that hold a `[data-widget="name"]` element.
    open_page(relpath, via="file") opens a page from disk (via="file") or the server (via="http") and
                                   returns the Selenium driver showing it; storage, colour scheme and
                                   viewport are reset after the test.
    browser_errors()               console errors (SEVERE) since the page was opened or since the last call.
    accessibility_problems()       axe-core's WCAG 2.1 AA violations on the page as it is now, as sentences.

Example, Tests/browser/test_my_widget.py:

    from selenium.webdriver.common.by import By

    def test_converts_an_address(open_page, pages_with_widget, browser_errors, accessibility_problems):
        driver = open_page(pages_with_widget("address-converter")[0])
        field = driver.find_element(By.CSS_SELECTOR, '[data-widget="address-converter"] input')
        field.send_keys("someone@outlook.com")
        assert "outlook.com" in driver.find_element(By.CSS_SELECTOR, "output").text
        assert browser_errors() == []
        assert accessibility_problems() == []

Test functions that take a `site_page` argument are run once per page (see pytest_generate_tests);
add `via` to also run them from disk and over HTTP, or `color_scheme` for light and dark.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

import browser_harness as harness

_session_site: dict[str, object] = {}


def _site_dir() -> Path:
    """Builds the site once per session (or takes $DOCGEN_SITE); remembers a failure so it is reported once."""
    if "error" in _session_site:
        raise _session_site["error"]
    if "path" not in _session_site:
        try:
            if os.environ.get("DOCGEN_SITE"):
                site = Path(os.environ["DOCGEN_SITE"]).resolve()
                if not site.is_dir():
                    raise harness.HarnessError(f"DOCGEN_SITE points at {site}, which is not a folder.")
            else:
                scratch = Path(tempfile.mkdtemp(prefix="docgen-browser-"))
                _session_site["scratch"] = scratch
                site = harness.build_site(harness.REPO_ROOT / "Content", scratch / "docs")
            _session_site["path"] = site
        except harness.HarnessError as error:
            _session_site["error"] = error
            raise
    return _session_site["path"]


def _site_dir_or_fail() -> Path:
    try:
        return _site_dir()
    except harness.HarnessError as error:
        message = str(error)
    pytest.fail(message, pytrace=False)  # outside the except block, so no chained traceback


def pytest_unconfigure(config):
    scratch = _session_site.get("scratch")
    if scratch is not None:
        shutil.rmtree(scratch, ignore_errors=True)


def pytest_generate_tests(metafunc):
    """Runs every test that asks for `site_page` once per page, so a failure names the page in its id."""
    if "site_page" not in metafunc.fixturenames:
        return
    try:
        pages = harness.discover_pages(_site_dir())
    except harness.HarnessError:
        # A placeholder page instead of stopping the whole run: the site_dir fixture then reports the
        # build error, and other suites in the same pytest run (Tests/content) still run.
        pages = ["site-not-built"]
    axes = [("site_page", pages)]
    if "via" in metafunc.fixturenames:
        axes.insert(0, ("via", ["file", "http"]))
    if "color_scheme" in metafunc.fixturenames:
        axes.insert(0, ("color_scheme", list(harness.COLOR_SCHEMES)))
    combinations = [()]
    for _, values in axes:
        combinations = [combination + (value,) for combination in combinations for value in values]
    metafunc.parametrize(
        [name for name, _ in axes],
        combinations,
        ids=["-".join(combination) for combination in combinations],
    )


@pytest.fixture(scope="session")
def site_dir() -> Path:
    return _site_dir_or_fail()


@pytest.fixture(scope="session")
def pages(site_dir) -> list[str]:
    return harness.discover_pages(site_dir)


@pytest.fixture(scope="session")
def pages_with_widget(site_dir, pages):
    def find(name: str) -> list[str]:
        marker = f'data-widget="{name}"'
        found = [page for page in pages if marker in (site_dir / page).read_text(encoding="utf-8")]
        if not found:
            pytest.fail(f"No page of the built site holds a widget named '{name}'.")
        return found

    return find


@pytest.fixture(scope="session")
def http_server(site_dir):
    with harness.StaticSiteServer(site_dir) as server:
        yield server


@pytest.fixture(scope="session")
def base_urls(site_dir, http_server) -> dict[str, str]:
    """The site's root URL for each way of opening it: {'file': 'file:///…/', 'http': 'http://127.0.0.1:…/docs/'}."""
    return {"file": harness.disk_base_url(site_dir), "http": http_server.base_url}


@pytest.fixture(scope="session")
def driver():
    browser = harness.start_chromium()
    yield browser
    browser.quit()


def _reset_browser(driver) -> None:
    """Undoes what a test may have changed, so the next test starts from the same state."""
    harness.reset_emulation(driver)
    driver.set_window_size(1280, 900)
    driver.execute_script("try { localStorage.clear(); sessionStorage.clear(); } catch (error) {}")


@pytest.fixture
def open_page(driver, base_urls):
    def open_(relpath: str, via: str = "file"):
        if via not in base_urls:
            raise ValueError(f"via must be 'file' or 'http', not {via!r}")
        harness.load(driver, harness.page_url(base_urls[via], relpath))
        return driver

    yield open_
    _reset_browser(driver)


@pytest.fixture
def browser_errors(driver):
    return lambda: harness.console_errors(driver)


@pytest.fixture
def accessibility_problems(driver, base_urls):
    def problems() -> list[str]:
        url = driver.current_url
        base = base_urls["file"] if url.startswith("file:") else base_urls["http"]
        return harness.describe_violations(harness.page_label(url, base), harness.axe_violations(driver))

    return problems


# ----------------------------------------------------------------------------------------------
# Screenshots: where they go, and telling the person running the suite where to look


def screenshots_dir() -> Path:
    configured = os.environ.get("DOCGEN_SCREENSHOTS")
    return Path(configured).resolve() if configured else harness.REPO_ROOT / "screenshots"


_written_screenshots: list[Path] = []


@pytest.fixture(scope="session")
def screenshot_folder() -> Path:
    return screenshots_dir()


@pytest.fixture(scope="session")
def record_screenshot():
    """Call with each PNG written, so the run's summary lists the folder to look at."""
    return _written_screenshots.append


def pytest_terminal_summary(terminalreporter):
    if not _written_screenshots:
        return
    folder = _written_screenshots[0].parent
    terminalreporter.write_sep("-", "screenshots")
    terminalreporter.write_line(f"{len(_written_screenshots)} screenshots of the built site are in {folder}")
