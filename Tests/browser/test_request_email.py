"""The provisioning request email form, on the guide's provisioning page opened from disk.

Every case of Tests/FederationWidgetsTests/Vectors/request-email.json (the file the Swift tests also run) is
filled into the form, and the preview, the mailto: link and the .eml behind the download link must equal
the vector byte for byte; the valid cases are also run through `docgen request-email` with the same
values, so the page and the command line are proven identical.
"""

from __future__ import annotations

import json
import subprocess
import tempfile
import time
import unicodedata
from pathlib import Path

import pytest
from selenium.common.exceptions import ElementClickInterceptedException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

import browser_harness as harness

VECTORS_FILE = harness.REPO_ROOT / "Tests" / "FederationWidgetsTests" / "Vectors" / "request-email.json"
VECTORS = json.loads(VECTORS_FILE.read_text(encoding="utf-8"))["cases"]
FORM_VECTORS = [case for case in VECTORS if case.get("viaForm", True)]
VALID_VECTORS = [case for case in VECTORS if not case["errors"]]
ROOT = '[data-widget="request-email"]'
TEXT_FIELDS = ["enterprise-name", "agreement-number", "access-proxy", "contact-name", "contact-email", "contact-phone"]

# A payload that ran would leave its mark in window.__pwned instead of opening a dialog.
TRAP_SCRIPT = """
window.__pwned = undefined;
window.alert = window.confirm = window.prompt = function () { window.__pwned = 'dialog'; };
"""

SET_VALUE_SCRIPT = """
const field = arguments[0];
field.value = arguments[1];
field.dispatchEvent(new Event('input', {bubbles: true}));
"""

READ_BLOB_SCRIPT = """
const done = arguments[arguments.length - 1];
const request = new XMLHttpRequest();
request.open('GET', arguments[0]);
request.responseType = 'arraybuffer';
request.onload = () => done(Array.from(new Uint8Array(request.response)));
request.onerror = () => done(null);
request.send();
"""


def _provisioning_page(pages_with_widget) -> str:
    return pages_with_widget("request-email")[0]


def _typeable(text: str) -> bool:
    """Whether ChromeDriver can type text key by key (short, printable BMP text); others are set as the value."""
    return 0 < len(text) <= 60 and all(
        0x20 <= ord(char) < 0xFFFF and unicodedata.category(char) not in ("Cc", "Cf", "Mn", "Zl", "Zp") for char in text
    )


def _widget(driver):
    return driver.find_element(By.CSS_SELECTOR, ROOT)


def _field(driver, name: str):
    return _widget(driver).find_element(By.CSS_SELECTOR, f'[name="{name}"]')


def _fill(driver, values: dict) -> None:
    """Fills the form as a reader would: typing where ChromeDriver can, setting the value where it cannot."""
    widget = _widget(driver)
    _click(driver, widget.find_element(By.CSS_SELECTOR, '[data-role="clear"]'))
    for name in TEXT_FIELDS:
        text = values.get(name, "")
        field = _field(driver, name)
        if _typeable(text):
            field.send_keys(text)
        else:
            driver.execute_script(SET_VALUE_SCRIPT, field, text)
    Select(_field(driver, "agreement-type")).select_by_value(values.get("agreement-type", ""))
    driver.execute_script(SET_VALUE_SCRIPT, _field(driver, "domain"), "\n".join(values.get("domain", [])))
    if "network" in values:
        for box in widget.find_elements(By.CSS_SELECTOR, 'input[name="network"]'):
            if box.is_selected() != (box.get_attribute("value") in values["network"]):
                _click(driver, box)


def _state(driver) -> dict:
    return driver.execute_script(
        """
        const root = document.querySelector(arguments[0]);
        const current = window.DocgenRequestEmail.current(root);
        return {
          current: current,
          preview: root.querySelector('[data-role="preview"]').textContent,
          mailto: root.querySelector('[data-role="mailto"]').getAttribute('href'),
          download: root.querySelector('[data-role="download"]').getAttribute('href'),
          state: root.getAttribute('data-state'),
        };
        """,
        ROOT,
    )


def _click(driver, element) -> None:
    """Scrolls the element to the middle of the window first, clear of the page's sticky header. The focused
    field is left first: leaving it can show its errors, which moves the element before the click lands."""
    driver.execute_script("if (document.activeElement) document.activeElement.blur();")
    # Messages shown by leaving a field can still move the layout after the scroll; wait for the element
    # to hold still between two animation frames, and try again if another element still took the click.
    for attempt in range(4):
        driver.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", element)
        driver.execute_async_script(_SETTLE_SCRIPT, element)
        try:
            element.click()
            return
        except ElementClickInterceptedException:
            if attempt == 3:
                raise
            time.sleep(0.2)


_SETTLE_SCRIPT = """
const [element, done] = arguments;
let last = null;
function check(remaining) {
  const box = element.getBoundingClientRect();
  const now = box.top + ',' + box.left;
  if (now === last || remaining === 0) { done(); return; }
  last = now;
  requestAnimationFrame(() => check(remaining - 1));
}
requestAnimationFrame(() => check(20));
"""


