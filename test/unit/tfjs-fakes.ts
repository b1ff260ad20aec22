// Fake TensorFlow.js packages in a scratch project's node_modules, for testing the preload and the backend choice
// without the real (slow, machine-dependent) backends: a tfjs-core that records setBackend, a LayersModel whose fit
// calls the epoch callbacks, and backend packages that register, fail to load, or fail to start, as asked.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface FakeOptions {
  /** @tensorflow/tfjs-node-gpu: absent, throws when required, or loads (registers "tensorflow"). */
  nodeGpu?: "absent" | "throws" | "loads";
  nodeCpu?: "absent" | "throws" | "loads";
  /** The `webgpu` package's adapter: absent package, no adapter, or one with this device name. */
  webgpu?: "absent" | "no-adapter" | { device: string; vendor?: string };
  /** @tensorflow/tfjs-backend-wasm: absent, starts (asynchronously), or registers but fails to start. */
  wasm?: "absent" | "starts" | "fails";
}

const CORE = `
const registry = {};
let current;
const flags = {};
exports.registerBackend = (name, factory) => { registry[name] = factory; return true; };
exports.setBackend = async (name) => {
  if (!registry[name]) return false;
  // Backends start asynchronously (wasm compiles its module): a script that does not wait sees no backend.
  await new Promise((r) => setTimeout(r, 50));
  try { await registry[name](); } catch { return false; }
  current = name;
  return true;
};
exports.getBackend = () => current;
exports.ready = async () => {};
exports.env = () => ({ set: (k, v) => { flags[k] = v; }, get: (k) => flags[k] });
exports.registerBackend("cpu", () => ({}));
class Callback {}
class CustomCallback extends Callback { constructor(c) { super(); this.config = c; } }
class LayersModel {
  async fit(x, y, opts) {
    const cbs = (opts && opts.callbacks) || [];
    for (let e = 0; e < ((opts && opts.epochs) || 1); e++)
      for (const cb of cbs) {
        const logs = { loss: 1 / (e + 1), acc: 0.5 + e / 10, val_acc: 0.4 + e / 10 };
        if (cb.onEpochEnd) await cb.onEpochEnd(e, logs);
        else if (cb.config && cb.config.onEpochEnd) await cb.config.onEpochEnd(e, logs);
      }
    return { history: {} };
  }
}
exports.Callback = Callback;
exports.CustomCallback = CustomCallback;
exports.LayersModel = LayersModel;
exports.__flags = flags;
`;

function pkg(root: string, name: string, main: string): void {
  const dir = join(root, "node_modules", name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name, version: "0.0.0", main: "index.js" }));
  writeFileSync(join(dir, "index.js"), main);
}

function nativeTf(mode: "throws" | "loads"): string {
  return mode === "throws"
    ? `throw new Error("libtensorflow.so.2: cannot open shared object file");`
    : `require("@tensorflow/tfjs-core").registerBackend("tensorflow", () => ({}));`;
}

/** A scratch project with fake TF.js packages; returns its folder. */
export function fakeProject(o: FakeOptions = {}): string {
  const root = mkdtempSync(join(tmpdir(), "attune-tfjs-"));
  pkg(root, "@tensorflow/tfjs-core", CORE);
  pkg(root, "@tensorflow/tfjs", `module.exports = require("@tensorflow/tfjs-core");`);
  if (o.nodeGpu && o.nodeGpu !== "absent") pkg(root, "@tensorflow/tfjs-node-gpu", nativeTf(o.nodeGpu));
  if (o.nodeCpu && o.nodeCpu !== "absent") pkg(root, "@tensorflow/tfjs-node", nativeTf(o.nodeCpu));
  const wasm = o.wasm ?? "starts";
  if (wasm !== "absent")
    pkg(
      root,
      "@tensorflow/tfjs-backend-wasm",
      `require("@tensorflow/tfjs-core").registerBackend("wasm", () => {` +
        (wasm === "fails" ? `throw new Error("no WebAssembly");` : `return {};`) +
        `});`,
    );
  const webgpu = o.webgpu ?? "absent";
  if (webgpu !== "absent") {
    const adapter =
      webgpu === "no-adapter"
        ? "null"
        : `{ info: { vendor: ${JSON.stringify(webgpu.vendor ?? "")}, device: ${JSON.stringify(webgpu.device)}, ` +
          `description: "fake" }, features: new Set(), limits: {} }`;
    pkg(
      root,
      "webgpu",
      `exports.created = [];
       exports.globals = { GPUBufferUsage: { MAP_READ: 1 } };
       exports.create = (flags) => {
         exports.created.push(flags);
         return { requestAdapter: async () => (${adapter}) };
       };`,
    );
    // Like the real one: it registers only when navigator.gpu exists at load time.
    pkg(
      root,
      "@tensorflow/tfjs-backend-webgpu",
      `if (globalThis.navigator && globalThis.navigator.gpu)
         require("@tensorflow/tfjs-core").registerBackend("webgpu", async () => {
           const a = await navigator.gpu.requestAdapter();
           if (!a) throw new Error("no adapter");
           return {};
         });`,
    );
  }
  return root;
}
