// Multi-fidelity on the LCBench surrogate (YAHPO Gym, read in place from ../shared/data/yahpo-lcbench): how many
// epochs each method needs to reach the result of full-budget random search, side by side with Optuna 3.1's TPE +
// HyperbandPruner in the same run.
//
//   npx tsx bench/lcbench/run.ts                                   # the full benchmark → RESULTS.md + results.json
//   npx tsx bench/lcbench/run.ts --tasks 3945,7593 --seeds 2 --methods hyperband --out /tmp/lc.md   # a quick check
//
// Flags: --tasks a,b · --seeds N (seeds 0..N-1, default 5) · --first-seed K (seeds K..K+N-1: fresh seeds to check a
// change chosen on the default ones) · --random-trials N (default 50) · --cap-factor F (a run
// stops after F × N × 52 epochs, default 3) · --eta E (default 3) · --methods a,b · --out FILE · --python PATH
//
// Protocol, per task and seed: random search runs N configs at the full 52 epochs; its best final val_accuracy is
// the target. Each method then runs (its own seed stream, not random's, so it does not replay random's configs),
// training epoch by epoch through report(), until a config trained to the full 52 epochs reaches the target; the
// epochs it spent (pruned trials' epochs included) are its cost. Speed-up = N × 52 / cost (random search's spend).
// The stricter column divides instead the epochs random search needed to first reach its own best.
import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { join, relative, resolve } from "node:path";
import { createStudy } from "../../src/index";
import { geo, option, runStudy, studyFactory, toConfig, type Method } from "./ours";
import { DATA_DIR, LcBench, MAX_EPOCH } from "./surrogate";

const OUR_METHODS: Record<string, Method> = {
  hyperband: {
    label: "hyperband (random + HyperbandPruner)",
    algorithm: "hyperband",
    sampler: "random",
    multiFidelity: "hyperband",
  },
  asha: { label: "asha (random + AshaPruner)", algorithm: "asha", sampler: "random", multiFidelity: "asha" },
  "bayes+hyperband": {
    label: "bayes + hyperband",
    algorithm: "bayes",
    pruner: "hyperband",
    sampler: "bayes",
    multiFidelity: "hyperband",
  },
  "tpe+hyperband": {
    label: "tpe + hyperband (ours)",
    algorithm: "tpe",
    pruner: "hyperband",
    sampler: "tpe",
    multiFidelity: "hyperband",
  },
  "bayes+asha": { label: "bayes + asha", algorithm: "bayes", pruner: "asha", sampler: "bayes", multiFidelity: "asha" },
  "freeze-thaw": { label: "freeze-thaw (bayes proposals)", algorithm: "freeze-thaw", sampler: "bayes", segments: true },
  "random+curve": {
    label: "random + curve pruner",
    algorithm: "random",
    pruner: "curve",
    sampler: "random",
    multiFidelity: "curve",
  },
};
const OPTUNA = "optuna-tpe+hyperband";
const ALL = [...Object.keys(OUR_METHODS), OPTUNA];
const DEFAULT_TASKS = ["3945", "7593", "34539", "126025", "146212", "167104", "168868", "189908"];
const RANDOM_SEED_OFFSET = 1000;

interface Args {
  tasks: string[];
  seeds: number[];
  n: number;
  capFactor: number;
  eta: number;
  methods: string[];
  out: string;
  python: string;
}

function parseArgs(argv: string[]): Args {
  const known = new Set([
    "tasks",
    "seeds",
    "first-seed",
    "random-trials",
    "cap-factor",
    "eta",
    "methods",
    "out",
    "python",
  ]);
  for (const a of argv) if (a.startsWith("--") && !known.has(a.slice(2))) throw new Error(`unknown flag ${a}`);
  const get = (k: string) => option(argv, k);
  const list = (k: string) =>
    get(k)
      ?.split(",")
      .map((s) => s.trim())
      .filter(Boolean);
  const methods = list("methods") ?? ALL;
  for (const m of methods) if (!ALL.includes(m)) throw new Error(`unknown method ${m}; choose from ${ALL.join(", ")}`);
  return {
    tasks: list("tasks") ?? DEFAULT_TASKS,
    seeds: Array.from({ length: Number(get("seeds") ?? 5) }, (_, i) => Number(get("first-seed") ?? 0) + i),
    n: Number(get("random-trials") ?? 50),
    capFactor: Number(get("cap-factor") ?? 3),
    eta: Number(get("eta") ?? 3),
    methods,
    out: resolve(get("out") ?? join(__dirname, "RESULTS.md")),
    python: get("python") ?? "/usr/bin/python3",
  };
}

interface Baseline {
  task: string;
  seed: number;
  target: number;
  /** Epochs random search spent until it first reached its own best. */
  hit: number;
}

interface Cell {
  task: string;
  seed: number;
  epochsToTarget?: number;
  epochs: number;
  trials: number;
  full: number;
  askMs: number;
}

