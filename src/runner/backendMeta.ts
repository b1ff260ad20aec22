// The TF.js preload's `@tune-meta {"backend", "adapter", "skipped"}` line as the study records it (docs/trials.md):
// which backend ran, on which WebGPU adapter, and why each faster backend was passed over.

export interface BackendMeta {
  backend: string;
  /** "vendor device (dawn backend[, software])", for webgpu trials. */
  adapter?: string;
  /** "name: reason" for every faster backend that was not used. */
  skipped?: string[];
}

/** The backend facts in a meta object, or undefined when it names no backend. */
export function backendMeta(meta: Record<string, unknown>): BackendMeta | undefined {
  if (typeof meta.backend !== "string" || !meta.backend) return undefined;
  const out: BackendMeta = { backend: meta.backend };
  const adapter = formatAdapter(meta.adapter);
  if (adapter) out.adapter = adapter;
  if (Array.isArray(meta.skipped)) {
    const skipped = meta.skipped.filter((s): s is string => typeof s === "string").map((s) => s.slice(0, 300));
    if (skipped.length) out.skipped = skipped;
  }
  return out;
}

function formatAdapter(a: unknown): string | undefined {
  if (!a || typeof a !== "object") return undefined;
  const o = a as Record<string, unknown>;
  const str = (k: string) => (typeof o[k] === "string" ? (o[k] as string).trim() : "");
  const name = [str("vendor"), str("device") || str("description")].filter(Boolean).join(" ") || "unknown adapter";
  const how = [str("backend"), o.software === true ? "software" : "", str("pick")].filter(Boolean).join(", ");
  return `${name}${how ? ` (${how})` : ""}`.slice(0, 200);
}

/** The names `--tfjs-backend` takes (the preload, attune-backends.cjs, accepts the same and their aliases). */
export const TFJS_BACKENDS = ["auto", "tfjs-node-gpu", "webgpu", "tfjs-node", "wasm", "cpu"] as const;
const ALIASES: Record<string, string> = { "tensorflow-gpu": "tfjs-node-gpu", tensorflow: "tfjs-node" };

/** The canonical name, or undefined for auto; throws a one-sentence error for an unknown name. */
export function normalizeTfjsBackend(name: string): string | undefined {
  const n = name.trim().toLowerCase();
  const c = ALIASES[n] ?? n;
  if (!(TFJS_BACKENDS as readonly string[]).includes(c))
    throw new Error(`"${name}" is not a TensorFlow.js backend; choose one of: ${TFJS_BACKENDS.join(", ")}`);
  return c === "auto" ? undefined : c;
}
