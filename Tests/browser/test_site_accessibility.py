"""axe-core on every page opened from disk, in the light and the dark colour scheme (contrast differs)."""

import browser_harness as harness


def test_accessibility(driver, base_urls, color_scheme, site_page):
    url = harness.page_url(base_urls["file"], site_page)
    problems = harness.check_accessibility(driver, url, base_urls["file"], color_scheme)
    assert not problems, "\n".join(problems)