/** Random search at the full budget, through the library: N configs, 52 epochs each; the target is its best. */
async function baseline(bench: LcBench, task: string, seed: number, n: number): Promise<Baseline> {
  const { lcSpace } = await import("./ours");
  const study = createStudy({
    space: lcSpace(),
    direction: "maximize",
    algorithm: "random",
    seed: RANDOM_SEED_OFFSET + seed,
  });
  let best = -Infinity;
  let hit = 0;
  for (let i = 0; i < n; i++) {
    const t = study.ask()!;
    const curve = await bench.curve(task, toConfig(t.params));
    for (let e = 1; e <= MAX_EPOCH; e++) study.report(t.number, e, curve[e - 1]);
    const v = curve[MAX_EPOCH - 1];
    study.tell(t.number, v);
    if (v > best) {
      best = v;
      hit = (i + 1) * MAX_EPOCH;
    }
  }
  if (study.best()!.value !== best) throw new Error("internal: the study's best differs from the baseline's");
  return { task, seed, target: best, hit };
}

function optunaRuns(
  a: Args,
  units: { task: string; seed: number; target: number; cap: number }[],
): Promise<{ optuna: string; runs: Record<string, unknown>[] }> {
  const server = [process.execPath, "--import", "tsx", join(__dirname, "server.ts")];
  return new Promise((res, rej) => {
    const p = spawn(a.python, [join(__dirname, "optuna_lcbench.py")], {
      stdio: ["pipe", "pipe", "inherit"],
      cwd: resolve(__dirname, "../.."),
      env: { ...process.env, PYTHONHASHSEED: "0" },
    });
    let out = "";
    p.stdout.on("data", (d) => (out += d));
    p.on("error", rej);
    p.on("close", (code) => (code === 0 ? res(JSON.parse(out)) : rej(new Error(`optuna_lcbench.py exited ${code}`))));
    p.stdin.end(JSON.stringify({ units, eta: a.eta, max_epoch: MAX_EPOCH, server }));
  });
}

const median = (xs: number[]) => {
  const s = [...xs].sort((x, y) => x - y);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const f1 = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));

async function main(): Promise<void> {
  const a = parseArgs(process.argv.slice(2));
  const t0 = Date.now();
  const bench = await LcBench.load();
  const full = a.n * MAX_EPOCH;
  const cap = Math.round(a.capFactor * full);

  const baselines: Baseline[] = [];
  for (const task of a.tasks) for (const seed of a.seeds) baselines.push(await baseline(bench, task, seed, a.n));
  console.error(`baselines done (${((Date.now() - t0) / 1000).toFixed(1)} s)`);

  const cells = new Map<string, Cell[]>();
  const via = new Map<string, string>();
  let optunaVersion = "";
  for (const m of a.methods) {
    const tm = Date.now();
    if (m === OPTUNA) {
      const r = await optunaRuns(
        a,
        baselines.map((b) => ({ task: b.task, seed: b.seed, target: b.target, cap })),
      );
      optunaVersion = r.optuna;
      via.set(
        m,
        `optuna.create_study(sampler=TPESampler(seed), pruner=HyperbandPruner(min_resource=1, ` +
          `max_resource=${MAX_EPOCH}, reduction_factor=${a.eta})), ask/report/should_prune/tell`,
      );
      cells.set(
        m,
        r.runs.map((x) => ({
          task: String(x.task),
          seed: Number(x.seed),
          epochs: Number(x.epochs),
          trials: Number(x.trials),
          full: Number(x.full),
          askMs: Number(x.ask_ms),
          ...(x.epochs_to_target === null ? {} : { epochsToTarget: Number(x.epochs_to_target) }),
        })),
      );
    } else {
      const f = await studyFactory(OUR_METHODS[m], a.eta);
      via.set(m, f.via);
      const cs: Cell[] = [];
      for (const b of baselines) {
        const r = await runStudy(bench, b.task, f.make(b.seed), b.target, cap);
        cs.push({ task: b.task, seed: b.seed, ...r });
        console.error(`${m} ${b.task} seed ${b.seed}: ${r.epochsToTarget ?? `>${cap}`} epochs, ${r.trials} trials`);
      }
      cells.set(m, cs);
    }
    console.error(`${m} done (${((Date.now() - tm) / 1000).toFixed(1)} s)`);
  }

  writeFileSync(
    resolve(a.out.replace(/\.md$/, "") + ".json"),
    JSON.stringify({ args: a, baselines, cells: Object.fromEntries(cells), via: Object.fromEntries(via) }, null, 1),
  );
  writeFileSync(a.out, report(a, baselines, cells, via, optunaVersion, (Date.now() - t0) / 1000, cap));
  console.error(`wrote ${relative(process.cwd(), a.out)}`);
}

