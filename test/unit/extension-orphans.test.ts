// A study runner that dies (kill -9, a crash, out of memory) leaves no trial `running`: the extension's follower
// fails what it left, once, with the reason; trials of a live runner, or of another machine, are left alone.
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { JOURNAL_FILE, JournalWriter } from "../../src/storage/journal";
import { StudyFollower } from "../../src/extension/model/studyFollower";

/** A pid that existed and is gone (a finished child). */
function deadPid(): number {
  const r = spawnSync("true");
  assert.ok(r.pid);
  return r.pid;
}

function study(runnerPid: number, host = hostname()): StudyFollower {
  const root = mkdtempSync(join(tmpdir(), "attune-orphans-"));
  const dir = join(root, ".attune", "train.py");
  const w = new JournalWriter(join(dir, JOURNAL_FILE));
  const t = Date.now();
  w.append({
    op: "study",
    v: 1,
    name: "train.py",
    direction: "minimize",
    algorithm: "random",
    seed: 0,
    space: { params: [] } as never,
    spaceHash: "h",
    t,
  });
  w.append({ op: "runner", event: "start", pid: runnerPid, host, t });
  for (let i = 0; i < 3; i++) w.append({ op: "trial", uid: `${host}:${runnerPid}:${i}`, params: { x: i }, t });
  w.append({ op: "start", trial: 0, pid: runnerPid, host, t });
  w.append({ op: "finish", trial: 0, state: "complete", value: 1, t });
  w.append({ op: "start", trial: 1, pid: runnerPid, host, t });
  w.append({ op: "start", trial: 2, pid: runnerPid, host, t });
  w.close();
  const f = new StudyFollower(root, "train.py", dir);
  f.poll();
  return f;
}

describe("extension: trials left running by a dead runner", () => {
  it("fails them with the reason, retriable, and only once", () => {
    const f = study(deadPid());
    assert.equal(f.running, false);
    assert.deepEqual(
      f.state.trials.map((t) => t.state),
      ["complete", "running", "running"],
    );
    let asked = 0;
    const done = f.failOrphans(() => {
      asked++;
      return "its process was killed by SIGKILL";
    });
    assert.deepEqual(done?.trials, [1, 2]);
    assert.equal(asked, 1);
    for (const n of [1, 2]) {
      const t = f.state.trials[n];
      assert.equal(t.state, "failed");
      assert.match(t.error!.message, /runner stopped before this trial finished: its process was killed by SIGKILL/);
      assert.equal(t.error!.retriable, true, "Resume runs it again");
    }
    assert.equal(f.state.trials[0].state, "complete");
    assert.equal(
      f.failOrphans(() => "again"),
      undefined,
      "nothing left to fail",
    );
  });

  it("leaves a live runner's trials and another machine's trials alone", () => {
    const live = study(process.pid);
    assert.equal(live.running, true);
    assert.equal(
      live.failOrphans(() => "no"),
      undefined,
    );
    const remote = study(deadPid(), "some-other-host");
    assert.equal(
      remote.failOrphans(() => "no"),
      undefined,
    );
    assert.equal(remote.state.trials[1].state, "running");
  });
});
