// The TF.js preload (runtime/attune-preload.cjs) and its backend choice (runtime/attune-backends.cjs), docs/trials.md:
// the order tfjs-node-gpu → webgpu (hardware adapter) → tfjs-node → wasm → cpu with fallback and a reason for every
// backend passed over, forcing one (webgpu also on a software adapter), the adapter on record, epoch reports from
// `model.fit`, and the deferred main that lets a script use the backend without awaiting it. Fake packages in a
// scratch node_modules stand in for the real backends, so this is fast and the same on every machine.
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { backendMeta, normalizeTfjsBackend, TFJS_BACKENDS } from "../../src/runner/backendMeta";
import { fakeProject, type FakeOptions } from "./tfjs-fakes";

const RUNTIME = resolve(__dirname, "../../src/runner/runtime");
const PRELOAD = join(RUNTIME, "attune-preload.cjs");

interface Adapter {
  vendor: string;
  device: string;
  backend: string;
  software: boolean;
  pick?: string;
}
interface Choice {
  backend: string;
  adapter?: Adapter;
  skipped: string[];
}
interface VulkanStatus {
  ok: boolean;
  reason?: string;
  env?: Record<string, string>;
}
interface Backends {
  ORDER: string[];
  NAMES: string[];
  normalizeBackend(name: string | undefined): string | undefined;
  chooseBackend(tf: unknown, ctx: Record<string, unknown>): Promise<Choice>;
  vulkanStatus(env: Record<string, string>, probe: (so: string) => boolean, nvidia: boolean): VulkanStatus;
  listAdapters(create: (flags: string[]) => unknown, flags: string[]): Promise<{ backend: string; name: string }[]>;
  pciBus(busId: string): string | undefined;
}
const backends = require(join(RUNTIME, "attune-backends.cjs")) as Backends;

const SCRIPT = `const tf = require("@tensorflow/tfjs");
console.log("main sees backend " + tf.getBackend());
new tf.LayersModel().fit(null, null, { epochs: 3 }).then(() => console.log("done"));
`;

