// The one TypeScript transpile helper of trials (runtime/attune-transpile.cjs): the carried sucrase keeps every line
// where it was, both module formats work, esbuild is used when the project has it, and a syntax error is one
// sentence naming the user's file and line.
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Script } from "node:vm";

interface Helper {
  transpile(code: string, filename: string, format: "cjs" | "esm", esbuildDir?: string): string;
  findEsbuild(dir: string): string | undefined;
}
const helper = require("../../src/runner/runtime/attune-transpile.cjs") as Helper;
const repo = resolve(__dirname, "../..");

const TS = `import type { Foo } from "./foo";
import { basename } from "node:path";
interface Cfg { lr: number }
enum Mode { A, B }
class Model {
  constructor(private readonly units: number) {}
  size(): number { return this.units * 2; }
}
const cfg: Cfg = { lr: 1e-3 }; // @tune loguniform(1e-5, 1e-1)
const m = new Model(4) as Model;
console.log(basename("/a/b.txt"), Mode.B, m.size(), cfg.lr);
throw new Error("line 12");
`;

function runJs(dir: string, name: string, js: string, args: string[] = []): string {
  writeFileSync(join(dir, name), js);
  const r = spawnSync(process.execPath, [...args, join(dir, name)], { encoding: "utf8" });
  return r.stdout + r.stderr;
}

describe("runner: the TypeScript transpile helper", () => {
  it("sucrase keeps every line where it was, in CommonJS and in ES modules", () => {
    const dir = mkdtempSync(join(tmpdir(), "attune-ts-"));
    const file = join(dir, "train.ts");
    const cjs = helper.transpile(TS, file, "cjs");
    const out = runJs(dir, "out.cjs", cjs);
    assert.match(out, /b\.txt 1 8 0\.001/);
    assert.match(out, /out\.cjs:12\b/, out); // no source map needed: line 12 is line 12
    const esm = helper.transpile(TS, file, "esm");
    assert.match(esm, /^import \{ basename \} from "node:path";/m);
    const outEsm = runJs(dir, "out.mjs", esm);
    assert.match(outEsm, /out\.mjs:12\b/, outEsm);
    // The inline source map names the user's file, so --enable-source-maps reports train.ts:12.
    const mapped = runJs(dir, "mapped.cjs", cjs, ["--enable-source-maps"]);
    assert.match(mapped, /train\.ts:12\b/, mapped);
  });

  it("uses the project's esbuild when it is given one, with lines mapped back to the user's file", () => {
    const esbuild = helper.findEsbuild(repo);
    assert.ok(esbuild, "this repository has esbuild");
    assert.equal(helper.findEsbuild(mkdtempSync(join(tmpdir(), "attune-noesb-"))), undefined);
    const dir = mkdtempSync(join(tmpdir(), "attune-ts-"));
    const js = helper.transpile(TS, join(dir, "train.ts"), "cjs", esbuild);
    assert.match(js, /sourceMappingURL=data:application\/json;base64/);
    const out = runJs(dir, "out.cjs", js, ["--enable-source-maps"]);
    assert.match(out, /train\.ts:12\b/, out);
  });

  it("reports a syntax error as one sentence with the user's file and line, whichever transpiler", () => {
    const bad = "const a = 1;\nconst b: = 2;\n";
    for (const esbuild of [undefined, helper.findEsbuild(repo)]) {
      try {
        helper.transpile(bad, "/p/train.ts", "cjs", esbuild);
        assert.fail("no error");
      } catch (e) {
        const err = e as Error & { line?: number };
        assert.match(err.message, /^train\.ts:2:\d+: \S/, err.message);
        assert.doesNotMatch(err.message, /\n|Error transforming|\/p\//);
        assert.equal(err.line, 2);
      }
    }
  });

  it("refuses a namespace with values under sucrase (which would drop it) and names the fix", () => {
    const code = "const a = 1;\nnamespace Util {\n  export const x = 1;\n}\nconsole.log(Util.x);\n";
    assert.throws(
      () => helper.transpile(code, "/p/train.ts", "cjs"),
      /train\.ts:2: TypeScript namespaces need esbuild: run `npm install --save-dev esbuild`/,
    );
    const js = helper.transpile(code, "/p/train.ts", "cjs", helper.findEsbuild(repo));
    assert.match(js, /Util/);
    assert.doesNotThrow(() => helper.transpile("declare namespace NodeJS { interface X {} }\n", "/p/a.ts", "cjs"));
  });

  it("transpiles TSX too", () => {
    const js = helper.transpile("const f = (n: number) => <b>{n}</b>;\nconsole.log(typeof f);\n", "/p/view.tsx", "cjs");
    assert.match(js, /React\.createElement|jsx/);
    assert.equal(js.split("\n")[1], "console.log(typeof f);");
    new Script(js); // plain JavaScript: no types, no JSX left
  });
});
