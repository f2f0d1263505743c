"""Site search in the browser: the box in the header, the index loaded as classic scripts, results,
keyboard, and accessibility, from disk and over HTTP under a sub-path."""

from __future__ import annotations

import time

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

import browser_harness as harness

TROUBLESHOOTING_VIEWSTATE = "help/troubleshooting.html#piclynccom-shows-validation-of-viewstate-mac-failed"

# What a reader types, and the first result they must get (root-relative, with the section's anchor).
QUERIES = [
    ("viewstate", TROUBLESHOOTING_VIEWSTATE),
    ("agreement number", "setup/request-provisioning.html#agreement-number"),
    ("provisi", "setup/request-provisioning.html"),  # a partial word
    ("VIEWSTATE", TROUBLESHOOTING_VIEWSTATE),  # another case
    ("stale hansen", "reference/references.html#lync-server-2013-update-list"),  # "Ståle" without its ring
    ("Ståle Hansen", "reference/references.html#lync-server-2013-update-list"),
    ("_sipfederationtls._tcp", "setup/configure-lync-server.html#step-4-publish-the-federation-dns-srv-record"),
    ("Set-CsAccessEdgeConfiguration", "reference/references.html#set-csaccessedgeconfiguration"),
]

# Opened from a page one folder down, so the index's URLs must be made relative to it.
START_PAGE = "setup/prerequisites.html"


def box(driver):
    return driver.find_element(By.ID, "site-search-input")


def status_text(driver) -> str:
    return driver.execute_script("return document.getElementById('site-search-status').textContent")


def settled(driver) -> bool:
    """Whether the results for the box's current text are shown (the first keystroke's query runs at once,
    so results for a part of the text may show while the rest is typed; the list is busy until the last)."""
    return driver.execute_script(
        "return !!document.getElementById('site-search-status').textContent"
        " && document.getElementById('site-search-results').getAttribute('aria-busy') !== 'true'")


def search(driver, text: str) -> list:
    """Types text into the box and returns the result options once the status says what was found."""
    field = box(driver)
    field.click()
    field.send_keys(Keys.CONTROL, "a")
    field.send_keys(Keys.DELETE)
    driver.execute_script("document.getElementById('site-search-status').textContent = ''")
    field.send_keys(text)
    deadline = time.monotonic() + 10
    while not settled(driver):
        assert time.monotonic() < deadline, f"no results or message for {text!r} within 10 s"
        time.sleep(0.02)
    return driver.find_elements(By.CSS_SELECTOR, "#site-search-results [role='option']")


def root_relative(driver, href: str) -> str:
    """An option's href relative to the site root (the page it was read on is one folder down)."""
    base = driver.execute_script("return new URL('../', location.href).href")
    assert href.startswith(base), f"{href} is outside the site ({base})"
    return href[len(base):]


@pytest.mark.parametrize("via", ["file", "http"])
@pytest.mark.parametrize("query,expected", QUERIES, ids=[query for query, _ in QUERIES])
def test_query_finds_the_expected_section_first(open_page, browser_errors, via, query, expected):
    driver = open_page(START_PAGE, via=via)
    options = search(driver, query)
    assert options, f"{query!r} ({via}): {status_text(driver)}"
    first = root_relative(driver, options[0].get_attribute("href"))
    assert first == expected, f"{query!r} ({via}): first result {first}, expected {expected}"
    assert box(driver).get_attribute("aria-expanded") == "true"
    assert browser_errors() == []


def test_results_show_title_section_and_marked_snippet(open_page):
    driver = open_page(START_PAGE)
    first = search(driver, "viewstate")[0]
    assert first.find_element(By.CLASS_NAME, "site-search-result-title").text == "Troubleshooting"
    assert "viewstate" in first.find_element(By.CLASS_NAME, "site-search-result-section").text.lower()
    marks = first.find_elements(By.CSS_SELECTOR, ".site-search-result-snippet mark")
    assert marks and all(mark.text.lower() == "viewstate" for mark in marks)


def test_all_words_must_match_and_nothing_found_says_so(open_page):
    driver = open_page("index.html")
    assert search(driver, "viewstate qqqzzz") == []
    assert status_text(driver) == "No results for “viewstate qqqzzz”."
    assert box(driver).get_attribute("aria-expanded") == "false"


def test_index_loads_only_when_the_box_is_first_focused(open_page):
    driver = open_page("index.html")
    count = "return document.querySelectorAll('script[src*=\"assets/search/\"]').length"
    assert driver.execute_script(count) == 0, "the index loaded before the box was used"
    box(driver).click()
    deadline = time.monotonic() + 5
    while not driver.execute_script("return !!(window.docgenSearch && document.querySelector('script[src$=\"assets/search/manifest.js\"]'))"):
        assert time.monotonic() < deadline, "focusing the box did not load the index manifest"
        time.sleep(0.02)
    assert driver.execute_script(count) == 1, "only the manifest loads on focus; shards load per query"


