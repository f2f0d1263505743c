"""The suite's own teeth: a tiny site built with docgen passes, and each deliberate breakage of it fails
with a message that names the broken page.

Each test copies the tiny site, edits one built page (as a bad template would), and runs the same checker
functions the real suite runs on the guide.
"""

import re
import shutil
from pathlib import Path

import pytest

import browser_harness as harness

ONE_PIXEL_GIF = "data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7"


@pytest.fixture(scope="module")
def tiny_site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("tiny-site")
    content = root / "Content"
    (content / "guide").mkdir(parents=True)
    (content / "site.yml").write_text("title: Self-check site\n", encoding="utf-8")
    (content / "index.md").write_text("---\ntitle: Home\n---\n\nThe home page.\n", encoding="utf-8")
    (content / "guide" / "setup.md").write_text(
        "---\ntitle: Setup\n---\n\n## First step\n\nA page one folder down.\n", encoding="utf-8"
    )
    try:
        return harness.build_site(content, root / "docs")
    except harness.HarnessError as error:
        message = str(error)
    pytest.fail(message, pytrace=False)


def broken_copy(tiny_site: Path, destination: Path, page: str, snippet: str) -> Path:
    """A copy of the tiny site whose `page` carries `snippet` at the end of its main content."""
    site = destination / "docs"
    shutil.copytree(tiny_site, site)
    target = site / page
    markup = target.read_text(encoding="utf-8")
    anchor = "</main>" if "</main>" in markup else "</body>"
    assert anchor in markup, f"{page} of the tiny site has neither </main> nor </body> to insert before."
    target.write_text(markup.replace(anchor, snippet + anchor, 1), encoding="utf-8")
    return site


def page_problems(driver, site: Path, page: str, via: str) -> list[str]:
    if via == "file":
        base = harness.disk_base_url(site)
        return harness.check_page(driver, harness.page_url(base, page), site, base)
    with harness.StaticSiteServer(site) as server:
        return harness.check_page(driver, harness.page_url(server.base_url, page), site, server.base_url)


def only_problems_about(problems: list[str], page: str, *phrases: str) -> None:
    """Every phrase shows up in a problem that names the page, so the failure points at the right place."""
    assert problems, f"The checks found nothing wrong with the broken {page}."
    for phrase in phrases:
        assert any(problem.startswith(page + " (") and phrase in problem for problem in problems), (
            f"No problem names {page} and mentions {phrase!r}; the checks reported:\n" + "\n".join(problems)
        )


@pytest.mark.parametrize("via", ["file", "http"])
def test_untouched_tiny_site_passes(driver, tiny_site, via):
    for page in harness.discover_pages(tiny_site):
        problems = page_problems(driver, tiny_site, page, via)
        assert not problems, "\n".join(problems)


@pytest.mark.parametrize("via", ["file", "http"])
def test_link_to_a_missing_page_fails(driver, tiny_site, tmp_path, via):
    site = broken_copy(tiny_site, tmp_path, "guide/setup.html", '<p><a href="no-such-page.html">Gone</a></p>')
    problems = page_problems(driver, site, "guide/setup.html", via)
    only_problems_about(problems, "guide/setup.html", "'no-such-page.html'", "not in the built site")


def test_link_to_a_missing_fragment_fails(driver, tiny_site, tmp_path):
    site = broken_copy(tiny_site, tmp_path, "index.html", '<p><a href="guide/setup.html#no-such-id">Gone</a></p>')
    problems = page_problems(driver, site, "index.html", "file")
    only_problems_about(problems, "index.html", "#no-such-id", "no element with that id")


@pytest.mark.parametrize("via", ["file", "http"])
def test_root_absolute_link_fails(driver, tiny_site, tmp_path, via):
    # "/index.html" works only when the site sits at a server's root, never from disk or under /docs/.
    site = broken_copy(tiny_site, tmp_path, "index.html", '<p><a href="/index.html">Home</a></p>')
    problems = page_problems(driver, site, "index.html", via)
    only_problems_about(problems, "index.html", "'/index.html'", "outside the site")


@pytest.mark.parametrize("via", ["file", "http"])
def test_external_script_fails(driver, tiny_site, tmp_path, via):
    site = broken_copy(
        tiny_site, tmp_path, "guide/setup.html", '<script src="https://cdn.example.com/library.js"></script>'
    )
    problems = page_problems(driver, site, "guide/setup.html", via)
    only_problems_about(problems, "guide/setup.html", "requests https://cdn.example.com/library.js", "outside the site")


