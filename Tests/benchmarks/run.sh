#!/usr/bin/env bash
# Times a release build of docgen over synthetic sites of 100, 1,000 and 10,000 pages, and the cmark
# command-line program over the same Markdown for comparison. Not part of the test suite: speed
# targets live here, never in timed tests.
set -euo pipefail
cd "$(dirname "$0")/../.."
swift build -c release --product docgen >/dev/null
bin=$(swift build -c release --show-bin-path)/docgen
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for pages in ${PAGES:-100 1000 10000}; do
  python3 Tests/benchmarks/make-site.py "$pages" "$work/c$pages"
  start=$(date +%s.%N)
  /usr/bin/time -f "%M" -o "$work/mem" "$bin" build --quiet --content "$work/c$pages" --output "$work/o$pages"
  end=$(date +%s.%N)
  line="$pages pages: docgen $(echo "$end - $start" | bc) s, peak RSS $(($(cat "$work/mem") / 1024)) MiB"
  if command -v cmark >/dev/null; then
    start=$(date +%s.%N)
    find "$work/c$pages" -name '*.md' -print0 | xargs -0 cat | cmark --smart >/dev/null
    end=$(date +%s.%N)
    line="$line; cmark over the same Markdown $(echo "$end - $start" | bc) s"
  fi
  echo "$line"
done