@pytest.mark.parametrize("via", ["file", "http"])
def test_keyboard_slash_arrows_enter_open_the_section(open_page, via):
    driver = open_page(START_PAGE, via=via)
    driver.find_element(By.TAG_NAME, "body").send_keys("/")
    assert driver.switch_to.active_element.get_attribute("id") == "site-search-input", "/ does not focus the box"
    options = search(driver, "viewstate")
    field = box(driver)
    field.send_keys(Keys.ARROW_DOWN)
    assert field.get_attribute("aria-activedescendant") == options[0].get_attribute("id")
    assert options[0].get_attribute("aria-selected") == "true"
    field.send_keys(Keys.ARROW_DOWN)
    assert options[1].get_attribute("aria-selected") == "true" and options[0].get_attribute("aria-selected") == "false"
    field.send_keys(Keys.ARROW_UP)
    assert field.get_attribute("aria-activedescendant") == options[0].get_attribute("id")
    field.send_keys(Keys.ARROW_UP)  # wraps to the last result
    assert field.get_attribute("aria-activedescendant") == options[-1].get_attribute("id")
    field.send_keys(Keys.ARROW_DOWN)
    field.send_keys(Keys.ENTER)
    deadline = time.monotonic() + 10
    while "troubleshooting.html" not in driver.current_url:
        assert time.monotonic() < deadline, "Enter did not open the result"
        time.sleep(0.05)
    assert driver.execute_script("return location.hash") == "#piclynccom-shows-validation-of-viewstate-mac-failed"
    heading_top = driver.execute_script("return document.getElementById(location.hash.slice(1)).getBoundingClientRect().top")
    assert -2 <= heading_top < 200, f"the section's heading is not at the top of the window ({heading_top}px)"


def test_ctrl_k_focuses_and_escape_closes(open_page):
    driver = open_page("index.html")
    driver.find_element(By.TAG_NAME, "body").send_keys(Keys.CONTROL, "k")
    assert driver.switch_to.active_element.get_attribute("id") == "site-search-input", "Ctrl-K does not focus the box"
    search(driver, "federation")
    field = box(driver)
    assert driver.find_element(By.ID, "site-search-results").is_displayed()
    field.send_keys(Keys.ESCAPE)
    assert field.get_attribute("aria-expanded") == "false"
    assert not driver.find_element(By.ID, "site-search-results").is_displayed()
    assert field.get_attribute("value") == "federation", "the first Escape closes the list and keeps the text"
    field.send_keys(Keys.ESCAPE)
    assert field.get_attribute("value") == "", "a second Escape clears the box"


def test_box_is_hidden_without_scripts(site_dir, pages):
    for page in pages:
        text = (site_dir / page).read_text(encoding="utf-8")
        assert '<div class="site-search" data-role="search"' in text and 'data-role="search" data-root=' in text, page
        start = text.index('<div class="site-search"')
        assert " hidden>" in text[start : text.index(">", start) + 1], f"{page}: the search box is not hidden without scripts"
    footer = (site_dir / "index.html").read_text(encoding="utf-8")
    assert '<a href="search.html">All pages</a>' in footer


def test_all_pages_page_lists_every_page(open_page, pages):
    driver = open_page("search.html")
    listed = {link.get_attribute("href").split("#")[0] for link in driver.find_elements(By.CSS_SELECTOR, ".all-pages a")}
    base = driver.execute_script("return new URL('./', location.href).href")
    chapters = {base + page.replace(" ", "%20") for page in pages if page not in ("404.html", "print.html", "search.html")}
    assert chapters <= listed, f"search.html misses {sorted(chapters - listed)}"


@pytest.mark.parametrize("color_scheme", harness.COLOR_SCHEMES)
def test_open_results_pass_axe(open_page, driver, accessibility_problems, color_scheme):
    harness.set_color_scheme(driver, color_scheme)
    page = open_page(START_PAGE)
    search(page, "agreement number")
    box(page).send_keys(Keys.ARROW_DOWN)
    assert accessibility_problems() == []
    search(page, "qqqzzz")
    assert accessibility_problems() == []


def test_usable_at_320_pixels(open_page, driver):
    driver.set_window_size(320, 700)
    page = open_page(START_PAGE)
    field = box(page)
    assert field.is_displayed() and field.size["width"] >= 200, f"the box is {field.size['width']}px wide at 320px"
    search(page, "viewstate")
    width = page.execute_script("return document.documentElement.scrollWidth")
    viewport = page.execute_script("return document.documentElement.clientWidth")
    assert width <= viewport, f"the page scrolls sideways with results open ({width} > {viewport})"
    panel = page.find_element(By.CLASS_NAME, "site-search-panel")
    right = page.execute_script("return arguments[0].getBoundingClientRect().right", panel)
    assert right <= viewport, f"the results stick out of the window ({right} > {viewport})"
