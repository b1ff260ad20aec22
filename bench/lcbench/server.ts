// The surrogate as a line protocol for the Optuna side (optuna_lcbench.py starts it; not for running by hand):
// stdin  one JSON object per line: {"task": "3945", "config": {batch_size, learning_rate, ...}}
// stdout one JSON array per line: val_accuracy (%) after epochs 1..52.
import { createInterface } from "node:readline";
import { LcBench } from "./surrogate";

async function main(): Promise<void> {
  const bench = await LcBench.load();
  const rl = createInterface({ input: process.stdin });
  // Answer strictly in order: the Python side waits for each line before sending the next.
  for await (const line of rl) {
    if (!line.trim()) continue;
    const req = JSON.parse(line) as { task: string; config: Parameters<LcBench["curve"]>[1] };
    const curve = await bench.curve(req.task, req.config);
    // Shortest round-trip decimals: Python parses back the very doubles our side compares.
    process.stdout.write(JSON.stringify(curve) + "\n");
  }
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
