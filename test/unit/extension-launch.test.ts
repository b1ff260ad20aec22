// How the extension starts `attune tune`: the argument list and which node runs it.
import { strict as assert } from "node:assert";
import { mkdtempSync, writeFileSync, chmodSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { findNode, tuneArgs } from "../../src/extension/model/launch";

describe("extension: launch arguments", () => {
  it("passes every choice as its own argument (no shell), paths with spaces intact", () => {
    const args = tuneArgs("/ext/dist/cli.js", {
      file: "/my work/train.py",
      study: "sub dir/train.py",
      algorithm: "tpe",
      trials: 30,
      parallel: 2,
      python: "/venv/bin/python",
      seed: 7,
      timeout: "10m",
      gpus: "0,1",
      trialsPerGpu: 2,
    });
    assert.deepEqual(args, [
      "/ext/dist/cli.js",
      "tune",
      "/my work/train.py",
      "--study",
      "sub dir/train.py",
      "--algorithm",
      "tpe",
      "--trials",
      "30",
      "--parallel",
      "2",
      "--python",
      "/venv/bin/python",
      "--seed",
      "7",
      "--timeout",
      "10m",
      "--gpus",
      "0,1",
      "--trials-per-gpu",
      "2",
    ]);
  });

  it("passes the GPU sharing and TF.js backend choices", () => {
    const args = tuneArgs("cli.js", {
      file: "a.ts",
      study: "a.ts",
      algorithm: "bayes",
      trials: 5,
      parallel: 4,
      trialsPerGpu: 1,
      cpuOverflow: true,
      tfjsBackend: "webgpu",
    });
    assert.deepEqual(args.slice(11), ["--trials-per-gpu", "1", "--cpu-overflow", "--tfjs-backend", "webgpu"]);
  });

  it("leaves out what defaults to the CLI's own choice", () => {
    const args = tuneArgs("cli.js", {
      file: "a.py",
      study: "a.py",
      algorithm: "bayes",
      trials: 5,
      parallel: 1,
      gpus: "auto",
      tfjsBackend: "auto",
    });
    assert.deepEqual(args, [
      "cli.js",
      "tune",
      "a.py",
      "--study",
      "a.py",
      "--algorithm",
      "bayes",
      "--trials",
      "5",
      "--parallel",
      "1",
    ]);
  });

  it("runs under plain node as itself; under Electron prefers node on PATH, else Electron as node", () => {
    assert.deepEqual(findNode("/usr/bin/node", false), { path: "/usr/bin/node", env: {} });
    const dir = mkdtempSync(join(tmpdir(), "attune-node-"));
    mkdirSync(join(dir, "bin"));
    writeFileSync(join(dir, "bin", "node"), "#!/bin/sh\n");
    chmodSync(join(dir, "bin", "node"), 0o755);
    assert.deepEqual(findNode("/opt/code/code", true, ["/nonexistent", join(dir, "bin")].join(delimiter), "linux"), {
      path: join(dir, "bin", "node"),
      env: {},
    });
    assert.deepEqual(findNode("/opt/code/code", true, "/nonexistent", "linux"), {
      path: "/opt/code/code",
      env: { ELECTRON_RUN_AS_NODE: "1" },
    });
  });
});
