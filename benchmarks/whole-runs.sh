#!/usr/bin/env bash
# Whole runs of two jars, alternately, for issue 17's figures: patients per second of `vpop simulate` (from
# summary.json's run_time_s, so without JVM start-up), and wall times of the dose-match sweep and of --typical.
# Each case runs RUNS times per jar (default 3); the table keeps the best of each (least disturbed by other load).
# usage: benchmarks/whole-runs.sh BEFORE_JAR AFTER_JAR [RUNS] [PATIENTS]     (PATIENTS defaults to 100000)
set -euo pipefail
before=$(realpath "$1"); after=$(realpath "$2"); runs=${3:-3}; patients=${4:-100000}
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
wall() { local start end; start=$(date +%s.%N); java -jar "$@" >/dev/null 2>&1; end=$(date +%s.%N); echo "$end - $start" | bc; }
rate() {
  rm -rf "$work/out"; java -jar "$@" --quiet --plots none --out "$work/out" >/dev/null 2>&1
  python3 -c "import json,sys; d=json.load(open('$work/out/summary.json')); print(d['patients']/d['run_time_s'])"
}
declare -A results
cases=(sim1 sim1-bands sim2 match typical)
run_case() {
  local jar=$1 name=$2
  case $name in
    sim1) rate "$jar" simulate --preset adult-label --patients "$patients" --no-bands --threads 1 ;;
    sim1-bands) rate "$jar" simulate --preset adult-label --patients "$patients" --threads 1 ;;
    sim2) rate "$jar" simulate --preset adult-label --patients "$patients" --no-bands --threads 2 ;;
    match) rm -rf "$work/m"; wall "$jar" sweep --preset pediatric-dose-match --patients 2000 --quiet --plots none --out "$work/m" ;;
    typical) rm -rf "$work/t"; wall "$jar" simulate --preset adult-label --typical --plots none --out "$work/t" ;;
  esac
}
for ((i = 0; i < runs; i++)); do
  for name in "${cases[@]}"; do
    results[before,$name]+=" $(run_case "$before" "$name")"
    results[after,$name]+=" $(run_case "$after" "$name")"
  done
done
best() { tr ' ' '\n' <<<"$1" | grep . | sort -g | { if [ "$2" = max ]; then tail -1; else head -1; fi; }; }
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(java -version 2>&1 | head -1)"
echo "date: $(date -u +%Y-%m-%d), runs per jar: $runs, patients: $patients"
echo
echo "| case | before | after | after / before |"
echo "| --- | ---: | ---: | ---: |"
for name in "${cases[@]}"; do
  case $name in sim*) pick=max; unit="patients/s" ;; *) pick=min; unit="s wall" ;; esac
  b=$(best "${results[before,$name]}" $pick); a=$(best "${results[after,$name]}" $pick)
  printf '| %s (%s) | %.4g | %.4g | %.2fx |\n' "$name" "$unit" "$b" "$a" "$(echo "$a / $b" | bc -l)"
done
