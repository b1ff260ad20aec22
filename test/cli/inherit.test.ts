// Weight inheritance end to end (docs/algorithms.md, docs/trials.md): `attune tune --algorithm evolution` (and `pbt`)
// on a TF.js script whose hidden widths are a list proposes children that grow their parent's list; such a child
// records `inheritedFrom`, gets the parent's checkpoint, and the preload morphs the parent's model into it, so its
// first epoch starts near where the parent ended rather than where a fresh network starts.
import { strict as assert } from "node:assert";
import { readFileSync, symlinkSync } from "node:fs";
import { join, resolve } from "node:path";
import { attune, workspace } from "./helpers";
import { showJson } from "./checkpointFixture";

interface Event {
  op: string;
  trial?: number;
  attrs?: Record<string, unknown>;
}

/**
 * Tunes a fixture of test/fixtures/inherit as train.js, one trial at a time (seed 1, cpu backend), and reads back
 * each trial's attributes as created (trials are numbered in the order the journal adds them: one process, none
 * refused), the trials whose runner inherited weights, and the trials as `show --json` gives them.
 */
function tuneFixture(fixture: string, args: string[]) {
  const dir = workspace({ "train.js": readFileSync(resolve(__dirname, "../fixtures/inherit", fixture), "utf8") });
  symlinkSync(resolve(__dirname, "../../node_modules"), join(dir, "node_modules"));
  const r = attune(dir, ["tune", "train.js", ...args, "--parallel", "1", "--seed", "1", "--tfjs-backend", "cpu"]);
  assert.equal(r.code, 0, r.stderr);
  const events = readFileSync(join(dir, ".attune", "train.js", "journal.jsonl"), "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as Event);
  const created = events.filter((e) => e.op === "trial").map((e) => e.attrs ?? {});
  const inherited = new Set(events.filter((e) => e.op === "meta" && e.attrs?.inherited === true).map((e) => e.trial));
  return { dir, r, created, inherited, trials: showJson(dir, "train.js") };
}

describe("grown children start from their parent's weights (CLI, TF.js)", function () {
  this.timeout(180_000);

  it("evolution: a child with one list grown inherits, and its first epoch starts near its parent's last", () => {
    // 20 random members fill evolution's population, then children: with this seed the first child (#20) grows its
    // parent's list. One at a time, so that every ask sees the same history (parallel asks depend on timing). The
    // default --keep-checkpoints: evolution keeps its population's checkpoints, so the parent still has one.
    const { dir, r, created, inherited, trials } = tuneFixture("train-tfjs.js", [
      "--algorithm",
      "evolution",
      "--trials",
      "22",
    ]);
    const grown = trials.filter((t) => typeof created[t.number].inheritedFrom === "number");
    assert.ok(grown.length > 0, "no child grew from its parent");
    assert.ok(
      grown.every((t) => inherited.has(t.number)),
      `not every grown child inherited: ${r.stderr}`,
    );
    const scratch = trials.filter((t) => created[t.number].inheritedFrom === undefined && t.intermediate.length);
    const firsts = scratch.map((t) => t.intermediate[0][1]).sort((a, b) => a - b);
    const fresh = firsts[Math.floor(firsts.length / 2)];
    for (const child of grown) {
      const parent = trials[created[child.number].inheritedFrom as number];
      const last = parent.intermediate[parent.intermediate.length - 1][1];
      const first = child.intermediate[0][1];
      const g = JSON.stringify(created[child.number].growth);
      assert.ok(
        first < last + (fresh - last) / 4,
        `#${child.number} (${g}) starts at ${first}: #${parent.number} ended at ${last}, a fresh start is at ${fresh}`,
      );
    }
    // The lineage is shown: "inherited from #N (widened units[0] 8→16)".
    const show = attune(dir, ["show", "train.js"]);
    assert.match(show.stdout, /inherited from #\d+ \((widened|added) units\[\d\]/);
  });

  it("pbt: a child that grows its leader's list inherits the leader's weights at the step it resumes from", () => {
    // With this seed, child #9 grows its leader #8's list (one more layer). One at a time, as above.
    const { dir, r, created, inherited, trials } = tuneFixture("train-pbt-tfjs.js", [
      "--algorithm",
      "pbt",
      "--trials",
      "24",
    ]);
    const grown = trials.filter((t) => created[t.number].growth !== undefined);
    assert.ok(grown.length > 0, "no PBT child grew its leader's list");
    const firsts = trials.filter((t) => created[t.number].resumeFrom === undefined && t.intermediate.length);
    const fresh = firsts.map((t) => t.intermediate[0][1]).sort((a, b) => a - b)[Math.floor(firsts.length / 2)];
    for (const child of grown) {
      assert.ok(inherited.has(child.number), `#${child.number} grew but did not inherit: ${r.stderr}`);
      const step = created[child.number].resumeStep as number;
      const parent = trials[created[child.number].inheritedFrom as number];
      const last = parent.intermediate.find(([s]) => s === step)![1];
      const own = child.intermediate.find(([s]) => s === step + 1)![1];
      assert.ok(own < last + (fresh - last) / 4, `#${child.number} resumed at ${own}: parent ${last}, fresh ${fresh}`);
    }
    assert.match(attune(dir, ["show", "train.js"]).stdout, /inherited from #\d+ @ step \d+ \((widened|added) units/);
  });
});
