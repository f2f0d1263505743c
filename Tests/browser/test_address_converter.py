"""The address converter widget on the guide's EASI page, opened from disk.

Every case of Tests/FederationWidgetsTests/Vectors/address-converter.json (the file the Swift tests also run) is
typed into the widget, so the page's script and the Swift rules cannot drift apart.
"""

from __future__ import annotations

import json
import subprocess
import unicodedata
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

import browser_harness as harness

VECTORS_FILE = harness.REPO_ROOT / "Tests" / "FederationWidgetsTests" / "Vectors" / "address-converter.json"
VECTORS = json.loads(VECTORS_FILE.read_text(encoding="utf-8"))
ROOT = '[data-widget="address-converter"]'

# Replaces alert and friends before any input is typed: a payload that ran would leave its mark in
# window.__pwned instead of opening a dialog that hides the failure.
TRAP_SCRIPT = """
window.__pwned = undefined;
window.alert = window.confirm = window.prompt = function () { window.__pwned = 'dialog'; };
"""

SET_VALUE_SCRIPT = """
const field = arguments[0];
field.value = arguments[1];
field.dispatchEvent(new Event('input', {bubbles: true}));
"""


def _easi_page(pages_with_widget) -> str:
    pages = pages_with_widget("address-converter")
    preferred = [page for page in pages if "add-skype-contacts" in page]
    return (preferred or pages)[0]


def _typeable(text: str) -> bool:
    """Whether ChromeDriver can type text key by key: printable BMP characters, no tabs, newlines or
    invisible or combining characters (those are set as the field's value instead)."""
    return text != "" and all(
        0x20 <= ord(char) < 0xFFFF and char not in "\x7f\u00a0\u3000"
        and unicodedata.category(char) not in ("Cc", "Cf", "Mn", "Zs", "Zl", "Zp") or char == " "
        for char in text
    )


def _widget(driver):
    return driver.find_element(By.CSS_SELECTOR, ROOT)


def _choose(driver, role: str, value: str) -> None:
    radio = _widget(driver).find_element(By.CSS_SELECTOR, f'input[data-role="{role}"][value="{value}"]')
    if not radio.is_selected():
        radio.click()


def _enter(driver, text: str) -> None:
    field = _widget(driver).find_element(By.CSS_SELECTOR, 'input[name="address"]')
    driver.execute_script(SET_VALUE_SCRIPT, field, "")
    if _typeable(text):
        field.send_keys(text)
    else:
        driver.execute_script(SET_VALUE_SCRIPT, field, text)


def _result(driver) -> dict:
    return driver.execute_script(
        """
        const root = document.querySelector(arguments[0]);
        const result = root.querySelector('[data-role="result"]');
        return {text: result.textContent, state: result.getAttribute('data-state'),
                kind: result.getAttribute('data-error-kind'),
                explanation: root.querySelector('[data-role="explanation"]').textContent};
        """,
        ROOT,
    )


def _injected_elements(driver) -> int:
    """Elements a payload could have smuggled into the widget (it renders none of these itself)."""
    return driver.execute_script(
        "return document.querySelector(arguments[0]).querySelectorAll('img, script, svg, iframe, object').length",
        ROOT,
    )


def _mismatch(vector: dict, shown: dict) -> str | None:
    label = f"{vector['mode']} {vector.get('suffix', 'msn.com')} {vector['input']!r}"
    if "output" in vector:
        if shown["state"] != "ok" or shown["text"] != vector["output"]:
            return f"{label}: expected {vector['output']!r}, the page shows {shown['text']!r} ({shown['explanation']})"
    elif vector["error"] == "empty" and shown["state"] == "empty" and shown["text"] == "":
        return None  # a blank field shows a prompt instead of an error; "sip:" alone still gets the error
    else:
        if shown["state"] != "error" or shown["kind"] != vector["error"]:
            return (f"{label}: expected the rejection {vector['error']!r}, the page shows state {shown['state']!r}, "
                    f"kind {shown['kind']!r}, text {shown['text']!r}")
        if "message" in vector and shown["explanation"] != vector["message"]:
            return f"{label}: expected the message {vector['message']!r}, the page says {shown['explanation']!r}"
    return None


def test_done_when_example_matches_the_command_line(open_page, pages_with_widget, browser_errors):
    driver = open_page(_easi_page(pages_with_widget), via="file")
    _enter(driver, "skypeguy@customdomain.com")
    shown = _result(driver)
    assert shown["text"] == "skypeguy(customdomain.com)@msn.com", shown
    assert "not a Microsoft domain" in shown["explanation"]

    cli = subprocess.run([str(harness.docgen_binary()), "address", "skypeguy@customdomain.com"],
                         capture_output=True, text=True)
    assert cli.returncode == 0, cli.stderr
    assert cli.stdout == shown["text"] + "\n"
    assert browser_errors() == []


def test_every_vector_in_the_page(open_page, pages_with_widget, browser_errors):
    page = _easi_page(pages_with_widget)
    driver = open_page(page, via="file")
    driver.execute_script(TRAP_SCRIPT)
    problems = []
    for vector in VECTORS:
        # The suffix choice is disabled while decoding, so pick it in encode mode first.
        _choose(driver, "mode", "encode")
        _choose(driver, "suffix", vector.get("suffix", "msn.com"))
        _choose(driver, "mode", vector["mode"])
        _enter(driver, vector["input"])
        problem = _mismatch(vector, _result(driver))
        if problem:
            problems.append(f"{page}: {problem}")
    assert len(VECTORS) >= 40
    assert problems == [], "\n".join(problems)
    assert driver.execute_script("return window.__pwned") is None, "an injection payload ran"
    assert _injected_elements(driver) == 0, "an injection payload added markup to the widget"
    assert browser_errors() == []


