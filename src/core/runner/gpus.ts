// GPU scheduling: find the machine's NVIDIA GPUs (nvidia-smi), skip the ones other processes are using, and hand
// each trial its own CUDA_VISIBLE_DEVICES — several trials per GPU when configured, "" (no GPU) when none is free.
import { execFile } from "node:child_process";

export interface Gpu {
  index: string;
  uuid: string;
  name: string;
  memoryUsedMiB: number;
  memoryTotalMiB: number;
  /** PIDs of compute processes on it that are not ours. */
  foreignPids: number[];
}

export interface GpuOptions {
  /** Trials that may share one GPU at once (default 1). */
  trialsPerGpu?: number;
  /** Use GPUs that other processes are computing on (default: skip them). */
  useBusy?: boolean;
  /** Only these indices (or UUIDs). */
  only?: string[];
}

/** What nvidia-smi reports; [] when there is no nvidia-smi or it finds no GPU. Never throws. */
export async function detectGpus(
  nvidiaSmi = "nvidia-smi",
  ownPids: ReadonlySet<number> = new Set([process.pid]),
): Promise<Gpu[]> {
  const gpus = await query(nvidiaSmi, [
    "--query-gpu=index,uuid,name,memory.used,memory.total",
    "--format=csv,noheader,nounits",
  ]);
  if (!gpus) return [];
  const apps = (await query(nvidiaSmi, ["--query-compute-apps=gpu_uuid,pid", "--format=csv,noheader,nounits"])) ?? "";
  return parseGpus(gpus, apps, ownPids);
}

/** Pure parsing of nvidia-smi's CSV output (unit-tested without a GPU). */
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
    });
  }
  return out;
}

function query(cmd: string, args: string[]): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile(cmd, args, { timeout: 10_000, windowsHide: true }, (err, stdout) => resolve(err ? undefined : stdout));
  });
}

/** Hands out GPU slots: acquire() → a CUDA_VISIBLE_DEVICES value; release() gives it back. */
export class GpuAllocator {
  private readonly slots = new Map<string, number>();
  private readonly perGpu: number;
  private readonly messages: string[] = [];

  constructor(gpus: Gpu[], opts: GpuOptions = {}, visibleDevices = process.env.CUDA_VISIBLE_DEVICES) {
    this.perGpu = Math.max(1, opts.trialsPerGpu ?? 1);
    // A CUDA_VISIBLE_DEVICES the user already set narrows the choice, like it would for their own script.
    const only =
      opts.only ??
      (visibleDevices !== undefined && visibleDevices.trim() !== ""
        ? visibleDevices.split(",").map((s) => s.trim())
        : undefined);
    for (const w of only ?? []) {
      if (!gpus.some((g) => g.index === w || g.uuid === w))
        this.messages.push(
          `GPU ${w} was asked for but nvidia-smi does not list it; GPUs found: ${gpus.map((g) => g.index).join(", ") || "none"}`,
        );
    }
    for (const g of gpus) {
      if (only && !only.includes(g.index) && !only.includes(g.uuid)) continue;
      if (g.foreignPids.length && !opts.useBusy) {
        this.messages.push(
          `GPU ${g.index} (${g.name}) is busy with other processes (pid ${g.foreignPids.join(", ")}); skipped — pass --use-busy-gpus to share it`,
        );
        continue;
      }
      this.slots.set(g.index, 0);
    }
    if (gpus.length)
      this.messages.push(
        this.slots.size
          ? `using GPU ${[...this.slots.keys()].join(", ")} (${this.perGpu} trial${this.perGpu > 1 ? "s" : ""} per GPU)`
          : "no free GPU: trials run without one",
      );
  }

  notes(): string[] {
    return [...this.messages];
  }

  get capacity(): number {
    return this.slots.size * this.perGpu;
  }

  /** The least-loaded GPU with a free slot, or "" (hide all GPUs) when every slot is taken. */
  acquire(): string {
    let pick: string | undefined;
    for (const [idx, used] of this.slots)
      if (used < this.perGpu && (pick === undefined || used < this.slots.get(pick)!)) pick = idx;
    if (pick === undefined) return "";
    this.slots.set(pick, this.slots.get(pick)! + 1);
    return pick;
  }

  release(device: string): void {
    const used = this.slots.get(device);
    if (used) this.slots.set(device, used - 1);
  }
}
