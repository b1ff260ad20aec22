// One list of algorithm names (src/core/algorithmNames.ts): the parser, the CLI, the quick pick and the
// `attune.defaultAlgorithm` setting agree on the names, their order and their descriptions, and each description's
// "needs a budget" is what createAlgorithm does (docs/algorithms.md).
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ALGORITHM_INFO, ALGORITHMS, PRUNER_NAMES } from "../../src/core/algorithmNames";
import { ALGORITHMS as CORE_ALGORITHMS, createAlgorithm } from "../../src/core/algorithms";
import { ALGORITHMS as PARSER_ALGORITHMS } from "../../src/core/annotations";
import { createPruner } from "../../src/core/pruners";
import { ALGORITHM_INFO as QUICK_PICK } from "../../src/extension/model/startOptions";

const budget = { name: "epochs", min: 1, max: 27 };

describe("algorithm names", () => {
  it("the parser, the engine and the quick pick read the one list", () => {
    assert.equal(PARSER_ALGORITHMS, ALGORITHMS);
    assert.equal(CORE_ALGORITHMS, ALGORITHMS);
    assert.equal(QUICK_PICK, ALGORITHM_INFO);
    assert.equal(new Set(ALGORITHMS).size, ALGORITHMS.length);
  });

  it("package.json's attune.defaultAlgorithm enum and enumDescriptions are the list", () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, "..", "..", "package.json"), "utf8"));
    const setting = pkg.contributes.configuration.properties["attune.defaultAlgorithm"];
    const fix = "copy src/core/algorithmNames.ts's ALGORITHM_INFO into package.json";
    assert.deepEqual(setting.enum, [...ALGORITHMS], fix);
    assert.deepEqual(
      setting.enumDescriptions,
      ALGORITHM_INFO.map((a) => a.detail),
      fix,
    );
    assert.ok(setting.enum.includes(setting.default));
  });

  it("every algorithm is created; those described as needing a budget refuse to start without one", () => {
    for (const { name, detail } of ALGORITHM_INFO) {
      assert.ok(createAlgorithm(name, { budget }).sampler, name);
      if (/needs a budget/.test(detail)) assert.throws(() => createAlgorithm(name), /needs a budget/, name);
      else assert.ok(createAlgorithm(name).sampler, name);
    }
  });

  it("every pruner name is accepted by createAlgorithm and createPruner", () => {
    for (const pruner of PRUNER_NAMES) {
      assert.ok(createAlgorithm("random", { budget, pruner }).sampler, pruner);
      if (pruner !== "none") assert.ok(createPruner(pruner, { budget }), pruner);
    }
    assert.throws(() => createAlgorithm("random", { pruner: "bohb" }), /choose one of: hyperband, asha, median/);
  });
});
