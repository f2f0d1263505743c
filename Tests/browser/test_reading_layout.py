"""The guide as its readers meet it at 320, 375, 1280 and 1920 px: converter tables that break addresses only
between their parts, the page's contents beside the text on wide screens and folded on phones, section titles
that are always links, a menu button that says what it does, "Back to top" on long pages, and one centred
frame with a reading measure at 1920.

Each test opens the built guide from disk (file://), as a reader without a network would.
"""

from __future__ import annotations

import base64
import struct
import zlib

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

import browser_harness as harness

WIDTHS = (320, 375, 1280, 1920)
PHONE_WIDTHS = (320, 375)
# From 75rem (1200 px at the default font size) the contents sit in a column of their own.
WIDE_WIDTHS = (1280, 1920)
LONG_ADDRESSES = [
    "skypeguy@customdomain.com",
    "first.last@subdomain.example-corporation.co.uk",
    "someone@outlook.com",
    "not-an-address",
    "bob(contoso.com)@msn.com",
]


def show_at(driver, width: int, height: int = 900) -> None:
    """Sets the viewport (not the window) to width × height CSS pixels, as a phone or a monitor would have it."""
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600},
    )


def chapters(pages: list[str]) -> list[str]:
    return [page for page in pages if page not in harness.NOT_CHAPTERS]


# ----------------------------------------------------------------------------------------------
# Tables: no cell narrower than its longest word, addresses broken only at "(", "@" and "."

# For every cell: each place where its text moves to a new line, with the characters either side and
# whether the break falls inside code. A line ends where the next visible character no longer overlaps the
# previous one vertically.
_LINE_BREAKS_SCRIPT = """
const cells = Array.from(document.querySelectorAll(arguments[0])).filter(cell => cell.getClientRects().length > 0);
return cells.map(cell => {
  const breaks = [];
  let previous = null;
  const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const inCode = node.parentElement.closest('code') !== null;
    for (let i = 0; i < node.data.length; i++) {
      const character = node.data[i];
      if (/\\s/.test(character)) { if (previous) previous.spaceAfter = true; continue; }
      const range = document.createRange();
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      const rect = range.getClientRects()[0];
      if (!rect) continue;
      if (previous && rect.top >= previous.bottom - 2) {
        breaks.push({before: previous.character, after: character, space: previous.spaceAfter, inCode: inCode && previous.inCode});
      }
      previous = {character, top: rect.top, bottom: rect.bottom, inCode, spaceAfter: false};
    }
  }
  return {text: cell.textContent.trim(), header: cell.tagName === 'TH', breaks};
});
"""


def bad_breaks(driver, selector: str) -> list[str]:
    problems = []
    for cell in driver.execute_script(_LINE_BREAKS_SCRIPT, selector):
        for found in cell["breaks"]:
            if found["space"]:
                continue  # between words
            if found["inCode"] and found["after"] in "(@.":
                continue  # an address broken where it carries <wbr>
            if not cell["header"] and not found["inCode"] and found["before"] in "-/":
                continue  # prose after a hyphen or slash, as any text breaks
            where = "header" if cell["header"] else "cell"
            problems.append(f"{where} '{cell['text']}' breaks between '{found['before']}' and '{found['after']}'")
    return problems


def test_converter_tables_break_addresses_only_between_their_parts(open_page, pages_with_widget, driver):
    page = pages_with_widget("address-converter")[0]
    problems = []
    for width in WIDTHS:
        show_at(driver, width)
        open_page(page)
        batch = driver.find_element(By.CSS_SELECTOR, "[data-widget='address-converter'] [data-role='batch-input']")
        batch.send_keys("\n".join(LONG_ADDRESSES))
        rows = driver.find_elements(By.CSS_SELECTOR, "[data-role='batch-table'] tbody tr")
        assert len(rows) == len(LONG_ADDRESSES), f"{page} at {width} px: the results table shows {len(rows)} rows"
        problems += [f"{page} at {width} px: {problem}" for problem in bad_breaks(driver, ".aconv th, .aconv td")]
        # Every other table of the guide: words wrap whole, code breaks only at the same places.
        problems += [f"{page} at {width} px: {problem}" for problem in bad_breaks(driver, "main table:not(.aconv table) :is(th, td)")]
        width_now = driver.execute_script("return [document.documentElement.scrollWidth, window.innerWidth]")
        assert width_now[0] <= width_now[1], f"{page} at {width} px scrolls sideways ({width_now[0]} px wide)"
    assert problems == []


