// How the extension starts `attune tune`: the argument list (which node runs it: node-runtime.test.ts).
import { strict as assert } from "node:assert";
import { tuneArgs } from "../../src/extension/model/launch";

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
});
