#!/usr/bin/env bash
# Builds each libFuzzer target and runs it for SECONDS (default 60) on its seed corpus, one at a time.
# Usage: Tests/Fuzz/run.sh [seconds] [target…]
# Crashes are written to .build/fuzz-artifacts/<target>/ and make the script exit non-zero.
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds="${1:-60}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then targets=(FuzzYAML FuzzMarkdown FuzzOutputChecker FuzzAddress FuzzRequest); fi

export DOCGEN_FUZZ=1
# A scratch folder of its own: the sanitizer flags would otherwise rebuild the normal build. SwiftPM's
# `--sanitize=fuzzer` links libFuzzer but leaves Swift code without coverage; the last flag adds it.
build=(swift build --scratch-path .build/fuzz --sanitize=fuzzer --sanitize=address
    -Xswiftc -sanitize-coverage=edge,trace-cmp,inline-8bit-counters,pc-table)
for target in "${targets[@]}"; do "${build[@]}" --product "$target"; done
bin="$("${build[@]}" --show-bin-path)"

status=0
for target in "${targets[@]}"; do
    corpus="Tests/Fuzz/Corpus/$target"
    work=".build/fuzz-corpus/$target"
    artifacts=".build/fuzz-artifacts/$target/"
    mkdir -p "$work" "$artifacts"
    echo "== $target for ${seconds}s"
    # New inputs go to the scratch corpus; the seeds in the repository are only read.
    if ! "$bin/$target" "$work" "$corpus" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
        -print_final_stats=1 -artifact_prefix="$artifacts" 2>&1 | tail -n 25; then
        status=1
    fi
done
exit $status
