// `require("attune/tfjs")` in a script run by `attune tune` (docs/model-search.md): the preload hands the script
// Attune's helpers, and a hypergradient optimizer's rate is reported as `lr` each epoch. Needs `npm run build` first.
import { strict as assert } from "node:assert";
import { readFileSync, symlinkSync } from "node:fs";
import { join, resolve } from "node:path";
import { attune, workspace } from "./helpers";

const SCRIPT = `
const tf = require("@tensorflow/tfjs");
const { hypergradient } = require("attune/tfjs");
const learningRate = 1e-4; // @tune loguniform(1e-5, 1e-1)
// @tune objective: minimize loss
async function main() {
  const x = tf.randomNormal([256, 8], 0, 1, "float32", 1);
  const y = x.matMul(tf.randomNormal([8, 1], 0, 1, "float32", 2));
  const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [8] })] });
  model.compile({ optimizer: hypergradient("adam", { learningRate }), loss: "meanSquaredError" });
  await model.fit(x, y, { epochs: 4, batchSize: 32, verbose: 0 });
}
main();
`;

describe("attune/tfjs under attune tune", function () {
  this.timeout(120_000);

  it("resolves attune/tfjs for the script and reports the adapting learning rate as lr", () => {
    const dir = workspace({ "train.js": SCRIPT });
    symlinkSync(resolve(__dirname, "../../node_modules"), join(dir, "node_modules"));
    const r = attune(dir, ["tune", "train.js", "--trials", "1"]);
    assert.equal(r.code, 0, r.stderr);
    const journal = readFileSync(join(dir, ".attune", "train.js", "journal.jsonl"), "utf8");
    const lrs = [...journal.matchAll(/"lr":([0-9.e-]+)/g)].map((m) => Number(m[1]));
    assert.equal(lrs.length, 4, journal);
    assert.ok(lrs.at(-1)! > 1e-4, `the rate climbed from 1e-4: ${lrs.join(", ")}`);
  });
});
