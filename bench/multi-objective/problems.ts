// The benchmark problems, as the engine sees them (mirrored for Optuna in problems.py). Every objective is as
// written (minimize unless `directions` says otherwise); constraints are g ≤ 0.
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { Direction, Literal } from "../../src/core/types";

export interface Problem {
  name: string;
  /** Continuous dims on [0, 1] (names x0…), or choices (names e0…). */
  dims: number;
  choices?: string[];
  directions: Direction[];
  /** Fixed reference point for the hypervolume, in each objective's own orientation. */
  ref: number[];
  constraints?: number;
  evaluate(x: Literal[]): { values: number[]; g?: number[] };
}

const ZDT_N = 10;
const sum = (a: number[]) => a.reduce((s, v) => s + v, 0);

function zdt(kind: 1 | 2 | 3): Problem {
  return {
    name: `zdt${kind}`,
    dims: ZDT_N,
    directions: ["minimize", "minimize"],
    ref: [11, 11],
    evaluate(xs) {
      const x = xs as number[];
      const f1 = x[0];
      const g = 1 + (9 * sum(x.slice(1))) / (ZDT_N - 1);
      const r = f1 / g;
      const h =
        kind === 1 ? 1 - Math.sqrt(r) : kind === 2 ? 1 - r * r : 1 - Math.sqrt(r) - r * Math.sin(10 * Math.PI * f1);
      return { values: [f1, g * h] };
    },
  };
}

/** DTLZ2 with M = 3 objectives and k = 5 distance variables (n = 7). */
const dtlz2: Problem = {
  name: "dtlz2",
  dims: 7,
  directions: ["minimize", "minimize", "minimize"],
  ref: [2.5, 2.5, 2.5],
  evaluate(xs) {
    const x = xs as number[];
    const g = sum(x.slice(2).map((v) => (v - 0.5) ** 2));
    const a = (x[0] * Math.PI) / 2;
    const b = (x[1] * Math.PI) / 2;
    return {
      values: [(1 + g) * Math.cos(a) * Math.cos(b), (1 + g) * Math.cos(a) * Math.sin(b), (1 + g) * Math.sin(a)],
    };
  },
};

/** Branin–Currin with BoTorch's constraint (x in [0,1]², Branin on [−5,10]×[0,15]; feasible: a disc of radius √50). */
const constrainedBraninCurrin: Problem = {
  name: "c-branin-currin",
  dims: 2,
  directions: ["minimize", "minimize"],
  ref: [80, 12],
  constraints: 1,
  evaluate(xs) {
    const [u, v] = xs as number[];
    const x1 = 15 * u - 5;
    const x2 = 15 * v;
    const branin =
      (x2 - (5.1 / (4 * Math.PI * Math.PI)) * x1 * x1 + (5 / Math.PI) * x1 - 6) ** 2 +
      10 * (1 - 1 / (8 * Math.PI)) * Math.cos(x1) +
      10;
    const currin =
      (1 - Math.exp(-1 / (2 * Math.max(v, 1e-12)))) *
      ((2300 * u ** 3 + 1900 * u ** 2 + 2092 * u + 60) / (100 * u ** 3 + 500 * u ** 2 + 4 * u + 20));
    return { values: [branin, currin], g: [(x1 - 2.5) ** 2 + (x2 - 7.5) ** 2 - 50] };
  },
};

export const NB201_OPS = ["none", "skip_connect", "nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3"];

/** The shared data folder: ATTUNE_DATA, else `../shared/data` above the repository (or above its worktree folder). */
export function dataDir(): string {
  const root = resolve(__dirname, "../..");
  const candidates = [process.env.ATTUNE_DATA, resolve(root, "../shared/data"), resolve(root, "../../shared/data")];
  for (const c of candidates) if (c && existsSync(resolve(c, "nasbench201"))) return c;
  throw new Error("NAS-Bench-201 data not found: set ATTUNE_DATA to the folder holding nasbench201/");
}

/** NAS-Bench-201 (CIFAR-10): maximize 200-epoch validation accuracy, minimize FLOPs; six edges, five ops each. */
export function nasbench201(): Problem {
  const rows = JSON.parse(readFileSync(resolve(dataDir(), "nasbench201/nb201_cifar10.json"), "utf8")) as {
    arch: string;
    val_acc_200: number;
    flops_M: number;
  }[];
  const byArch = new Map(rows.map((r) => [r.arch, r]));
  return {
    name: "nb201-cifar10",
    dims: 6,
    choices: NB201_OPS,
    directions: ["maximize", "minimize"],
    ref: [80, 250],
    evaluate(xs) {
      const e = xs as string[];
      const arch = `|${e[0]}~0|+|${e[1]}~0|${e[2]}~1|+|${e[3]}~0|${e[4]}~1|${e[5]}~2|`;
      const r = byArch.get(arch);
      if (!r) throw new Error(`unknown NB201 cell ${arch}`);
      return { values: [r.val_acc_200, r.flops_M] };
    },
  };
}

export function problem(name: string): Problem {
  if (name === "nb201-cifar10") return nasbench201();
  const p = [zdt(1), zdt(2), zdt(3), dtlz2, constrainedBraninCurrin].find((q) => q.name === name);
  if (!p) throw new Error(`unknown problem ${name}`);
  return p;
}

export const PROBLEMS = ["zdt1", "zdt2", "zdt3", "dtlz2", "nb201-cifar10", "c-branin-currin"];
