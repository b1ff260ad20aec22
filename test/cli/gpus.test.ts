// `attune tune` on a machine whose GPUs are a fake nvidia-smi on PATH: trials wait for a free GPU by default and get
// it in PCI bus order; --cpu-overflow runs the surplus on the CPU on purpose; by default trials are packed onto GPUs by
// the memory earlier trials were measured to use; a trial that runs out of GPU memory is run again once elsewhere.
// The trial scripts play GPU programs: each registers a process holding `mem` MiB with the fake nvidia-smi, and fails
// with PyTorch's out-of-memory message when that would not fit.
import { strict as assert } from "node:assert";
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fakeNvidiaSmi, type FakeGpu } from "../unit/fake-nvidia-smi";
import { attune, PYTHON, workspace } from "./helpers";

const TRAIN = (mem: string) => `import json, os, subprocess, sys, time
mem = 2000  # @tune ${mem}
# @tune objective: minimize loss
d = os.environ["FAKE_GPU_DIR"]
gpus = json.load(open(os.path.join(d, "gpus.json")))
dev = os.environ.get("CUDA_VISIBLE_DEVICES")
start = time.time()
if dev:
    g = next(g for g in gpus if g["index"] == dev)
    used = g.get("foreignMiB", 0)
    for f in os.listdir(os.path.join(d, "apps")):
        try:
            os.kill(int(f), 0)
        except OSError:
            continue
        uuid, mib = open(os.path.join(d, "apps", f)).read().split(",")
        used += int(mib) if uuid == g["uuid"] else 0
    if used + mem > g["totalMiB"]:
        print(f"torch.OutOfMemoryError: CUDA out of memory. Tried to allocate {mem} MiB", flush=True)
        sys.exit(1)
    # The memory is held by a child process, as a data-loader worker would: it counts through the process group.
    holder = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    open(os.path.join(d, "apps", str(holder.pid)), "w").write(f"{g['uuid']},{mem}")
time.sleep(4)  # long enough for nvidia-smi polls (1 s apart, slower on a loaded machine) to see the memory
with open(os.path.join(d, "trials.log"), "a") as log:
    log.write(json.dumps({"trial": int(os.environ["ATTUNE_TRIAL"]), "dev": dev, "mem": mem,
        "order": os.environ.get("CUDA_DEVICE_ORDER"), "slot": os.environ.get("ATTUNE_GPU"),
        "start": start, "end": time.time()}) + "\\n")
print(f"loss: {mem / 1000}")
`;

interface Ran {
  trial: number;
  dev: string | null;
  mem: number;
  order: string | null;
  slot: string | null;
  start: number;
  end: number;
}

const A100 = (index: string, totalMiB: number, foreignMiB = 0): FakeGpu => ({
  index,
  uuid: `GPU-${index}`,
  name: "NVIDIA A100-SXM4-40GB",
  totalMiB,
  busId: `00000000:${17 + Number(index)}:00.0`,
  foreignMiB,
});

/** Most trials at once, overall and on one device. */
function overlap(ran: Ran[], dev?: string | null): number {
  const on = dev === undefined ? ran : ran.filter((r) => r.dev === dev);
  let most = 0;
  for (const r of on) most = Math.max(most, on.filter((o) => o.start <= r.start && o.end > r.start).length);
  return most;
}

function tune(gpus: FakeGpu[], mem: string, args: string[]) {
  const fake = fakeNvidiaSmi(gpus);
  const ws = workspace({ "train.py": TRAIN(mem) });
  try {
    const r = attune(
      ws,
      ["tune", "train.py", "--python", PYTHON, "--algorithm", "random", "--json", ...args],
      fake.env,
    );
    let ran: Ran[] = [];
    try {
      ran = readFileSync(join(fake.dir, "trials.log"), "utf8")
        .split("\n")
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Ran);
    } catch {
      // no trial finished
    }
    const json = r.code === 0 ? JSON.parse(r.stdout) : undefined;
    return { ...r, ran, json };
  } finally {
    rmSync(fake.dir, { recursive: true, force: true });
  }
}