def _problems(items: list[dict]) -> list[dict]:
    return [{"field": p["field"], "kind": p["kind"], "message": p["message"]} for p in items]


@pytest.mark.parametrize("case", FORM_VECTORS, ids=[case["name"] for case in FORM_VECTORS])
def test_form_gives_the_vectors_email(case, open_page, pages_with_widget, browser_errors):
    driver = open_page(_provisioning_page(pages_with_widget))
    driver.execute_script(TRAP_SCRIPT)
    _fill(driver, case["input"])
    state = _state(driver)
    assert _problems(state["current"]["errors"]) == case["errors"]
    assert _problems(state["current"]["warnings"]) == case.get("warnings", [])
    if case["errors"]:
        assert state["state"] == "incomplete"
        # Asking for the email reveals every problem next to its field, tied to it for screen readers.
        driver.execute_script("arguments[0].requestSubmit();", _widget(driver).find_element(By.CSS_SELECTOR, "form"))
        for problem in case["errors"]:
            box = _widget(driver).find_element(By.CSS_SELECTOR, f'[data-role="error"][data-field="{problem["field"]}"]')
            messages = [m.get_attribute("textContent") for m in box.find_elements(By.CSS_SELECTOR, '.reqmail-problem-error [data-role="message"]')]
            assert problem["message"] in messages
            controls = _widget(driver).find_elements(By.CSS_SELECTOR, f'[name="{problem["field"]}"]')
            assert all(c.get_attribute("aria-invalid") == "true" for c in controls)
            assert all(box.get_attribute("id") in c.get_attribute("aria-describedby").split() for c in controls)
    else:
        assert state["state"] == "ready"
        assert state["preview"] == case["text"]
        assert state["mailto"] == case["mailto"]
        assert state["download"].startswith("blob:")
        eml = bytes(driver.execute_async_script(READ_BLOB_SCRIPT, state["download"])).decode("utf-8")
        assert eml == case["eml"]
    assert driver.execute_script("return window.__pwned;") is None
    assert driver.find_elements(By.CSS_SELECTOR, f"{ROOT} script:not([type='application/json'])") == []
    assert browser_errors() == []


def test_script_composes_every_vector(open_page, pages_with_widget):
    """Also the cases a form cannot hold (a recipient, a date, control characters, unknown choices)."""
    driver = open_page(_provisioning_page(pages_with_widget))
    mismatches = []
    for case in VECTORS:
        result = driver.execute_script("return window.DocgenRequestEmail.compose(arguments[0]);", case["input"])
        for key, expected in [("errors", case["errors"]), ("warnings", case.get("warnings", []))]:
            if _problems(result[key]) != expected:
                mismatches.append(f"{case['name']}: {key} {_problems(result[key])} != {expected}")
        for key in ("text", "eml", "mailto"):
            if result[key] != case.get(key):
                mismatches.append(f"{case['name']}: {key} differs: {result[key]!r} != {case.get(key)!r}")
    assert mismatches == []


@pytest.mark.parametrize("case", [c for c in VALID_VECTORS if c.get("viaForm", True)][:6], ids=lambda c: c["name"])
def test_form_equals_the_command_line(case, open_page, pages_with_widget):
    """Done when: the form's preview, mailto: link and .eml equal `docgen request-email` for the same values."""
    arguments = []
    for name, value in sorted(case["input"].items()):
        arguments += [f"--{name}={item}" for item in (value if isinstance(value, list) else [value]) if item != ""]
    docgen = str(harness.docgen_binary())

    def cli(form: str) -> str:
        run = subprocess.run([docgen, "request-email", "--format", form, *arguments], capture_output=True, timeout=60)
        assert run.returncode == 0, run.stderr.decode("utf-8")
        return run.stdout.decode("utf-8")

    driver = open_page(_provisioning_page(pages_with_widget))
    _fill(driver, case["input"])
    state = _state(driver)
    assert state["preview"] == cli("text")
    assert state["mailto"] + "\n" == cli("mailto")
    assert bytes(driver.execute_async_script(READ_BLOB_SCRIPT, state["download"])).decode("utf-8") == cli("eml")


def test_download_saves_the_eml_from_disk(open_page, pages_with_widget, driver):
    case = VALID_VECTORS[0]
    page = open_page(_provisioning_page(pages_with_widget))
    assert page.current_url.startswith("file:")
    with tempfile.TemporaryDirectory() as folder:
        driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": folder})
        try:
            _fill(driver, case["input"])
            link = _widget(driver).find_element(By.CSS_SELECTOR, '[data-role="download"]')
            assert link.get_attribute("download") == "provisioning-request.eml"
            _click(driver, link)
            saved = Path(folder) / "provisioning-request.eml"
            WebDriverWait(driver, 10).until(lambda _: saved.exists() and saved.read_bytes() == case["eml"].encode("utf-8"))
            status = _widget(driver).find_element(By.CSS_SELECTOR, '[data-role="status"]').text
            assert "provisioning-request.eml" in status
        finally:
            driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "default"})


