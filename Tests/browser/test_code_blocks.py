"""Highlighted code blocks in a real browser: the Copy button copies a block's exact text (prompts and
console output left out) from a page opened from disk; highlighted pages pass axe in light and dark;
blocks keep their lines on screen and wrap with continuation marks in print."""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

import browser_harness as harness

LONG_COMMAND = (
    "New-CsPublicProvider -Identity Skype -ProxyFqdn federation.messenger.msn.com -IconUrl "
    "https://images.edge.messenger.live.com/Messenger_16x16.png -NameDecorationDomain msn.com "
    "-NameDecorationExcludedDomainList \"msn.com,outlook.com,live.com,hotmail.com\" -Enabled $True"
)

# Each block: (info string, code, what the Copy button must give).
BLOCKS = [
    ("powershell", LONG_COMMAND + "\nRemove-CsPublicProvider -Identity Skype\n",
     LONG_COMMAND + "\nRemove-CsPublicProvider -Identity Skype"),
    ("console", "$ docgen address bob@contoso.com\nbob(contoso.com)@msn.com\nPS C:\\> Get-Date\nMonday\n",
     "docgen address bob@contoso.com\nGet-Date"),
    ("bash", "echo \"a  b\" 'c & <d>'\t# tab and spaces   \n", "echo \"a  b\" 'c & <d>'\t# tab and spaces   "),
    ("yaml", "title: \"Café – 東京\"\nlist: [a, b]\n", "title: \"Café – 東京\"\nlist: [a, b]"),
    ("cobol", "MOVE A TO B.\n", "MOVE A TO B."),
    ("", "no language\n\n  indented line\n", "no language\n\n  indented line"),
]


def _markdown() -> str:
    parts = ["---", "title: Code", "---", ""]
    for info, code, _ in BLOCKS:
        parts += ["```" + info, code.rstrip("\n"), "```", ""]
    return "\n".join(parts)


@pytest.fixture(scope="module")
def code_site():
    scratch = Path(tempfile.mkdtemp(prefix="docgen-code-"))
    content = scratch / "Content"
    content.mkdir()
    (content / "site.yml").write_text("title: Code blocks\n", encoding="utf-8")
    (content / "index.md").write_text(_markdown(), encoding="utf-8")
    try:
        yield harness.build_site(content, scratch / "docs")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _open(driver, site: Path, page: str = "index.html"):
    harness.load(driver, harness.page_url(harness.disk_base_url(site), page))
    return driver


def _pasted_clipboard(driver) -> str:
    """What the clipboard holds, read back by pasting into a text area added to the page."""
    driver.execute_script(
        "var area = document.createElement('textarea'); area.id = 'paste-target';"
        "area.setAttribute('aria-label', 'paste'); document.body.appendChild(area); area.focus();"
    )
    area = driver.find_element(By.ID, "paste-target")
    area.send_keys(Keys.CONTROL, "v")
    value = area.get_attribute("value")
    driver.execute_script("document.getElementById('paste-target').remove();")
    return value


def _copy(driver, index: int) -> str:
    buttons = driver.find_elements(By.CSS_SELECTOR, "[data-role='copy-code']")
    button = buttons[index]
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", button)
    button.click()
    status = driver.find_element(By.CSS_SELECTOR, "[data-role='copy-status']")
    WebDriverWait(driver, 5).until(lambda _: status.get_attribute("textContent") != "")
    assert status.get_attribute("textContent") == "Copied", f"block {index}: {status.get_attribute('textContent')!r}"
    return _pasted_clipboard(driver)


def test_copy_gives_the_exact_text_of_each_block_from_disk(driver, code_site):
    try:
        _open(driver, code_site)
        buttons = driver.find_elements(By.CSS_SELECTOR, "[data-role='copy-code']")
        assert len(buttons) == len(BLOCKS)
        for index, (info, _, expected) in enumerate(BLOCKS):
            assert _copy(driver, index) == expected, f"block {index} ({info or 'no language'})"
        assert harness.console_errors(driver) == []
    finally:
        harness.reset_emulation(driver)


def test_copy_on_a_guide_page_gives_the_command_as_written(driver, site_dir):
    """The guide's multi-line shell command, copied from the built guide opened from disk."""
    source = (harness.REPO_ROOT / "Content/setup/request-provisioning.md").read_text(encoding="utf-8")
    expected = re.search(r"```sh\n(.*?)\n```", source, re.S).group(1)
    _open(driver, site_dir, "setup/request-provisioning.html")
    blocks = driver.find_elements(By.CSS_SELECTOR, "pre.code")
    index = next(i for i, block in enumerate(blocks) if block.get_attribute("aria-label") == "Shell code")
    assert _copy(driver, index) == expected


def test_highlighted_pages_pass_axe_in_light_and_dark(driver, code_site, site_dir):
    problems = []
    for scheme in harness.COLOR_SCHEMES:
        for site, page in [(code_site, "index.html"), (site_dir, "setup/configure-lync-server.html")]:
            base = harness.disk_base_url(site)
            problems += harness.check_accessibility(driver, harness.page_url(base, page), base, scheme)
    assert problems == []


def test_blocks_keep_their_lines_and_scroll_sideways(driver, code_site):
    try:
        driver.set_window_size(375, 800)
        _open(driver, code_site)
        block = driver.find_elements(By.CSS_SELECTOR, "pre.code")[0]
        assert block.get_attribute("tabindex") == "0"
        assert block.get_attribute("aria-label") == "PowerShell code"
        metrics = driver.execute_script(
            "var pre = arguments[0], style = getComputedStyle(pre);"
            "return {whiteSpace: style.whiteSpace, overflowX: style.overflowX, scroll: pre.scrollWidth, client: pre.clientWidth,"
            " lines: Math.round((pre.clientHeight - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom))"
            " / parseFloat(getComputedStyle(pre.querySelector('code')).lineHeight)),"
            " pageScroll: document.documentElement.scrollWidth, viewport: window.innerWidth};",
            block,
        )
        assert metrics["whiteSpace"] == "pre"
        assert metrics["overflowX"] == "auto"
        assert metrics["scroll"] > metrics["client"], metrics
        # Two commands, two lines (a scroll bar's height is below one line).
        assert metrics["lines"] == 2, metrics
        assert metrics["pageScroll"] <= metrics["viewport"], "the page itself scrolls sideways"
    finally:
        driver.set_window_size(1280, 900)
        harness.reset_emulation(driver)


def test_print_wraps_long_lines_with_a_continuation_mark(driver, code_site):
    try:
        _open(driver, code_site)
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print", "features": []})
        result = driver.execute_script(
            "var pre = document.querySelector('pre.code'), line = pre.querySelector('.code-line');"
            "var style = getComputedStyle(line);"
            "return {whiteSpace: getComputedStyle(pre).whiteSpace, display: style.display, indent: style.textIndent,"
            " background: style.backgroundImage, rows: line.getClientRects().length, height: line.getBoundingClientRect().height,"
            " lineHeight: parseFloat(style.lineHeight), toolbar: getComputedStyle(document.querySelector('.code-toolbar')).display,"
            " keyword: getComputedStyle(document.querySelector('.tok-function')).color};"
        )
        assert result["whiteSpace"] == "pre-wrap"
        assert result["display"] == "block"
        assert result["indent"].startswith("-")
        assert "data:image/svg+xml" in result["background"]
        assert result["height"] > 1.5 * result["lineHeight"], "the long command should wrap onto more rows in print"
        assert result["toolbar"] == "none"
        assert result["keyword"] == "rgb(0, 0, 0)"
    finally:
        harness.reset_emulation(driver)
