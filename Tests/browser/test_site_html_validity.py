"""The Nu HTML Checker over every page at once (one Java start-up for the whole site)."""

import browser_harness as harness


def test_every_page_is_valid_html(site_dir, pages):
    errors = harness.validate_html(site_dir, pages)
    assert not errors, f"{len(errors)} HTML error(s):\n" + "\n".join(errors)
