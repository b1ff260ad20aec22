// A fake `nvidia-smi` on PATH for GPU tests: GPUs from <dir>/gpus.json, and the compute processes that trials
// register as files <dir>/apps/<pid> holding "gpu_uuid,MiB" (listed while that pid lives). It answers the
// --query-gpu and --query-compute-apps forms Attune uses, fields in the order asked.
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";

export interface FakeGpu {
  index: string;
  uuid: string;
  name: string;
  totalMiB: number;
  busId: string;
  /** Memory other programs hold on it. */
  foreignMiB?: number;
}

const SCRIPT = `
const fs = require("fs"), path = require("path");
const dir = process.env.FAKE_GPU_DIR;
const gpus = JSON.parse(fs.readFileSync(path.join(dir, "gpus.json"), "utf8"));
const apps = [];
for (const f of fs.readdirSync(path.join(dir, "apps"))) {
  const pid = Number(f);
  try { process.kill(pid, 0); } catch { continue; }
  const [uuid, mib] = fs.readFileSync(path.join(dir, "apps", f), "utf8").trim().split(",");
  apps.push({ pid, uuid, mib: Number(mib) });
}
const arg = (name) => (process.argv.find((a) => a.startsWith(name + "=")) || "").slice(name.length + 1).split(",");
const out = [];
if (process.argv.some((a) => a.startsWith("--query-gpu="))) {
  for (const g of gpus) {
    const used = (g.foreignMiB || 0) + apps.filter((a) => a.uuid === g.uuid).reduce((s, a) => s + a.mib, 0);
    const v = { index: g.index, uuid: g.uuid, name: g.name, "memory.used": used, "memory.total": g.totalMiB,
      "pci.bus_id": g.busId };
    out.push(arg("--query-gpu").map((f) => v[f]).join(", "));
  }
} else if (process.argv.some((a) => a.startsWith("--query-compute-apps="))) {
  for (const a of apps) {
    const v = { pid: a.pid, gpu_uuid: a.uuid, used_memory: a.mib };
    out.push(arg("--query-compute-apps").map((f) => v[f]).join(", "));
  }
} else process.exit(9);
process.stdout.write(out.map((l) => l + "\\n").join(""));
`;

/** Writes the fake and its GPUs; returns its folder (put on PATH, pass as FAKE_GPU_DIR). */
export function fakeNvidiaSmi(gpus: FakeGpu[]): { dir: string; env: Record<string, string> } {
  const dir = mkdtempSync(join(tmpdir(), "attune-nvsmi-"));
  mkdirSync(join(dir, "apps"));
  writeFileSync(join(dir, "gpus.json"), JSON.stringify(gpus));
  const exe = join(dir, "nvidia-smi");
  writeFileSync(exe, `#!${process.execPath}\n${SCRIPT}`);
  chmodSync(exe, 0o755);
  return { dir, env: { FAKE_GPU_DIR: dir, PATH: `${dir}${delimiter}${process.env.PATH ?? ""}` } };
}