/** Runs SCRIPT in a fake project under the preload, as the runner does; returns its output lines and meta lines. */
function runPreloaded(o: FakeOptions, env: Record<string, string> = {}, script = SCRIPT) {
  const root = fakeProject(o);
  try {
    const file = join(root, "train.js");
    writeFileSync(file, script);
    const r = spawnSync(process.execPath, ["--require", PRELOAD, file], {
      cwd: root,
      encoding: "utf8",
      env: { ...process.env, ATTUNE_RT_ORIGINAL: file, ATTUNE_RT_PATCHED: file, ATTUNE_TFJS_BACKEND: "", ...env },
      timeout: 20_000,
    });
    const lines = r.stdout.split("\n").filter(Boolean);
    const metas = lines
      .filter((l) => l.startsWith("@tune-meta "))
      .map((l) => JSON.parse(l.slice(11)) as Record<string, unknown>);
    const choice = metas.find((m) => "skipped" in m) as unknown as Choice | undefined;
    return { code: r.status, stdout: r.stdout, stderr: r.stderr, lines, metas, choice };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

describe("TF.js preload: backend order and fallback (fake packages)", function () {
  this.timeout(30_000);

  it("passes over a tfjs-node-gpu that fails to load, saying why, and takes the next backend present", () => {
    const r = runPreloaded({ nodeGpu: "throws", nodeCpu: "loads" });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.choice?.backend, "tensorflow");
    assert.match(r.choice!.skipped[0], /^tensorflow-gpu: failed to load \(libtensorflow\.so\.2: cannot open/);
    // Not in the project: Attune's own copy of webgpu is tried, and passed over here for want of a hardware adapter.
    assert.match(r.choice!.skipped[1], /^webgpu: /);
  });

  it("takes tfjs-node-gpu first when it loads", () => {
    const r = runPreloaded({ nodeGpu: "loads", nodeCpu: "loads" });
    assert.equal(r.choice?.backend, "tensorflow-gpu");
    assert.deepEqual(r.choice?.skipped, []);
  });

  it("falls back to wasm with neither native package, and to cpu when wasm cannot start", () => {
    const wasm = runPreloaded({});
    assert.equal(wasm.choice?.backend, "wasm");
    assert.deepEqual(
      wasm.choice!.skipped.map((s) => s.split(":")[0]),
      ["tensorflow-gpu", "webgpu", "tensorflow"],
    );
    const cpu = runPreloaded({ wasm: "fails" });
    assert.equal(cpu.choice?.backend, "cpu");
    assert.match(cpu.choice!.skipped[3], /^wasm: setBackend\("wasm"\) failed/);
  });

  it("never takes webgpu by default on a machine without a hardware adapter", () => {
    // Here Dawn finds no hardware adapter (no Vulkan, or only a software one): webgpu is passed over with the reason.
    const r = runPreloaded({ webgpu: { device: "llvmpipe (LLVM 15.0.6, 256 bits)" } });
    assert.equal(r.choice?.backend, "wasm");
    const why = r.choice!.skipped.find((s) => s.startsWith("webgpu: "));
    assert.ok(why && !/not installed/.test(why), why);
  });

  it("forces webgpu on a software adapter and records the adapter", () => {
    const r = runPreloaded(
      { nodeGpu: "loads", webgpu: { device: "llvmpipe (LLVM 15.0.6, 256 bits)", vendor: "mesa" } },
      { ATTUNE_TFJS_BACKEND: "webgpu" },
    );
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.choice?.backend, "webgpu");
    assert.equal(r.choice?.adapter?.device, "llvmpipe (LLVM 15.0.6, 256 bits)");
    assert.equal(r.choice?.adapter?.software, true);
    assert.ok(["vulkan", "opengles"].includes(r.choice!.adapter!.backend));
    // The study's record of it: backend, "vendor device (dawn backend, software)".
    const facts = backendMeta(r.choice as unknown as Record<string, unknown>);
    assert.match(facts!.adapter!, /^mesa llvmpipe \(LLVM 15\.0\.6, 256 bits\) \((vulkan|opengles), software\)$/);
  });

  it("fails the trial in one sentence when the forced backend cannot run", () => {
    const r = runPreloaded({ webgpu: "no-adapter" }, { ATTUNE_TFJS_BACKEND: "webgpu" });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^attune: could not start TensorFlow\.js: the forced TensorFlow\.js backend "webgpu" /m);
    assert.doesNotMatch(r.stderr, /\n\s+at /, "no stack trace");
    assert.doesNotMatch(r.stdout, /main sees/, "the script never ran");
    const bad = runPreloaded({}, { ATTUNE_TFJS_BACKEND: "gpu-please" });
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /ATTUNE_TFJS_BACKEND: "gpu-please" is not a TensorFlow\.js backend; use one of: auto,/);
  });

  it("forces cpu over faster backends present", () => {
    const r = runPreloaded({ nodeGpu: "loads" }, { ATTUNE_TFJS_BACKEND: "cpu" });
    assert.equal(r.choice?.backend, "cpu");
  });
});

describe("TF.js preload: epoch reports and the deferred main", function () {
  this.timeout(30_000);

  it("runs the script only once its backend is ready, so code that never awaits tf.ready() sees it", () => {
    // The fake backends start after 50 ms: without the deferred main the script's first line would see none.
    const r = runPreloaded({});
    assert.equal(r.code, 0, r.stderr);
    const chose = r.lines.findIndex((l) => l.startsWith("@tune-meta ") && l.includes('"skipped"'));
    const main = r.lines.indexOf("main sees backend wasm");
    assert.ok(chose >= 0 && main > chose, r.stdout);
  });

  it("reports every model.fit epoch as a protocol line, with TF.js's acc also as accuracy", () => {
    const r = runPreloaded({});
    // Epoch reports carry a step (the model-stats line after fit does not).
    const reports = r.lines
      .filter((l) => l.startsWith("@tune {"))
      .map((l) => JSON.parse(l.slice(6)))
      .filter((x) => x.step !== undefined);
    assert.deepEqual(
      reports.map((x) => [x.step, x.loss, x.accuracy, x.val_accuracy]),
      [
        [1, 1, 0.5, 0.4],
        [2, 1 / 2, 0.5 + 1 / 10, 0.4 + 1 / 10],
        [3, 1 / 3, 0.5 + 2 / 10, 0.4 + 2 / 10],
      ],
    );
    // The protocol marker makes the runner ignore plain-text echoes of the same metrics.
    assert.ok(r.metas.some((m) => m.protocol === true && m.backend === "wasm"));
  });

  it("keeps the user's callbacks and counts steps across several fit calls", () => {
    const script = `const tf = require("@tensorflow/tfjs");
const seen = [];
(async () => {
  const m = new tf.LayersModel();
  await m.fit(null, null, { epochs: 2, callbacks: { onEpochEnd: (e) => seen.push(e) } });
  await m.fit(null, null, { epochs: 1 });
  console.log("user callback saw " + seen.join(","));
})();
`;
    const r = runPreloaded({}, {}, script);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(r.lines.includes("user callback saw 0,1"), r.stdout);
    const steps = r.lines
      .filter((l) => l.startsWith("@tune {"))
      .map((l) => JSON.parse(l.slice(6)).step)
      .filter((s) => s !== undefined);
    assert.deepEqual(steps, [1, 2, 3]);
  });

  it("leaves a script that does not use TF.js alone", () => {
    const r = runPreloaded({}, {}, `console.log("plain " + typeof globalThis.navigator?.gpu);\n`);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.lines, ["plain undefined"]);
  });
});

