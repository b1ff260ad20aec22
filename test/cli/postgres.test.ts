// Several `attune tune` workers in separate folders (as on separate machines) on one PostgreSQL study, against a real
// server these tests start themselves: exact trial counts, unique numbers, each trial run once, a SIGKILLed worker's
// trial noticed by heartbeat and failed, a database restart survived, and `show` from another folder.
import { strict as assert } from "node:assert";
import { mkdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { usePgServer } from "../pg/server";
import { checkKilledWorkerStudy, WORKER_SCRIPT as SCRIPT, type ShownTrial } from "../pg/workers";
import { attune, attuneAsync as worker, pidAlive, sleep, workspace } from "./helpers";

/** Wait until the worker has a trial process of its own running. */
async function trialRunning(log: string, before: number, ms = 30_000): Promise<void> {
  const t0 = Date.now();
  while (Date.now() - t0 < ms) {
    if (existsSync(log) && readFileSync(log, "utf8").trim().split("\n").filter(Boolean).length > before) return;
    await sleep(50);
  }
  throw new Error("no trial started");
}

describe("attune tune --storage postgresql:// (several workers)", function () {
  this.timeout(240_000);
  const server = usePgServer(this, { settings: { fsync: "off" } });

  it(
    "4 workers in 4 folders, one SIGKILLed mid-trial: exactly N complete, each run once, the killed trial " + "failed",
    async function () {
      const url = server().createDb("four");
      const root = workspace({});
      const runLog = join(root, "runs.log");
      const N = 14;
      const folders = [1, 2, 3, 4, 5].map((i) => {
        const d = join(root, `m${i}`);
        mkdirSync(d);
        writeFileSync(join(d, "train.js"), SCRIPT);
        return d;
      });
      const args = ["tune", "train.js", "--storage", url, "--study", "shared", "--trials", String(N)];
      const env = { RUN_LOG: runLog, TRIAL_MS: "700", ATTUNE_HEARTBEAT: "500ms", ATTUNE_HEARTBEAT_GRACE: "3s" };
      const victimFolder = folders[1];
      const workers = folders.slice(0, 4).map((d) => worker(d, [...args, "--algorithm", "tpe"], env));
      // Kill worker 2 while a trial of its own runs: its child's pid is under its process.
      const victim = workers[1];
      const t0 = Date.now();
      let victimTrial: number | undefined;
      while (victimTrial === undefined && Date.now() - t0 < 60_000) {
        await sleep(50);
        const trialsDir = join(victimFolder, ".attune", "shared", "trials");
        if (existsSync(trialsDir)) {
          const ns = require("node:fs").readdirSync(trialsDir) as string[];
          if (ns.length) victimTrial = Number(ns[0]);
        }
      }
      assert.ok(victimTrial !== undefined, "the victim never started a trial");
      // Its own trial's script must be running (it logged its start), not just any worker's: a kill before that
      // leaves a run log one line short although nothing ran twice.
      const started = (n: number) =>
        existsSync(runLog) &&
        readFileSync(runLog, "utf8")
          .split("\n")
          .some((l) => l.startsWith(`${n} `));
      const t1 = Date.now();
      while (!started(victimTrial!) && Date.now() - t1 < 60_000) await sleep(20);
      assert.ok(started(victimTrial!), `the victim's trial #${victimTrial} never started its script`);
      victim.child.kill("SIGKILL");
      const results = await Promise.all(workers.map((w) => w.done));
      assert.equal(results[1].code, null);
      for (const i of [0, 2, 3]) assert.equal(results[i].code, 0, results[i].stderr);

      const r = attune(folders[4], ["show", "--storage", url, "--study", "shared", "--json"]);
      assert.equal(r.code, 0, r.stderr);
      const out = JSON.parse(r.stdout) as { trials: ShownTrial[] };
      checkKilledWorkerStudy(out.trials, runLog, N, victimTrial);
      // The fifth folder's table shows them all.
      const table = attune(folders[4], ["show", "--storage", url, "--study", "shared"]);
      assert.match(table.stdout, new RegExp(`${N + 1} trials: (${N} complete, 1 failed|1 failed, ${N} complete)`));
      for (const w of workers) if (w.child.pid) assert.ok(!pidAlive(w.child.pid));
    },
  );

  it("survives a database restart mid-study: workers reconnect and go on, nothing lost", async () => {
    const url = server().createDb("restart");
    const root = workspace({});
    const runLog = join(root, "runs.log");
    const N = 10;
    const folders = [1, 2].map((i) => {
      const d = join(root, `m${i}`);
      mkdirSync(d);
      writeFileSync(join(d, "train.js"), SCRIPT);
      return d;
    });
    const env = { RUN_LOG: runLog, TRIAL_MS: "400" };
    const args = ["tune", "train.js", "--storage", url, "--study", "r", "--trials", String(N), "--algorithm", "random"];
    const workers = folders.map((d) => worker(d, args, env));
    await trialRunning(runLog, 2);
    server().stop();
    await sleep(2500);
    server().start();
    const results = await Promise.all(workers.map((w) => w.done));
    for (const x of results) assert.equal(x.code, 0, x.stderr);
    const r = attune(folders[0], ["show", "--storage", url, "--study", "r", "--json"]);
    const out = JSON.parse(r.stdout) as { trials: { number: number; state: string }[] };
    assert.equal(out.trials.filter((t) => t.state === "complete").length, N, r.stdout);
    const runs = readFileSync(runLog, "utf8")
      .trim()
      .split("\n")
      .map((l) => Number(l.split(" ")[0]));
    assert.equal(new Set(runs).size, runs.length);
  });

  it("flags a machine whose copy of the file has other annotations (docs/studies.md), keeping every trial", () => {
    const url = server().createDb("differ");
    const root = workspace({});
    const env = { RUN_LOG: join(root, "runs.log"), TRIAL_MS: "10" };
    const [a, b] = ["a", "b"].map((m) => {
      const d = join(root, m);
      mkdirSync(d);
      return d;
    });
    writeFileSync(join(a, "train.js"), SCRIPT);
    writeFileSync(join(b, "train.js"), SCRIPT.replace("int(0, 4)", "int(0, 2)"));
    const args = ["tune", "train.js", "--storage", url, "--study", "d", "--algorithm", "random"];
    const first = attune(a, [...args, "--trials", "3"], env);
    assert.equal(first.code, 0, first.stderr);
    const second = attune(b, [...args, "--trials", "5"], env);
    assert.equal(second.code, 0, second.stderr);
    assert.match(second.stderr, /here has other annotations than study "d"/);
    const out = JSON.parse(attune(a, ["show", "--storage", url, "--study", "d", "--json"]).stdout) as {
      trials: unknown[];
    };
    assert.equal(out.trials.length, 5);
  });

  it("says in one sentence what is wrong with a bad URL or an unreachable server", () => {
    const ws = workspace({ "train.js": SCRIPT });
    const bad = attune(ws, ["show", "--storage", "mysql://x/y", "--study", "s"]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /must be a postgresql:\/\/ URL/);
    const noDb = attune(ws, ["show", "--storage", `postgresql://attune@127.0.0.1:${server().port}/nosuchdb`]);
    assert.equal(noDb.code, 1);
    assert.match(noDb.stderr, /database "nosuchdb" does not exist; create it first/);
    assert.doesNotMatch(noDb.stderr, /\n\s+at /);
  });
});
