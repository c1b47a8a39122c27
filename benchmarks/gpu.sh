#!/usr/bin/env bash
# The GPU checks and measurements of issue 6, in one command for a GPU machine that has no Maven and no
# Java of its own: it runs from the bundle of ../shared/tools/gpu-bundle.sh. Writes three files to OUT_DIR
# (the device tool brings back at most eight): report.md (machine, selftests, the table), log.txt (every
# command's output) and runs.json (every run's summary.json), and prints the report.
#
# here:        ../shared/tools/gpu-bundle.sh target/vpop.jar benchmarks/gpu.sh
# GPU machine: tar xzf .gpu/vpop-gpu.tgz -C /tmp && /tmp/vpop-gpu/gpu.sh "$OUT" [quick]
#   full (default): selftest on 1,000,000 patients (both solvers), adult-label on 1e6 and 1e7 patients on the
#                   GPU (metrics only, and with hourly bands), and on the CPU backend with every core (1e6)
#   quick: the same with 100,000 and 1,000,000 patients and a 100,000-patient selftest
#   smoke: 1,000 and 10,000 patients, to try the script itself (on a machine without a GPU only the CPU
#          rows appear)
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
out=${1:?usage: gpu.sh OUT_DIR [full|quick|smoke]}
mode=${2:-full}
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
heap=$(( $(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024 / 2 ))m
vpop=("$here/bin/java" -Xmx"$heap" -jar "$here/vpop.jar")
case "$mode" in
  full) sizes=(1000000 10000000); check=1000000 ;;
  quick) sizes=(100000 1000000); check=100000 ;;
  smoke) sizes=(1000 10000); check=1000 ;;
  *) echo "usage: gpu.sh OUT_DIR [full|quick|smoke]" >&2; exit 2 ;;
esac

{
  echo "machine: $(nproc) cores, $(nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader)"
  echo "date: $(date -u +%Y-%m-%dT%H:%MZ), mode: $mode"
  "${vpop[@]}" info
} > "$work/info.txt" 2>&1

# Every step has a time limit, so that one that hangs still leaves the report of the others.
log() { echo "== ${*#"$here/"}"; timeout 240 "$@"; echo "== exit $?"; } >> "$out/log.txt" 2>&1
cat "$work/info.txt" > "$out/log.txt"
# The first launch JIT-compiles the PTX (the driver caches it): keep that out of the timings.
log "${vpop[@]}" simulate --backend cuda --patients 10000 --quiet --out "$work/warm-up"

for solver in exact dopri5; do
  log "${vpop[@]}" selftest --patients "$check" --solver "$solver"
done

runs=()
for backend in cuda cpu; do
  for patients in "${sizes[@]}"; do
    # The CPU backend runs only the smaller size: its rate does not change with the size.
    [[ $backend == cpu && $patients != "${sizes[0]}" ]] && continue
    for bands in with-bands metrics-only; do
      name="$backend-$patients-$bands"
      flag=(); [[ $bands == metrics-only ]] && flag=(--no-bands)
      log "${vpop[@]}" simulate --backend "$backend" --patients "$patients" --quiet "${flag[@]}" --out "$work/$name"
      [[ -f "$work/$name/summary.json" ]] && runs+=("$name")
    done
  done
done

# Out-of-bounds or uninitialised device memory, on a few patients (the sanitizer is slow), metrics and bands.
if command -v compute-sanitizer > /dev/null; then
  log compute-sanitizer --tool memcheck --print-limit 20 --error-exitcode 9 \
    "${vpop[@]}" simulate --backend cuda --patients 2000 --quiet --out "$work/memcheck"
fi

{
  cat "$work/info.txt"
  echo
  grep -h -e "^checking" -e "patients: largest" -e "^band" -e "^selftest" -e "ERROR SUMMARY" "$out/log.txt"
  echo
} > "$out/report.md"
python3 - "$work" "$out/runs.json" ${runs[@]+"${runs[@]}"} >> "$out/report.md" <<'PY'
import json, sys
work, combined, names = sys.argv[1], sys.argv[2], sys.argv[3:]
# Counted in benchmarks/RESULTS.md (2026-11-25): the exact solver's FP64 operations for one adult-label
# patient, the H100's FP64 rate without tensor cores and its HBM bandwidth; with bands, each patient's hourly
# profile (3 outputs x 673 times, 16.2 KB) is written once by the solver and read once by the band kernel.
FLOPS, PEAK, HBM, PROFILE = 270_000, 30e12, 3e12, 3 * 673 * 8
runs = {n: json.load(open(f"{work}/{n}/summary.json")) for n in names}
json.dump(runs, open(combined, "w"), indent=1)
cpu = {n.split("-", 2)[2]: r["patients"] / r["run_time_s"] for n, r in runs.items() if n.startswith("cpu-")}
print("| backend | patients | bands | wall s | patients/s | kernels s | copies s | x CPU (all cores) | floor s | kernels / floor |")
print("| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
for name, r in runs.items():
    backend, patients, bands = name.split("-", 2)
    n = r["patients"]
    rate = n / r["run_time_s"]
    device = r.get("device_time", {})
    floor = max(n * FLOPS / PEAK, (2 * n * PROFILE / HBM) if bands == "with-bands" else 0)
    kernels = device.get("kernels_s")
    cells = [backend, f"{n:,}", bands, f"{r['run_time_s']:.2f}", f"{rate:,.0f}",
             f"{kernels:.3f}" if kernels is not None else "",
             f"{device['copies_s']:.3f}" if device else "",
             f"{rate / cpu[bands]:.1f}x" if backend == "cuda" and bands in cpu else "",
             f"{floor:.3f}", f"{kernels / floor:.1f}x" if kernels is not None else ""]
    print("| " + " | ".join(cells) + " |")
PY
cat "$out/report.md"