def test_page_without_an_icon_fails_over_http(driver, tiny_site, tmp_path):
    # Without <link rel="icon"> the browser asks the server's root for /favicon.ico, outside /docs/.
    site = broken_copy(tiny_site, tmp_path, "index.html", "")
    page = site / "index.html"
    page.write_text(re.sub(r'<link rel="[^"]*icon[^"]*"[^>]*>', "", page.read_text(encoding="utf-8")), encoding="utf-8")
    problems = page_problems(driver, site, "index.html", "http")
    only_problems_about(problems, "index.html", 'has no <link rel="icon">')


def test_missing_stylesheet_fails(driver, tiny_site, tmp_path):
    site = broken_copy(tiny_site, tmp_path, "index.html", '<link rel="stylesheet" href="assets/missing.css">')
    problems = page_problems(driver, site, "index.html", "file")
    only_problems_about(problems, "index.html", "request for", "assets/missing.css failed")


def test_script_error_fails(driver, tiny_site, tmp_path):
    site = broken_copy(tiny_site, tmp_path, "index.html", '<script>undefinedFunctionOfTheTheme();</script>')
    problems = page_problems(driver, site, "index.html", "file")
    only_problems_about(problems, "index.html", "console error", "undefinedFunctionOfTheTheme")


@pytest.mark.parametrize("scheme", harness.COLOR_SCHEMES)
def test_image_without_alt_text_fails(driver, tiny_site, tmp_path, scheme):
    site = broken_copy(tiny_site, tmp_path, "guide/setup.html", f'<p><img src="{ONE_PIXEL_GIF}"></p>')
    base = harness.disk_base_url(site)
    problems = harness.check_accessibility(driver, harness.page_url(base, "guide/setup.html"), base, scheme)
    only_problems_about(problems, "guide/setup.html", "axe image-alt (critical)", "img")


def test_low_contrast_in_dark_scheme_only_fails_in_dark(driver, tiny_site, tmp_path):
    # Black on white by day, dark grey on near-black by night: only the dark run may catch it. The colours
    # are set here in full so the result does not depend on the theme's own palette.
    style = (
        "<style>.faint { color: #000; background: #fff; }"
        " @media (prefers-color-scheme: dark) { .faint { color: #333; background: #111; } }</style>"
    )
    site = broken_copy(tiny_site, tmp_path, "index.html", f'{style}<p class="faint">Hard to read at night.</p>')
    base = harness.disk_base_url(site)
    url = harness.page_url(base, "index.html")
    light = harness.check_accessibility(driver, url, base, "light")
    dark = harness.check_accessibility(driver, url, base, "dark")
    assert not any("color-contrast" in problem for problem in light), "\n".join(light)
    only_problems_about(dark, "index.html", "axe color-contrast", ".faint")


def test_invalid_html_fails_with_page_and_line(tiny_site, tmp_path):
    site = broken_copy(tiny_site, tmp_path, "guide/setup.html", "<p>Stray end tag ahead.</span></p>")
    errors = harness.validate_html(site, harness.discover_pages(site))
    line = next(
        number
        for number, text in enumerate((site / "guide/setup.html").read_text(encoding="utf-8").splitlines(), 1)
        if "Stray end tag ahead." in text
    )
    assert any(error.startswith(f"guide/setup.html:{line}:") and "span" in error for error in errors), (
        f"The Nu HTML Checker did not report the stray </span> at guide/setup.html line {line}:\n" + "\n".join(errors)
    )


def test_low_contrast_in_the_theme_chosen_with_the_button_fails(driver, tiny_site, tmp_path):
    # A reader's choice of theme overrides the system's; the colours it switches to must be checked as well.
    style = (
        "<style>.faint { color: #000; background: #fff; }"
        ' [data-theme="dark"] .faint { color: #333; background: #111; }</style>'
    )
    site = broken_copy(tiny_site, tmp_path, "index.html", f'{style}<p class="faint">Hard to read at night.</p>')
    if 'data-role="theme-toggle"' not in (site / "index.html").read_text(encoding="utf-8"):
        pytest.skip("The theme has no light/dark button to click.")
    base = harness.disk_base_url(site)
    problems = harness.check_accessibility(driver, harness.page_url(base, "index.html"), base, "light")
    only_problems_about(problems, "index.html", "dark chosen with the theme button", "axe color-contrast")