def test_converter_rows_are_cards_on_phones_with_the_result_across_the_card(open_page, pages_with_widget, driver):
    page = pages_with_widget("address-converter")[0]
    for width in PHONE_WIDTHS:
        show_at(driver, width)
        open_page(page)
        driver.find_element(By.CSS_SELECTOR, "[data-role='batch-input']").send_keys("\n".join(LONG_ADDRESSES))
        for table in ("table.aconv-examples", "table.aconv-results"):
            cards = driver.execute_script(
                """
                return Array.from(document.querySelectorAll(arguments[0] + ' tbody tr'), row => {
                  const cells = Array.from(row.cells, cell => cell.getBoundingClientRect());
                  const box = row.getBoundingClientRect();
                  return {row: [box.left, box.right], cells: cells.map(r => [r.left, r.right, r.top, r.bottom]),
                          labels: Array.from(row.cells, cell => getComputedStyle(cell, '::before').content)};
                });
                """,
                table,
            )
            assert cards, f"{page} at {width} px: {table} has no rows"
            for card in cards:
                cells = card["cells"]
                assert len(cells) == 3
                # Stacked: each part starts below the one before it.
                assert cells[0][3] <= cells[1][2] + 1 and cells[1][3] <= cells[2][2] + 1, f"{page} at {width} px: {table} row is not stacked: {cells}"
                # The result runs across the card: as wide as the row less its padding.
                assert cells[1][1] - cells[1][0] >= (card["row"][1] - card["row"][0]) - 30, f"{page} at {width} px: {table} result is not full width"
                assert all(label not in ("none", "normal", '""') for label in card["labels"]), f"{page} at {width} px: {table} cells carry no labels: {card['labels']}"
    # Wider than 40em the same rows are a table again.
    show_at(driver, 1280)
    open_page(page)
    assert driver.execute_script("return getComputedStyle(document.querySelector('table.aconv-examples tr')).display") == "table-row"


# ----------------------------------------------------------------------------------------------
# The page's contents


def pages_with_contents(site_dir, pages) -> list[str]:
    return [page for page in chapters(pages) if 'class="toc page-toc"' in (site_dir / page).read_text(encoding="utf-8")]


def test_contents_are_a_sticky_column_on_wide_screens_and_a_closed_details_on_phones(open_page, driver, site_dir, pages):
    with_contents = pages_with_contents(site_dir, pages)
    assert "setup/request-provisioning.html" in with_contents, "the provisioning page has contents"
    for page in with_contents:
        for width in WIDTHS:
            show_at(driver, width)
            open_page(page)
            state = driver.execute_script(
                """
                const toc = document.querySelector('.page-toc'), body = document.querySelector('.page-body');
                const details = toc.querySelector('details');
                return {position: getComputedStyle(toc).position, open: details.open, tocBox: toc.getBoundingClientRect().toJSON(),
                        bodyBox: body.getBoundingClientRect().toJSON(), summary: details.querySelector('summary').textContent};
                """
            )
            label = f"{page} at {width} px"
            assert state["summary"] == "On this page", label
            if width in WIDE_WIDTHS:
                assert state["position"] == "sticky", f"{label}: contents are {state['position']}, not sticky"
                assert state["open"], f"{label}: contents are folded on a wide screen"
                assert state["tocBox"]["left"] >= state["bodyBox"]["right"], f"{label}: contents are not beside the text"
            else:
                assert state["position"] != "sticky", f"{label}: contents are sticky on a phone"
                assert not state["open"], f"{label}: contents are open on a phone, filling its first screen"
                assert state["tocBox"]["bottom"] <= state["bodyBox"]["top"], f"{label}: contents are not above the text"


