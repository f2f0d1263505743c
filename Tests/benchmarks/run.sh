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
# The shortest wall time of three builds of $1 into $2, in seconds.
best_of_3() {
  local best=""
  for _ in 1 2 3; do
    local start end
    start=$(date +%s.%N)
    "$bin" build --quiet --force --content "$1" --output "$2"
    end=$(date +%s.%N)
    local took
    took=$(echo "$end - $start" | bc)
    if [ -z "$best" ] || [ "$(echo "$took < $best" | bc)" = 1 ]; then best=$took; fi
  done
  echo "$best"
}
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
  # The search index: its size, and its share of the build (the same site with 'search: false').
  index_kb=$(du -sk "$work/o$pages/assets/search" | cut -f1)
  index_files=$(find "$work/o$pages/assets/search" -type f | wc -l)
  largest_kb=$(find "$work/o$pages/assets/search" -type f -printf '%s\n' | sort -n | tail -1 | awk '{print int($1/1024)}')
  with=$(best_of_3 "$work/c$pages" "$work/o$pages-with")
  printf 'search: false\n' >>"$work/c$pages/site.yml"
  without=$(best_of_3 "$work/c$pages" "$work/o$pages-without")
  echo "  search index ${index_kb} KB in ${index_files} files (largest ${largest_kb} KB); best of 3 builds: with search ${with} s, without ${without} s, index share $(echo "scale=1; 100 * ($with - $without) / $with" | bc)%"
  if [ "${SEARCH_LATENCY:-1}" = 1 ] && command -v chromium >/dev/null; then
    python3 Tests/benchmarks/search-latency.py --runs "${SEARCH_RUNS:-3}" "$work/o$pages" "s0/p0.html" "federated traffic" "sipfed" "access edge" "part 3 of page $((pages - 1))" | sed 's/^/  /'
  fi
  rm -rf "$work/o$pages-with" "$work/o$pages-without"
done
