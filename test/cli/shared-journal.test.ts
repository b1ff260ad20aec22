// Several `attune tune` processes on one journal (one folder, as in several terminals): exactly --trials trials
// between them (docs/studies.md), each number once, each run once, the baseline once.
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { attune, attuneAsync, workspace } from "./helpers";

const SCRIPT = `const fs = require("fs");
const x = 0.5; // @tune uniform(-2, 2)
// @tune objective: minimize loss
fs.appendFileSync(process.env.RUN_LOG, process.env.ATTUNE_TRIAL + "\\n");
console.log("loss: " + (x - 0.3) ** 2);
`;

describe("attune tune: several processes on one journal", function () {
  this.timeout(60_000);

  it("3 processes with --trials 30 run exactly 30 trials between them, each once", async () => {
    const N = 30;
    const root = workspace({ "train.js": SCRIPT });
    const runLog = join(root, "runs.log");
    const args = ["tune", "train.js", "--trials", String(N), "--parallel", "2"];
    const results = await Promise.all([0, 1, 2].map(() => attuneAsync(root, args, { RUN_LOG: runLog }).done));
    for (const r of results) assert.equal(r.code, 0, r.stderr);
    const show = attune(root, ["show", "train.js", "--json"]);
    assert.equal(show.code, 0, show.stderr);
    type Row = { number: number; state: string; baseline?: true };
    const trials = (JSON.parse(show.stdout) as { trials: Row[] }).trials;
    assert.equal(trials.filter((t) => t.state === "complete").length, N, `${trials.length} trials`);
    assert.deepEqual(
      trials.map((t) => t.number),
      Array.from({ length: N }, (_, i) => i),
    );
    const ran = readFileSync(runLog, "utf8").trim().split("\n").map(Number);
    assert.equal(ran.length, N);
    assert.equal(new Set(ran).size, N, `a trial ran twice: ${ran.join(",")}`);
    // Processes that start a new study together add the file's values once.
    assert.equal(trials.filter((t) => t.baseline).length, 1, "the baseline was added more than once");
  });
});
