// GPU scheduling: find the machine's NVIDIA GPUs (nvidia-smi), skip the ones other processes are using, and hand
// each trial a GPU of its own (CUDA_VISIBLE_DEVICES, numbered in PCI bus order like nvidia-smi). Trials share a GPU
// either a fixed number at a time (--trials-per-gpu N) or, by default, as many as fit by the GPU memory that earlier
// trials of the study were measured to need (plus headroom). When no GPU has room the trial waits; it runs on the
// CPU instead only when asked to (--cpu-overflow).
import { execFile } from "node:child_process";

export interface Gpu {
  index: string;
  uuid: string;
  name: string;
  memoryUsedMiB: number;
  memoryTotalMiB: number;
  /** PIDs of compute processes on it that are not ours. */
  foreignPids: number[];
  /** "00000000:17:00.0", when nvidia-smi reports it. */
  busId?: string;
}

export interface GpuOptions {
  /** Trials that may share one GPU at once; undefined: pack by measured memory. */
  trialsPerGpu?: number;
  /** Use GPUs that other processes are computing on (default: skip them). */
  useBusy?: boolean;
  /** Only these indices (or UUIDs). */
  only?: string[];
  /** Memory packing: the fraction added to the largest measured peak (default 0.2). */
  headroom?: number;
  /** Memory packing: at most this many trials on one GPU (default 8). */
  maxPerGpu?: number;
}

/** What a trial is given: its GPU (for CUDA_VISIBLE_DEVICES and the WebGPU adapter choice). */
export interface GpuSlot {
  index: string;
  uuid: string;
  name: string;
  busId?: string;
}

const GPU_QUERY = "--query-gpu=index,uuid,name,memory.used,memory.total,pci.bus_id";

/** What nvidia-smi reports; [] when there is no nvidia-smi or it finds no GPU. Never throws. */
export async function detectGpus(
  nvidiaSmi = "nvidia-smi",
  ownPids: ReadonlySet<number> = new Set([process.pid]),
): Promise<Gpu[]> {
  const gpus = await query(nvidiaSmi, [GPU_QUERY, "--format=csv,noheader,nounits"]);
  if (!gpus) return [];
  const apps = (await query(nvidiaSmi, ["--query-compute-apps=gpu_uuid,pid", "--format=csv,noheader,nounits"])) ?? "";
  return parseGpus(gpus, apps, ownPids);
}

/** Pure parsing of nvidia-smi's CSV output (unit-tested in gpus.test.ts, with and without a fake nvidia-smi). */
export function parseGpus(gpuCsv: string, appsCsv: string, ownPids: ReadonlySet<number> = new Set()): Gpu[] {
  const pidsByUuid = new Map<string, number[]>();
  for (const line of appsCsv.split("\n")) {
    const [uuid, pid] = line.split(",").map((s) => s.trim());
    if (!uuid || !/^\d+$/.test(pid ?? "") || ownPids.has(Number(pid))) continue;
    pidsByUuid.set(uuid, [...(pidsByUuid.get(uuid) ?? []), Number(pid)]);
  }
  const out: Gpu[] = [];
  for (const line of gpuCsv.split("\n")) {
    const f = line.split(",").map((s) => s.trim());
    if (f.length < 5 || !/^\d+$/.test(f[0])) continue;
    out.push({
      index: f[0],
      uuid: f[1],
      name: f[2],
      memoryUsedMiB: Number(f[3]) || 0,
      memoryTotalMiB: Number(f[4]) || 0,
      foreignPids: pidsByUuid.get(f[1]) ?? [],
      ...(f[5] && /:/.test(f[5]) ? { busId: f[5] } : {}),
    });
  }
  return out;
}

export function query(cmd: string, args: string[]): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile(cmd, args, { timeout: 10_000, windowsHide: true }, (err, stdout) => resolve(err ? undefined : stdout));
  });
}

interface Held {
  gpu: Gpu;
  /** Running trials here and the memory reserved for each (Infinity: the GPU to itself). */
  trials: Map<number, number>;
}

/** Hands out GPU slots: acquire() → a GPU for a trial, or undefined when none has room; release() gives it back. */
export class GpuAllocator {
  private readonly held = new Map<string, Held>();
  private readonly perGpu: number | undefined;
  private readonly headroom: number;
  private readonly maxPerGpu: number;
  private readonly messages: string[] = [];

