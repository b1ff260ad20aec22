#!/usr/bin/env bash
# Runs on the lent GPU machine (see bench/gpu/README.md): real CUDA trials through `attune tune`, checking that
# each trial gets its own CUDA_VISIBLE_DEVICES, that trials-per-gpu is honoured, that a trial without a slot waits for one
# and that a GPU busy with a foreign process is skipped unless --use-busy-gpus.
set -uo pipefail
NODE=${NODE:-node}
CLI=$PWD/bin/attune.js
PY=${PY:-python3}
ws=$(mktemp -d); cp bench/gpu/gpu_trial.py "$ws/"
cd "$ws"
nvidia-smi --query-gpu=index,name,memory.used --format=csv,noheader
echo "== 1 GPU, 3 trials at once, 2 trials per GPU: two share GPU 0, the third waits for a slot (before: ran on no GPU)"
"$NODE" "$CLI" tune gpu_trial.py --algorithm random --trials 3 --parallel 3 --trials-per-gpu 2 --python "$PY" --json > run1.json 2> run1.err & P=$!
sleep 6; nvidia-smi --query-compute-apps=pid,used_memory --format=csv,noheader; wait $P; echo "exit $?"
cat run1.err; for f in .attune/gpu_trial.py/seen-*.json; do cat "$f"; echo; done
"$NODE" -e 'const j=require("./run1.json"); for (const t of j.trials) console.log("trial", t.number, t.state, "gpu", JSON.stringify(t.gpu))'
echo "== a foreign process holds the GPU: it is skipped, then shared with --use-busy-gpus"
"$PY" -c 'import torch,time; x=torch.ones(1,device="cuda"); open("busy.ready","w").write("1"); time.sleep(60)' & B=$!
for i in $(seq 60); do [ -f busy.ready ] && break; sleep 0.5; done
rm -rf .attune
"$NODE" "$CLI" tune gpu_trial.py --algorithm random --trials 1 --python "$PY" --json --study busy1 > run2.json 2> run2.err; echo "exit $?"; cat run2.err; cat .attune/busy1/seen-0.json; echo
"$NODE" "$CLI" tune gpu_trial.py --algorithm random --trials 1 --python "$PY" --json --study busy2 --use-busy-gpus > run3.json 2> run3.err; echo "exit $?"; cat run3.err; cat .attune/busy2/seen-0.json; echo
kill $B
