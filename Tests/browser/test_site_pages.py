"""Every page, from disk and over HTTP: no console errors, no failed or outside requests, no broken links."""

import browser_harness as harness


def test_site_has_a_home_page(pages):
    assert "index.html" in pages, "The built site has no index.html at its root."


def test_page_ok(driver, site_dir, base_urls, via, site_page):
    url = harness.page_url(base_urls[via], site_page)
    problems = harness.check_page(driver, url, site_dir, base_urls[via])
    assert not problems, "\n".join(problems)