  constructor(gpus: Gpu[], opts: GpuOptions = {}, visibleDevices = process.env.CUDA_VISIBLE_DEVICES) {
    this.perGpu = opts.trialsPerGpu === undefined ? undefined : Math.max(1, opts.trialsPerGpu);
    this.headroom = opts.headroom ?? 0.2;
    this.maxPerGpu = opts.maxPerGpu ?? 8;
    // A CUDA_VISIBLE_DEVICES the user already set narrows the choice, like it would for their own script.
    const only =
      opts.only ??
      (visibleDevices !== undefined && visibleDevices.trim() !== ""
        ? visibleDevices.split(",").map((s) => s.trim())
        : undefined);
    for (const w of only ?? []) {
      if (!gpus.some((g) => g.index === w || g.uuid === w))
        this.messages.push(
          `GPU ${w} was asked for but nvidia-smi does not list it; ` +
            `GPUs found: ${gpus.map((g) => g.index).join(", ") || "none"}`,
        );
    }
    for (const g of gpus) {
      if (only && !only.includes(g.index) && !only.includes(g.uuid)) continue;
      if (g.foreignPids.length && !opts.useBusy) {
        this.messages.push(
          `GPU ${g.index} (${g.name}) is busy with other processes (pid ${g.foreignPids.join(", ")}); ` +
            "skipped — pass --use-busy-gpus to share it",
        );
        continue;
      }
      this.held.set(g.index, { gpu: g, trials: new Map() });
    }
    const sharing =
      this.perGpu === undefined
        ? "trials share a GPU by the memory earlier trials were measured to use"
        : `${this.perGpu} trial${this.perGpu > 1 ? "s" : ""} per GPU`;
    if (gpus.length)
      this.messages.push(
        this.held.size
          ? `using GPU ${[...this.held.keys()].join(", ")} (${sharing})`
          : "no free GPU: trials run without one",
      );
  }

  notes(): string[] {
    return [...this.messages];
  }

  /** GPUs in use by this allocator (0: trials run without a GPU). */
  get size(): number {
    return this.held.size;
  }

  /** Fixed sharing: the most trials at once on GPUs; memory packing: at least one per GPU. */
  get capacity(): number {
    return this.held.size * (this.perGpu ?? 1);
  }

  get packsByMemory(): boolean {
    return this.perGpu === undefined;
  }

  /** The memory to reserve for a trial whose study's largest measured peak is `peakMiB` (undefined: none yet). */
  reserveFor(peakMiB: number | undefined): number {
    return peakMiB === undefined || !(peakMiB > 0) ? Infinity : Math.ceil(peakMiB * (1 + this.headroom));
  }

  /**
   * A GPU with room for one more trial, or undefined. Fixed sharing: the least-loaded GPU under its limit. Memory
   * packing: the GPU with the most memory left after its reservations, if `reserveMiB` fits there (Infinity: only an
   * idle GPU). `avoid` (the GPU a trial ran out of memory on) is used only when it is the only GPU.
   */
  acquire(trial: number, reserveMiB = Infinity, avoid?: string): GpuSlot | undefined {
    const pick = this.pick(reserveMiB, this.held.size > 1 ? avoid : undefined);
    if (!pick) return undefined;
    pick.trials.set(trial, reserveMiB);
    const g = pick.gpu;
    return { index: g.index, uuid: g.uuid, name: g.name, ...(g.busId ? { busId: g.busId } : {}) };
  }

  /** Would acquire() find a GPU now? */
  hasRoom(reserveMiB = Infinity, avoid?: string): boolean {
    return this.pick(reserveMiB, this.held.size > 1 ? avoid : undefined) !== undefined;
  }

  release(index: string, trial: number): void {
    this.held.get(index)?.trials.delete(trial);
  }

  /** nvidia-smi's memory.used of a GPU when Attune started (other processes' use). */
  memoryUsedAtStart(index: string): number {
    return this.held.get(index)?.gpu.memoryUsedMiB ?? 0;
  }

  /** Memory not used by other processes and not reserved for our trials. */
  freeMiB(index: string): number {
    const h = this.held.get(index);
    if (!h) return 0;
    let reserved = 0;
    for (const r of h.trials.values()) reserved += r;
    return h.gpu.memoryTotalMiB - h.gpu.memoryUsedMiB - reserved;
  }

  private pick(reserveMiB: number, avoid?: string): Held | undefined {
    let best: Held | undefined;
    let bestScore = -Infinity;
    for (const [idx, h] of this.held) {
      if (idx === avoid) continue;
      const n = h.trials.size;
      let score: number;
      if (this.perGpu !== undefined) {
        if (n >= this.perGpu) continue;
        score = -n;
      } else {
        if (n >= this.maxPerGpu) continue;
        if ([...h.trials.values()].some((r) => r === Infinity)) continue; // a trial that has it to itself
        const free = this.freeMiB(idx);
        if (reserveMiB === Infinity ? n > 0 : free < reserveMiB) continue;
        score = free;
      }
      if (score > bestScore) {
        best = h;
        bestScore = score;
      }
    }
    return best;
  }
}

/** Output of a CUDA (PyTorch, TensorFlow, JAX) out-of-memory failure. */
export const CUDA_OOM =
  /CUDA out of memory|CUDA error: out of memory|OutOfMemoryError|CUBLAS_STATUS_ALLOC_FAILED|RESOURCE_EXHAUSTED: OOM|Failed to allocate [\d.]+ ?[KMG]i?B/i;
