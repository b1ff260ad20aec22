// Where a trial runs: a GPU slot with room for the memory the study's trials were measured to use, and one retry on
// an emptier GPU for a trial that ran out of GPU memory (docs/trials.md).
import type { Study } from "../core/study";
import type { Trial } from "../core/types";
import type { RunResult } from "./";
import { CUDA_OOM, type GpuAllocator, type GpuSlot } from "./gpus";
import type { Queued } from "./queue";

/** The GPU memory (MiB) to reserve for the next trial: its queued hint, or the study's measured peak. */
export function gpuReserve(gpus: GpuAllocator | undefined, next: Queued | undefined, trials: readonly Trial[]): number {
  return gpus?.size ? (next?.reserveMiB ?? gpus.reserveFor(peakGpuMemory(trials))) : 0;
}

/** The largest GPU memory a trial of this study was measured to use (MiB), if any. */
function peakGpuMemory(trials: readonly Trial[]): number | undefined {
  let peak: number | undefined;
  for (const t of trials) if (t.gpuMemoryMiB && !(t.gpuMemoryMiB <= (peak ?? 0))) peak = t.gpuMemoryMiB;
  return peak;
}

/**
 * A GPU for the trial (undefined: no allocator; "" hides every GPU: none has room and overflow is on). `idle`: no
 * trial runs, so a reservation larger than any GPU still gets an idle one (it may fit after all).
 */
export function placeOnGpu(
  gpus: GpuAllocator | undefined,
  number: number,
  reserve: number,
  avoid: string | undefined,
  idle: boolean,
): GpuSlot | "" | undefined {
  if (!gpus) return undefined;
  if (!gpus.size) return "";
  return gpus.acquire(number, reserve, avoid) ?? (idle ? gpus.acquire(number, Infinity) : "") ?? "";
}

/** What a trial's environment says about its GPU: PCI bus numbering (as nvidia-smi's), the slot for WebGPU. */
export function gpuEnv(slot: GpuSlot | "" | undefined): Record<string, string> {
  if (slot === undefined) return {};
  const env: Record<string, string> = { CUDA_DEVICE_ORDER: "PCI_BUS_ID", CUDA_VISIBLE_DEVICES: slot ? slot.index : "" };
  if (slot) env.ATTUNE_GPU = JSON.stringify({ index: slot.index, uuid: slot.uuid, name: slot.name, busId: slot.busId });
  return env;
}

/**
 * A trial that ran out of GPU memory (CUDA's own message in its output) is run again once, on an emptier GPU: one
 * it has to itself, another than the one it failed on where there is another. Records its failure with why, and
 * returns the retry to queue first and the notice; undefined when it is not such a failure (or already a retry).
 */
export function outOfMemoryRetry(
  study: Study,
  number: number,
  res: RunResult,
  slot: GpuSlot,
): { retry: Queued; message: string } | undefined {
  const text = `${res.error?.message ?? ""}\n${res.error?.tail ?? ""}`;
  const t = study.trial(number);
  if (!CUDA_OOM.test(text) || !t || t.attrs?.oomRetryOf !== undefined) return undefined;
  const reason = `ran out of GPU memory on GPU ${slot.index}; run again once on an emptier GPU`;
  study.tell(number, {
    state: "failed",
    error: {
      ...(res.error ?? { message: "failed" }),
      message: `${res.error?.message ?? "failed"} (${reason})`,
      retriable: true,
    },
  });
  const retry: Queued = {
    params: t.params,
    ...(t.budget !== undefined ? { budget: t.budget } : {}),
    attrs: { retryOf: number, oomRetryOf: number, retryReason: `out of GPU memory on GPU ${slot.index}` },
    reserveMiB: Infinity,
    avoidGpu: slot.index,
  };
  return { retry, message: `trial #${number} ${reason}` };
}
