"""Paper, form controls and diagrams (issue 15, items 5-7), in headless Chromium from disk.

- Paper: print.html prints a cover, a numbered contents page and "(see 2.3)" after links; a page with a
  widget prints the widget's paper form (field list, template, examples) and none of its controls; a
  typed request prints its preview whole.
- Controls: every control boundary and focus indicator is at least 3:1 against what is behind it, in
  light and dark, computed from the styles (axe does not check WCAG 1.4.11); heading permalinks add no
  Tab stop and meet 3:1 when shown; Clear draft asks first; converter errors carry a symbol and a border.
- Diagrams: the SVGs change colours in dark mode, phones get the portrait drawing, each links to its file.

Screenshots and PDFs for a person to look at go to the screenshots folder (paper-*.png, paper-*.pdf).
"""

from __future__ import annotations

import base64
import re

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

import browser_harness as harness

REQUEST_PAGE = "setup/request-provisioning.html"
CONVERTER_PAGE = "contacts/add-skype-contacts.html"
DIAGRAM_PAGES = {"index.html": "images/message-path.svg", REQUEST_PAGE: "images/provisioning-timeline.svg"}
DIAGRAMS = ["images/message-path.svg", "images/provisioning-timeline.svg"]


def emulate(driver, media: str = "", scheme: str | None = None) -> None:
    features = [{"name": "prefers-color-scheme", "value": scheme}] if scheme else []
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": media, "features": features})


