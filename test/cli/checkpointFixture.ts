// The checkpointing Python fixture (test/fixtures/checkpoint/train.py) and what checkpoint tests read back: the epochs
// it logged (to see one trained twice), the study as `attune show --json`, and the curve of one uninterrupted run.
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { attune, PYTHON } from "./helpers";

export const SCRIPT = readFileSync(resolve(__dirname, "../fixtures/checkpoint/train.py"), "utf8");

export interface Epoch {
  trial: number;
  epoch: number;
  lr: number;
  momentum: number;
  resume: string | null;
}

export const epochs = (dir: string): Epoch[] =>
  existsSync(join(dir, "epochs.jsonl"))
    ? readFileSync(join(dir, "epochs.jsonl"), "utf8")
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l) as Epoch)
    : [];

export interface JsonTrial {
  number: number;
  state: string;
  params: { lr: number; momentum: number };
  intermediate: [number, number][];
}

/** The curve the script reports when it runs from scratch to the end with these values, no checkpoints involved. */
export function uninterrupted(lr: number, momentum: number, script = SCRIPT): [number, number][] {
  const text = script.replace(/^lr = .*$/m, `lr = ${lr}`).replace(/^momentum = .*$/m, `momentum = ${momentum}`);
  const r = spawnSync(PYTHON, ["-c", text], { encoding: "utf8", env: { PATH: process.env.PATH ?? "" } });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l.replace(/^@tune /, "")) as { step: number; score: number })
    .map((o) => [o.step, o.score]);
}

export function showJson(dir: string, file = "train.py"): JsonTrial[] {
  const r = attune(dir, ["show", file, "--json"]);
  assert.equal(r.code, 0, r.stderr);
  return (JSON.parse(r.stdout) as { trials: JsonTrial[] }).trials;
}

/** Values as the patched file wrote them (repr of a float), so the reference run uses exactly the same numbers. */
export const sameCurve = (a: [number, number][], b: [number, number][]) => {
  assert.equal(a.length, b.length, `${a.length} steps vs ${b.length}`);
  for (let i = 0; i < a.length; i++) {
    assert.equal(a[i][0], b[i][0]);
    assert.ok(Math.abs(a[i][1] - b[i][1]) < 1e-9, `step ${a[i][0]}: ${a[i][1]} vs ${b[i][1]}`);
  }
};

/** The fixture trained for up to `epochs` epochs (`budget(1, epochs)`). */
export function scriptWithBudget(epochs: number): string {
  return SCRIPT.replace("budget(1, 12)", `budget(1, ${epochs})`).replace(/^epochs = 12/m, `epochs = ${epochs}`);
}
