// A runner that dies of an error leaves no trial `running`: Orchestrator.abandon (called when run() throws, and by the
// CLI on an uncaught error) ends every trial's process tree and records each trial failed with the reason.
import { strict as assert } from "node:assert";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseAnnotations } from "../../src/core/annotations";
import { createAlgorithm } from "../../src/core/algorithms";
import { Orchestrator } from "../../src/runner/orchestrator";
import { openStudy } from "../../src/storage/journalStore";

const SCRIPT = `import os, subprocess, time
x = 1  # @tune int(1, 9)
# @tune objective: minimize loss
child = subprocess.Popen(["sleep", "60"])
open(os.path.join(os.environ["ATTUNE_STUDY_DIR"], "child-%s.pid" % os.environ["ATTUNE_TRIAL"]), "w").write(str(child.pid))
time.sleep(60)
`;

function alive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
}

describe("orchestrator: a runner dying of an error", function () {
  this.timeout(30_000);

  it("kills the running trials' process trees and records them failed with the reason", async () => {
    const root = mkdtempSync(join(tmpdir(), "attune-abandon-"));
    const file = join(root, "train.py");
    writeFileSync(file, SCRIPT);
    const annotations = parseAnnotations(SCRIPT, file);
    const dir = join(root, ".attune", "train.py");
    const study = openStudy({
      name: "train.py",
      space: annotations.space,
      direction: "minimize",
      metric: "loss",
      algorithm: "random",
      seed: 1,
      ...createAlgorithm("random", {}),
      journal: join(dir, "journal.jsonl"),
      file,
    });
    const orch = new Orchestrator({
      file,
      source: SCRIPT,
      annotations,
      study,
      studyDir: dir,
      trials: 4,
      parallel: 2,
      python: "/usr/bin/python3",
      objective: "loss",
    });
    const run = orch.run();
    const pidFiles = [0, 1].map((n) => join(dir, `child-${n}.pid`));
    for (let i = 0; i < 200 && !pidFiles.every((f) => existsSync(f) && readFileSync(f, "utf8")); i++)
      await new Promise((r) => setTimeout(r, 50));
    const children = pidFiles.map((f) => Number(readFileSync(f, "utf8")));
    assert.ok(children.every(alive), "two trials with a grandchild each are running");
    orch.abandon("ENOSPC: no space left on device");
    await run;
    for (const t of study.trials()) {
      assert.equal(t.state, "failed", `trial ${t.number}`);
      assert.match(t.error!.message, /runner stopped on an error .*ENOSPC: no space left on device/);
      assert.equal(t.error!.retriable, true);
    }
    assert.equal(study.trials().length, 2, "no new trial after the runner gave up");
    for (let i = 0; i < 100 && children.some(alive); i++) await new Promise((r) => setTimeout(r, 50));
    for (const pid of children) assert.ok(!alive(pid), `grandchild ${pid} is gone`);
    study.close();
  });
});
