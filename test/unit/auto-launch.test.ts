import { strict as assert } from "node:assert";
import { join } from "node:path";
import { autoArgs, autoOutDir, csvColumns, likelyTarget } from "../../src/extension/model/autoLaunch";

describe("Search a Model for This Data… (pure parts)", () => {
  it("starts attune auto with an argument array: the data, the budget, the output, the target", () => {
    const args = autoArgs("/ext/dist/cli.js", {
      data: "/w/my data; rm -rf ~.csv",
      target: "price (€)",
      time: "5m",
      out: "/w/attune-auto/x",
      tfjsBackend: "auto",
    });
    assert.deepEqual(args, [
      "/ext/dist/cli.js",
      "auto",
      "/w/my data; rm -rf ~.csv",
      "--time",
      "5m",
      "--out",
      "/w/attune-auto/x",
      "--target",
      "price (€)",
    ]);
    assert.deepEqual(autoArgs("c", { data: "d", time: "1m", out: "o", tfjsBackend: "wasm" }).slice(-2), [
      "--tfjs-backend",
      "wasm",
    ]);
  });

  it("reads a header's columns, quotes and BOM included, and offers a label-like column first", () => {
    assert.deepEqual(csvColumns('\uFEFFa,"b, c","say ""hi""",d\r'), ["a", "b, c", 'say "hi"', "d"]);
    assert.equal(likelyTarget(["x", "Label", "z"]), "Label");
    assert.equal(likelyTarget(["x", "y2", "price"]), "price");
  });

  it("writes each data set's search into a folder of its own under attune-auto/", () => {
    assert.equal(autoOutDir("/w", "/w/data/sales 2024.csv"), join("/w", "attune-auto", "sales-2024"));
    assert.equal(autoOutDir("/w", "/w/images/"), join("/w", "attune-auto", "images"));
  });
});