def capture(driver, url: str, destination, width: int, media: str = "", scheme: str = "light", max_height: int = 9000):
    """A full-page PNG of url at a width, in screen or print media and a colour scheme."""
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride", {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": width < 600}
    )
    try:
        harness.load(driver, url)
        emulate(driver, media=media, scheme=scheme)
        height = min(int(driver.execute_script("return document.documentElement.scrollHeight")), max_height)
        shot = driver.execute_cdp_cmd(
            "Page.captureScreenshot",
            {"format": "png", "captureBeyondViewport": True, "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 1}},
        )
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_bytes(base64.b64decode(shot["data"]))
        return destination
    finally:
        harness.reset_emulation(driver)


def displayed(driver, element) -> bool:
    """Rendered at all: not display:none itself or through an ancestor (visibility aside)."""
    return driver.execute_script("return arguments[0].getClientRects().length > 0", element)


# ----------------------------------------------------------------------------------------------
# Paper


def test_print_html_has_a_cover_a_numbered_contents_page_and_see_references(open_page):
    driver = open_page("print.html")
    emulate(driver, media="print")
    toc = driver.find_element(By.CSS_SELECTOR, "nav.print-toc")
    assert displayed(driver, toc), "the contents page is hidden in print"
    assert driver.execute_script("return getComputedStyle(arguments[0]).breakBefore", toc) == "page"
    as_of = driver.find_element(By.CSS_SELECTOR, ".print-cover .print-as-of time")
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", as_of.get_attribute("datetime"))

    # The contents and the headings carry the same numbers, in the same order.
    entries = driver.execute_script(
        "return [...document.querySelectorAll('.print-contents a')].map(a => [a.getAttribute('href').slice(1),"
        " a.querySelector('.print-number').textContent])"
    )
    headings = driver.execute_script(
        "return [...document.querySelectorAll('section.print-section')].map(s => [s.id,"
        " s.querySelector('.print-page-title .print-number').textContent])"
    )
    assert entries == headings and len(entries) >= 10
    numbers = [number for _, number in entries]
    assert numbers[:3] == ["1", "2", "2.1"] and "4.3" in numbers

    # A link to another section names its number on paper, and only on paper.
    link = driver.find_element(By.CSS_SELECTOR, "a[data-see]")
    target = link.get_attribute("href").split("#", 1)[1].split("--", 1)[0]
    number = dict(entries)[target]
    assert link.get_attribute("data-see") == number
    after = driver.execute_script("return getComputedStyle(arguments[0], '::after').content", link)
    assert after == f'"(see {number})"'
    emulate(driver)
    assert driver.execute_script("return getComputedStyle(arguments[0], '::after').content", link) == "none"


@pytest.mark.parametrize("toggle", [False, True])
def test_paper_is_light_even_when_the_screen_is_dark(open_page, toggle):
    driver = open_page(REQUEST_PAGE)
    emulate(driver, scheme="light" if toggle else "dark")
    if toggle:
        driver.find_element(By.CSS_SELECTOR, '[data-role="theme-toggle"]').click()  # dark chosen on the page
    assert driver.execute_script("return getComputedStyle(document.documentElement).colorScheme") == "dark"
    emulate(driver, media="print", scheme="light" if toggle else "dark")
    colours = driver.execute_script(
        "return [getComputedStyle(document.documentElement).colorScheme, getComputedStyle(document.body).color,"
        " getComputedStyle(document.body).backgroundColor]"
    )
    assert colours == ["light", "rgb(0, 0, 0)", "rgb(255, 255, 255)"], colours


def test_print_html_holds_each_widgets_paper_form(open_page):
    driver = open_page("print.html")
    emulate(driver, media="print")
    papers = driver.find_elements(By.CSS_SELECTOR, "[data-widget-paper]")
    assert sorted(paper.get_attribute("data-widget-paper") for paper in papers) == ["address-converter", "request-email"]
    for paper in papers:
        assert displayed(driver, paper)
        assert paper.find_elements(By.CSS_SELECTOR, "input, button, select, textarea") == []
    request = driver.find_element(By.CSS_SELECTOR, '[data-widget-paper="request-email"]')
    assert "Enterprise Name" in request.find_element(By.CSS_SELECTOR, "dl").text
    assert "Enterprise Name" in request.find_element(By.CSS_SELECTOR, "pre.reqmail-template").text
    converter = driver.find_element(By.CSS_SELECTOR, '[data-widget-paper="address-converter"]')
    assert "skypeguy(customdomain.com)@msn.com" in converter.find_element(By.CSS_SELECTOR, "table").text


@pytest.mark.parametrize("page", [REQUEST_PAGE, CONVERTER_PAGE])
def test_a_printed_widget_page_shows_the_paper_form_and_no_controls(open_page, page):
    driver = open_page(page)
    widget = driver.find_element(By.CSS_SELECTOR, "[data-widget]")
    controls = widget.find_elements(By.CSS_SELECTOR, "input, button, select, textarea, a.reqmail-button")
    assert any(displayed(driver, control) for control in controls), "the script should have shown the controls on screen"
    emulate(driver, media="print")
    shown = [control.get_attribute("outerHTML")[:80] for control in controls if displayed(driver, control)]
    assert shown == [], f"{page}: controls printed: {shown}"
    paper = widget.find_element(By.CSS_SELECTOR, ".reqmail-static, .aconv-examples")
    assert displayed(driver, paper), f"{page}: the paper form is hidden in print"


def test_a_typed_request_prints_its_preview_whole(open_page):
    driver = open_page(REQUEST_PAGE)
    preview = driver.find_element(By.CSS_SELECTOR, '[data-role="preview"]')
    emulate(driver, media="print")
    assert not displayed(driver, preview), "an empty draft repeats the template: not printed"
    emulate(driver)
    driver.find_element(By.CSS_SELECTOR, 'textarea[name="domain"]').send_keys("\n".join(f"d{n}.contoso.com" for n in range(40)))
    driver.find_element(By.CSS_SELECTOR, 'input[name="enterprise-name"]').send_keys("Contoso Ltd")
    emulate(driver, media="print")
    assert displayed(driver, preview)
    sizes = driver.execute_script("return [arguments[0].scrollHeight, arguments[0].clientHeight]", preview)
    assert sizes[0] <= sizes[1] + 1, f"the preview is clipped in print: {sizes}"
    assert "d39.contoso.com" in preview.text


def test_paper_pdfs_and_screenshots_for_a_person(driver, base_urls, screenshot_folder, record_screenshot):
    """print.html and the request page as PDFs, and as print-media screenshots at A4 width."""
    screenshot_folder.mkdir(parents=True, exist_ok=True)
    for page, name in [("print.html", "paper-print-html"), (REQUEST_PAGE, "paper-request-page")]:
        harness.load(driver, harness.page_url(base_urls["file"], page))
        pdf = driver.execute_cdp_cmd("Page.printToPDF", {"printBackground": True, "preferCSSPageSize": True})
        target = screenshot_folder / f"{name}.pdf"
        target.write_bytes(base64.b64decode(pdf["data"]))
        assert target.stat().st_size > 10_000
        url = harness.page_url(base_urls["file"], page)
        record_screenshot(capture(driver, url, screenshot_folder / f"{name}.png", 794, media="print", max_height=12000))


# ----------------------------------------------------------------------------------------------
# Controls at 3:1

_CONTRAST_SCRIPT = """
function parse(colour) {
  const m = colour.match(/rgba?\\(([\\d.]+),? ([\\d.]+),? ([\\d.]+)(?:,? \\/? ?([\\d.]+))?\\)/);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3]), m[4] === undefined ? 1 : Number(m[4])] : null;
}
function luminance([r, g, b]) {
  const f = c => { c /= 255; return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4); };
  return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
}
function ratio(a, b) {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}
// The colour behind an element: the first opaque background among its ancestors (or the canvas).
function behind(element) {
  for (let node = element.parentElement; node; node = node.parentElement) {
    const c = parse(getComputedStyle(node).backgroundColor);
    if (c && c[3] > 0.99) return c;
  }
  return parse(getComputedStyle(document.documentElement).backgroundColor) || [255, 255, 255, 1];
}
window.__contrast = {parse, ratio, behind};
"""


def boundary_contrasts(driver, selector: str) -> list[dict]:
    """For each visible control: its border colour against the colour behind it."""
    driver.execute_script(_CONTRAST_SCRIPT)
    return driver.execute_script(
        """
        const {parse, ratio, behind} = window.__contrast;
        return [...document.querySelectorAll(arguments[0])].filter(e => e.getClientRects().length > 0).map(e => {
          const style = getComputedStyle(e);
          const width = parseFloat(style.borderTopWidth) + parseFloat(style.borderBottomWidth);
          const border = parse(style.borderTopColor);
          return {control: e.outerHTML.slice(0, 90), width, ratio: ratio(border, behind(e))};
        });
        """,
        selector,
    )


CONTROLS = "input:not([disabled]), select, textarea, button:not([disabled]), a.reqmail-button"


@pytest.mark.parametrize("scheme", harness.COLOR_SCHEMES)
@pytest.mark.parametrize("page", [REQUEST_PAGE, CONVERTER_PAGE])
def test_every_control_boundary_is_at_least_3_to_1(open_page, page, scheme):
    driver = open_page(page)
    emulate(driver, scheme=scheme)
    found = boundary_contrasts(driver, CONTROLS)
    kinds = {re.match(r"<(\w+)", entry["control"]).group(1) for entry in found}
    assert {"input", "button"} <= kinds, f"{page}: expected inputs and buttons, found {kinds}"
    faint = [entry for entry in found if entry["width"] == 0 or entry["ratio"] < 3]
    assert faint == [], f"{page} ({scheme}): control boundaries below 3:1: {faint}"


FOCUS_KINDS = {REQUEST_PAGE: {"A", "INPUT", "SELECT", "TEXTAREA", "BUTTON"}, CONVERTER_PAGE: {"A", "INPUT", "TEXTAREA", "BUTTON"}}


@pytest.mark.parametrize("scheme", harness.COLOR_SCHEMES)
@pytest.mark.parametrize("page", [REQUEST_PAGE, CONVERTER_PAGE])
def test_every_focus_indicator_is_at_least_3_to_1(open_page, page, scheme):
    driver = open_page(page)
    emulate(driver, scheme=scheme)
    driver.execute_script(_CONTRAST_SCRIPT)
    body = driver.find_element(By.TAG_NAME, "body")
    body.click()
    seen = []
    for _ in range(120):
        ActionChains(driver).send_keys(Keys.TAB).perform()
        result = driver.execute_script(
            """
            const e = document.activeElement, {parse, ratio, behind} = window.__contrast;
            if (!e || e === document.body) return null;
            const style = getComputedStyle(e);
            return {control: e.outerHTML.slice(0, 90), tag: e.tagName, cls: e.className, outline: style.outlineStyle,
                    width: parseFloat(style.outlineWidth), ratio: ratio(parse(style.outlineColor), behind(e))};
            """
        )
        if result is None:
            continue
        seen.append(result)
    tags = {entry["tag"] for entry in seen}
    assert FOCUS_KINDS[page] <= tags, f"{page}: the Tab walk missed kinds of control: {tags}"
    anchors = [entry for entry in seen if "heading-anchor" in str(entry["cls"])]
    assert anchors == [], "heading permalinks must not be Tab stops"
    weak = [entry for entry in seen if entry["outline"] == "none" or entry["width"] < 2 or entry["ratio"] < 3]
    assert weak == [], f"{page} ({scheme}): focus indicators below 3:1 or missing: {weak}"


@pytest.mark.parametrize("scheme", harness.COLOR_SCHEMES)
def test_heading_permalinks_show_on_hover_at_3_to_1(open_page, scheme):
    driver = open_page(REQUEST_PAGE)
    emulate(driver, scheme=scheme)
    driver.execute_script(_CONTRAST_SCRIPT)
    heading = driver.find_element(By.CSS_SELECTOR, "main h2[id]")
    anchor = heading.find_element(By.CSS_SELECTOR, ".heading-anchor")
    assert anchor.get_attribute("tabindex") == "-1"
    ActionChains(driver).move_to_element(heading).perform()
    shown = driver.execute_script(
        """
        const a = arguments[0], {parse, ratio, behind} = window.__contrast, style = getComputedStyle(a);
        return {opacity: style.opacity, ratio: ratio(parse(style.color), behind(a))};
        """,
        anchor,
    )
    assert shown["opacity"] == "1" and shown["ratio"] >= 3, shown
    # Reached from the contents list, the target heading shows its permalink too.
    driver.get(driver.current_url.split("#")[0] + "#" + heading.get_attribute("id"))
    ActionChains(driver).move_to_element(driver.find_element(By.TAG_NAME, "h1")).perform()
    assert driver.execute_script("return getComputedStyle(arguments[0]).opacity", anchor) == "1"


def test_clear_draft_asks_before_it_wipes_the_form(open_page):
    driver = open_page(REQUEST_PAGE)
    name = driver.find_element(By.CSS_SELECTOR, 'input[name="enterprise-name"]')
    name.send_keys("Contoso Ltd")
    driver.execute_script("window.__asked = []; window.confirm = q => { window.__asked.push(q); return false; };")
    clear = driver.find_element(By.CSS_SELECTOR, '[data-role="clear"]')
    clear.click()
    assert driver.execute_script("return window.__asked.length") == 1
    assert name.get_attribute("value") == "Contoso Ltd", "declining must keep the draft"
    driver.execute_script("window.confirm = q => { window.__asked.push(q); return true; };")
    clear.click()
    assert name.get_attribute("value") == ""
    assert driver.execute_script("return window.__asked.length") == 2
    # Clear draft is not beside Download.
    download = driver.find_element(By.CSS_SELECTOR, '[data-role="download"]')
    assert download.find_element(By.XPATH, "..") != clear.find_element(By.XPATH, "../..")
    assert driver.find_elements(By.CSS_SELECTOR, "[data-widget] [placeholder]") == []


def test_converter_errors_carry_a_symbol_and_a_border(open_page):
    driver = open_page(CONVERTER_PAGE)
    driver.find_element(By.CSS_SELECTOR, '[data-widget="address-converter"] input[name="address"]').send_keys("not-an-address")
    explanation = driver.find_element(By.CSS_SELECTOR, '[data-role="explanation"]')
    style = driver.execute_script(
        "const s = getComputedStyle(arguments[0]); return [s.borderLeftWidth, s.borderLeftStyle,"
        " getComputedStyle(arguments[0], '::before').content]",
        explanation,
    )
    assert float(style[0].rstrip("px")) >= 3 and style[1] == "solid", style
    assert "\u2716" in style[2], style


# ----------------------------------------------------------------------------------------------
# Diagrams


@pytest.mark.parametrize("diagram", DIAGRAMS + [d.replace(".svg", ".narrow.svg") for d in DIAGRAMS])
def test_diagrams_change_colours_in_dark_mode(driver, base_urls, diagram):
    url = harness.page_url(base_urls["file"], diagram)
    colours = {}
    for scheme in harness.COLOR_SCHEMES:
        harness.load(driver, url)
        emulate(driver, scheme=scheme)
        colours[scheme] = driver.execute_script(
            "return ['.bg', 'g.ink'].map(s => getComputedStyle(document.querySelector(s)).fill)"
        )
    emulate(driver)
    assert colours["light"] != colours["dark"], f"{diagram}: same colours in light and dark: {colours}"
    background = [int(n) for n in re.findall(r"\d+", colours["dark"][0])[:3]]
    assert sum(background) < 3 * 60, f"{diagram}: the dark background is not dark: {colours['dark']}"
    source = (harness.REPO_ROOT / "Content" / diagram).read_text(encoding="utf-8")
    assert "http" not in source.replace("http://www.w3.org/2000/svg", ""), f"{diagram}: refers to the network"


@pytest.mark.parametrize("page,diagram", sorted(DIAGRAM_PAGES.items()))
def test_diagrams_link_to_their_file_and_phones_get_the_portrait_drawing(open_page, page, diagram):
    driver = open_page(page)
    link = driver.find_element(By.CSS_SELECTOR, "a.diagram-link")
    assert link.get_attribute("href").endswith(diagram)
    image = link.find_element(By.CSS_SELECTOR, "picture img")
    assert driver.execute_script("return arguments[0].currentSrc", image).endswith(diagram)
    driver.set_window_size(375, 800)
    driver.refresh()
    image = driver.find_element(By.CSS_SELECTOR, "a.diagram-link picture img")
    driver.execute_script("arguments[0].scrollIntoView()", image)
    current = driver.execute_script("return arguments[0].currentSrc", image)
    assert current.endswith(diagram.replace(".svg", ".narrow.svg")), current
    # The portrait drawing keeps labels readable: at least 11 px for its 13 px text.
    scale = driver.execute_script("return arguments[0].getBoundingClientRect().width / arguments[0].naturalWidth", image)
    assert 13 * scale >= 11, f"{page}: text would shrink to {13 * scale:.1f} px"


@pytest.mark.parametrize("scheme", harness.COLOR_SCHEMES)
@pytest.mark.parametrize("width", [375, 1280])
def test_diagram_screenshots_for_a_person(driver, base_urls, screenshot_folder, record_screenshot, scheme, width):
    screenshot_folder.mkdir(parents=True, exist_ok=True)
    for page, name in [("index.html", "message-path"), (REQUEST_PAGE, "timeline")]:
        url = harness.page_url(base_urls["file"], page)
        driver.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride", {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": width < 600}
        )
        harness.load(driver, url)
        emulate(driver, scheme=scheme)
        # Only the diagram: scroll it to the top and capture the viewport's height from there.
        box = driver.execute_script(
            "const r = document.querySelector('a.diagram-link').getBoundingClientRect();"
            " return {x: 0, y: r.top + window.scrollY - 8, width: window.innerWidth, height: r.height + 40, scale: 1};"
        )
        shot = driver.execute_cdp_cmd("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True, "clip": box})
        target = screenshot_folder / f"paper-diagram-{name}-{width}-{scheme}.png"
        target.write_bytes(base64.b64decode(shot["data"]))
        record_screenshot(target)
        harness.reset_emulation(driver)
