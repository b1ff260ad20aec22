// The layer rules in eslint.config.mjs (docs/architecture.md), run through ESLint's Node API on fixture texts that
// pretend to live in each layer: a rule that silently matches nothing would pass every real file, so this checks it
// bites.
import { strict as assert } from "node:assert";
import { join } from "node:path";
import { ESLint } from "eslint";

const ROOT = join(__dirname, "..", "..");

describe("layers (eslint.config.mjs)", function () {
  this.timeout(60_000);
  const eslint = new ESLint({ cwd: ROOT, overrideConfigFile: join(ROOT, "eslint.config.mjs") });

  /** The no-restricted-imports messages for `text` linted as if it were the file at `filePath`. */
  async function layerErrors(text: string, filePath: string): Promise<string[]> {
    const [result] = await eslint.lintText(text, { filePath: join(ROOT, filePath) });
    assert.ok(result, `no result for ${filePath}`);
    return result.messages.filter((m) => m.ruleId === "no-restricted-imports").map((m) => m.message);
  }

  it("an engine file importing node:fs, fs/promises or os is refused with the layer's rule", async () => {
    for (const mod of ["node:fs", "fs", "fs/promises", "node:os", "child_process", "node:path", "vscode", "pg"]) {
      const errors = await layerErrors(`import * as m from "${mod}";\nexport const x = m;\n`, "src/core/fixture.ts");
      assert.equal(errors.length, 1, `${mod}: ${JSON.stringify(errors)}`);
      assert.match(errors[0], /the engine does no I\/O: move this to src\/storage or src\/runner/);
    }
  });

  it("an engine file importing an upper layer is refused", async () => {
    for (const [file, mod] of [
      ["src/core/fixture.ts", "../storage/journal"],
      ["src/core/samplers/fixture.ts", "../../runner/orchestrator"],
      ["src/core/fixture.ts", "../extension/model/startOptions"],
    ]) {
      const errors = await layerErrors(`import * as m from "${mod}";\nexport const x = m;\n`, file);
      assert.equal(errors.length, 1, `${file} -> ${mod}`);
      assert.match(errors[0], /the engine imports no layer above it/);
    }
  });

  it("an engine file importing another engine file passes", async () => {
    const text = `import { Rng } from "../rng";\nimport type { Trial } from "../types";\nexport const x: Trial[] = [];\nexport const r = Rng;\n`;
    assert.deepEqual(await layerErrors(text, "src/core/samplers/fixture.ts"), []);
    assert.deepEqual(
      await layerErrors(
        `import { applyEvent } from "./events";\nexport const a = applyEvent;\n`,
        "src/core/fixture.ts",
      ),
      [],
    );
  });

  it("a storage file may use fs and the engine, not the runner", async () => {
    const ok = `import { readFileSync } from "node:fs";\nimport { Study } from "../core/study";\nexport const a = [readFileSync, Study];\n`;
    assert.deepEqual(await layerErrors(ok, "src/storage/fixture.ts"), []);
    const bad = `import { runTrial } from "../runner/orchestrator";\nexport const a = runTrial;\n`;
    assert.match((await layerErrors(bad, "src/storage/fixture.ts"))[0] ?? "", /src\/storage builds on src\/core only/);
  });

  it("a runner file may not import storage; cli and extension may import anything below", async () => {
    const bad = `import { Journal } from "../storage/journal";\nexport const a = Journal;\n`;
    assert.match((await layerErrors(bad, "src/runner/fixture.ts"))[0] ?? "", /src\/runner builds on src\/core only/);
    const all = `import * as a from "../storage/journal";\nimport * as b from "../runner/orchestrator";\nimport * as c from "node:fs";\nexport const x = [a, b, c];\n`;
    assert.deepEqual(await layerErrors(all, "src/cli/fixture.ts"), []);
    assert.deepEqual(await layerErrors(all, "src/extension/fixture.ts"), []);
  });

  it("the trial runtime (src/runner/runtime/*.cjs) is linted as Node CommonJS, not ignored", async () => {
    const text = `"use strict";\nconst fs = require("fs");\nmodule.exports = { fs, dir: __dirname, x: notDefined };\n`;
    const [result] = await eslint.lintText(text, { filePath: join(ROOT, "src/runner/runtime/fixture.cjs") });
    assert.deepEqual(
      result.messages.map((m) => `${m.ruleId}: ${m.message}`),
      ["no-undef: 'notDefined' is not defined."],
    );
  });

  it("a webview file may import src/protocol and the pure helpers, not src/runner, other engine files or Node", async () => {
    const ok = `import type { HostMessage } from "../../src/protocol/messages";\nimport { formatValue } from "../../src/core/format";\nimport { extrapolate } from "../../src/core/curves/extrapolate";\nexport const x = [formatValue, extrapolate] as unknown as HostMessage;\n`;
    assert.deepEqual(await layerErrors(ok, "webview/ui/fixture.ts"), []);
    for (const mod of [
      "../../src/runner/orchestrator",
      "../../src/core/study",
      "../../src/core/formatting",
      "node:fs",
    ]) {
      const errors = await layerErrors(`import * as m from "${mod}";\nexport const x = m;\n`, "webview/ui/fixture.ts");
      assert.equal(errors.length, 1, mod);
      assert.match(errors[0], /webview\/ (imports only src\/protocol|runs in the browser)/);
    }
  });
});
