#!/usr/bin/env bash
# GPU memory packing with real PyTorch trials of different sizes on one GPU (needs an NVIDIA GPU, torch with CUDA):
# the same 16 trials with --parallel 8, one trial per GPU (--trials-per-gpu 1) against packing by measured memory
# (the default). Prints wall time, failures, out-of-memory retries, most trials at once, measured peaks.
#   bash bench/gpu/packing.sh        (env NODE, PY pick binaries)
set -uo pipefail
NODE=${NODE:-node}; PY=${PY:-python3}; CLI=$PWD/bin/attune.js
command -v nvidia-smi >/dev/null || { echo "packing: skipped: no nvidia-smi (no NVIDIA GPU here)"; exit 0; }
"$PY" -c 'import torch, sys; sys.exit(0 if torch.cuda.is_available() else 1)' || { echo "packing: skipped: torch has no CUDA"; exit 0; }
ws=$(mktemp -d); cp bench/gpu/packing_trial.py "$ws/"; cd "$ws"
for mode in "--trials-per-gpu 1" ""; do
  name=$([ -n "$mode" ] && echo one-per-gpu || echo packed)
  t0=$(date +%s.%N)
  # shellcheck disable=SC2086
  "$NODE" "$CLI" tune packing_trial.py --algorithm random --seed 1 --trials 16 --parallel 8 --python "$PY" --gpus 0 \
    --study "$name" --json $mode > "$name.json" 2> "$name.err"
  t1=$(date +%s.%N)
  "$NODE" -e '
    const j = require("./" + process.argv[1] + ".json"), wall = Number(process.argv[2]);
    const t = j.trials, ok = t.filter((x) => x.state === "complete").length;
    const oom = t.filter((x) => x.error && /out of GPU memory/.test(x.error.message)).length;
    const peaks = t.map((x) => x.gpu_memory_mib).filter(Boolean);
    const iv = require("fs").readFileSync(".attune/" + process.argv[1] + "/journal.jsonl", "utf8").split("\n")
      .filter(Boolean).map((l) => JSON.parse(l));
    const start = {}, spans = [];
    for (const e of iv) { if (e.op === "start") start[e.trial] = e.t; if (e.op === "finish") spans.push([start[e.trial], e.t]); }
    const most = Math.max(...spans.map(([s]) => spans.filter(([a, b]) => a <= s && b > s).length));
    console.log(`${process.argv[1]}: ${ok}/16 complete, ${oom} out-of-memory (retried), most at once ${most}, ` +
      `wall ${wall.toFixed(1)} s, peaks ${Math.min(...peaks)}–${Math.max(...peaks)} MiB`);
  ' "$name" "$(echo "$t1 - $t0" | bc)"
  grep -h "attune: using GPU" "$name.err"
done
