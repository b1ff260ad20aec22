// GPU scheduling without a GPU: nvidia-smi's CSV (parsed, and from a fake nvidia-smi on PATH), the slot allocator
// (fixed sharing and packing by measured memory), and how a trial's GPU memory is attributed to it.
import { strict as assert } from "node:assert";
import { rmSync } from "node:fs";
import { GpuAllocator, CUDA_OOM, detectGpus, parseGpus, type Gpu } from "../../src/runner/gpus";
import { attribute, parseComputeApps, processGroup } from "../../src/runner/gpuMemory";
import { fakeNvidiaSmi } from "./fake-nvidia-smi";

const gpu = (index: string, total = 16000, used = 0, foreignPids: number[] = []): Gpu => ({
  index,
  uuid: `GPU-${index}`,
  name: "NVIDIA A100",
  memoryUsedMiB: used,
  memoryTotalMiB: total,
  foreignPids,
});

describe("nvidia-smi output", () => {
  it("parses GPUs with their PCI bus, leaving out our own processes and blank or malformed lines", () => {
    const gpus = parseGpus(
      "0, GPU-aaa, NVIDIA A100-SXM4-40GB, 1024, 40960, 00000000:17:00.0\n" +
        "1, GPU-bbb, NVIDIA RTX A4000, 0, 16376, 00000000:65:00.0\n\nnot a gpu line\n",
      "GPU-aaa, 4242\nGPU-aaa, 77\nGPU-bbb, [N/A]\n",
      new Set([77]),
    );
    assert.deepEqual(gpus, [
      {
        index: "0",
        uuid: "GPU-aaa",
        name: "NVIDIA A100-SXM4-40GB",
        memoryUsedMiB: 1024,
        memoryTotalMiB: 40960,
        foreignPids: [4242],
        busId: "00000000:17:00.0",
      },
      {
        index: "1",
        uuid: "GPU-bbb",
        name: "NVIDIA RTX A4000",
        memoryUsedMiB: 0,
        memoryTotalMiB: 16376,
        foreignPids: [],
        busId: "00000000:65:00.0",
      },
    ]);
  });

  it("asks the nvidia-smi on PATH, and finds nothing (without throwing) when there is none", async () => {
    const fake = fakeNvidiaSmi([
      { index: "0", uuid: "GPU-x", name: "Fake GPU", totalMiB: 8000, busId: "0000:01:00.0" },
    ]);
    const path = process.env.PATH;
    try {
      process.env.PATH = fake.env.PATH;
      process.env.FAKE_GPU_DIR = fake.dir;
      const found = await detectGpus();
      assert.equal(found.length, 1);
      assert.equal(found[0].name, "Fake GPU");
      assert.equal(found[0].busId, "0000:01:00.0");
      assert.deepEqual(await detectGpus("/nonexistent/nvidia-smi"), []);
    } finally {
      process.env.PATH = path;
      delete process.env.FAKE_GPU_DIR;
      rmSync(fake.dir, { recursive: true, force: true });
    }
  });

  it("parses the per-process memory list and finds a pid's process group", () => {
    assert.deepEqual(parseComputeApps("123, 2048, GPU-a\nbad line\n456, [N/A], GPU-b\n"), [
      { pid: 123, usedMiB: 2048, uuid: "GPU-a" },
      { pid: 456, usedMiB: 0, uuid: "GPU-b" },
    ]);
    assert.equal(typeof processGroup(process.pid), "number");
    assert.equal(processGroup(2 ** 30), undefined);
  });

  it("recognises CUDA out-of-memory failures from PyTorch, TensorFlow and cuBLAS", () => {
    for (const text of [
      "torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB",
      "RuntimeError: CUDA error: out of memory",
      "CUBLAS_STATUS_ALLOC_FAILED when calling cublasCreate(handle)",
      "ResourceExhaustedError: OOM when allocating tensor (RESOURCE_EXHAUSTED: OOM)",
    ])
      assert.match(text, CUDA_OOM);
    assert.doesNotMatch("ValueError: out of range", CUDA_OOM);
  });
});

