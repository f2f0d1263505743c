#!/usr/bin/env python3
"""Times site search in headless Chromium on a built site opened from disk: how long the page takes to
load, and from the first focus of the box with a query typed to the first results on screen (the index's
manifest and shards load in that time; the box's 60 ms debounce is part of it). Each query runs on a freshly
loaded page with the cache off. Usage: search-latency.py [--runs N] SITE_DIR PAGE QUERY...
With --runs N (default 1), each query is timed N times and the median and worst are printed.
"""

import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "browser"))
import browser_harness as harness  # noqa: E402

# Focus the box, type the query at once (as a paste would), and wait until the first option is drawn.
TYPE_AND_WAIT = """
const [query, done] = arguments;
const box = document.getElementById('site-search-input');
const list = document.getElementById('site-search-results');
const status = document.getElementById('site-search-status');
const start = performance.now();
box.focus();
box.value = query;
box.dispatchEvent(new Event('input', {bubbles: true}));
(function wait() {
  const first = list.querySelector('[role="option"]');
  if (first && !list.hidden && first.getBoundingClientRect().height > 0) {
    requestAnimationFrame(() => done({ms: performance.now() - start, status: status.textContent, first: first.getAttribute('href')}));
  } else if (status.textContent.startsWith('No results') || performance.now() - start > 20000) {
    done({ms: performance.now() - start, status: status.textContent, first: null});
  } else {
    setTimeout(wait, 2);
  }
})();
"""


def main() -> None:
    args = sys.argv[1:]
    runs = 1
    if args and args[0] == "--runs":
        runs, args = int(args[1]), args[2:]
    site, page, queries = Path(args[0]).resolve(), args[1], args[2:]
    driver = harness.start_chromium()
    try:
        driver.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": True})
        for query in queries:
            loads, answers, totals = [], [], []
            for _ in range(runs):
                harness.load(driver, harness.page_url(harness.disk_base_url(site), page))
                load_ms = driver.execute_script(
                    "const n = performance.getEntriesByType('navigation')[0]; return n.loadEventEnd - n.startTime;")
                result = driver.execute_async_script(TYPE_AND_WAIT, query)
                loads.append(load_ms)
                answers.append(result["ms"])
                totals.append(load_ms + result["ms"])
            if runs == 1:
                print(f"{query!r}: page load {load_ms:.0f} ms + query to first results {result['ms']:.0f} ms "
                      f"= {totals[0]:.0f} ms ({result['status']} first: {result['first']})")
            else:
                print(f"{query!r}: {runs} runs, page load + first results median {statistics.median(totals):.0f} ms, "
                      f"worst {max(totals):.0f} ms (page load median {statistics.median(loads):.0f} ms, query to first "
                      f"results median {statistics.median(answers):.0f} ms, worst {max(answers):.0f} ms; "
                      f"{result['status']} first: {result['first']})")
    finally:
        driver.quit()


if __name__ == "__main__":
    main()
