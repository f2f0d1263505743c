#!/usr/bin/env bash
# Kept for old instructions: the benchmark is Tests/benchmarks/run.py (PAGES="1000 10000" still works).
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ -n "${PAGES:-}" ]; then set -- --pages "$(echo "$PAGES" | tr ' ' ',')" "$@"; fi
exec python3 Tests/benchmarks/run.py "$@"
