// The shared-study workers of the PostgreSQL CLI test and its soak (bench/soak/scenarios/postgres.ts): one script and
// one way to start an `attune tune` worker, so the soak repeats exactly what the test checks.
import { spawn, type ChildProcess } from "node:child_process";
import { resolve } from "node:path";

const CLI = resolve(__dirname, "../../bin/attune.js");

/** A trial that logs "<trial> <pid>" to RUN_LOG, then reports after TRIAL_MS (default 300 ms). */
export const WORKER_SCRIPT = `const fs = require("fs");
const x = 0.5; // @tune uniform(-2, 2)
const k = 1; // @tune int(0, 4)
// @tune objective: minimize loss
fs.appendFileSync(process.env.RUN_LOG, process.env.ATTUNE_TRIAL + " " + process.pid + "\\n");
setTimeout(() => console.log("loss: " + ((x - 0.3) ** 2 + k)), Number(process.env.TRIAL_MS || 300));
`;

export interface Worker {
  child: ChildProcess;
  done: Promise<{ code: number | null; stderr: string }>;
}

/** `attune <args>` in `cwd`, its stderr kept for the assertion messages. */
export function worker(cwd: string, args: string[], env: Record<string, string>): Worker {
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd,
    env: { ...process.env, ...env },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr!.on("data", (d) => (stderr += d));
  const done = new Promise<{ code: number | null; stderr: string }>((res) =>
    child.on("close", (code) => res({ code, stderr })),
  );
  return { child, done };
}
