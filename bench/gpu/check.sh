#!/usr/bin/env bash
# The device check for a machine with a GPU (issue #13): Vulkan/ICD presence, TF.js throughput per backend, memory
# packing with real PyTorch trials, and the scheduling checks of device-check.sh. On a machine without a GPU the
# GPU parts say "skipped" and the rest (wasm, software webgpu) still runs. From the repository root, after
# `npm ci && npm run build`:   bash bench/gpu/check.sh
set -uo pipefail
echo "== machine"; uname -m; nproc; (nvidia-smi --query-gpu=index,name,memory.total,driver_version --format=csv,noheader || true)
echo "== Vulkan and the ICD"; node bench/gpu/vulkan-check.cjs 2>&1 | grep -v -e "^Warning" -e "artificially" -e "^    at "
echo "== TF.js throughput per backend"; npx tsx bench/gpu/tfjs-throughput.ts "$@"
echo "== backend choice at a trial's start"; npx tsx bench/gpu/choose-time.ts 7
echo "== memory packing, real PyTorch trials"; bash bench/gpu/packing.sh
if command -v nvidia-smi >/dev/null; then echo "== scheduling"; bash bench/gpu/device-check.sh; fi
