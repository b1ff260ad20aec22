// Entry point VS Code's test runner (@vscode/test-electron) loads inside the extension host: runs the mocha
// suite in this folder and rejects when any test fails (the runner then exits non-zero) — or when no test ran.
import * as fs from "node:fs";
import * as path from "node:path";
import Mocha from "mocha";

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: "bdd", color: false, timeout: 30_000, reporter: "spec" });
  // runTest.ts bundles each *.test.ts of this folder next to this file as *.test.js.
  const files = fs.readdirSync(__dirname).filter((n) => n.endsWith(".test.js"));
  for (const f of files) mocha.addFile(path.join(__dirname, f));
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const ran = runner.stats?.tests ?? 0;
      if (failures > 0) reject(new Error(`${failures} integration test(s) failed`));
      else if (ran === 0) reject(new Error(`no integration test ran (files: ${files.join(", ") || "none"})`));
      else resolve();
    });
  });
}
