// @ts-check
"use strict";
// Chooses TensorFlow.js's backend for a trial (docs/trials.md), in this order:
//   tensorflow-gpu (@tensorflow/tfjs-node-gpu), webgpu (Dawn from the `webgpu` package, on a HARDWARE adapter),
//   tensorflow (@tensorflow/tfjs-node), wasm (@tensorflow/tfjs-backend-wasm), cpu.
// A forced backend (ATTUNE_TFJS_BACKEND, from --tfjs-backend or the VS Code setting) is the only one tried; webgpu
// then also takes a software adapter (llvmpipe through OpenGL ES, lavapipe through Vulkan). Every backend passed over
// gets a one-line reason, so the user learns why a faster one was not used.
// Loaded by attune-preload.cjs; no dependencies besides Node, so it is unit-tested with fake modules.

const fs = require("fs");
const os = require("os");
const path = require("path");

// TF.js and Dawn objects come from the user's own packages: typed loosely on purpose.
/** @typedef {any} Tf the user's `@tensorflow/tfjs*` module */
/** @typedef {any} Dawn the `webgpu` package (Dawn) */
/** @typedef {Record<string, string | undefined>} Env */
/** @typedef {{ index?: number, name?: string, busId?: string }} Slot */
/** @typedef {{ ok: boolean, reason?: string, nvidia?: boolean, env?: Record<string, string>, note?: string }} Vulkan */
/** @typedef {{ reason: string, adapter?: undefined, info?: undefined, gpu?: undefined }} NoAdapter */
/**
 * @typedef {object} ChooseContext
 * @property {(pkg: string) => string | undefined} resolve
 * @property {Env} [env]
 * @property {string} [forced]
 * @property {(path: string) => any} [load]
 * @property {Vulkan} [vulkan]
 */
/**
 * @typedef {{ vendor: string, device: string, description: string, backend: string, software: boolean, pick?: string }}
 *   AdapterInfo
 */

const ORDER = ["tensorflow-gpu", "webgpu", "tensorflow", "wasm", "cpu"];
/** @type {Record<string, string>} */
const ALIASES = {
  "tensorflow-gpu": "tensorflow-gpu",
  "tfjs-node-gpu": "tensorflow-gpu",
  "@tensorflow/tfjs-node-gpu": "tensorflow-gpu",
  webgpu: "webgpu",
  tensorflow: "tensorflow",
  "tfjs-node": "tensorflow",
  "@tensorflow/tfjs-node": "tensorflow",
  wasm: "wasm",
  cpu: "cpu",
};
/** The names --tfjs-backend accepts, for error messages. */
const NAMES = ["tfjs-node-gpu", "webgpu", "tfjs-node", "wasm", "cpu"];

/**
 * The canonical backend for a user-given name, or undefined for "" / "auto"; throws on an unknown name.
 * @param {string | undefined} name
 * @returns {string | undefined}
 */
function normalizeBackend(name) {
  const n = String(name || "")
    .trim()
    .toLowerCase();
  if (n === "" || n === "auto") return undefined;
  const c = ALIASES[n];
  if (!c) throw new Error(`"${name}" is not a TensorFlow.js backend; use one of: auto, ${NAMES.join(", ")}`);
  return c;
}

const SOFTWARE = /llvmpipe|lavapipe|softpipe|swiftshader|software|\bswrast\b/i;

/**
 * Does `soname` load through the dynamic linker's own search (LD_LIBRARY_PATH, ld.so.cache)?
 * @param {string} soname
 */
function canDlopen(soname) {
  try {
    process.dlopen({ exports: {} }, soname);
    return true;
  } catch (err) {
    // A library that loads but is no Node addon throws "did not self-register" or a missing-symbol error.
    return !/cannot open shared object|No such file|not found/i.test(String(err && err.message));
  }
}

const ICD_DIRS = ["/etc/vulkan/icd.d", "/usr/share/vulkan/icd.d", "/usr/local/share/vulkan/icd.d"];

/**
 * @param {Env} env
 * @returns {string[]}
 */
function icdFiles(env) {
  const listed = (env.VK_DRIVER_FILES || env.VK_ICD_FILENAMES || "").split(":").filter(Boolean);
  if (listed.length) return listed.filter((f) => fs.existsSync(f));
  /** @type {string[]} */
  const out = [];
  for (const d of ICD_DIRS) {
    try {
      for (const f of fs.readdirSync(d)) if (f.endsWith(".json")) out.push(path.join(d, f));
    } catch {
      // no such folder
    }
  }
  return out;
}

