// How rare each run's target is, and what that bounds (issue 17's 20× figure). For every (task, seed) target in a
// results file (random search's best of 50 at 52 epochs), the share p of random configs whose 52-epoch value reaches
// it, over many random configs. A method that proposes configs at random and is told after one epoch, for free and
// without error, whether a config will reach the target spends about 1/p epochs before the first config that does,
// then 51 to finish it: its speed-up is at most 2600 / (1/p + 51). Beating that needs proposals better than random.
//
//   npx tsx bench/lcbench/reach.ts [--configs 20000] [--results bench/lcbench/RESULTS-segments.json]
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { geo, option, randomConfigs } from "./ours";
import { LcBench, MAX_EPOCH } from "./surrogate";

interface Baseline {
  task: string;
  seed: number;
  target: number;
}

const RANDOM_SPEND = 50 * MAX_EPOCH;

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const n = Number(option(argv, "configs") ?? 20000);
  const file = resolve(option(argv, "results") ?? join(__dirname, "RESULTS-segments.json"));
  const baselines = (JSON.parse(readFileSync(file, "utf8")) as { baselines: Baseline[] }).baselines;
  const bench = await LcBench.load();
  const configs = randomConfigs(n, "lcbench-reach");
  const tasks = [...new Set(baselines.map((b) => b.task))];
  console.log("| task | best of all | share reaching each seed's target | oracle bound (geo. mean over seeds) |");
  console.log("|---|---:|---|---:|");
  const bounds: number[] = [];
  for (const task of tasks) {
    const finals = (await bench.curves(task, configs)).map((c) => c[MAX_EPOCH - 1]);
    const mine = baselines.filter((b) => b.task === task);
    // A target no sampled config reaches counts as one in n: the bound stays finite (and is then an over-estimate).
    const shares = mine.map((b) => Math.max(1, finals.filter((f) => f >= b.target).length) / n);
    const bound = geo(shares.map((p) => RANDOM_SPEND / (1 / p + MAX_EPOCH - 1)));
    bounds.push(bound);
    const best = Math.max(...finals);
    const cells = shares.map((p, i) => `${mine[i].target.toFixed(2)}: ${(100 * p).toFixed(2)} %`).join(", ");
    console.log(`| ${task} | ${best.toFixed(2)} | ${cells} | ${bound.toFixed(1)}× |`);
  }
  console.log(`\n${n} random configs per task. Oracle bound over all tasks (geo. mean): ${geo(bounds).toFixed(1)}×.`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
