// How much a few epochs say about the final result on each LCBench task: for the configs that end in the top 2% at
// 52 epochs (about what the best of 50 random configs reaches), the share that is in the top 1/3 after e epochs —
// the share a rung at e epochs with η = 3 lets through. Explains where early stopping loses good configs.
//
//   npx tsx bench/lcbench/ranks.ts [--configs 4000] [--tasks a,b]
import { option, randomConfigs } from "./ours";
import { LcBench, MAX_EPOCH } from "./surrogate";

const EPOCHS = [1, 2, 3, 4, 6, 9, 18];
const DEFAULT_TASKS = ["3945", "7593", "34539", "126025", "146212", "167104", "168868", "189908"];

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const n = Number(option(argv, "configs") ?? 4000);
  const tasks = option(argv, "tasks")?.split(",") ?? DEFAULT_TASKS;
  const bench = await LcBench.load();
  const configs = randomConfigs(n, "lcbench-ranks");
  console.log(`| task | ${EPOCHS.map((e) => `epoch ${e}`).join(" | ")} |`);
  console.log(`|---|${EPOCHS.map(() => "---:").join("|")}|`);
  for (const task of tasks) {
    const curves = await bench.curves(task, configs);
    const final = curves.map((c) => c[MAX_EPOCH - 1]);
    const cut = [...final].sort((a, b) => b - a)[Math.floor(n / 51)];
    const top = curves.filter((c) => c[MAX_EPOCH - 1] >= cut);
    const cells = EPOCHS.map((e) => {
      const third = [...curves.map((c) => c[e - 1])].sort((a, b) => b - a)[Math.floor(n / 3)];
      return (top.filter((c) => c[e - 1] > third).length / top.length).toFixed(2);
    });
    console.log(`| ${task} | ${cells.join(" | ")} |`);
  }
  console.log(`\n${n} random configs per task; top 2% = the ${Math.floor(n / 51) + 1} best at ${MAX_EPOCH} epochs.`);
  // What a scheduler could measure during a run: how well one rung's ranking predicts the next rung's.
  const ladder = [2, 6, 18, MAX_EPOCH];
  console.log(
    `\n| task | ${ladder
      .slice(0, -1)
      .map((e, i) => `Spearman ${e}→${ladder[i + 1]}`)
      .join(" | ")} |`,
  );
  console.log(
    `|---|${ladder
      .slice(0, -1)
      .map(() => "---:")
      .join("|")}|`,
  );
  for (const task of tasks) {
    const curves = await bench.curves(task, configs);
    const col = (e: number) => curves.map((c) => c[e - 1]);
    console.log(
      `| ${task} | ${ladder
        .slice(0, -1)
        .map((e, i) => spearman(col(e), col(ladder[i + 1])).toFixed(2))
        .join(" | ")} |`,
    );
  }
}

function ranks(xs: readonly number[]): number[] {
  const order = xs.map((_, i) => i).sort((a, b) => xs[a] - xs[b]);
  const r = new Array<number>(xs.length);
  order.forEach((i, k) => (r[i] = k));
  return r;
}

function spearman(a: readonly number[], b: readonly number[]): number {
  const ra = ranks(a);
  const rb = ranks(b);
  const n = a.length;
  let d = 0;
  for (let i = 0; i < n; i++) d += (ra[i] - rb[i]) ** 2;
  return 1 - (6 * d) / (n * (n * n - 1));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