/**
 * What the machine offers Vulkan: { ok, reason?, env? }. On NVIDIA it needs the driver's graphics libraries and an ICD
 * json; a container started with only the compute,utility capabilities has neither. A missing ICD json next to a
 * present driver library is written to a temp file (env says where).
 * @param {Env} env
 * @param {(soname: string) => boolean} [probe]
 * @param {boolean} [nvidiaDriver]
 * @returns {Vulkan}
 */
function vulkanStatus(env, probe = canDlopen, nvidiaDriver = fs.existsSync("/proc/driver/nvidia/version")) {
  if (process.platform !== "linux") return { ok: true };
  const loader = probe("libvulkan.so.1");
  const nvidiaGlx = nvidiaDriver && probe("libGLX_nvidia.so.0");
  if (nvidiaDriver && !nvidiaGlx)
    return {
      ok: false,
      nvidia: true,
      reason:
        "no Vulkan driver: the container lacks the `graphics` capability " +
        "(start it with NVIDIA_DRIVER_CAPABILITIES=compute,utility,graphics)",
    };
  if (!loader) return { ok: false, reason: "no Vulkan loader (libvulkan.so.1; install libvulkan1)" };
  const icds = icdFiles(env);
  if (nvidiaGlx && !icds.some((f) => /nvidia/i.test(f))) {
    // The driver is there but nothing tells the loader about it (common in containers): say where it is.
    const file = path.join(os.tmpdir(), `attune-nvidia-icd-${process.getuid ? process.getuid() : 0}.json`);
    const icd = { file_format_version: "1.0.0", ICD: { library_path: "libGLX_nvidia.so.0", api_version: "1.3" } };
    try {
      fs.writeFileSync(file, JSON.stringify(icd));
      return { ok: true, env: { VK_ICD_FILENAMES: [file, ...icds].join(":") }, note: "wrote an NVIDIA ICD json" };
    } catch {
      return { ok: false, reason: `no Vulkan ICD json for the NVIDIA driver, and ${file} could not be written` };
    }
  }
  if (!icds.length) return { ok: false, reason: "no Vulkan driver (no ICD json in /usr/share/vulkan/icd.d)" };
  return { ok: true };
}

/**
 * Dawn lists its adapters in the error for an adapter name that matches none: [{ backend, name }].
 * @param {(flags: string[]) => any} create
 * @param {string[]} flags
 * @returns {Promise<{ backend: string, name: string }[]>}
 */
async function listAdapters(create, flags) {
  try {
    const gpu = create([...flags, "adapter=\u0001attune-list"]);
    await gpu.requestAdapter({ featureLevel: "compatibility" });
    return [];
  } catch (err) {
    /** @type {{ backend: string, name: string }[]} */
    const out = [];
    for (const m of String(err && err.message).matchAll(/backend: '([^']*)', name: '([^']*)'/g))
      out.push({ backend: m[1], name: m[2] });
    return out;
  }
}

/**
 * A Dawn adapter's facts as the trial records them.
 * @param {any} adapter
 * @param {string} dawnBackend
 * @returns {AdapterInfo}
 */
function describeAdapter(adapter, dawnBackend) {
  const info = adapter.info || {};
  const device = info.device || info.description || "unknown";
  const description = info.description || "";
  const software = Boolean(info.isFallbackAdapter) || SOFTWARE.test(`${device} ${description}`);
  return {
    vendor: info.vendor || "",
    device,
    description,
    backend: dawnBackend,
    software,
  };
}

/** @param {AdapterInfo | undefined} a */
function formatAdapter(a) {
  if (!a) return "";
  const name = [a.vendor, a.device].filter(Boolean).join(" ");
  return `${name} (${a.backend}${a.software ? ", software" : ""})`;
}

/**
 * Finds a WebGPU adapter with Dawn: { adapter, info, gpu } or { reason }. Without `force` only a hardware adapter
 * counts. `slot` (the scheduler's GPU: { index, name, busId }) picks among several GPUs.
 * @param {Dawn} dawn
 * @param {{ env: Env, force?: boolean, slot?: Slot, vulkan?: Vulkan }} ctx
 * @returns {Promise<{ adapter: any, info: AdapterInfo, gpu: any, reason?: undefined } | NoAdapter>}
 */
