// `npm run test:integration`: the @vscode/test-electron tier — the extension in a downloaded desktop VS Code,
// running test/integration/suite against test/integration/fixture.
//
// It needs to download VS Code (update.code.visualstudio.com). Where it cannot (this project's CI reaches only the
// npm registry and Debian), it prints "SKIPPED: cannot download VS Code: <reason>", then runs the same suite in
// code-server's extension host when scripts/e2e-setup.sh has installed it (so the suite itself is still exercised),
// and prints "N passed, N failed, 1 skipped". The exit code is never 0 for a skipped tier: 1 when a test failed,
// else 2. Set ATTUNE_INTEGRATION_ALLOW_SKIP=1 to accept the skip (exit 0 when nothing failed). Flags:
//   --no-code-server   do not fall back to code-server
// On Linux without a display, run the desktop tier under `xvfb-run -a npm run test:integration`.
import * as fs from "node:fs";
import * as path from "node:path";
import { downloadAndUnzipVSCode, runTests } from "@vscode/test-electron";
import { runInCodeServer } from "./codeServer";
import { bundleSuite, fixtureCopy, out, stageExtension } from "./prepare";

const VERSION = process.env.ATTUNE_VSCODE_VERSION ?? "stable";
const DOWNLOAD_TIMEOUT_MS = 120_000;

async function download(): Promise<string | { skipped: string }> {
  try {
    return await Promise.race([
      downloadAndUnzipVSCode({ version: VERSION, timeout: DOWNLOAD_TIMEOUT_MS }),
      new Promise<never>((_, reject) =>
        setTimeout(
          () => reject(new Error(`no download within ${DOWNLOAD_TIMEOUT_MS / 1000} s`)),
          DOWNLOAD_TIMEOUT_MS,
        ).unref(),
      ),
    ]);
  } catch (e) {
    return { skipped: (e as Error).message.split("\n")[0] };
  }
}

async function desktop(vscodeExecutablePath: string): Promise<number> {
  fs.mkdirSync(out, { recursive: true });
  const extensionTestsPath = await bundleSuite();
  const extensionDevelopmentPath = stageExtension();
  const userDataDir = fs.mkdtempSync(path.join(out, "user-"));
  return runTests({
    vscodeExecutablePath,
    extensionDevelopmentPath,
    extensionTestsPath,
    launchArgs: [
      fixtureCopy(),
      "--disable-extensions",
      "--disable-workspace-trust",
      `--user-data-dir=${userDataDir}`,
      "--skip-welcome",
      "--skip-release-notes",
    ],
  }).catch((e: unknown) => {
    console.error(`integration tests failed: ${(e as Error)?.message ?? e}`);
    return 1;
  });
}

async function main(): Promise<number> {
  const vscode = await download();
  if (typeof vscode === "string") return desktop(vscode);

  console.log(`SKIPPED: cannot download VS Code: ${vscode.skipped}`);
  let passed = 0;
  let failed = 0;
  if (!process.argv.includes("--no-code-server")) {
    console.log("Running the same suite in code-server's extension host instead (test/integration/codeServer.ts):");
    try {
      const r = await runInCodeServer();
      process.stdout.write(r.output.replace(/^/gm, "  "));
      passed = r.passed;
      failed = r.failed || (r.ok ? 0 : 1);
      if (!r.ok) console.log(`code-server tier failed: ${r.error ?? "unknown error"}`);
    } catch (e) {
      console.log(`code-server tier could not run: ${(e as Error).message}`);
      failed = 1;
    }
  }
  console.log(`${passed} passed, ${failed} failed, 1 skipped`);
  if (failed > 0) return 1;
  return process.env.ATTUNE_INTEGRATION_ALLOW_SKIP === "1" ? 0 : 2;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
