// Our side of the sample-efficiency benchmark, one child process per unit of work (run.ts starts it; do not run by
// hand). Goes through the library API of docs/library.md: `createStudy({ space, algorithm, seed })`, then `ask`/`tell`.
// While algorithms.ts does not yet map a name to its sampler (it answers every name with random search), the study
// is built with the same public `Study` class and the sampler object itself — never silently with random search.
//
// stdin:  {"method": "bayes" | "tpe" | "random", "problem": name, "trials": N, "runs": [{"seed": k, "shift": [...]}]}
// stdout: {"via": how the sampler was obtained, "runs": [{"seed", "values": [g of trial 0..N-1], "seconds", "askMs":
// [...]}]}
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { createStudy, space, Study } from "../../src/index";
import { createAlgorithm } from "../../src/core/algorithms";
import type { Sampler } from "../../src/core/samplers/sampler";
import { spaceFromObject, type Param } from "../../src/core/space";
import { FUNCTIONS } from "../functions/functions";
import { makeShifted } from "../functions/shift";

interface Request {
  method: string;
  problem: string;
  trials: number;
  runs: { seed: number; shift: number[] }[];
}

/** Where each sampler lives, for when algorithms.ts does not map its name yet. */
const SAMPLER_MODULES: Record<string, { file: string; cls: string }> = {
  bayes: { file: "src/core/samplers/bayes/index.ts", cls: "BayesSampler" },
  tpe: { file: "src/core/samplers/tpe/index.ts", cls: "TpeSampler" },
  random: { file: "src/core/samplers/random.ts", cls: "RandomSampler" },
};

/** "api": createStudy by name; "object": the sampler class, because the name maps to another sampler today. */
async function studyFactory(
  method: string,
): Promise<{ via: string; make: (s: Record<string, Omit<Param, "name">>, seed: number) => Study }> {
  if (createAlgorithm(method).sampler.name === method)
    return {
      via: `createStudy({ algorithm: "${method}" })`,
      make: (sp, seed) => createStudy({ space: sp, algorithm: method, seed }),
    };
  const where = SAMPLER_MODULES[method];
  if (!where) throw new Error(`no sampler module known for "${method}"`);
  // A computed path, so this file type-checks before the module exists.
  const mod = (await import(pathToFileURL(resolve(__dirname, "../..", where.file)).href)) as Record<
    string,
    new () => Sampler
  >;
  const Cls = mod[where.cls];
  if (typeof Cls !== "function") throw new Error(`${where.file} exports no ${where.cls}`);
  const probe = new Cls();
  if (probe.name !== method) throw new Error(`${where.cls} calls itself "${probe.name}", expected "${method}"`);
  return {
    via:
      `new Study({ sampler: new ${where.cls}() }) — algorithms.ts maps "${method}" to ` +
      `"${createAlgorithm(method).sampler.name}"`,
    make: (sp, seed) =>
      new Study({
        name: "bench",
        space: spaceFromObject(sp),
        direction: "minimize",
        algorithm: method,
        seed,
        sampler: new Cls(),
      }),
  };
}

async function main(): Promise<void> {
  const req = JSON.parse(readFileSync(0, "utf8")) as Request;
  const fn = FUNCTIONS[req.problem];
  if (!fn) throw new Error(`unknown problem ${req.problem}`);
  const sp: Record<string, Omit<Param, "name">> = {};
  for (let j = 0; j < fn.dim; j++) sp[`x${j}`] = space.float(fn.lo[j], fn.hi[j]);
  const { via, make } = await studyFactory(req.method);
  const runs = [];
  for (const run of req.runs) {
    const prob = makeShifted(fn, run.seed, run.shift);
    const study = make(sp, run.seed);
    const values: number[] = [];
    const askMs: number[] = [];
    const t0 = performance.now();
    for (let i = 0; i < req.trials; i++) {
      const a0 = performance.now();
      const a = study.ask();
      askMs.push(performance.now() - a0);
      if (!a) throw new Error(`${req.method} proposed nothing at trial ${i}`);
      const v = prob.g(fn.lo.map((_, j) => a.params[`x${j}`] as number));
      study.tell(a.number, v);
      values.push(v);
    }
    runs.push({ seed: run.seed, values, seconds: (performance.now() - t0) / 1000, askMs });
  }
  process.stdout.write(JSON.stringify({ via, runs }));
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
