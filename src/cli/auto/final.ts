// The last step of `attune auto` (docs/model-search.md#model): train.ts with the best values runs once more, with
// ATTUNE_AUTO_FINAL=1, through the same runner as a trial (preload, backend, transpiler), trains on every row and
// saves model/ with its preprocessing.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startTrial } from "../../runner";
import type { Params } from "../../core/types";

export async function retrainBest(
  file: string,
  source: string,
  params: Params,
  objective: string,
  env: Record<string, string>,
  onOutput: (line: string) => void,
): Promise<{ ok: boolean; why?: string }> {
  const scratch = mkdtempSync(join(tmpdir(), "attune-auto-final-"));
  try {
    const run = startTrial(
      {
        file,
        patchedSource: source,
        objective,
        trialNumber: 0,
        params,
        studyDir: scratch,
        env: { ...env, ATTUNE_AUTO_FINAL: "1" },
      },
      { onOutput },
    );
    const r = await run.result;
    const saved = existsSync(join(file, "..", "model", "model.json"));
    if (r.exitCode === 0 && saved) return { ok: true };
    return { ok: false, why: r.error?.message ?? `it exited with ${r.exitCode ?? r.signal}` };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
