#!/usr/bin/env bash
# Runs a fixed set of vpop commands with one jar into OUTDIR (files, console text and exit codes), so that
# two builds can be compared with compare.py: the way a refactor shows its outputs unchanged.
# usage: benchmarks/compare-outputs/run.sh JAR OUTDIR     (about 25 s on 2 cores)
set -u
jar=$(realpath "$1"); rm -rf "$2"; mkdir -p "$2"; cd "$2"; out=.
v() { java -jar "$jar" "$@"; }
v simulate --preset adult-label --patients 1000 --quiet --out "$out/adult" > "$out/adult.console" 2>&1; echo "adult rc=$?" >> "$out/rc"
v simulate --preset adult-label --patients 1000 --per-patient --quiet --out "$out/adult-pp" > "$out/adult-pp.console" 2>&1; echo "adult-pp rc=$?" >> "$out/rc"
v simulate --preset pediatric-phase2 --quiet --out "$out/ped" > "$out/ped.console" 2>&1; echo "ped rc=$?" >> "$out/rc"
v simulate --preset adult-label --typical --out "$out/typ" > "$out/typ.console" 2>&1; echo "typ rc=$?" >> "$out/rc"
v population --preset pediatric-phase2 --patients 300 --out "$out/pop" > "$out/pop.console" 2>&1; echo "pop rc=$?" >> "$out/rc"
v sweep --preset pediatric-dose-match --patients 500 --quiet --out "$out/sweep" > "$out/sweep.console" 2>&1; echo "sweep rc=$?" >> "$out/rc"
v validate --out "$out/validate" > "$out/validate.console" 2>&1; echo "validate rc=$?" >> "$out/rc"
# Without a GPU selftest only answers with its one-line error; --backend cpu is refused the same way anywhere.
v selftest --backend cpu --patients 200 > "$out/selftest.console" 2>&1; echo "selftest rc=$?" >> "$out/rc"
v simulate --preset pediatric-sirolimus-oral --patients 1000 --per-patient --quiet --out "$out/sirolimus" > "$out/sirolimus.console" 2>&1; echo "sirolimus rc=$?" >> "$out/rc"
v sweep --preset pediatric-sirolimus-trough --patients 500 --quiet --out "$out/sirolimus-sweep" > "$out/sirolimus-sweep.console" 2>&1; echo "sirolimus-sweep rc=$?" >> "$out/rc"
v validate --model sirolimus-oral --out "$out/sirolimus-validate" > "$out/sirolimus-validate.console" 2>&1; echo "sirolimus-validate rc=$?" >> "$out/rc"