function report(
  a: Args,
  baselines: Baseline[],
  cells: Map<string, Cell[]>,
  via: Map<string, string>,
  optunaVersion: string,
  seconds: number,
  cap: number,
): string {
  const full = a.n * MAX_EPOCH;
  const label = (m: string) => (m === OPTUNA ? `Optuna ${optunaVersion} TPE + HyperbandPruner` : OUR_METHODS[m].label);
  const base = (task: string, seed: number) => baselines.find((b) => b.task === task && b.seed === seed)!;
  // A run that never reached the target within the cap counts as the cap: its true speed-up is lower still.
  const cost = (c: Cell) => c.epochsToTarget ?? cap;
  const perTask = (m: string, task: string) => {
    const cs = cells.get(m)!.filter((c) => c.task === task);
    return {
      speedup: geo(cs.map((c) => full / cost(c))),
      strict: geo(cs.map((c) => base(task, c.seed).hit / cost(c))),
      median: median(cs.map(cost)),
      misses: cs.filter((c) => c.epochsToTarget === undefined).length,
    };
  };
  const lines: string[] = [];
  lines.push("# LCBench surrogate: epochs to reach full-budget random search's result", "");
  lines.push(
    `Generated by \`npx tsx ` +
      `bench/lcbench/run.ts${process.argv.slice(2).length ? " " + process.argv.slice(2).join(" ") : ""}\` in ` +
      `${seconds.toFixed(0)} s.`,
    "",
  );
  lines.push(
    `**Protocol.** YAHPO Gym's LCBench surrogate (\`model.onnx\`, read from ` +
      `\`${relative(resolve(__dirname, "../.."), DATA_DIR)}\`), objective val_accuracy (%), ` +
      `maximized; 7 hyperparameters from its config space, the epoch (1–${MAX_EPOCH}) as the budget, η = ${a.eta}. ` +
      `Per task and seed, random search runs ` +
      `${a.n} configs at ${MAX_EPOCH} epochs (${full} epochs); its best final value is the **target**. Each method ` +
      `then trains configs epoch by epoch ` +
      `(report each epoch, stop when pruned) until a config trained to all ${MAX_EPOCH} epochs reaches the target; ` +
      `its **cost** is every epoch it ` +
      `spent, pruned trials included. It draws from its own seed stream, never random's configs. Runs stop at ${cap} ` +
      `epochs (${a.capFactor}× random's); ` +
      `a miss counts as that cap (so its true speed-up is lower still). Seeds ${a.seeds.join(", ")}; tasks ` +
      `${a.tasks.join(", ")}.`,
    "",
    `**Speed-up** = ${full} / cost (random search's spend over the method's), geometric mean over seeds per task, ` +
      `then over tasks. ` +
      `The *strict* speed-up divides instead the epochs random search needed to first reach its own best (on average ` +
      `about half its spend).`,
    "",
  );
  lines.push("## Summary", "");
  lines.push(
    "| method | speed-up (geo. mean over tasks) | slowest task | strict speed-up | misses | epochs / config | ask ms " +
      "/ trial |",
    "|---|---:|---:|---:|---:|---:|---:|",
  );
  for (const [m, cs] of cells) {
    const pts = a.tasks.map((t) => perTask(m, t));
    const trials = cs.reduce((s, c) => s + c.trials, 0);
    const askMs = cs.reduce((s, c) => s + c.askMs, 0) / trials;
    const perConfig = cs.reduce((s, c) => s + c.epochs, 0) / trials;
    lines.push(
      `| ${label(m)} | **${f1(geo(pts.map((p) => p.speedup)))}×** | ${f1(Math.min(...pts.map((p) => p.speedup)))}× | ` +
        `${f1(geo(pts.map((p) => p.strict)))}× | ${pts.reduce((s, p) => s + p.misses, 0)} / ${cs.length} | ` +
        `${perConfig.toFixed(1)} | ${askMs.toFixed(2)} |`,
    );
  }
  lines.push(
    "",
    `*Epochs / config*: the epochs a method spends per configuration it tries (random search: ${MAX_EPOCH}); with ` +
      `random sampling, ${MAX_EPOCH} / that bounds its speed-up in expected epochs (reached only if no config that ` +
      `would reach the target is ever stopped early).`,
  );
  lines.push("", "## Per task", "", "Speed-up (median cost in epochs over seeds; misses).", "");
  lines.push(
    `| task | target (mean) | random: epochs to its best (median) | ${[...cells.keys()].map(label).join(" | ")} |`,
  );
  lines.push(`|---|---:|---:|${[...cells.keys()].map(() => "---:").join("|")}|`);
  for (const task of a.tasks) {
    const bs = baselines.filter((b) => b.task === task);
    const row = [...cells.keys()].map((m) => {
      const p = perTask(m, task);
      return `${f1(p.speedup)}× (${f1(p.median)}${p.misses ? `; ${p.misses} miss` : ""})`;
    });
    lines.push(
      `| ${task} | ${(bs.reduce((s, b) => s + b.target, 0) / bs.length).toFixed(2)} % | ` +
        `${median(bs.map((b) => b.hit))} | ${row.join(" | ")} |`,
    );
  }
  lines.push("", "## How each method was built", "");
  for (const [m, v] of via) lines.push(`- ${label(m)}: \`${v}\``);
  lines.push(
    "",
    `Machine: ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ` +
      `${process.version}, shared with other work. Raw numbers: ` +
      `\`${relative(resolve(__dirname), resolve(a.out.replace(/\.md$/, "") + ".json"))}\`.`,
    "",
  );
  return lines.join("\n");
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
