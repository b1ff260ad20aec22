// The runner's side of network growth (docs/trials.md): a grown child gets a hard-link snapshot of its parent's
// checkpoint (ATTUNE_INHERIT_FROM) and that checkpoint is kept while the child runs, an interrupted grown child inherits
// again when retried, and the preload's report of the inheritance is read.
import { strict as assert } from "node:assert";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Trial } from "../../src/core/types";
import { checkpointDir, cleanCheckpoints, inheritEnv, neededCheckpoints } from "../../src/runner/checkpoint";
import { inheritMeta } from "../../src/runner/inheritMeta";
import { retriesOf } from "../../src/runner/queue";

describe("the runner's side of growth", () => {
  const trial = (number: number, state: Trial["state"], attrs?: Record<string, unknown>): Trial => ({
    number,
    state,
    params: { units: [16] },
    intermediate: state === "complete" ? [[1, 1]] : [],
    ...(state === "complete" ? { value: 10 - number } : {}),
    ...(attrs ? { attrs } : {}),
  });

  it("hands the child a hard-link snapshot of the parent's checkpoint, and keeps that checkpoint while it runs", () => {
    const dir = mkdtempSync(join(tmpdir(), "attune-grow-"));
    try {
      assert.equal(inheritEnv(dir, 3, 1), undefined, "no checkpoint, no variable");
      mkdirSync(checkpointDir(dir, 1), { recursive: true });
      writeFileSync(join(checkpointDir(dir, 1), "attune-tfjs.json"), "{}");
      const env = inheritEnv(dir, 3, 1)!;
      assert.equal(env.ATTUNE_INHERIT_FROM, join(dir, "trials", "3", "inherit-from"));
      assert.deepEqual(readdirSync(env.ATTUNE_INHERIT_FROM), ["attune-tfjs.json"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const trials = [0, 1, 2, 3, 4].map((n) => trial(n, "complete"));
    trials.push(trial(5, "running", { inheritedFrom: 0 }));
    assert.ok(neededCheckpoints(trials, "minimize", 1).has(0), "the running child's parent lost its checkpoint");
    assert.ok(!neededCheckpoints(trials.slice(0, 5), "minimize", 1).has(0));
    // Possible parents (evolution's population, Study.possibleParents) keep theirs past --keep-checkpoints.
    const study = mkdtempSync(join(tmpdir(), "attune-grow-"));
    try {
      for (const n of [0, 1, 2]) {
        mkdirSync(checkpointDir(study, n), { recursive: true });
        writeFileSync(join(checkpointDir(study, n), "state"), "x");
      }
      assert.deepEqual(cleanCheckpoints(study, trials.slice(0, 3), "minimize", 1, [1]), [0]);
    } finally {
      rmSync(study, { recursive: true, force: true });
    }
  });

  it("an interrupted grown child that saved nothing inherits again when retried", () => {
    const growth = { param: "units", op: "widen", index: 0, from: 16, to: 32 };
    const t: Trial = {
      ...trial(2, "failed", { inheritedFrom: 1, growth }),
      error: { message: "interrupted", retriable: true },
    };
    const [retry] = retriesOf([trial(0, "complete"), trial(1, "complete"), t], "/nonexistent", undefined);
    assert.deepEqual(retry.attrs, { retryOf: 2, inheritedFrom: 1, growth });
  });

  it("reads the preload's report of the inheritance", () => {
    assert.deepEqual(inheritMeta({ inherited: true, morphs: ["widen dense_1 to 32", 5] }), {
      inherited: true,
      morphs: ["widen dense_1 to 32"],
    });
    assert.deepEqual(inheritMeta({ inherited: false, reason: "no match" }), { inherited: false, reason: "no match" });
    assert.equal(inheritMeta({ backend: "cpu" }), undefined);
  });
});