describe("TF.js backend choice (attune-backends.cjs, in process)", () => {
  /** A fake project's tfjs and a chooser context that sees Vulkan as present (as on a GPU machine). */
  function setup(o: FakeOptions, vulkan: VulkanStatus = { ok: true }) {
    const root = fakeProject(o);
    const resolveIn = (p: string) => {
      try {
        return require.resolve(p, { paths: [root] });
      } catch {
        return undefined;
      }
    };
    const tf = require(resolveIn("@tensorflow/tfjs")!) as { __flags: Record<string, unknown> };
    const env: Record<string, string> = {};
    const ctx = { resolve: resolveIn, env, vulkan };
    return { root, tf, env, ctx, dawn: () => require(resolveIn("webgpu")!) as { created: string[][] } };
  }
  const cleanup: string[] = [];
  const saved = Object.getOwnPropertyDescriptor(globalThis, "navigator");
  afterEach(() => {
    for (const d of cleanup.splice(0)) rmSync(d, { recursive: true, force: true });
    // installNavigatorGpu gave this process a navigator.gpu: put back what was there.
    if (saved) Object.defineProperty(globalThis, "navigator", saved);
    else delete (globalThis as { navigator?: unknown }).navigator;
  });

  it("takes webgpu before tfjs-node and wasm when Dawn finds a hardware adapter", async () => {
    const s = setup({ nodeCpu: "loads", webgpu: { device: "NVIDIA H100 80GB HBM3", vendor: "nvidia" } });
    cleanup.push(s.root);
    const c = await backends.chooseBackend(s.tf, s.ctx);
    assert.equal(c.backend, "webgpu");
    assert.deepEqual(c.adapter, {
      vendor: "nvidia",
      device: "NVIDIA H100 80GB HBM3",
      description: "fake",
      backend: "vulkan",
      software: false,
    });
    assert.deepEqual(c.skipped, ["tensorflow-gpu: not installed"]);
    assert.deepEqual(s.dawn().created, [["backend=vulkan"]], "one Dawn instance, Vulkan only: no OpenGL probe");
    assert.equal(s.tf.__flags.WEBGPU_MATMUL_PROGRAM_TYPE, undefined, "hardware keeps TF.js's own matmul choice");
  });

  it("says how to install webgpu when its packages are missing", async () => {
    const s = setup({ nodeCpu: "loads" });
    cleanup.push(s.root);
    const c = await backends.chooseBackend(s.tf, s.ctx);
    assert.equal(c.backend, "tensorflow");
    assert.deepEqual(c.skipped, [
      "tensorflow-gpu: not installed",
      "webgpu: not installed (npm i webgpu @tensorflow/tfjs-backend-webgpu)",
    ]);
  });

  it("passes over a software Vulkan adapter (lavapipe) unless forced", async () => {
    const s = setup({ webgpu: { device: "llvmpipe (LLVM 19.1.7, 256 bits)" } });
    cleanup.push(s.root);
    const c = await backends.chooseBackend(s.tf, s.ctx);
    assert.equal(c.backend, "wasm");
    assert.match(c.skipped[1], /^webgpu: only a software adapter \(llvmpipe .*\), slower than wasm; force it with/);
    const f = await backends.chooseBackend(s.tf, { ...s.ctx, forced: "webgpu" });
    assert.equal(f.backend, "webgpu");
    assert.equal(f.adapter?.software, true);
    assert.equal(s.tf.__flags.WEBGPU_MATMUL_PROGRAM_TYPE, undefined, "TF.js's own matmul choice");
    s.env.WEBGPU_MATMUL_PROGRAM_TYPE = "3";
    await backends.chooseBackend(s.tf, { ...s.ctx, forced: "webgpu" });
    assert.equal(s.tf.__flags.WEBGPU_MATMUL_PROGRAM_TYPE, 3, "the user's choice is passed on");
  });

  it("without Vulkan, forcing webgpu goes through OpenGL ES (surfaceless EGL, compatibility level)", async () => {
    const s = setup({ webgpu: { device: "llvmpipe" } }, { ok: false, reason: "no Vulkan loader" });
    cleanup.push(s.root);
    const auto = await backends.chooseBackend(s.tf, s.ctx);
    assert.ok(auto.skipped.includes("webgpu: no Vulkan loader"), auto.skipped.join("\n"));
    assert.deepEqual(s.dawn().created, [], "nothing probed when it cannot be used");
    const f = await backends.chooseBackend(s.tf, { ...s.ctx, forced: "webgpu" });
    assert.equal(f.adapter?.backend, "opengles");
    assert.deepEqual(s.dawn().created, [["backend=opengles"]]);
    assert.equal(s.env.EGL_PLATFORM, "surfaceless");
  });

  it("on several GPUs picks the adapter named by the scheduler's slot", async () => {
    const s = setup({ webgpu: { device: "NVIDIA A100-SXM4-40GB" } });
    cleanup.push(s.root);
    // The fake lists adapters the way dawn.node does: in the error for an adapter name that matches none.
    const dawn = s.dawn() as unknown as { create: (flags: string[]) => unknown; created: string[][] };
    const create = dawn.create;
    dawn.create = (flags: string[]) => {
      if (flags.some((f) => f.startsWith("adapter=\u0001")))
        return {
          requestAdapter: async () => {
            throw new Error(
              "no adapter found\nAvailable adapters:\n * backend: 'vulkan', name: 'NVIDIA A100-SXM4-40GB'\n" +
                " * backend: 'vulkan', name: 'NVIDIA RTX A4000'",
            );
          },
        };
      return create(flags);
    };
    s.env.ATTUNE_GPU = JSON.stringify({ index: "1", name: "NVIDIA A100-SXM4-40GB", busId: "00000000:17:00.0" });
    const c = await backends.chooseBackend(s.tf, s.ctx);
    assert.equal(c.backend, "webgpu");
    assert.equal(c.adapter?.pick, "by name");
    assert.deepEqual(dawn.created.at(-1), ["backend=vulkan", "adapter=NVIDIA A100-SXM4-40GB"]);
    assert.equal(s.env.DRI_PRIME, "pci-0000_17_00_0");
  });

  it("explains a missing Vulkan driver: the container's NVIDIA capabilities, the loader, the ICD", () => {
    const none = () => false;
    const nv = backends.vulkanStatus({}, (so) => so === "libvulkan.so.1", true);
    assert.equal(nv.ok, false);
    assert.match(nv.reason!, /^no Vulkan driver: the container lacks the `graphics` capability/);
    assert.match(backends.vulkanStatus({}, none, false).reason!, /^no Vulkan loader \(libvulkan\.so\.1/);
    // Driver libraries present but no ICD json for them: one is written and named in VK_ICD_FILENAMES.
    const wrote = backends.vulkanStatus({ VK_ICD_FILENAMES: "/nonexistent.json" }, () => true, true);
    assert.equal(wrote.ok, true);
    const icd = wrote.env!.VK_ICD_FILENAMES.split(":")[0];
    assert.equal(JSON.parse(readFileSync(icd, "utf8")).ICD.library_path, "libGLX_nvidia.so.0");
  });

  it("reads dawn.node's adapter list and nvidia-smi's PCI bus ids", async () => {
    const create = () => ({
      requestAdapter: async () => {
        throw new Error("x\n * backend: 'opengles', name: 'llvmpipe (LLVM 15.0.6, 256 bits)'");
      },
    });
    assert.deepEqual(await backends.listAdapters(create, []), [
      { backend: "opengles", name: "llvmpipe (LLVM 15.0.6, 256 bits)" },
    ]);
    assert.equal(backends.pciBus("00000000:3B:00.0"), "0000_3b_00_0");
    assert.equal(backends.pciBus("nonsense"), undefined);
  });

  it("accepts the same backend names as the CLI", () => {
    for (const n of TFJS_BACKENDS) {
      const cli = normalizeTfjsBackend(n);
      const preload = backends.normalizeBackend(n);
      assert.equal(cli === undefined, preload === undefined, n);
      if (preload) assert.ok(backends.ORDER.includes(preload), n);
    }
    assert.throws(() => normalizeTfjsBackend("cuda"), /"cuda" is not a TensorFlow\.js backend; choose one of: auto,/);
  });
});
