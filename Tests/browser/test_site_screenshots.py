"""Screenshots of the home page, the longest page and the address converter's page, light and dark, at two phone
widths (320, 375), a laptop (1280) and a wide monitor (1920), for a person to look at.

At phone width the page must not scroll sideways, which a screenshot alone would let slip by.
"""

import re

import browser_harness as harness

WIDTHS = {"small phone": 320, "phone": 375, "laptop": 1280, "wide monitor": 1920}


def test_screenshots(driver, site_dir, base_urls, screenshot_folder, record_screenshot, pages_with_widget):
    # Earlier runs may have shot other pages; leave only this run's set (and nothing else is touched).
    for stale in screenshot_folder.glob("*.png"):
        if re.fullmatch(r".+-(light|dark)-(%s)\.png" % "|".join(map(str, WIDTHS.values())), stale.name):
            stale.unlink()
    problems = []
    for page in sorted({"index.html", harness.longest_page(site_dir), pages_with_widget("address-converter")[0]}):
        for scheme in harness.COLOR_SCHEMES:
            for device, width in WIDTHS.items():
                name = f"{re.sub(r'[^A-Za-z0-9]+', '-', page.removesuffix('.html'))}-{scheme}-{width}.png"
                destination = screenshot_folder / name
                size = harness.take_screenshot(
                    driver, harness.page_url(base_urls["file"], page), destination, width, scheme
                )
                record_screenshot(destination)
                if size["scrollWidth"] > size["viewportWidth"]:
                    problems.append(
                        f"{page} ({scheme}, {device} {width}px): the page is {size['scrollWidth']}px wide, "
                        f"so it scrolls sideways in a {size['viewportWidth']}px viewport."
                    )
    assert not problems, "\n".join(problems)