def test_incomplete_form_does_not_open_the_mail_app(open_page, pages_with_widget):
    driver = open_page(_provisioning_page(pages_with_widget))
    url = driver.current_url
    _click(driver, _widget(driver).find_element(By.CSS_SELECTOR, '[data-role="mailto"]'))
    assert driver.current_url == url
    focused = driver.switch_to.active_element
    assert focused.get_attribute("name") == "enterprise-name", "focus moves to the first field with a problem"
    assert "Enterprise Name is required" in _widget(driver).text


def test_copy_button_copies_or_explains(open_page, pages_with_widget):
    driver = open_page(_provisioning_page(pages_with_widget))
    _fill(driver, VALID_VECTORS[0]["input"])
    _click(driver, _widget(driver).find_element(By.CSS_SELECTOR, '[data-role="copy"]'))
    status = _widget(driver).find_element(By.CSS_SELECTOR, '[data-role="status"]')
    WebDriverWait(driver, 5).until(lambda _: status.text != "")
    assert status.text in (
        "Copied the email to the clipboard.",
        "This browser blocked copying; the preview is selected, so press Ctrl+C (or Cmd+C).",
    )


def test_draft_survives_a_reload_until_cleared(open_page, pages_with_widget):
    driver = open_page(_provisioning_page(pages_with_widget))
    _fill(driver, VALID_VECTORS[2]["input"])
    expected = _state(driver)["preview"]
    driver.refresh()
    assert _field(driver, "enterprise-name").get_attribute("value") == VALID_VECTORS[2]["input"]["enterprise-name"]
    assert _state(driver)["preview"] == expected
    _click(driver, _widget(driver).find_element(By.CSS_SELECTOR, '[data-role="clear"]'))
    # Clearing asks first (a real confirm dialog); accepting it empties the form.
    alert = driver.switch_to.alert
    assert "Clear every field" in alert.text
    alert.accept()
    assert _field(driver, "enterprise-name").get_attribute("value") == ""
    assert driver.execute_script("return localStorage.getItem('docgen.request-email.draft');") is None
    driver.refresh()
    assert _field(driver, "contact-email").get_attribute("value") == ""
    assert _widget(driver).find_element(By.CSS_SELECTOR, 'input[value="skype"]').is_selected()


def test_works_when_storage_is_blocked(open_page, pages_with_widget, browser_errors):
    driver = open_page(_provisioning_page(pages_with_widget))
    driver.execute_script(
        """
        Object.defineProperty(window, 'localStorage', {get() { throw new DOMException('blocked', 'SecurityError'); }});
        """
    )
    _fill(driver, VALID_VECTORS[0]["input"])
    assert _state(driver)["preview"] == VALID_VECTORS[0]["text"]
    assert browser_errors() == []


def test_without_javascript_the_fields_and_template_show(open_page, pages_with_widget, driver):
    driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    try:
        open_page(_provisioning_page(pages_with_widget))
        widget = _widget(driver)
        assert not widget.find_element(By.CSS_SELECTOR, "form").is_displayed(), "no dead controls without JavaScript"
        listed = widget.find_element(By.CSS_SELECTOR, ".reqmail-field-list").text
        for label in ["Enterprise Name", "Agreement type", "Agreement Number", "Access Proxy", "SIP domains", "Public IM Networks",
                      "Main Contact name", "Main Contact email", "Main Contact phone"]:
            assert label in listed
        template = widget.find_element(By.CSS_SELECTOR, ".reqmail-template").text
        assert template.startswith("Subject: Public IM Connectivity provisioning request for [Enterprise Name]")
    finally:
        driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})


_AXE_ON_WIDGET_SCRIPT = """
const done = arguments[arguments.length - 1];
axe.run(document.querySelector(arguments[1]), {runOnly: {type: 'tag', values: arguments[0]}, resultTypes: ['violations']})
  .then(results => done(results.violations.map(v => ({id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
      nodes: v.nodes.map(n => ({target: n.target, summary: n.failureSummary}))}))))
  .catch(error => done([{id: 'axe-error', impact: 'critical', help: String(error), helpUrl: '', nodes: []}]));
"""


@pytest.mark.parametrize("scheme", list(harness.COLOR_SCHEMES))
def test_form_with_problems_is_accessible(scheme, open_page, pages_with_widget, driver):
    """axe on the widget itself (the page-wide run is the site suite's), with every kind of message showing."""
    page = open_page(_provisioning_page(pages_with_widget))
    invalid = next(case for case in FORM_VECTORS if case["name"] == "every host rejection in the SIP domains")
    _fill(page, {**invalid["input"], "network": ["aol"], "contact-phone": "12", "contact-email": "admin@localhost"})
    # After filling: switching the scheme first made the clear button's click land on another element now and then.
    harness.set_color_scheme(driver, scheme)
    driver.execute_script("arguments[0].requestSubmit();", _widget(driver).find_element(By.CSS_SELECTOR, "form"))
    time.sleep(0.1)
    if not driver.execute_script("return typeof window.axe === 'object'"):
        driver.execute_script(harness.axe_source())
    violations = driver.execute_async_script(_AXE_ON_WIDGET_SCRIPT, harness.WCAG_TAGS, ROOT)
    assert harness.describe_violations(f"request-email widget ({scheme})", violations) == []
