// TF.js training throughput per backend (webgpu, tfjs-node-gpu where installable, wasm; cpu on request) for an MNIST
// MLP (784-256-128-10) and a small CNN (2 conv + pool), at batch 128/512/2048. Each measurement runs in a process of
// its own (tfjs-worker.cjs) with the backend started as a trial's would be; the table gives samples/s and the ratio to
// wasm measured in the same run. A backend that cannot start here says why.
//   npx tsx bench/gpu/tfjs-throughput.ts [--backends webgpu,tfjs-node-gpu,wasm] [--models mlp,cnn]
//                                        [--batches 128,512,2048] [--samples 4096]
import { spawnSync } from "node:child_process";
import { join } from "node:path";

const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return (i > 0 ? process.argv[i + 1] : dflt).split(",").filter(Boolean);
};
const backends = arg("backends", "webgpu,tfjs-node-gpu,wasm");
const models = arg("models", "mlp,cnn");
const batches = arg("batches", "128,512,2048").map(Number);
const samples = Number(arg("samples", "4096")[0]);

interface Row {
  backend?: string;
  adapter?: string;
  samplesPerS?: number;
  startMs?: number;
  loss?: number;
  error?: string;
}

function measure(backend: string, model: string, batch: number): Row {
  const r = spawnSync(
    process.execPath,
    [join(__dirname, "tfjs-worker.cjs"), backend, model, String(batch), String(samples)],
    {
      encoding: "utf8",
      timeout: 15 * 60_000,
    },
  );
  const line = r.stdout.split("\n").find((l) => l.startsWith("{"));
  if (!line) return { error: r.signal ? `killed by ${r.signal}` : (r.stderr.trim().split("\n").pop() ?? "no output") };
  return JSON.parse(line) as Row;
}

const results = new Map<string, Row>();
const adapters = new Map<string, string>();
for (const model of models)
  for (const batch of batches)
    for (const backend of backends) {
      const row = measure(backend, model, batch);
      results.set(`${backend}|${model}|${batch}`, row);
      if (row.adapter) adapters.set(backend, row.adapter);
      console.error(`${backend} ${model} batch ${batch}: ${row.error ?? `${row.samplesPerS?.toFixed(0)} samples/s`}`);
    }

const out: string[] = [];
out.push(`| model | batch | ${backends.map((b) => `${b} samples/s (× wasm)`).join(" | ")} |`);
out.push(`|---|---|${backends.map(() => "---").join("|")}|`);
for (const model of models)
  for (const batch of batches) {
    const wasm = results.get(`wasm|${model}|${batch}`)?.samplesPerS;
    const cells = backends.map((b) => {
      const r = results.get(`${b}|${model}|${batch}`)!;
      if (r.error || r.samplesPerS === undefined) return `— (${(r.error ?? "no result").slice(0, 90)})`;
      return `${r.samplesPerS.toFixed(0)}${wasm ? ` (${(r.samplesPerS / wasm).toFixed(2)}×)` : ""}`;
    });
    out.push(`| ${model} | ${batch} | ${cells.join(" | ")} |`);
  }
for (const [b, a] of adapters) out.push("", `${b} adapter: ${a}`);
const starts = backends
  .map((b) => {
    const ms = [...results.entries()].filter(([k, r]) => k.startsWith(`${b}|`) && r.startMs !== undefined);
    return ms.length ? `${b} ${Math.min(...ms.map(([, r]) => r.startMs!))} ms` : "";
  })
  .filter(Boolean);
out.push("", `Backend start (fastest of its runs): ${starts.join(", ")}`);
console.log(out.join("\n"));