def test_batch_table_matches_the_vectors(open_page, pages_with_widget, browser_errors):
    driver = open_page(_easi_page(pages_with_widget), via="file")
    driver.execute_script(TRAP_SCRIPT)
    cases = [vector for vector in VECTORS
             if vector["mode"] == "encode" and vector.get("suffix", "msn.com") == "msn.com"
             and vector["input"].strip() != "" and not any(char in vector["input"] for char in "\r\n\u2028\u2029\x85\x0b\x0c")]
    textarea = _widget(driver).find_element(By.CSS_SELECTOR, 'textarea[name="addresses"]')
    driver.execute_script(SET_VALUE_SCRIPT, textarea, "\n".join(vector["input"] for vector in cases) + "\n\n")
    rows = driver.execute_script(
        """
        const table = document.querySelector(arguments[0]).querySelector('[data-role="batch-table"]');
        return {hidden: table.hidden, rows: Array.from(table.tBodies[0].rows, row =>
            ({state: row.getAttribute('data-state'), cells: Array.from(row.cells, cell => cell.textContent)}))};
        """,
        ROOT,
    )
    assert rows["hidden"] is False
    assert len(rows["rows"]) == len(cases)
    problems = []
    for vector, row in zip(cases, rows["rows"]):
        if row["cells"][0] != vector["input"]:
            problems.append(f"row for {vector['input']!r} shows input {row['cells'][0]!r}")
        elif "output" in vector and (row["state"] != "ok" or row["cells"][1] != vector["output"]):
            problems.append(f"{vector['input']!r}: expected {vector['output']!r}, row shows {row['cells'][1:]!r}")
        elif "error" in vector and row["state"] != "error":
            problems.append(f"{vector['input']!r}: expected a rejection, row shows {row['cells'][1:]!r}")
    assert problems == [], "\n".join(problems)
    assert driver.execute_script("return window.__pwned") is None, "an injection payload ran in the batch table"
    assert _injected_elements(driver) == 0

    csv = driver.execute_script(
        "const c = window.DocgenAddressConverter;"
        "return c.toCSV([c.convert('bob@contoso.com', 'encode'), c.convert('\"x\",y@contoso.com', 'encode'),"
        " c.convert('=1+1@contoso.com', 'encode')]);"
    )
    lines = csv.split("\r\n")
    assert lines[0] == "input,result,note"
    assert lines[1].startswith("bob@contoso.com,bob(contoso.com)@msn.com,")
    assert lines[2].startswith('"""x"",y@contoso.com",,"The user part')
    assert lines[3].startswith("\"'=1+1@contoso.com\",\"'=1+1(contoso.com)@msn.com\",")
    assert browser_errors() == []


def test_keyboard_copy_and_hidden_controls(open_page, pages_with_widget, site_dir, browser_errors):
    page = _easi_page(pages_with_widget)
    static_html = (Path(site_dir) / page).read_text(encoding="utf-8")
    assert 'data-role="controls" hidden' in static_html, "without JavaScript the controls must stay hidden"
    assert "<code>skypeguy(customdomain.com)@msn.com</code>" in static_html, "the rule's examples are in the page itself"

    driver = open_page(page, via="file")
    widget = _widget(driver)
    assert widget.find_element(By.CSS_SELECTOR, '[data-role="controls"]').is_displayed()

    # The direction is a radio group: arrow keys switch it, and the result follows.
    _enter(driver, "skypeguy(customdomain.com)@msn.com")
    encode = widget.find_element(By.CSS_SELECTOR, 'input[data-role="mode"][value="encode"]')
    encode.send_keys(Keys.ARROW_RIGHT)
    assert widget.find_element(By.CSS_SELECTOR, 'input[data-role="mode"][value="decode"]').is_selected()
    assert _result(driver)["text"] == "skypeguy@customdomain.com"

    copy = widget.find_element(By.CSS_SELECTOR, '[data-role="copy"]')
    assert copy.is_enabled()
    copy.send_keys(Keys.ENTER)
    status = widget.find_element(By.CSS_SELECTOR, '[data-role="copy-status"]')
    WebDriverWait(driver, 5).until(lambda _: status.text != "")
    assert status.text in ("Copied.", "Press Ctrl+C (or \u2318C) to copy the selected text."), status.text

    _enter(driver, "bob@")
    assert not copy.is_enabled(), "nothing to copy for a rejected address"
    assert browser_errors() == []


@pytest.mark.parametrize("color_scheme", harness.COLOR_SCHEMES)
def test_widget_in_use_is_accessible(open_page, pages_with_widget, driver, accessibility_problems, color_scheme):
    harness.set_color_scheme(driver, color_scheme)
    open_page(_easi_page(pages_with_widget), via="file")
    _enter(driver, "bob@localhost")
    textarea = _widget(driver).find_element(By.CSS_SELECTOR, 'textarea[name="addresses"]')
    driver.execute_script(SET_VALUE_SCRIPT, textarea, "bob@contoso.com\nbob@\nSomeone@Outlook.COM\n")
    assert accessibility_problems() == []
