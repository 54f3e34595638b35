#!/usr/bin/env bash
# benchtable.sh SQLITE.txt POSTGRES.txt: the server times of the benchmarks both `go test -bench`
# outputs hold, side by side, as a Markdown table (ms a request). A benchmark one output lacks
# shows "–" there; either file may be missing.
set -euo pipefail
a=${1:-}; b=${2:-}
[ -f "$a" ] || a=/dev/null
[ -f "$b" ] || b=/dev/null
awk '
  { f = (FILENAME == ARGV[1]) ? 1 : 2 }
  /^Benchmark/ && / ns\/op/ {
    name = $1; sub(/-[0-9]+$/, "", name); sub(/^Benchmark/, "", name)
    for (i = 2; i < NF; i++) if ($(i+1) == "ns/op") ns = $i
    if (!(name in seen)) { seen[name] = 1; order[++n] = name }
    t[f, name] = sprintf("%.2f ms", ns / 1e6)
  }
  END {
    print "| benchmark (server time) | SQLite | PostgreSQL |"
    print "|---|---|---|"
    for (i = 1; i <= n; i++) {
      a = ((1, order[i]) in t) ? t[1, order[i]] : "–"
      b = ((2, order[i]) in t) ? t[2, order[i]] : "–"
      print "| " order[i] " | " a " | " b " |"
    }
  }' "$a" "$b"