async function findWebgpuAdapter(dawn, ctx) {
  const { env, force, slot } = ctx;
  const vk = ctx.vulkan || vulkanStatus(env);
  /** @type {{ backend: string, flags: string[], env: Record<string, string> }[]} */
  const routes = [];
  if (vk.ok) routes.push({ backend: "vulkan", flags: ["backend=vulkan"], env: vk.env || {} });
  // Dawn's OpenGL ES backend reaches only Mesa's software renderer in a headless container: worth trying when forced.
  if (force) routes.push({ backend: "opengles", flags: ["backend=opengles"], env: { EGL_PLATFORM: "surfaceless" } });
  const reasons = vk.ok ? [] : [vk.reason];
  for (const route of routes) {
    for (const [k, v] of Object.entries(route.env)) if (env[k] === undefined) env[k] = v;
    const flags = [...route.flags];
    let pick = "";
    if (slot && slot.name) {
      const all = await listAdapters(dawn.create, flags);
      const wanted = slot.name;
      const same = all.filter((a) => a.name.includes(wanted) || wanted.includes(a.name));
      if (same.length === 1) {
        flags.push(`adapter=${same[0].name}`);
        pick = "by name";
      } else if (same.length > 1)
        pick = slot.busId ? "by PCI bus (Mesa device-select layer)" : `first of ${same.length} identical`;
    }
    let adapter;
    try {
      const gpu = dawn.create(flags);
      /** @type {{ powerPreference: string, featureLevel?: string }} */
      const options = { powerPreference: "high-performance" };
      if (route.backend === "opengles") options.featureLevel = "compatibility";
      adapter = await gpu.requestAdapter(options);
      if (!adapter) {
        reasons.push(`Dawn found no ${route.backend} adapter`);
        continue;
      }
      const info = describeAdapter(adapter, route.backend);
      if (pick) info.pick = pick;
      if (info.software && !force) {
        reasons.push(`only a software adapter (${info.device}), slower than wasm; force it with --tfjs-backend webgpu`);
        continue;
      }
      return { adapter, info, gpu };
    } catch (err) {
      reasons.push(`${route.backend}: ${firstLine(err)}`);
    }
  }
  return { reason: reasons.join("; ") || "Dawn found no adapter" };
}

/** @param {any} err */
function firstLine(err) {
  return String((err && err.message) || err).split("\n")[0];
}

/**
 * Makes `navigator.gpu` Dawn's, answering requestAdapter with the adapter already chosen (TF.js asks again).
 * @param {Dawn} dawn
 * @param {any} gpu
 * @param {any} adapter
 */
function installNavigatorGpu(dawn, gpu, adapter) {
  const global = /** @type {Record<string, any>} */ (globalThis);
  for (const [k, v] of Object.entries(dawn.globals || {})) if (!(k in global)) global[k] = v;
  const wrapped = Object.create(gpu);
  wrapped.requestAdapter = () => Promise.resolve(adapter);
  if (typeof global.navigator === "object" && global.navigator)
    Object.defineProperty(global.navigator, "gpu", { value: wrapped, configurable: true });
  else Object.defineProperty(globalThis, "navigator", { value: { gpu: wrapped }, configurable: true, writable: true });
}

/**
 * nvidia-smi's "00000000:17:00.0" as DRI_PRIME spells it: "0000_17_00_0".
 * @param {unknown} busId
 */
function pciBus(busId) {
  const m = /([0-9a-f]+):([0-9a-f]{2}):([0-9a-f]{2})\.([0-9a-f])$/i.exec(String(busId || ""));
  return m ? [m[1].slice(-4).padStart(4, "0"), m[2], m[3], m[4]].join("_").toLowerCase() : undefined;
}

/**
 * The scheduler's GPU for this trial (ATTUNE_GPU: {"index","name","busId"}), if any.
 * @param {Env} env
 * @returns {Slot | undefined}
 */
