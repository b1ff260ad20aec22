// Bundles the library, CLI, extension and webview with esbuild, and copies the runner's runtime helpers.
import { build } from "esbuild";
import { cpSync, mkdirSync } from "node:fs";

const production = process.argv.includes("--production");
// ATTUNE_BUILD_NAMES=1 keeps function names in a production build, so a CPU profile names them (bench/extension).
const names = process.env.ATTUNE_BUILD_NAMES === "1";
const common = {
  bundle: true,
  sourcemap: !production,
  // (`minify` would override minifyIdentifiers: name the three parts instead.)
  minifyWhitespace: production,
  minifySyntax: production,
  minifyIdentifiers: production && !names,
  logLevel: "warning",
  target: "node20",
};

const node = [
  // esbuild's JS API drives a native binary and cannot be bundled: it stays a runtime dependency (TS trials).
  { in: "src/index.ts", out: "dist/index.js", external: ["esbuild"] },
  { in: "src/cli/main.ts", out: "dist/cli.js", external: ["esbuild"] },
  // `attune predict` alone (bin/attune.js): it starts without loading the engine, to answer in well under 2 s.
  { in: "src/cli/predictMain.ts", out: "dist/predict.js" },
  { in: "src/extension/extension.ts", out: "dist/extension.js", external: ["vscode", "esbuild"] },
  // The PostgreSQL client's thread (storage/postgres/syncClient.ts); pg-native is an optional add-on pg never needs.
  { in: "src/storage/postgres/worker.ts", out: "dist/pgWorker.js", external: ["pg-native"] },
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
mkdirSync("dist/runtime", { recursive: true });
// attune-seed.cjs requires the engine's generator (src/core/sfc32.cjs) by its source path: it is bundled below.
cpSync("src/runner/runtime", "dist/runtime", {
  recursive: true,
  filter: (src) => !src.endsWith("attune-seed.cjs"),
});
jobs.push(
  build({
    entryPoints: ["src/runner/runtime/attune-seed.cjs"],
    bundle: true,
    legalComments: "none",
    logLevel: "warning",
    outfile: "dist/runtime/attune-seed.cjs",
    platform: "node",
    format: "cjs",
    target: "node18",
  }),
);
// `attune/data` (src/data, docs/model-search.md#the-data-module): required by the train.ts `attune auto` writes, run in
// the trial's own Node, so it carries its CSV parser and image decoders (the .vsix has no node_modules).
jobs.push(
  build({
    ...common,
    entryPoints: ["src/data/index.ts"],
    outfile: "dist/runtime/attune-data.cjs",
    platform: "node",
    format: "cjs",
    legalComments: "none",
  }),
);
// The TypeScript transpiler every install carries (runtime/attune-transpile.cjs uses it when the user's project has
// no esbuild): sucrase, pure JavaScript, bundled into one file so the .vsix needs no node_modules.
jobs.push(
  build({
    stdin: { contents: 'module.exports = { transform: require("sucrase").transform };', resolveDir: "." },
    bundle: true,
    minify: true,
    legalComments: "none",
    logLevel: "warning",
    outfile: "dist/runtime/attune-sucrase.cjs",
    platform: "node",
    format: "cjs",
    target: "node18",
  }),
);
// TensorFlow.js for scripts whose project has none (a train.ts `attune auto` wrote, run from the .vsix): the pure-JS
// library with the wasm backend in one bundle (one tfjs-core, so the backend registers with the library the script
// uses), its .wasm binaries beside it. A project's own TF.js always wins (runtime/attune-preload.cjs).
jobs.push(
  build({
    stdin: {
      contents:
        'const tf = require("@tensorflow/tfjs"); const wasm = require("@tensorflow/tfjs-backend-wasm");' +
        'wasm.setWasmPaths(require("path").join(__dirname, "/")); module.exports = tf;',
      resolveDir: ".",
    },
    bundle: true,
    minify: true,
    legalComments: "none",
    logLevel: "warning",
    outfile: "dist/runtime/attune-tfjs-bundle.cjs",
    platform: "node",
    format: "cjs",
    target: "node18",
  }),
);
for (const f of ["tfjs-backend-wasm.wasm", "tfjs-backend-wasm-simd.wasm", "tfjs-backend-wasm-threaded-simd.wasm"])
  cpSync(`node_modules/@tensorflow/tfjs-backend-wasm/dist/${f}`, `dist/runtime/${f}`);
await Promise.all(jobs);
