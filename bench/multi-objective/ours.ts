// Our side of the multi-objective benchmark: one (problem, algorithm) over several seeds through the library.
// stdin: {"problem", "algorithm", "trials", "seeds"}; stdout: {"runs": [{seed, values, g, askMs, askCpuMs}]}.
import { createStudy, space } from "../../src/index";
import type { Literal } from "../../src/core/types";
import { problem } from "./problems";

interface Req {
  problem: string;
  algorithm: string;
  trials: number;
  seeds: number[];
}

function runOne(req: Req, seed: number) {
  const p = problem(req.problem);
  const names = Array.from({ length: p.dims }, (_, j) => (p.choices ? `e${j}` : `x${j}`));
  const sp = Object.fromEntries(names.map((n) => [n, p.choices ? space.choice(p.choices) : space.float(0, 1)]));
  const study = createStudy({
    space: sp,
    ...(p.directions.length > 1 ? { directions: p.directions } : { direction: p.directions[0] }),
    ...(p.constraints ? { constraints: [{ metric: "g0", op: "<=" as const, bound: 0 }] } : {}),
    algorithm: req.algorithm,
    seed,
  });
  const values: number[][] = [];
  const g: (number[] | null)[] = [];
  const askMs: number[] = [];
  const askCpuMs: number[] = [];
  for (let i = 0; i < req.trials; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const a = study.ask()!;
    askMs.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    askCpuMs.push((c.user + c.system) / 1000);
    const r = p.evaluate(names.map((n) => a.params[n] as Literal));
    values.push(r.values);
    g.push(r.g ?? null);
    study.tell(a.number, r.values, r.g ? { g0: r.g[0] } : undefined);
  }
  return { seed, values, g, askMs, askCpuMs };
}

let input = "";
process.stdin.on("data", (d) => (input += d));
process.stdin.on("end", () => {
  const req = JSON.parse(input) as Req;
  process.stdout.write(JSON.stringify({ runs: req.seeds.map((s) => runOne(req, s)) }));
});
