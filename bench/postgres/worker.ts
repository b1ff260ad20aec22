// One benchmark worker: opens the study (PostgreSQL or a journal), says "ready", waits for "go" on stdin, then runs
// near-zero-time trials (ask → x² → tell) for the given seconds and prints how many it finished.
// The built bundle (its database thread is dist/pgWorker.js), typed by the source it is built from.
const { createStudy, space } = require("../../dist/index.js") as typeof import("../../src/index");

const [kind, where, studyName, seconds] = process.argv.slice(2);
const study = createStudy({
  space: { x: space.float(-5, 5), n: space.int(1, 4) },
  direction: "minimize",
  algorithm: "random",
  name: studyName,
  ...(kind === "pg" ? { storage: where } : { journal: where }),
});
process.stdout.write("ready\n");
process.stdin.once("data", () => {
  const end = Date.now() + Number(seconds) * 1000;
  let n = 0;
  while (Date.now() < end) {
    const t = study.ask()!;
    study.tell(t.number, (t.params.x as number) ** 2 + (t.params.n as number));
    n++;
  }
  study.close();
  process.stdout.write(JSON.stringify({ trials: n }) + "\n");
  process.exit(0);
});

export {};
