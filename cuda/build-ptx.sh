#!/usr/bin/env bash
# Turns cuda/vpop_kernels.cu into PTX for the jar (run by Maven in generate-resources; see pom.xml).
# usage: cuda/build-ptx.sh OUTPUT_DIR ARCH...   e.g. target/classes/io/vpop/cuda 80 90
# One PTX per virtual architecture compute_ARCH; the driver JIT-compiles it for that GPU generation and newer.
# Without nvcc the build goes on, says so in one line, and the jar carries no kernels.
set -euo pipefail
out=$1
shift
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
mkdir -p "$out"
rm -f "$out"/*.ptx
if ! command -v nvcc >/dev/null 2>&1; then
  echo "[vpop] nvcc not found: this jar carries no CUDA kernels (the CPU backend still works)"
  exit 0
fi
for arch in "$@"; do
  nvcc -ptx -arch="compute_$arch" -I "$here" -o "$out/vpop_kernels.compute_$arch.ptx" "$here/vpop_kernels.cu"
done
echo "[vpop] PTX for compute_$(echo "$@" | sed 's/ /, compute_/g') packed with $(nvcc --version | tail -1)"
