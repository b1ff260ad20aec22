// The shared-study workers of the PostgreSQL CLI test and its soak (bench/soak/scenarios/postgres.ts): one script and
// one check of the result, so the soak repeats exactly what the test checks. Workers start with helpers' attuneAsync.
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";

/** A trial that logs "<trial> <pid>" to RUN_LOG, then reports after TRIAL_MS (default 300 ms). */
export const WORKER_SCRIPT = `const fs = require("fs");
const x = 0.5; // @tune uniform(-2, 2)
const k = 1; // @tune int(0, 4)
// @tune objective: minimize loss
fs.appendFileSync(process.env.RUN_LOG, process.env.ATTUNE_TRIAL + " " + process.pid + "\\n");
setTimeout(() => console.log("loss: " + ((x - 0.3) ** 2 + k)), Number(process.env.TRIAL_MS || 300));
`;

/** A trial as `attune show --json` lists it. */
export interface ShownTrial {
  number: number;
  state: string;
  params: unknown;
  error?: { message: string };
}

/**
 * What a shared study with one SIGKILLed worker must end with: exactly `n` complete, each number once, the killed
 * worker's trial the only failed one (by heartbeat), each trial run once (`n` + its retry), no config twice but that
 * retry's.
 */
export function checkKilledWorkerStudy(trials: ShownTrial[], runLog: string, n: number, killed: number): void {
  const summary = trials.map((t) => `#${t.number} ${t.state}`).join(", ");
  const complete = trials.filter((t) => t.state === "complete").length;
  assert.equal(complete, n, `${complete} of ${n} complete (killed #${killed}): ${summary}`);
  const numbers = trials.map((t) => t.number);
  assert.equal(new Set(numbers).size, numbers.length);
  const failed = trials.filter((t) => t.state === "failed");
  assert.deepEqual(
    failed.map((t) => t.number),
    [killed],
    `failed trials (killed #${killed}): ${summary}`,
  );
  assert.match(failed[0].error!.message, /heartbeat/);
  // Each trial number ran once (the victim's orphaned child may still finish its run: that is its one run).
  const runs = readFileSync(runLog, "utf8")
    .trim()
    .split("\n")
    .map((l) => Number(l.split(" ")[0]));
  assert.equal(new Set(runs).size, runs.length, `a trial ran twice: ${runs.join(",")}`);
  assert.equal(runs.length, n + 1, `runs: ${runs.join(",")}`);
  // Workers do not propose the same point twice (apart from the retry of the killed trial): not even the baseline,
  // which every worker that found the new study empty proposes.
  const params = trials.map((t) => JSON.stringify(t.params));
  assert.equal(new Set(params).size, params.length - 1, `a config was proposed twice: ${summary}`);
}
