"""Reading features of every docgen site: sidebar, breadcrumbs, contents, theme toggle, print."""

from __future__ import annotations

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

import browser_harness as harness


def test_sidebar_marks_the_current_page(open_page, pages):
    for page in [p for p in pages if p not in harness.NOT_CHAPTERS]:
        driver = open_page(page)
        current = driver.find_elements(By.CSS_SELECTOR, "nav.sidebar a[aria-current='page']")
        assert len(current) == 1, f"{page}: expected exactly one current page in the sidebar, found {len(current)}"
        assert current[0].get_attribute("href").endswith("/" + page.replace(" ", "%20")), f"{page}: sidebar marks {current[0].get_attribute('href')}"


def test_breadcrumbs_and_pager_follow_reading_order(open_page, pages):
    driver = open_page("index.html")
    order = ["index.html"]
    # Walk the "Next" links from the home page: every page is reached once, and "Previous" walks back.
    while True:
        nexts = driver.find_elements(By.CSS_SELECTOR, "nav.pager a[rel='next']")
        if not nexts:
            break
        driver.get(nexts[0].get_attribute("href"))
        order.append(driver.execute_script("return location.pathname"))
        assert len(order) <= len(pages), "the Next links loop"
    built = [p for p in pages if p not in harness.NOT_CHAPTERS]
    assert len(order) == len(built), f"Next links reach {len(order)} of {len(built)} pages"
    crumbs = driver.find_elements(By.CSS_SELECTOR, "nav.breadcrumbs li")
    assert crumbs and crumbs[-1].get_attribute("aria-current") == "page"


def test_table_of_contents_links_land_on_headings(open_page, pages):
    for page in pages:
        driver = open_page(page)
        for link in driver.find_elements(By.CSS_SELECTOR, "nav.toc a"):
            target = link.get_attribute("hash")[1:]
            assert driver.execute_script("return document.getElementById(decodeURIComponent(arguments[0])) !== null", target), f"{page}: contents entry #{target} has no heading"


def test_skip_link_is_the_first_stop_and_moves_focus_to_main(open_page):
    driver = open_page("index.html")
    driver.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
    active = driver.switch_to.active_element
    assert active.get_attribute("class") == "skip-link"
    assert active.is_displayed() and active.location["y"] >= 0, "the skip link must be visible when focused"
    active.send_keys(Keys.ENTER)
    assert driver.execute_script("return document.activeElement.id") == "main-content"


def test_theme_toggle_switches_and_is_remembered(open_page):
    for via in ("file", "http"):
        driver = open_page("index.html", via=via)
        button = driver.find_element(By.CSS_SELECTOR, "[data-role='theme-toggle']")
        assert button.is_displayed(), f"{via}: the theme button stays hidden when scripts run"
        before = driver.execute_script("return getComputedStyle(document.body).backgroundColor")
        button.click()
        chosen = driver.execute_script("return document.documentElement.getAttribute('data-theme')")
        after = driver.execute_script("return getComputedStyle(document.body).backgroundColor")
        assert chosen in ("light", "dark") and after != before, f"{via}: the toggle did not change the colours"
        driver.refresh()
        assert driver.execute_script("return document.documentElement.getAttribute('data-theme')") == chosen, f"{via}: the choice was not remembered"
        driver.execute_script("try { localStorage.clear() } catch (e) {}")


def test_print_page_holds_every_page_with_in_page_links(open_page, pages, site_dir):
    driver = open_page("print.html")
    sections = driver.find_elements(By.CSS_SELECTOR, "section.print-section")
    built = [p for p in pages if p not in harness.NOT_CHAPTERS]
    assert len(sections) == len(built), f"print.html has {len(sections)} sections for {len(built)} pages"
    for link in driver.find_elements(By.CSS_SELECTOR, "main a[href]"):
        href = link.get_attribute("href")
        if "print.html#" in href or not href.startswith(("file:", "http://127.0.0.1")):
            continue
        raise AssertionError(f"print.html links out of itself to {href}; links between pages must become in-page links")


def test_print_stylesheet_hides_navigation_and_shows_external_urls(open_page, driver):
    page = open_page("reference/references.html")
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        assert page.execute_script("return getComputedStyle(document.querySelector('nav.sidebar')).display") == "none"
        external = page.find_elements(By.CSS_SELECTOR, "a.external")
        assert external, "the references page has external links"
        after = page.execute_script("return getComputedStyle(arguments[0], '::after').content", external[0])
        assert external[0].get_attribute("href") in after
    finally:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})


def test_every_page_fits_a_320_pixel_screen(open_page, pages, driver):
    too_wide = []
    for page in pages:
        open_page(page)
        driver.set_window_size(320, 800)
        widths = driver.execute_script("return [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        if widths[0] > widths[1]:
            too_wide.append(f"{page} is {widths[0]} px wide at a 320 px window")
    assert too_wide == []


def test_menu_button_folds_the_sidebar_on_narrow_screens(open_page, driver):
    page = open_page("setup/prerequisites.html")
    button = page.find_element(By.CSS_SELECTOR, "[data-role='menu-toggle']")
    sidebar = page.find_element(By.ID, "site-navigation")
    assert not button.is_displayed() and sidebar.is_displayed(), "on a wide screen the sidebar shows and needs no button"
    driver.set_window_size(375, 800)
    assert button.is_displayed() and not sidebar.is_displayed(), "on a narrow screen the sidebar starts folded"
    assert button.get_attribute("aria-expanded") == "false"
    button.click()
    assert sidebar.is_displayed() and button.get_attribute("aria-expanded") == "true"
    current = sidebar.find_element(By.CSS_SELECTOR, "a[aria-current='page']")
    assert current.text == "Prerequisites"
    button.click()
    assert not sidebar.is_displayed()