describe("GPU slots", () => {
  it("fixed sharing: the least-loaded GPU under its limit, then none until one is released", () => {
    const a = new GpuAllocator([gpu("0"), gpu("1")], { trialsPerGpu: 2 }, undefined);
    assert.equal(a.capacity, 4);
    const got = [1, 2, 3, 4].map((n) => a.acquire(n)?.index);
    assert.deepEqual([...got].sort(), ["0", "0", "1", "1"]);
    assert.equal(got[0] === got[1], false, "spread before sharing");
    assert.equal(a.acquire(5), undefined);
    assert.equal(a.hasRoom(), false);
    a.release("1", 2);
    assert.equal(a.acquire(6)?.index, "1");
  });

  it("skips busy GPUs and GPUs outside CUDA_VISIBLE_DEVICES or --gpus, saying so", () => {
    const a = new GpuAllocator([gpu("0", 16000, 500, [999]), gpu("1"), gpu("2")], { trialsPerGpu: 1 }, "1,7");
    assert.equal(a.size, 1);
    assert.equal(a.acquire(0)?.index, "1");
    assert.ok(a.notes().some((n) => /GPU 7 was asked for but nvidia-smi does not list it/.test(n)));
    const b = new GpuAllocator([gpu("0", 16000, 500, [999]), gpu("1")], { only: ["0", "1"] }, undefined);
    assert.ok(b.notes().some((n) => /GPU 0 .* busy with other processes \(pid 999\); skipped/.test(n)));
  });

  it("packing: a GPU to itself until a peak is measured, then as many as fit with headroom", () => {
    const a = new GpuAllocator([gpu("0", 10000, 1000), gpu("1", 16000)], {}, undefined);
    assert.ok(a.packsByMemory);
    const first = a.acquire(0, a.reserveFor(undefined));
    assert.equal(first?.index, "1", "the GPU with the most free memory");
    assert.equal(a.acquire(1, Infinity)?.index, "0");
    assert.equal(a.hasRoom(Infinity), false, "no idle GPU left");
    a.release("1", 0);
    a.release("0", 1);
    // Trial 0 peaked at 2500 MiB: reserve 3000 (20% headroom) each. GPU 1 takes 5 (15000 ≤ 16000), GPU 0 takes 3
    // (its other programs hold 1000 of 10000).
    const reserve = a.reserveFor(2500);
    assert.equal(reserve, 3000);
    const placed: string[] = [];
    for (let n = 2; ; n++) {
      const s = a.acquire(n, reserve);
      if (!s) break;
      placed.push(s.index);
    }
    assert.equal(placed.filter((i) => i === "1").length, 5);
    assert.equal(placed.filter((i) => i === "0").length, 3);
    assert.equal(a.freeMiB("0"), 10000 - 1000 - 9000);
  });

  it("packing: at most maxPerGpu trials share a GPU; a GPU to avoid is used only when it is the only one", () => {
    const a = new GpuAllocator([gpu("0", 80000), gpu("1", 80000)], { maxPerGpu: 2 }, undefined);
    assert.equal(a.acquire(0, 100, "0")?.index, "1");
    assert.equal(a.acquire(1, 100, "0")?.index, "1");
    assert.equal(a.hasRoom(100, "0"), false, "GPU 1 is full: wait for it rather than go back to GPU 0");
    assert.equal(a.acquire(2, 100, "0"), undefined);
    assert.equal(a.acquire(3, 100)?.index, "0");
    assert.equal(a.acquire(4, 100)?.index, "0");
    assert.equal(a.acquire(5, 100), undefined);
    const one = new GpuAllocator([gpu("0")], {}, undefined);
    assert.equal(one.acquire(0, Infinity, "0")?.index, "0");
  });
});

describe("GPU memory per trial", () => {
  const tracked = [
    { trial: 0, pid: 100, gpuUuid: "GPU-a", baselineMiB: 500 },
    { trial: 1, pid: 200, gpuUuid: "GPU-a", baselineMiB: 500 },
    { trial: 2, pid: 300, gpuUuid: "GPU-b", baselineMiB: 0 },
  ];
  const groups: Record<number, number> = { 100: 100, 101: 100, 102: 100, 200: 200, 300: 300, 999: 999 };

  it("sums the processes of each trial's process group (data-loader workers count), ignoring others", () => {
    const apps = [
      { pid: 101, usedMiB: 1500, uuid: "GPU-a" },
      { pid: 102, usedMiB: 300, uuid: "GPU-a" },
      { pid: 200, usedMiB: 700, uuid: "GPU-a" },
      { pid: 999, usedMiB: 5000, uuid: "GPU-a" },
    ];
    const m = attribute(tracked, apps, new Map(), (p) => groups[p]);
    assert.deepEqual([...m.entries()].sort(), [
      [0, 1800],
      [1, 700],
    ]);
  });

  it("without visible pids (another pid namespace), charges a GPU's growth to its only trial", () => {
    const apps = [{ pid: 555_555, usedMiB: 4000, uuid: "GPU-b" }];
    const used = new Map([
      ["GPU-a", 3000],
      ["GPU-b", 4100],
    ]);
    const m = attribute(tracked, apps, used, () => undefined);
    assert.deepEqual([...m.entries()], [[2, 4100]], "GPU-a runs two trials: its growth is not split by guess");
    // Where pids are visible, a trial with none on the list has none yet: another's leftovers are not charged to it.
    const visible = attribute(tracked, [{ pid: 999, usedMiB: 4000, uuid: "GPU-b" }], used, (p) => groups[p]);
    assert.deepEqual([...visible.entries()], []);
  });
});