describe("attune tune with GPUs (fake nvidia-smi)", function () {
  this.timeout(120_000);

  it("makes surplus trials wait for a free GPU, numbering GPUs in PCI bus order", () => {
    const r = tune([A100("0", 40960)], "int(1000, 3000)", [
      "--trials",
      "3",
      "--parallel",
      "3",
      "--trials-per-gpu",
      "1",
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /--parallel 3 is more than the 1 GPU slot\(s\): the others wait for a free GPU/);
    assert.equal(r.ran.length, 3);
    for (const t of r.ran) {
      assert.equal(t.dev, "0", "no trial ran without its GPU");
      assert.equal(t.order, "PCI_BUS_ID");
      assert.deepEqual(JSON.parse(t.slot!), {
        index: "0",
        uuid: "GPU-0",
        name: "NVIDIA A100-SXM4-40GB",
        busId: "00000000:17:00.0",
      });
    }
    assert.equal(overlap(r.ran), 1);
  });

  it("runs the surplus on the CPU when asked to (--cpu-overflow)", () => {
    const r = tune([A100("0", 40960)], "int(1000, 3000)", [
      "--trials",
      "3",
      "--parallel",
      "3",
      "--trials-per-gpu",
      "1",
      "--cpu-overflow",
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.ran.filter((t) => t.dev === "0").length, 1);
    assert.equal(r.ran.filter((t) => t.dev === "").length, 2, "CUDA_VISIBLE_DEVICES='' hides the GPU");
    assert.equal(overlap(r.ran), 3);
  });

  it("packs later trials by the first one's measured peak memory, with no out-of-memory failure", () => {
    // 2 GPUs of 10 GiB; trials hold 2000–2400 MiB. The first on each GPU runs alone; once a peak (≤ 2400) is known,
    // each later trial reserves it plus 20%, so three share a GPU.
    const r = tune([A100("0", 10240), A100("1", 10240)], "int(2000, 2400)", ["--trials", "8", "--parallel", "6"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /trials share a GPU by the memory earlier trials were measured to use/);
    const trials = r.json.trials as { state: string; gpu?: string; gpu_memory_mib?: number }[];
    assert.equal(trials.filter((t) => t.state === "complete").length, 8);
    assert.ok(trials.every((t) => t.gpu === "0" || t.gpu === "1"));
    const measured = trials.filter((t) => t.gpu_memory_mib !== undefined);
    assert.ok(measured.length >= 2, `peaks measured for ${measured.length} of 8 trials`);
    for (const t of measured)
      assert.ok(t.gpu_memory_mib! >= 2000 && t.gpu_memory_mib! <= 2400, String(t.gpu_memory_mib));
    assert.ok(overlap(r.ran, "0") >= 2 || overlap(r.ran, "1") >= 2, "more than one trial per GPU at once");
    assert.ok(overlap(r.ran, "0") <= 4 && overlap(r.ran, "1") <= 4);
  });

  it("runs a trial that ran out of GPU memory again once, on an emptier GPU, with the reason", () => {
    // GPU 0 has 4 GiB free, GPU 1 has 16 GiB: the second of two concurrent 6000 MiB trials lands on GPU 0 and fails.
    const r = tune([A100("0", 16384, 12288), A100("1", 16384)], "int(6000, 6100)", [
      "--trials",
      "2",
      "--parallel",
      "2",
      "--use-busy-gpus",
    ]);
    assert.equal(r.code, 0, r.stderr);
    const trials = r.json.trials as { number: number; state: string; gpu?: string; error?: { message: string } }[];
    const oom = trials.filter((t) => t.state === "failed");
    assert.equal(oom.length, 1, JSON.stringify(trials));
    assert.equal(oom[0].gpu, "0");
    assert.match(oom[0].error!.message, /ran out of GPU memory on GPU 0; run again once on an emptier GPU/);
    const done = trials.filter((t) => t.state === "complete");
    assert.equal(done.length, 2);
    assert.ok(done.every((t) => t.gpu === "1"));
  });
});
