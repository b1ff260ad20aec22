// Bundles the library, CLI, extension and webview with esbuild, and copies the runner's runtime helpers.
import { build } from "esbuild";
import { cpSync, mkdirSync } from "node:fs";

const production = process.argv.includes("--production");
const common = { bundle: true, sourcemap: !production, minify: production, logLevel: "warning", target: "node20" };

const node = [
  // esbuild's JS API drives a native binary and cannot be bundled: it stays a runtime dependency (TS trials).
  { in: "src/index.ts", out: "dist/index.js", external: ["esbuild"] },
  { in: "src/cli/main.ts", out: "dist/cli.js", external: ["esbuild"] },
  { in: "src/extension/extension.ts", out: "dist/extension.js", external: ["vscode", "esbuild"] },
  // The PostgreSQL client's thread (storage/postgres/syncClient.ts); pg-native is an optional add-on pg never needs.
  { in: "src/core/storage/postgres/worker.ts", out: "dist/pgWorker.js", external: ["pg-native"] },
];
const jobs = [];
for (const e of node) {
  jobs.push(
    build({
      ...common,
      entryPoints: [e.in],
      outfile: e.out,
      platform: "node",
      format: "cjs",
      external: e.external ?? [],
    }),
  );
}
jobs.push(
  build({
    ...common,
    entryPoints: ["webview/main.ts"],
    outfile: "dist/webview/webview.js",
    platform: "browser",
    format: "iife",
    target: "es2022",
  }),
);
await Promise.all(jobs);
mkdirSync("dist/runtime", { recursive: true });
cpSync("src/core/runner/runtime", "dist/runtime", { recursive: true });
