#!/usr/bin/env bash
# Wall time of the README's default command (`vpop simulate --preset adult-label`, 1,000 patients, plots,
# report.html) for two jars run alternately, and of the second with --plots none: the plots' share.
# usage: benchmarks/default-run.sh BEFORE_JAR AFTER_JAR [RUNS]     (RUNS defaults to 5)
set -euo pipefail
before=$(realpath "$1"); after=$(realpath "$2"); runs=${3:-5}
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
seconds() { local start end; start=$(date +%s.%N); java -jar "$@" >/dev/null 2>&1; end=$(date +%s.%N); echo "$end - $start" | bc; }
declare -A times
for ((i = 0; i < runs; i++)); do
  rm -rf "$work"/*; times[before]+=" $(seconds "$before" simulate --preset adult-label --out "$work/b")"
  rm -rf "$work"/*; times[after]+=" $(seconds "$after" simulate --preset adult-label --out "$work/a")"
  rm -rf "$work"/*; times[after-no-plots]+=" $(seconds "$after" simulate --preset adult-label --plots none --out "$work/n")"
done
for key in before after after-no-plots; do
  sorted=$(tr ' ' '\n' <<<"${times[$key]}" | grep . | sort -n | tr '\n' ' ')
  median=$(tr ' ' '\n' <<<"$sorted" | grep . | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  printf '%-15s median %.2f s  (all: %s)\n' "$key" "$median" "$sorted"
done
