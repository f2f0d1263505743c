#!/usr/bin/env python3
"""Times docgen against the cmark program and Hugo on the same synthetic Markdown, in one run.

Usage: python3 Tests/benchmarks/run.py [--pages 1000,10000] [--runs 3] [--debug] [--no-hugo] [--no-search-latency]

For each size it generates the corpus (Tests/benchmarks/make-site.py, deterministic), then reports:
- a full docgen build (`--clean`, so nothing is reused): best wall time of N runs, its CPU time and
  peak memory, and pages per second;
- the `cmark` program over the same Markdown concatenated into one file (`cmark --smart`), and
  Hugo (when installed) over the same pages with a minimal layout and a table of contents;
- the ratios docgen/cmark and docgen/Hugo, from the same run;
- a rebuild with nothing changed, a rebuild after one page's body changed (only that page is
  rendered), after one page's title changed (the pages showing it are rendered), and the cost of the
  search index (the same build with `search: false`);
- the guide in Content/ (15 pages), process start included.

Speed targets live here, never in timed tests. `--debug` uses the debug build (CI smoke run).
"""

import argparse
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def timed(command, cwd=None, stdin=None, stdout=subprocess.DEVNULL):
    """Runs `command`; returns (wall seconds, CPU seconds of the child, peak RSS in MiB)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    wrapped = ["/usr/bin/time", "-f", "%M", "-o", "/tmp/docgen-bench-rss"] + command
    subprocess.run(wrapped, cwd=cwd, stdin=stdin, stdout=stdout, stderr=subprocess.PIPE, check=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    timed.kernel = after.ru_stime - before.ru_stime
    rss = int(Path("/tmp/docgen-bench-rss").read_text().split()[-1]) / 1024
    return wall, cpu, rss


timed.kernel = 0.0


def best(runs, command, **kwargs):
    """The run with the shortest wall time of `runs` runs."""
    return min((timed(command, **kwargs) for _ in range(runs)), key=lambda result: result[0])


def hugo_site(corpus: Path, target: Path):
    """The corpus as a Hugo site: `_index.md` for every folder page, a minimal layout with a TOC."""
    content = target / "content"
    shutil.copytree(corpus, content, ignore=shutil.ignore_patterns("site.yml"))
    for index in content.rglob("index.md"):
        index.rename(index.with_name("_index.md"))
    (target / "hugo.toml").write_text(
        'baseURL = "https://example.org/"\ntitle = "Benchmark"\ndisableKinds = ["taxonomy", "term", "RSS", "sitemap"]\n'
        "[markup.goldmark.renderer]\nunsafe = false\n"
    )
    layouts = target / "layouts" / "_default"
    layouts.mkdir(parents=True)
    page = (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>'
        "<body><nav>{{ range .Site.Sections }}<a href=\"{{ .RelPermalink }}\">{{ .Title }}</a> {{ end }}</nav>"
        "<main><h1>{{ .Title }}</h1>{{ .TableOfContents }}{{ .Content }}</main></body></html>\n"
    )
    (layouts / "single.html").write_text(page)
    (layouts / "list.html").write_text(page)


def docgen_binary(debug: bool) -> str:
    # A release docgen is built as README's install step builds it: the Swift runtime and Foundation
    # linked in, so process start is not spent loading and binding shared libraries.
    flags = ["-c", "debug"] if debug else ["-c", "release", "--static-swift-stdlib"]
    subprocess.run(["swift", "build", *flags, "--product", "docgen"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    path = subprocess.run(["swift", "build", *flags, "--show-bin-path"], cwd=ROOT, check=True, capture_output=True, text=True).stdout.strip()
    return path + "/docgen"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", default="1000,10000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--debug", action="store_true")
    parser.add_argument("--no-hugo", action="store_true")
    parser.add_argument("--no-search-latency", action="store_true")
    arguments = parser.parse_args()
    docgen = docgen_binary(arguments.debug)
    hugo = None if arguments.no_hugo else shutil.which("hugo")
    cmark = shutil.which("cmark")
    print(f"machine: {os.cpu_count()} cores, {platform_line()}; docgen {'debug' if arguments.debug else 'release'} build")
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        for pages in [int(size) for size in arguments.pages.split(",")]:
            report_size(pages, work / str(pages), docgen, cmark, hugo, arguments)
        guide_output = work / "guide"
        wall, cpu, rss = best(max(arguments.runs, 5), [docgen, "build", "--quiet", "--clean", "--content", str(ROOT / "Content"), "--output", str(guide_output)])
        noop = best(max(arguments.runs, 5), [docgen, "build", "--quiet", "--content", str(ROOT / "Content"), "--output", str(guide_output)])
        start = best(max(arguments.runs, 5), [docgen, "--version"])
        # One page's body changed: a copy of the guide, so Content/ is never touched.
        guide_copy = work / "guide-content"
        shutil.copytree(ROOT / "Content", guide_copy)
        copy_output = work / "guide-copy"
        timed([docgen, "build", "--quiet", "--content", str(guide_copy), "--output", str(copy_output)])
        time.sleep(3.2)
        page = guide_copy / "help" / "troubleshooting.md"
        text = page.read_text() if page.exists() else None
        edited = []
        for run in range(max(arguments.runs, 5) if text else 0):
            page.write_text(text + f"\nEdited {run}.\n")
            edited.append(timed([docgen, "build", "--quiet", "--content", str(guide_copy), "--output", str(copy_output)])[0])
        edit = f", one page's body changed {ms(min(edited))}" if edited else ""
        print(
            f"the guide: full build {ms(wall)} (CPU {ms(cpu)}, {rss:.0f} MiB), nothing changed {ms(noop[0])}{edit}; "
            f"process start alone ({'docgen --version'}) {ms(start[0])}"
        )


def report_size(pages, work, docgen, cmark, hugo, arguments):
    corpus = work / "content"
    work.mkdir(parents=True)
    subprocess.run([sys.executable, str(ROOT / "Tests/benchmarks/make-site.py"), str(pages), str(corpus)], check=True)
    markdown = work / "all.md"
    with markdown.open("wb") as joined:
        for path in sorted(corpus.rglob("*.md")):
            joined.write(path.read_bytes())
    output = work / "output"
    full = [docgen, "build", "--quiet", "--clean", "--content", str(corpus), "--output", str(output)]
    timed(full)  # warms the page cache, so every tool below reads from memory
    # Each run writes into a folder of its own (a first build): a repeated --clean build into one
    # folder also pays for deleting the previous generation and for ext4 skipping its inodes.
    runs = []
    for run in range(arguments.runs):
        result = timed([docgen, "build", "--quiet", "--clean", "--content", str(corpus), "--output", str(work / f"first-{run}")])
        runs.append((result, timed.kernel))
    (wall, cpu, rss), kernel = min(runs, key=lambda item: item[0][0])
    line = (
        f"{pages} pages: docgen {wall:.3f} s wall, {cpu:.2f} s CPU ({kernel:.2f} s in the kernel), {rss:.0f} MiB peak, "
        f"{pages / wall:,.0f} pages/s ({1000 * wall / pages:.3f} ms a page)"
    )
    print(line)
    timed(full)
    agains = []
    for _ in range(arguments.runs):
        result = timed(full)
        agains.append((result, timed.kernel))
    (again, again_cpu, _), again_kernel = min(agains, key=lambda item: item[0][0])
    print(f"  the same, rebuilt with --clean over its previous output: {again:.3f} s wall, {again_cpu:.2f} s CPU ({again_kernel:.2f} s in the kernel)")
    if cmark:
        cmark_wall = cmark_time(cmark, markdown, arguments.runs)
        print(f"  cmark --smart over the same Markdown in one file: {cmark_wall:.3f} s; docgen/cmark {wall / cmark_wall:.2f}")
    if hugo:
        site = work / "hugo"
        hugo_site(corpus, site)
        hugo_command = [hugo, "--quiet", "--source", str(site), "--destination", str(work / "hugo-public")]
        timed(hugo_command)
        hugo_wall, hugo_cpu, hugo_rss = best(arguments.runs, hugo_command)
        print(f"  Hugo (minimal layout + TOC): {hugo_wall:.3f} s wall, {hugo_cpu:.2f} s CPU, {hugo_rss:.0f} MiB; docgen/Hugo {wall / hugo_wall:.3f}")
    # Rebuilds. Stamps newer than 3 s are not trusted by the cache, so the corpus is left to settle first.
    time.sleep(3.2)
    incremental = [docgen, "build", "--quiet", "--content", str(corpus), "--output", str(output)]
    timed(incremental)
    noop = best(arguments.runs, incremental)
    print(f"  rebuild with nothing changed: {ms(noop[0])} ({noop[2]:.0f} MiB)")
    edit = rebuild_after_edits(
        corpus / "s0" / "p1.md", "A longer sentence follows", lambda run: f"A longer sentence (edit {run}) follows", arguments.runs, incremental
    )
    print(f"  rebuild after one page's body changed (that page rendered): {edit[0]:.3f} s wall, {edit[1]:.2f} s CPU, {edit[2]:.0f} MiB")
    # A title shows in its section's sidebar and its neighbours' links: those pages render, the rest are kept.
    title = rebuild_after_edits(
        corpus / "s0" / "p2.md", "title: Page 2\n", lambda run: f"title: Page 2 (renamed {run})\n", arguments.runs, incremental
    )
    print(f"  rebuild after one page's title changed (its section rendered): {title[0]:.3f} s wall, {title[1]:.2f} s CPU, {title[2]:.0f} MiB")
    index = output / "assets" / "search"
    sizes = [path.stat().st_size for path in index.rglob("*") if path.is_file()] if index.exists() else []
    settings = corpus / "site.yml"
    settings.write_text(settings.read_text() + "search: false\n")
    without = best(arguments.runs, full + ["--output", str(work / "output-without-search")])
    share = 100 * (wall - without[0]) / wall
    print(
        f"  search index: {sum(sizes) / 1024:,.0f} KB in {len(sizes)} files (largest {max(sizes, default=0) / 1024:,.0f} KB); "
        f"build without it {without[0]:.3f} s, so the index costs {share:.1f}% of the build"
    )
    if not arguments.no_search_latency and shutil.which("chromium"):
        query = subprocess.run(
            [sys.executable, str(ROOT / "Tests/benchmarks/search-latency.py"), "--runs", str(max(arguments.runs, 3)), str(output), "s0/p0.html", "federated traffic", "sipfed", "access edge", f"part 3 of page {pages - 1}"],
            capture_output=True, text=True,
        )
        for text in (query.stdout + query.stderr).splitlines():
            print("  " + text)


def rebuild_after_edits(page, old, new, runs, command):
    """Before each of `runs` builds, `page` gets `old` replaced by `new(run)`; the fastest build's result."""
    original = page.read_text()
    results = []
    for run in range(runs):
        page.write_text(original.replace(old, new(run), 1))
        results.append(timed(command))
    return min(results, key=lambda result: result[0])


def cmark_time(cmark, markdown, runs):
    results = []
    for _ in range(runs):
        with markdown.open("rb") as source:
            results.append(timed([cmark, "--smart"], stdin=source)[0])
    return min(results)


def ms(seconds):
    return f"{1000 * seconds:.1f} ms"


def platform_line():
    try:
        model = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name"))
    except (OSError, StopIteration):
        model = "unknown CPU"
    load = os.getloadavg()[0]
    return f"{model}, load average {load:.1f} at start"


if __name__ == "__main__":
    main()
