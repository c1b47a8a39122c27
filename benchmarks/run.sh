#!/usr/bin/env bash
# Builds vpop and its JMH benchmarks, runs them and prints one table (markdown) of every figure.
# usage: benchmarks/run.sh [quick|full]
#   quick (default): short JMH runs and 100,000-patient populations, under 5 minutes on 2 cores
#   full: longer JMH runs and 100,000 and 1,000,000-patient populations, for RESULTS.md
set -euo pipefail
mode=${1:-quick}
case "$mode" in
  quick) jmh=(-f 1 -wi 2 -w 1 -i 3 -r 1); sizes=(100000) ;;
  full) jmh=(-f 1 -wi 3 -w 2 -i 5 -r 2); sizes=(100000 1000000) ;;
  *) echo "usage: benchmarks/run.sh [quick|full]" >&2; exit 2 ;;
esac
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "building vpop and the benchmarks..." >&2
mvn -B -q install -DskipTests >&2
mvn -B -q -f benchmarks/pom.xml package >&2
jar=benchmarks/target/benchmarks.jar

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(java -version 2>&1 | head -1)"
echo "date: $(date -u +%Y-%m-%d), mode: $mode"
echo
java -jar "$jar" "${jmh[@]}" -rf json -rff "$work/jmh.json" SolverBenchmark PopulationStagesBenchmark >&2
java -cp "$jar" io.vpop.benchmarks.AccuracyCheck > "$work/accuracy.txt"

python3 - "$work/jmh.json" "$work/accuracy.txt" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))
accuracy = {}
for line in open(sys.argv[2]):
    _, name, rtol, error = line.split()
    accuracy[(name, float(rtol.split("=")[1]))] = error.split("=")[1]
print("| benchmark | rtol | time (median of iterations) | spread (min-max) | max rel. error vs exact | ratio to Hipparchus DP54 |")
print("| --- | --- | ---: | ---: | ---: | ---: |")
baseline = {}
rows = []
for r in results:
    name = r["benchmark"].split(".")[-1]
    rtol = r.get("params", {}).get("rtol", "")
    raw = sorted(v for fork in r["primaryMetric"]["rawData"] for v in fork)
    median = raw[len(raw) // 2]
    unit = r["primaryMetric"]["scoreUnit"]
    rows.append((r["benchmark"].split(".")[-2], name, rtol, median, raw[0], raw[-1], unit))
    if name == "hipparchusDormandPrince54":
        baseline[rtol] = median
for cls, name, rtol, median, low, high, unit in rows:
    error = accuracy.get((name, float(rtol)), "exact" if name == "vpopExact" else "") if rtol else ""
    ratio = f"{baseline[rtol] / median:.1f}x" if cls == "SolverBenchmark" and rtol in baseline else ""
    print(f"| {cls}.{name} | {rtol} | {median:.4g} {unit} | {low:.4g}-{high:.4g} | {error} | {ratio} |")
PY

echo
echo "| population run (vpop simulate --preset adult-label) | threads | bands | patients | seconds | patients/s | per core |"
echo "| --- | ---: | --- | ---: | ---: | ---: | ---: |"
for patients in "${sizes[@]}"; do
  for threads in 1 2; do
    for bands in metrics-only with-bands; do
      flag=$([[ $bands == metrics-only ]] && echo --no-bands || true)
      line=$(java -jar target/vpop.jar simulate --preset adult-label --patients "$patients" --threads "$threads" \
        --quiet $flag --out "$work/run" | grep -E '^[0-9]+ patients')
      seconds=$(echo "$line" | sed -E 's/.*, ([0-9.]+) s$/\1/')
      python3 -c "p=$patients; s=$seconds; t=$threads; print(f'| adult-label | {t} | $bands | {p} | {s} | {p/s:,.0f} | {p/s/t:,.0f} |')"
    done
  done
done
