// Measures each running trial's peak GPU memory by polling nvidia-smi's per-process list: a process counts for the
// trial whose process group it belongs to (every trial leads its own group, so data-loader workers and other
// children count too). Where nvidia-smi's pids are not visible here (a container's own pid namespace), a GPU that
// runs exactly one of our trials is charged with its memory use above what it was when Attune started.
import { readFileSync } from "node:fs";
import { query } from "./gpus";

export interface TrackedTrial {
  trial: number;
  /** The trial's process (its process group leader). */
  pid: number;
  gpuUuid: string;
  /** nvidia-smi's memory.used of that GPU before any trial of ours ran on it. */
  baselineMiB: number;
}

/** nvidia-smi --query-compute-apps=pid,used_memory,gpu_uuid → [{ pid, usedMiB, uuid }]. */
export function parseComputeApps(csv: string): { pid: number; usedMiB: number; uuid: string }[] {
  const out: { pid: number; usedMiB: number; uuid: string }[] = [];
  for (const line of csv.split("\n")) {
    const [pid, used, uuid] = line.split(",").map((s) => s.trim());
    if (!/^\d+$/.test(pid ?? "") || !uuid) continue;
    out.push({ pid: Number(pid), usedMiB: Number(used) || 0, uuid });
  }
  return out;
}

/** The process group of a pid (Linux /proc), or undefined when it is not visible here. */
export function processGroup(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // "pid (comm) state ppid pgrp …": comm may hold spaces and parentheses, so read after the last ")".
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const pgrp = Number(f[2]);
    return Number.isInteger(pgrp) ? pgrp : undefined;
  } catch {
    return undefined;
  }
}

/** One poll's memory per trial, from nvidia-smi's apps and GPU lists (pure, for tests). */
export function attribute(
  tracked: readonly TrackedTrial[],
  apps: { pid: number; usedMiB: number; uuid: string }[],
  gpuUsed: Map<string, number>,
  groupOf: (pid: number) => number | undefined = processGroup,
): Map<number, number> {
  const byLeader = new Map(tracked.map((t) => [t.pid, t] as const));
  const out = new Map<number, number>();
  for (const a of apps) {
    const t = byLeader.get(a.pid) ?? byLeader.get(groupOf(a.pid) ?? -1);
    if (!t) continue;
    out.set(t.trial, (out.get(t.trial) ?? 0) + a.usedMiB);
  }
  // Pids from another namespace (none of nvidia-smi's pids exists here): a GPU with exactly one of our trials is
  // charged with its growth. Where pids are visible, a trial without any simply has none yet.
  if (apps.some((a) => groupOf(a.pid) !== undefined)) return out;
  for (const t of tracked) {
    const mates = tracked.filter((o) => o.gpuUuid === t.gpuUuid);
    const used = gpuUsed.get(t.gpuUuid);
    if (mates.length === 1 && used !== undefined && used > t.baselineMiB) out.set(t.trial, used - t.baselineMiB);
  }
  return out;
}

/** Polls nvidia-smi while trials run on GPUs and keeps each trial's peak. */
export class GpuMemoryMonitor {
  private readonly tracked = new Map<number, TrackedTrial>();
  private readonly peaks = new Map<number, number>();
  private timer: NodeJS.Timeout | undefined;
  private polling = false;

  constructor(
    private readonly nvidiaSmi = "nvidia-smi",
    private readonly intervalMs = 1000,
  ) {}

  track(t: TrackedTrial): void {
    this.tracked.set(t.trial, t);
    if (!this.timer) this.timer = setInterval(() => void this.poll(), this.intervalMs);
  }

  /** Stops tracking a trial; returns its peak in MiB (undefined when none was seen). */
  untrack(trial: number): number | undefined {
    this.tracked.delete(trial);
    const peak = this.peaks.get(trial);
    this.peaks.delete(trial);
    if (!this.tracked.size && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
    return peak;
  }

  peak(trial: number): number | undefined {
    return this.peaks.get(trial);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One measurement now (also what the timer runs). */
  async poll(): Promise<void> {
    if (this.polling || !this.tracked.size) return;
    this.polling = true;
    try {
      const [apps, gpus] = await Promise.all([
        query(this.nvidiaSmi, ["--query-compute-apps=pid,used_memory,gpu_uuid", "--format=csv,noheader,nounits"]),
        query(this.nvidiaSmi, ["--query-gpu=uuid,memory.used", "--format=csv,noheader,nounits"]),
      ]);
      const used = new Map<string, number>();
      for (const line of (gpus ?? "").split("\n")) {
        const [uuid, mem] = line.split(",").map((s) => s.trim());
        if (uuid && /^\d+$/.test(mem ?? "")) used.set(uuid, Number(mem));
      }
      const now = attribute([...this.tracked.values()], parseComputeApps(apps ?? ""), used);
      for (const [trial, mib] of now)
        if (this.tracked.has(trial)) this.peaks.set(trial, Math.max(this.peaks.get(trial) ?? 0, mib));
    } finally {
      this.polling = false;
    }
  }
}
