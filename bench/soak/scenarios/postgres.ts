// Soak: the 4-worker PostgreSQL test (test/cli/postgres.test.ts), sized to run hundreds of times. Four `attune tune`
// workers in four folders share one study; one is SIGKILLed while its own trial's script runs. Each run checks that
// exactly N trials complete, that no config ran twice and that the killed trial is the one failed trial (found by
// heartbeat, docs/studies.md). One server serves every run; each run gets a database of its own.
// Needs a build (npm run build): the workers run bin/attune.js.
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { PgServer } from "../../../test/pg/server";
import { attuneAsync as worker, waitFor } from "../../../test/cli/helpers";
import type { Scenario } from "../scenario";
import { checkKilledWorkerStudy, WORKER_SCRIPT as SCRIPT, type ShownTrial } from "../../../test/pg/workers";

const CLI = resolve(__dirname, "../../../bin/attune.js");
const N = 14;
const ENV = { TRIAL_MS: "150", ATTUNE_HEARTBEAT: "200ms", ATTUNE_HEARTBEAT_GRACE: "1s" };

let server: PgServer | undefined;

async function run(i: number): Promise<void> {
  const s = server!;
  const db = `soak${i}`;
  const url = s.createDb(db);
  const root = mkdtempSync(join(tmpdir(), "attune-soak-pg-"));
  try {
    const runLog = join(root, "runs.log");
    const folders = [1, 2, 3, 4, 5].map((n) => {
      const d = join(root, `m${n}`);
      mkdirSync(d);
      writeFileSync(join(d, "train.js"), SCRIPT);
      return d;
    });
    const env = { ...ENV, RUN_LOG: runLog };
    const args = [
      "tune",
      "train.js",
      "--storage",
      url,
      "--study",
      "shared",
      "--trials",
      String(N),
      "--algorithm",
      "tpe",
    ];
    // The victim's trial never ends by itself: it is killed either at once (even runs) or once every other trial
    // has started (odd runs), so that the others are idle, waiting on it, when its heartbeat goes quiet.
    const workers = folders.slice(0, 4).map((d, n) => worker(d, args, n === 1 ? { ...env, TRIAL_MS: "60000" } : env));
    const victim = workers[1];
    const trialsDir = join(folders[1], ".attune", "shared", "trials");
    let k = -1;
    await waitFor(
      () => {
        const ns = existsSync(trialsDir) ? readdirSync(trialsDir).map(Number) : [];
        if (ns.length) k = Math.min(...ns);
        return ns.length > 0;
      },
      60_000,
      "the victim's first trial",
    );
    const logged = () => (existsSync(runLog) ? readFileSync(runLog, "utf8").trim().split("\n") : []);
    // Its script must have logged its start (its own trial, not any worker's).
    await waitFor(() => logged().some((l) => l.startsWith(`${k} `)), 60_000, `trial #${k}'s script`);
    if (i % 2 === 1) await waitFor(() => logged().length >= N, 60_000, "every trial started");
    victim.child.kill("SIGKILL");
    // Its orphaned script would sleep on: end it too (it logged its pid).
    const orphan = Number(
      logged()
        .find((l) => l.startsWith(`${k} `))!
        .split(" ")[1],
    );
    try {
      process.kill(orphan, "SIGKILL");
    } catch {
      /* gone already */
    }
    const results = await Promise.all(workers.map((w) => w.done));
    for (const n of [0, 2, 3]) assert.equal(results[n].code, 0, results[n].stderr);
    check(url, folders[4], runLog, k);
  } catch (e) {
    // The study's record, for finding out what happened (events in order: who added, started, finished what).
    (e as Error).message += `\n${history(s, db)}`;
    throw e;
  } finally {
    rmSync(root, { recursive: true, force: true });
    s.psql("attune", `DROP DATABASE ${db} WITH (FORCE)`);
  }
}

function history(s: PgServer, db: string): string {
  const line = `concat_ws(' ', id, kind,
    '#' || CASE WHEN kind = 'trial' THEN row_number() OVER (PARTITION BY kind ORDER BY tx, id) - 1 ELSE trial END,
    'pid ' || coalesce(split_part(uid, ':', 2), payload->>'pid'), 'retry of ' || retry_of,
    CASE WHEN payload->'attrs'->>'baseline' = 'true' THEN 'baseline' END, payload->>'state',
    left(payload->'error'->>'message', 50))`;
  return s.psql(
    db,
    `SELECT string_agg(line, E'\\n' ORDER BY tx, id) FROM
      (SELECT tx, id, ${line} AS line FROM attune_events WHERE kind NOT IN ('report', 'meta')) x`,
  );
}

function check(url: string, cwd: string, runLog: string, k: number): void {
  const shown = spawnSync(process.execPath, [CLI, "show", "--storage", url, "--study", "shared", "--json"], {
    cwd,
    encoding: "utf8",
  });
  assert.equal(shown.status, 0, shown.stderr);
  const trials = (JSON.parse(shown.stdout) as { trials: ShownTrial[] }).trials;
  checkKilledWorkerStudy(trials, runLog, N, k);
}

const scenario: Scenario = {
  name: "postgres",
  description:
    "4 `attune tune` workers in 4 folders on one PostgreSQL study, one SIGKILLed mid-trial: exactly 14 complete, " +
    "no config twice, the killed trial the only failed one",
  async setup() {
    server = await PgServer.start({ settings: { fsync: "off" } });
  },
  run,
  async teardown() {
    server?.destroy();
  },
};

export default scenario;