def test_contents_mark_the_section_being_read_and_stay_in_view(open_page, driver):
    page = "setup/request-provisioning.html"
    show_at(driver, 1280)
    open_page(page)
    links = driver.find_elements(By.CSS_SELECTOR, ".page-toc a")
    assert len(links) > 4
    for link in (links[3], links[-1]):
        target = link.get_attribute("hash")[1:]
        link.click()
        driver.execute_script("return new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
        marked = driver.find_elements(By.CSS_SELECTOR, ".page-toc a[aria-current='true']")
        assert len(marked) == 1, f"{page}: {len(marked)} contents entries are marked after following #{target}"
        assert marked[0].get_attribute("hash") == "#" + target, f"{page}: #{target} followed, {marked[0].get_attribute('hash')} marked"
        top = driver.execute_script("return document.querySelector('.page-toc').getBoundingClientRect().top")
        assert 0 <= top <= 40, f"{page}: after following #{target} the contents are {top} px from the top of the window"


# ----------------------------------------------------------------------------------------------
# The sidebar and the menu button


def test_section_titles_are_links_on_every_page_with_a_separate_fold_control(open_page, driver, pages):
    for page in chapters(pages):
        open_page(page)
        sections = driver.execute_script(
            """
            return Array.from(document.querySelectorAll('nav.sidebar li'), item => {
              const title = item.firstElementChild;
              const details = item.querySelector(':scope > details');
              const summary = details && details.querySelector(':scope > summary');
              return {
                tag: title.tagName, classes: title.className, href: title.getAttribute('href'), text: title.textContent,
                hasFold: details !== null, foldName: summary && summary.textContent.trim(), foldTabIndex: summary && summary.tabIndex,
                foldHasLink: summary !== null && summary.querySelector('a') !== null,
                children: details ? Array.from(details.querySelectorAll(':scope > ul > li > a'), a => a.getAttribute('href')) : [],
              };
            });
            """
        )
        for item in sections:
            label = f"{page}: sidebar entry '{item['text']}'"
            assert item["tag"] == "A" and item["href"], f"{label} is a {item['tag']}, not a link"
            if item["hasFold"]:
                assert "section-link" in item["classes"], f"{label} folds but is not marked as a section"
                assert item["foldName"] == f"Pages in {item['text']}", f"{label}: fold control is named '{item['foldName']}'"
                assert item["foldTabIndex"] == 0 and not item["foldHasLink"], f"{label}: fold control is not one keyboard stop of its own"
                assert item["href"] not in item["children"], f"{label} repeats itself as one of its own pages"
        # The section holding the page is open, and folding it keeps its title link in place.
        summaries = driver.find_elements(By.CSS_SELECTOR, "nav.sidebar .nav-fold")
        if summaries:
            summary = summaries[0]
            details = summary.find_element(By.XPATH, "..")
            assert details.get_attribute("open") is not None, f"{page}: the current page's section starts folded"
            summary.send_keys(Keys.ENTER)
            assert details.get_attribute("open") is None, f"{page}: Enter on the fold control did not fold the section"
            title = details.find_element(By.XPATH, "../a")
            assert title.is_displayed(), f"{page}: folding the section hid its title"
            summary.send_keys(Keys.SPACE)
            assert details.get_attribute("open") is not None, f"{page}: Space on the fold control did not open the section"


def test_every_section_is_linked_from_the_sidebar_of_every_page(open_page, driver, pages, site_dir):
    section_pages = sorted(page for page in chapters(pages) if page.endswith("/index.html"))
    assert section_pages, "the guide has sections"
    for page in chapters(pages):
        open_page(page)
        hrefs = driver.execute_script(
            "return Array.from(document.querySelectorAll('nav.sidebar a.section-link'), a => a.href)"
        )
        linked = {harness.path_in_site(href, harness.disk_base_url(site_dir)) for href in hrefs}
        missing = [section for section in section_pages if section not in linked]
        assert missing == [], f"{page}: sidebar has no section link to {missing}"


def test_menu_button_is_named_close_menu_while_the_menu_is_open(open_page, driver):
    for width in PHONE_WIDTHS:
        show_at(driver, width)
        open_page("setup/prerequisites.html")
        button = driver.find_element(By.CSS_SELECTOR, "[data-role='menu-toggle']")
        assert button.is_displayed()
        assert button.accessible_name == "Menu" and button.get_attribute("aria-expanded") == "false"
        button.click()
        assert button.accessible_name == "Close menu" and button.get_attribute("aria-expanded") == "true"
        assert driver.find_element(By.ID, "site-navigation").is_displayed()
        button.click()
        assert button.accessible_name == "Menu" and not driver.find_element(By.ID, "site-navigation").is_displayed()


def test_home_page_starts_with_the_common_tasks(open_page, driver, site_dir):
    open_page("index.html")
    first = driver.find_element(By.CSS_SELECTOR, ".page-body > :first-child")
    assert "callout" in first.get_attribute("class") and "Common tasks" in first.text, "the home page's text does not start with Common tasks"
    links = first.find_elements(By.CSS_SELECTOR, "a")
    targets = [harness.path_in_site(link.get_attribute("href"), harness.disk_base_url(site_dir)) for link in links]
    assert [link.text for link in links] == ["Request provisioning", "Add a Skype contact", "Troubleshoot presence"]
    assert targets == ["setup/request-provisioning.html", "contacts/add-skype-contacts.html", "help/troubleshooting.html"]
    fragment = links[2].get_attribute("hash")[1:]
    assert fragment and fragment in harness.ids_in_file(site_dir / "help/troubleshooting.html"), f"Troubleshoot presence leads to #{fragment}, which is missing"


# ----------------------------------------------------------------------------------------------
# Long pages, the frame, the measure


def test_long_pages_have_back_to_top(open_page, driver, pages):
    show_at(driver, 1280)
    long_pages = []
    for page in chapters(pages):
        open_page(page)
        screens = driver.execute_script("return document.documentElement.scrollHeight / window.innerHeight")
        links = driver.find_elements(By.CSS_SELECTOR, ".back-to-top a")
        if screens >= 4:
            long_pages.append(page)
            assert links, f"{page} is {screens:.1f} screens long at 1280 px and has no Back to top link"
        if links:
            assert links[0].text.strip().endswith("Back to top")
            assert links[0].get_dom_attribute("href") == "#top", f"{page}: Back to top leads to {links[0].get_dom_attribute('href')}"
            driver.execute_script("window.scrollTo(0, document.documentElement.scrollHeight)")
            links[0].click()
            assert driver.execute_script("return window.scrollY") == 0, f"{page}: Back to top did not return to the top"
    assert "setup/request-provisioning.html" in long_pages


def _pixel(driver, x: float, y: float) -> tuple[int, int, int]:
    """The colour Chromium paints at page coordinates (x, y), read from a 1×1 screenshot."""
    shot = driver.execute_cdp_cmd(
        "Page.captureScreenshot",
        {"format": "png", "captureBeyondViewport": True, "clip": {"x": x, "y": y, "width": 1, "height": 1, "scale": 1}},
    )
    data = base64.b64decode(shot["data"])
    position, compressed, header = 8, b"", None
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind = data[position + 4 : position + 8]
        body = data[position + 8 : position + 8 + length]
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            compressed += body
        position += 12 + length
    assert header is not None and header[8] == 8 and header[9] in (2, 6), "expected an 8-bit RGB(A) PNG"
    raw = zlib.decompress(compressed)
    return raw[1], raw[2], raw[3]  # one row: a filter byte (none or sub, both leave the first pixel as is), then RGB


def _css_colour(driver, value: str) -> tuple[int, int, int]:
    rgb = driver.execute_script(
        "const probe = document.createElement('span'); probe.style.color = arguments[0]; document.body.appendChild(probe);"
        "const colour = getComputedStyle(probe).color; probe.remove(); return colour.match(/\\d+/g).slice(0, 3).map(Number);",
        value,
    )
    return tuple(rgb)


@pytest.mark.parametrize("scheme", harness.COLOR_SCHEMES)
def test_header_and_layout_share_one_frame_and_the_sidebar_runs_full_height(open_page, driver, scheme):
    harness.set_color_scheme(driver, scheme)
    show_at(driver, 1920, 1000)
    for page in ("setup/request-provisioning.html", "contacts/index.html"):
        open_page(page)
        boxes = driver.execute_script(
            """
            const box = selector => document.querySelector(selector).getBoundingClientRect().toJSON();
            return {title: box('.site-title'), actions: box('.header-actions'), layout: box('.layout'),
                    sidebar: box('.sidebar'), footer: box('.site-footer'), main: box('main'),
                    scrollY: scrollY, sidebarColour: getComputedStyle(document.documentElement).getPropertyValue('--sidebar-bg')};
            """
        )
        label = f"{page} at 1920 px ({scheme})"
        layout, title, actions = boxes["layout"], boxes["title"], boxes["actions"]
        assert layout["left"] > 100, f"{label}: the layout is not centred"
        assert layout["left"] <= title["left"] <= layout["left"] + 32, f"{label}: header starts at {title['left']}, layout at {layout['left']}"
        assert layout["right"] - 32 <= actions["right"] <= layout["right"], f"{label}: header ends at {actions['right']}, layout at {layout['right']}"
        assert abs(boxes["main"]["top"] - layout["top"]) < 1
        # The sidebar's colour reaches from the header to the footer, however long the page.
        expected = _css_colour(driver, boxes["sidebarColour"].strip())
        for y in (layout["top"] + 5, boxes["footer"]["top"] - 5):
            painted = _pixel(driver, layout["left"] + 4, y)
            assert max(abs(a - b) for a, b in zip(painted, expected)) <= 2, f"{label}: at y={y:.0f} the sidebar column is {painted}, not {expected}"


def test_text_keeps_a_reading_measure(open_page, driver, site_dir):
    page = harness.longest_page(site_dir)
    for width in WIDE_WIDTHS:
        show_at(driver, width)
        open_page(page)
        measure = driver.execute_script(
            """
            const body = document.querySelector('.page-body');
            const probe = document.createElement('div');
            probe.style.width = '75ch';
            body.appendChild(probe);
            const limit = probe.getBoundingClientRect().width;
            probe.remove();
            // Characters on each full line of the page's paragraphs (the last line of each is left out).
            const perLine = [];
            for (const paragraph of body.querySelectorAll(':scope > p')) {
              const text = paragraph.textContent;
              if (text.length < 200) continue;
              const walker = document.createTreeWalker(paragraph, NodeFilter.SHOW_TEXT);
              let lines = [], top = null, count = 0;
              for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                for (let i = 0; i < node.data.length; i++) {
                  const range = document.createRange(); range.setStart(node, i); range.setEnd(node, i + 1);
                  const rect = range.getClientRects()[0];
                  if (!rect) { count++; continue; }
                  if (top !== null && rect.top > top + rect.height / 2) { lines.push(count); count = 0; }
                  if (top === null || rect.top > top + rect.height / 2) top = rect.top;
                  count++;
                }
              }
              perLine.push(...lines);
            }
            return {width: body.getBoundingClientRect().width, limit, perLine};
            """
        )
        label = f"{page} at {width} px"
        assert measure["width"] <= measure["limit"], f"{label}: the text column is {measure['width']:.0f} px, wider than 75ch ({measure['limit']:.0f} px)"
        lines = measure["perLine"]
        assert len(lines) >= 5, f"{label}: too few full lines to measure"
        average = sum(lines) / len(lines)
        assert 55 <= average <= 78, f"{label}: lines hold {average:.0f} characters on average, not near 70"


@pytest.mark.parametrize("scheme", harness.COLOR_SCHEMES)
def test_reading_layout_passes_axe_at_phone_and_wide_widths(open_page, driver, pages_with_widget, accessibility_problems, scheme):
    problems = []
    for width in (320, 1920):
        for page in ("setup/request-provisioning.html", pages_with_widget("address-converter")[0]):
            harness.set_color_scheme(driver, scheme)
            show_at(driver, width)
            open_page(page)
            if width < 600:
                driver.find_element(By.CSS_SELECTOR, "[data-role='menu-toggle']").click()
                driver.find_element(By.CSS_SELECTOR, ".page-toc summary").click()
            for batch in driver.find_elements(By.CSS_SELECTOR, "[data-role='batch-input']"):
                batch.send_keys("\n".join(LONG_ADDRESSES))  # the results table as cards or as a table
            problems += [f"{problem} at {width} px" for problem in accessibility_problems()]
    assert problems == []
