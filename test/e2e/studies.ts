// Real studies for the screenshot tests, made with the CLI in the fixture workspace before the workbench opens (a few
// seconds each, all at once): two objectives with a constraint, a list-valued architecture space, a freeze-thaw
// study whose trials pause and go on, a PBT study whose children start from leaders' checkpoints, and an `attune auto`
// model search on a small CSV. Stdlib-only Python.
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

// Two objectives, a constraint and a list parameter (the main suite runs it from the palette too).
export const TWO_NAME = "two.py";
export const TWO_TRIALS = 10;
export const TWO_SCRIPT = `x = 0.0  # @tune float(-5, 5)
units = [32, 16]  # @tune list(int(8, 64), min=1, max=3)
# @tune objective: minimize loss, minimize size
# @tune constraint: size <= 150
# @tune trials: ${TWO_TRIALS}
# @tune algorithm: random
# @tune parallel: 2
size = sum(units)
loss = (x - 1.5) ** 2 + 100.0 / size
print(f"loss: {loss:.6f}", flush=True)
print(f"size: {size}", flush=True)
`;

// A list-valued architecture space: how many layers and each one's width, with a learning curve per trial.
export const NAS_NAME = "nas.py";
export const NAS_TRIALS = 16;
export const NAS_SCRIPT = `import math, time

layers = [64, 32]  # @tune list(int(8, 256, log), min=1, max=4)
activation = "relu"  # @tune choice("relu", "tanh")
lr = 0.01  # @tune loguniform(1e-4, 1e-1)
# @tune objective: maximize val_accuracy
# @tune trials: ${NAS_TRIALS}
# @tune algorithm: random
# @tune parallel: 4

# A made-up accuracy: wide early layers, two or three of them, lr near 0.01 and tanh a little better.
width = sum(math.log2(w) / (k + 1) for k, w in enumerate(layers))
depth = -0.04 * (len(layers) - 2.5) ** 2
final = 0.62 + 0.022 * width + depth - 0.03 * abs(math.log10(lr) + 2) + (0.02 if activation == "tanh" else 0)
final = min(final, 0.99)
for epoch in range(1, 7):
    print(f"epoch {epoch} val_accuracy: {final - (final - 0.5) * 0.6 ** epoch:.4f}", flush=True)
    time.sleep(0.02)
`;

// A checkpointing script with a budget: freeze-thaw trains it in segments, pausing trials and continuing the best.
// The file's lr is too low, so the search has something to find.
export const FT_NAME = "freeze.py";
export const FT_TRIALS = 12;
const checkpointing = (algorithm: string, trials: number) => `import json, os, time

lr = 0.01  # @tune float(0.002, 0.3, log)
momentum = 0.5  # @tune float(0.0, 0.9)
epochs = 32  # @tune budget(1, 32)
# @tune objective: maximize score
# @tune trials: ${trials}
# @tune algorithm: ${algorithm}
# @tune parallel: 2

ckpt = os.environ.get("ATTUNE_CHECKPOINT_DIR")
resume = os.environ.get("ATTUNE_RESUME_FROM")
state = {"epoch": 0, "w": 0.0, "v": 0.0}
if resume:
    with open(os.path.join(resume, "state.json")) as f:
        state = json.load(f)
for epoch in range(state["epoch"] + 1, epochs + 1):
    state["v"] = momentum * state["v"] - lr * 2 * (state["w"] - 1.0)
    state["w"] += state["v"]
    state["epoch"] = epoch
    if ckpt:  # atomically: a kill never leaves half a checkpoint
        with open(os.path.join(ckpt, "state.json.tmp"), "w") as f:
            json.dump(state, f)
        os.replace(os.path.join(ckpt, "state.json.tmp"), os.path.join(ckpt, "state.json"))
    score = 100 - 100 * (state["w"] - 1.0) ** 2 - 10 / epoch
    print("@tune " + json.dumps({"step": epoch, "score": score}), flush=True)
    time.sleep(0.05)
`;
export const FT_SCRIPT = checkpointing("freeze-thaw", FT_TRIALS);
// The same script under PBT: children start from a leader's checkpoint, so the tree shows lineages.
export const PBT_NAME = "pbt.py";
export const PBT_SCRIPT = checkpointing("pbt", 16);

/** A small table for `attune auto`: two numbers and a colour decide the label. */
export function dataCsv(): string {
  const rows = ["x1,x2,color,label"];
  for (let i = 0; i < 90; i++) {
    const [a, b] = [Math.sin(i * 1.7) * 2, Math.cos(i * 2.3) * 2];
    const color = ["red", "green", "blue"][i % 3];
    rows.push(`${a.toFixed(3)},${b.toFixed(3)},${color},${a + b + (color === "red" ? 1 : 0) > 0.5 ? "yes" : "no"}`);
  }
  return rows.join("\n") + "\n";
}

/** Where `attune auto` writes (as Search a Model for This Data… would for data.csv). */
export const AUTO_OUT = path.join("attune-auto", "data");
export const AUTO_TIME = "12s";

function run(cli: string, args: string[], cwd: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd, stdio: ["ignore", "ignore", "pipe"] });
    let err = "";
    child.stderr.on("data", (d: Buffer) => (err = (err + d.toString()).slice(-4000)));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("error", reject);
    child.on("exit", (code) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`attune ${args.join(" ")} exited with ${code}:\n${err}`));
    });
  });
}

/** Writes the scripts and data into `folder` and runs every study with the CLI at once (about 15 s in all). */
export async function makeStudies(folder: string, cli: string, python: string): Promise<void> {
  fs.writeFileSync(path.join(folder, TWO_NAME), TWO_SCRIPT);
  fs.writeFileSync(path.join(folder, NAS_NAME), NAS_SCRIPT);
  fs.writeFileSync(path.join(folder, FT_NAME), FT_SCRIPT);
  fs.writeFileSync(path.join(folder, PBT_NAME), PBT_SCRIPT);
  fs.writeFileSync(path.join(folder, "data.csv"), dataCsv());
  const py = ["--python", python, "--seed", "3"];
  const runs = await Promise.allSettled([
    run(cli, ["tune", TWO_NAME, ...py], folder, 90_000),
    run(cli, ["tune", NAS_NAME, ...py], folder, 90_000),
    // --time stops it mid-way: trials that freeze-thaw paused stay paused (resumable), as a user would see them.
    run(cli, ["tune", FT_NAME, ...py, "--time", "6s"], folder, 90_000),
    run(cli, ["tune", PBT_NAME, ...py], folder, 90_000),
    run(cli, ["auto", "data.csv", "--target", "label", "--time", AUTO_TIME, "--out", AUTO_OUT], folder, 90_000),
  ]);
  const failed = runs.filter((r): r is PromiseRejectedResult => r.status === "rejected");
  if (failed.length) throw new Error(failed.map((r) => (r.reason as Error).message).join("\n"));
}
