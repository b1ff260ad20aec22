// What a `.vsix` alone must do for JavaScript and TypeScript: no esbuild in the project or next to Attune (the carried
// sucrase transpiles) and no `node` on PATH (trials run on the runtime that runs Attune). Sibling modules, ES modules,
// the user's line numbers in a failure, and a syntax error as one sentence.
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { workspace } from "./helpers";

/** Attune's dist/ and bin/ copied away from this repository's node_modules: no esbuild can be found from there. */
function isolatedCli(): string {
  const root = mkdtempSync(join(tmpdir(), "attune-alone-"));
  const repo = resolve(__dirname, "../..");
  cpSync(join(repo, "dist"), join(root, "dist"), { recursive: true, filter: (p) => !p.endsWith(".map") });
  cpSync(join(repo, "bin"), join(root, "bin"), { recursive: true });
  writeFileSync(join(root, "package.json"), JSON.stringify({ name: "attune", version: "0.0.0" }));
  return join(root, "bin", "attune.js");
}

/** Runs the CLI with a PATH that has no node on it (the runtime is named by its absolute path, as VS Code does). */
function tuneAlone(cli: string, cwd: string, args: string[]) {
  const r = spawnSync(process.execPath, [cli, "tune", ...args, "--json"], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, PATH: "/nonexistent", NODE_PATH: "" },
    timeout: 120_000,
  });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as {
    trials: { state: string; value?: number; params: Record<string, number>; error?: { message: string } }[];
  };
}

describe("JS and TS trials with nothing installed (the .vsix case)", function () {
  this.timeout(120_000);
  const cli = isolatedCli();

  it("transpiles TypeScript with the carried sucrase: sibling modules, enums, ES modules", () => {
    const ws = workspace({
      "model.ts":
        "export enum Act { Relu, Tanh }\nexport const score = (k: number, a: Act): number => (k - 2) ** 2 + a;\n",
      "train.ts": [
        'import { Act, score } from "./model";',
        "const k: number = 3; // @tune int(1, 4)",
        "// @tune objective: minimize err",
        "console.log(`err: ${score(k, Act.Tanh)}`);",
        "",
      ].join("\n"),
      "esm/package.json": '{ "type": "module" }',
      "esm/util.ts": "export const sq = (x: number): number => x * x;\n",
      "esm/train.mts": [
        'import { sq } from "./util.js";',
        "const x: number = 0.5; // @tune float(0, 1)",
        "// @tune objective: minimize err",
        "console.log(`err: ${sq(x - 0.25)}`);",
        "",
      ].join("\n"),
    });
    for (const t of tuneAlone(cli, ws, ["train.ts", "--algorithm", "grid", "--trials", "4"]).trials) {
      assert.equal(t.state, "complete", t.error?.message);
      assert.equal(t.value, (t.params.k - 2) ** 2 + 1);
    }
    for (const t of tuneAlone(cli, join(ws, "esm"), ["train.mts", "--algorithm", "random", "--trials", "2"]).trials) {
      assert.equal(t.state, "complete", t.error?.message);
      assert.ok(Math.abs(t.value! - (t.params.x - 0.25) ** 2) < 1e-12);
    }
  });

  it("runs JavaScript on the runtime that runs Attune", () => {
    const ws = workspace({
      "a.js": [
        "const lr = 0.5; // @tune float(0, 1)",
        "// @tune objective: minimize err",
        'console.log("err=" + Math.abs(lr - 0.25));',
        'console.log("runtime " + process.execPath);',
        "",
      ].join("\n"),
    });
    for (const t of tuneAlone(cli, ws, ["a.js", "--algorithm", "random", "--trials", "2"]).trials)
      assert.equal(t.state, "complete", t.error?.message);
    const log = spawnSync("cat", [join(ws, ".attune", "a.js", "trials", "0", "output.log")], { encoding: "utf8" });
    assert.match(log.stdout, new RegExp(`runtime ${process.execPath.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`));
  });

  it("keeps the user's line numbers in a failure, and a syntax error is one sentence with its line", () => {
    const ws = workspace({
      "crash.ts": [
        "interface Cfg { lr: number }",
        "const cfg: Cfg = { lr: 0.1 }; // @tune float(0.01, 1)",
        "// @tune objective: minimize err",
        "",
        "function step(c: Cfg): number {",
        "  if (c.lr > 0) throw new Error(`diverged at lr=${c.lr}`);",
        "  return 0;",
        "}",
        "console.log(`err: ${step(cfg)}`);",
        "",
      ].join("\n"),
      "bad.ts": "const x: number = 1; // @tune int(0, 3)\n// @tune objective: minimize err\nconst y: = 2;\n",
    });
    const crash = tuneAlone(cli, ws, ["crash.ts", "--algorithm", "random", "--trials", "1"]).trials[0];
    assert.equal(crash.state, "failed");
    const shown = spawnSync(process.execPath, [cli, "show", "crash.ts", "--json"], { cwd: ws, encoding: "utf8" });
    assert.match(crash.error!.message, /diverged at lr=/);
    assert.match(shown.stdout, /crash\.ts:6: if \(c\.lr > 0\) throw/, "the source line is the user's line 6");
    const bad = tuneAlone(cli, ws, ["bad.ts", "--algorithm", "random", "--trials", "1"]).trials[0];
    assert.equal(bad.state, "failed");
    assert.match(bad.error!.message, /^could not start the trial: bad\.ts:3:\d+: \S[^\n]*$/);
  });
});
