// The TF.js preload's `@tune-meta {"inherited": …}` line (docs/trials.md): whether a child whose network grew from its
// parent's (ATTUNE_INHERIT_FROM, or a PBT child resuming a smaller parent's checkpoint) started from the parent's
// weights, through which morphs, or why not.

export interface InheritMeta {
  inherited: boolean;
  /** The transforms applied to the parent's model, e.g. "widen dense_1 to 64", "deepen after conv2d_1". */
  morphs?: string[];
  /** Why the weights could not be carried over (one sentence). */
  reason?: string;
}

/** The inheritance facts in a meta object, or undefined when it has none. */
export function inheritMeta(meta: Record<string, unknown>): InheritMeta | undefined {
  if (typeof meta.inherited !== "boolean") return undefined;
  const out: InheritMeta = { inherited: meta.inherited };
  if (Array.isArray(meta.morphs)) {
    const morphs = meta.morphs.filter((s): s is string => typeof s === "string").map((s) => s.slice(0, 100));
    if (morphs.length) out.morphs = morphs.slice(0, 16);
  }
  if (typeof meta.reason === "string" && meta.reason) out.reason = meta.reason.slice(0, 300);
  return out;
}
