// Which node runs the study runner and the JS/TS trials: the host's own runtime when there is no `node` on PATH
// (desktop VS Code's Electron, with ELECTRON_RUN_AS_NODE), code-server's Node as it is, and a real `node` on PATH
// only when it is an executable file.
import { strict as assert } from "node:assert";
import { chmodSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { findOnPath, ownRuntime, trialNode } from "../../src/runner/node";
import { planTrial } from "../../src/runner/plan";

function fakeBins(): { dir: string; good: string; noExec: string; folder: string; dangling: string } {
  const dir = mkdtempSync(join(tmpdir(), "attune-node-"));
  const mk = (name: string) => {
    mkdirSync(join(dir, name));
    return join(dir, name);
  };
  const good = mk("good");
  writeFileSync(join(good, "node"), "#!/bin/sh\n");
  chmodSync(join(good, "node"), 0o755);
  const noExec = mk("noexec");
  writeFileSync(join(noExec, "node"), "not a program\n");
  chmodSync(join(noExec, "node"), 0o644);
  const folder = mk("folder");
  mkdirSync(join(folder, "node"));
  const dangling = mk("dangling");
  symlinkSync(join(dir, "missing"), join(dangling, "node"));
  return { dir, good, noExec, folder, dangling };
}

describe("runner: the node for trials", () => {
  const electron = { execPath: "/opt/code/code", isElectron: true, platform: "linux" as const };

  it("runs as itself under plain node (a terminal, or code-server's host), whatever PATH holds", () => {
    const b = fakeBins();
    assert.deepEqual(trialNode({ execPath: "/n/node", isElectron: false, pathEnv: b.good, platform: "linux" }), {
      path: "/n/node",
      env: {},
    });
    assert.deepEqual(ownRuntime({ execPath: "/n/node", isElectron: false }), { path: "/n/node", env: {} });
  });

  it("under Electron uses a real node on PATH, else Electron itself with ELECTRON_RUN_AS_NODE=1", () => {
    const b = fakeBins();
    assert.deepEqual(trialNode({ ...electron, pathEnv: ["/nonexistent", b.good].join(delimiter) }), {
      path: join(b.good, "node"),
      env: {},
    });
    const none = { path: "/opt/code/code", env: { ELECTRON_RUN_AS_NODE: "1" } };
    assert.deepEqual(trialNode({ ...electron, pathEnv: "/nonexistent" }), none);
    assert.deepEqual(trialNode({ ...electron, pathEnv: "" }), none);
    assert.deepEqual(ownRuntime(electron), none);
  });

  it("does not take a file that cannot run, a folder, a dangling link or a relative PATH entry for node", () => {
    const b = fakeBins();
    const probe = (pathEnv: string) => ({ pathEnv, platform: "linux" as const });
    assert.equal(findOnPath("node", probe([b.noExec, b.folder, b.dangling].join(delimiter))), undefined);
    assert.equal(findOnPath("node", probe(["", ".", "good"].join(delimiter))), undefined);
    assert.equal(findOnPath("node", probe([b.folder, b.good].join(delimiter))), join(b.good, "node"));
  });

  it("plans `{node}` and the default JS/TS command on the runtime it chose, with its environment", function () {
    // This test process is plain node: trials run on process.execPath and need no extra environment.
    const dir = mkdtempSync(join(tmpdir(), "attune-plan-"));
    const plan = planTrial({
      file: join(dir, "train.ts"),
      patchedSource: "",
      python: "python3",
      trialDir: dir,
      runtimeDir: "/rt",
    });
    assert.equal(plan.cmd, process.execPath);
    assert.equal(plan.env.ELECTRON_RUN_AS_NODE, undefined);
    assert.ok(plan.transpile, "TypeScript is transpiled first");
  });
});
