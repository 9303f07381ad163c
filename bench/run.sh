#!/usr/bin/env bash
# The national-scale benchmark (issue 5). Builds corpora of N filled returns from our own
# template (N = 308 and 3000), then measures on the same files, in the same run:
#   floor      — examples/floor.rs: calamine opens each file and visits every cell, 1 thread
#   aggregate  — digiaste aggregate DIR -o summary.xlsx (all cores)
#   template   — digiaste template --all-municipalities (308 personalised workbooks)
# Each is run RUNS times (default 5); the median wall time and peak RSS (GNU time) are
# printed as a Markdown table for BENCHMARKS.md. Peak memory is the sum over the process and
# its workers.
#
#   bash bench/run.sh            # or RUNS=3 SIZES="308" bash bench/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-5}
SIZES=${SIZES:-"308 3000"}
WORK=${WORK:-/tmp/digiaste-bench}
cargo build --release --quiet
cargo build --release --quiet --example floor
BIN=$PWD/target/release/digiaste
FLOOR=$PWD/target/release/examples/floor
mkdir -p "$WORK"

# "wall_seconds peak_kb" of one run of a command; the peak is the whole process tree's
# (the reading workers included), sampled by bench/tree_rss.py.
measure() {
  python3 bench/tree_rss.py "$@" || true
}

# The median of its arguments.
median() {
  printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}

# Median of RUNS runs: prints "wall peak".
median_of() {
  local walls=() peaks=()
  for _ in $(seq "$RUNS"); do
    read -r w p < <(measure "$@")
    walls+=("$w"); peaks+=("$p")
  done
  local mw mp
  mw=$(printf '%s\n' "${walls[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  mp=$(printf '%s\n' "${peaks[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  echo "$mw $mp"
}

echo "| what | N | median wall (s) | per file (ms) | peak RSS (MB) | vs floor |"
echo "|---|---:|---:|---:|---:|---:|"
for n in $SIZES; do
  dir="$WORK/corpus-$n"
  if [ ! -f "$dir/.complete" ]; then
    rm -rf "$dir"
    python3 bench/make_corpus.py "$BIN" "$n" "$dir" > /dev/null
    touch "$dir/.complete"
  fi
  # Floor and aggregate alternate run by run, so a machine that slows down or speeds up
  # during the benchmark moves both alike.
  fws=() fps=() aws=() aps=()
  for _ in $(seq "$RUNS"); do
    read -r w p < <(measure "$FLOOR" "$dir"); fws+=("$w"); fps+=("$p")
    read -r w p < <(measure "$BIN" aggregate "$dir" -o "$WORK/summary-$n.xlsx" --force)
    aws+=("$w"); aps+=("$p")
  done
  fw=$(median "${fws[@]}"); fp=$(median "${fps[@]}")
  aw=$(median "${aws[@]}"); ap=$(median "${aps[@]}")
  awk -v n="$n" -v w="$fw" -v p="$fp" 'BEGIN {printf "| floor (calamine, 1 thread) | %d | %.2f | %.2f | %.0f | 1.00× |\n", n, w, 1000*w/n, p/1024}'
  awk -v n="$n" -v w="$aw" -v p="$ap" -v f="$fw" 'BEGIN {printf "| digiaste aggregate | %d | %.2f | %.2f | %.0f | %.2f× |\n", n, w, 1000*w/n, p/1024, w/f}'
done
rm -rf "$WORK/templates"
read -r tw tp < <(median_of bash -c "rm -rf '$WORK/templates' && '$BIN' template --all-municipalities --out-dir '$WORK/templates'")
awk -v w="$tw" -v p="$tp" 'BEGIN {printf "| digiaste template --all-municipalities | 308 | %.2f | %.2f | %.0f | |\n", w, 1000*w/308, p/1024}'
echo
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -sr), runs per figure: $RUNS"
