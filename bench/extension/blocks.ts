// Event-loop blocks in a V8 CPU profile (the DevTools protocol's Profiler.stop result, or a .cpuprofile), each
// attributed to the functions and modules whose samples it holds. A block is a run of consecutive samples with
// JavaScript (or the garbage collector) on the stack; samples where the thread waits — "(idle)", or "(program)",
// which is how V8 labels a thread outside JavaScript (the event loop's poll) — end it. Its length is the time from
// its first sample to the first sample after it.

export interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}
export interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  parent?: number;
  children?: number[];
}
export interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface Block {
  /** Milliseconds since the profile started. */
  startMs: number;
  durationMs: number;
  /** Self time by owner (Attune, VS Code, node, gc, another extension), largest first, in ms. */
  owners: [string, number][];
  /** Self time by function (name (url:line)), largest first, top ones. */
  functions: [string, number][];
  /** The heaviest stack's bottom-up path of owner-named frames, for context. */
  topStack: string[];
}

/** Who a frame belongs to, from its script URL. */
export type OwnerOf = (frame: CallFrame) => string;

export function defaultOwner(extensionDirPart: string): OwnerOf {
  return (f) => {
    const url = f.url;
    if (f.functionName === "(garbage collector)") return "V8 garbage collector";
    if (!url) return f.functionName.startsWith("(") ? `V8 ${f.functionName}` : "native / V8 builtins";
    if (url.includes(extensionDirPart)) return "Attune";
    if (url.startsWith("node:") || !url.includes("/")) return "Node.js internals";
    if (/\/extensions\//.test(url)) return `extension ${url.split("/extensions/")[1].split("/")[0]}`;
    if (/\/lib\/vscode\/|\/out\/vs\//.test(url)) return "VS Code (extension host)";
    return url;
  };
}

const IDLE = new Set(["(idle)", "(program)"]);

export function findBlocks(p: CpuProfile, owner: OwnerOf, minMs = 50, topN = 6): Block[] {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const times: number[] = [];
  let t = p.startTime;
  for (const d of p.timeDeltas) times.push((t += d));
  const busy = (i: number) => !IDLE.has(byId.get(p.samples[i])!.callFrame.functionName);
  const blocks: Block[] = [];
  let i = 0;
  while (i < p.samples.length) {
    if (!busy(i)) {
      i++;
      continue;
    }
    const from = i;
    while (i < p.samples.length && busy(i)) i++;
    const end = i < times.length ? times[i] : p.endTime;
    const durationMs = (end - times[from]) / 1000;
    if (durationMs < minMs) continue;
    const owners = new Map<string, number>();
    const fns = new Map<string, number>();
    const stacks = new Map<string, number>();
    for (let k = from; k < i; k++) {
      const ms = ((k + 1 < times.length ? times[k + 1] : p.endTime) - times[k]) / 1000;
      const node = byId.get(p.samples[k])!;
      const f = node.callFrame;
      const o = owner(f);
      owners.set(o, (owners.get(o) ?? 0) + ms);
      const name = `${f.functionName || "(anonymous)"} (${short(f.url)}:${f.lineNumber + 1}) [${o}]`;
      fns.set(name, (fns.get(name) ?? 0) + ms);
      const path: string[] = [];
      for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
        const cf = byId.get(id)!.callFrame;
        if (cf.functionName !== "(root)") path.push(`${cf.functionName || "(anonymous)"} [${owner(cf)}]`);
      }
      const key = path.slice(0, 8).join(" ← ");
      stacks.set(key, (stacks.get(key) ?? 0) + ms);
    }
    const sorted = <K>(m: Map<K, number>) => [...m].sort((a, b) => b[1] - a[1]);
    blocks.push({
      startMs: (times[from] - p.startTime) / 1000,
      durationMs,
      owners: sorted(owners),
      functions: sorted(fns).slice(0, topN),
      topStack: (sorted(stacks)[0]?.[0] ?? "").split(" ← "),
    });
  }
  return blocks;
}

/** Self time per owner over the whole profile (busy samples only), in ms. */
export function ownerTotals(p: CpuProfile, owner: OwnerOf): [string, number][] {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const totals = new Map<string, number>();
  for (let k = 0; k < p.samples.length; k++) {
    const f = byId.get(p.samples[k])!.callFrame;
    if (IDLE.has(f.functionName)) continue;
    const o = owner(f);
    totals.set(o, (totals.get(o) ?? 0) + (p.timeDeltas[k + 1] ?? 0) / 1000);
  }
  return [...totals].sort((a, b) => b[1] - a[1]);
}

function short(url: string): string {
  const parts = url.split("/");
  return parts.slice(-2).join("/");
}