function slotOf(env) {
  try {
    const s = env.ATTUNE_GPU ? JSON.parse(env.ATTUNE_GPU) : undefined;
    return s && typeof s === "object" ? s : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Picks and starts the backend. ctx: { resolve(pkg) → path | undefined, env, forced?, load?(path) }.
 * Resolves to { backend, adapter?, skipped: ["name: reason", …] }; rejects only when a forced backend cannot run.
 * @param {Tf} tf
 * @param {ChooseContext} ctx
 */
async function chooseBackend(tf, ctx) {
  const env = ctx.env || process.env;
  const load = ctx.load || require;
  const forced = normalizeBackend(ctx.forced);
  /** @type {string[]} */
  const skipped = [];
  /** @typedef {{ ok?: boolean, reason?: string, adapter?: AdapterInfo }} Attempt */
  /** @type {Record<string, () => Promise<Attempt>>} */
  const attempts = {
    "tensorflow-gpu": () => nativeTf("@tensorflow/tfjs-node-gpu"),
    tensorflow: () => nativeTf("@tensorflow/tfjs-node"),
    webgpu: webgpuBackend,
    wasm: async () => {
      const where = ctx.resolve("@tensorflow/tfjs-backend-wasm");
      // Attune's own TF.js bundle (runtime/attune-tfjs.cjs) has the wasm backend registered already.
      if (!where && !tf.findBackendFactory?.("wasm")) return { reason: "not installed" };
      if (where) load(where);
      require("./attune-wasm-conv.cjs").install(tf); // convolutions train on wasm too
      return { ok: await tf.setBackend("wasm") };
    },
    cpu: async () => ({ ok: await tf.setBackend("cpu") }),
  };
  /**
   * @param {string} pkg
   * @returns {Promise<Attempt>}
   */
  async function nativeTf(pkg) {
    const where = ctx.resolve(pkg);
    if (!where) return { reason: "not installed" };
    load(where); // registers the native "tensorflow" backend
    return { ok: await tf.setBackend("tensorflow") };
  }
  /** @returns {Promise<Attempt>} */
  async function webgpuBackend() {
    const missing = ["webgpu", "@tensorflow/tfjs-backend-webgpu"].filter((p) => !ctx.resolve(p));
    if (missing.length) return { reason: `not installed (npm i ${missing.join(" ")})` };
    const slot = slotOf(env);
    const bus = slot && pciBus(slot.busId);
    if (bus && process.platform === "linux") {
      // Several identical GPUs differ only by PCI bus; Mesa's Vulkan device-select layer (where installed) then
      // shows Dawn only the scheduler's one. Must be set before the Vulkan loader starts.
      if (env.DRI_PRIME === undefined) env.DRI_PRIME = `pci-${bus}`;
      if (env.MESA_VK_DEVICE_SELECT_FORCE_DEFAULT_DEVICE === undefined)
        env.MESA_VK_DEVICE_SELECT_FORCE_DEFAULT_DEVICE = "1";
    }
    // Both resolved: `missing` above was empty.
    const dawnPkg = /** @type {string} */ (ctx.resolve("webgpu"));
    const backendPkg = /** @type {string} */ (ctx.resolve("@tensorflow/tfjs-backend-webgpu"));
    const dawn = load(dawnPkg);
    const found = await findWebgpuAdapter(dawn, { env, force: forced === "webgpu", slot, vulkan: ctx.vulkan });
    if (!found.adapter) return { reason: found.reason };
    installNavigatorGpu(dawn, found.gpu, found.adapter);
    load(backendPkg);
    // TF.js's own matmul choice matches cpu on llvmpipe (a 784-256-128-10 MLP with adam, batch 128 and 512: equal
    // losses); forcing split-K (1) there gave losses 0.04 off. A user's WEBGPU_MATMUL_PROGRAM_TYPE is passed on.
    if (env.WEBGPU_MATMUL_PROGRAM_TYPE !== undefined) {
      try {
        tf.env().set("WEBGPU_MATMUL_PROGRAM_TYPE", Number(env.WEBGPU_MATMUL_PROGRAM_TYPE));
      } catch {
        // an older backend without this flag
      }
    }
    return { ok: await tf.setBackend("webgpu"), adapter: found.info };
  }

  for (const name of forced ? [forced] : ORDER) {
    let r;
    try {
      r = await attempts[name]();
    } catch (err) {
      r = { reason: `failed to load (${firstLine(err)})` };
    }
    if (r.ok) return { backend: name, ...(r.adapter ? { adapter: r.adapter } : {}), skipped };
    const reason = r.reason || `setBackend("${name}") failed`;
    if (forced) throw new Error(`the forced TensorFlow.js backend "${name}" cannot run here: ${reason}`);
    skipped.push(`${name}: ${reason}`);
  }
  throw new Error(`no TensorFlow.js backend could start (${skipped.join("; ")})`);
}

module.exports = {
  ORDER,
  NAMES,
  normalizeBackend,
  chooseBackend,
  vulkanStatus,
  findWebgpuAdapter,
  describeAdapter,
  formatAdapter,
  listAdapters,
  pciBus,
  canDlopen,
};
