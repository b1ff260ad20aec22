// Lint: typescript-eslint's recommended rules on the sources, tests and benchmarks (formatting is prettier's job).
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import { builtinModules } from "node:module";

// Layers (docs/architecture.md): src/core is the engine and does no I/O; src/storage and src/runner sit on it and not
// on each other; src/cli and src/extension may use everything below; webview/ is a browser bundle that sees only
// src/protocol and a few pure engine helpers. A relative import names its layer by the folder after the `../`s.

// Bare and `node:` forms; a regex, because a gitignore-style group "events" would also match "./events".
// Every builtin, node:path included: I/O-free, but platform-dependent, and the engine (parts of it run in the webview)
// has no use for it.
const NODE_BASES = [...new Set(builtinModules.map((m) => m.replace(/^node:/, "").split("/")[0]))].filter(
  (m) => !m.startsWith("_"),
);
const NODE_GLOBALS = Object.fromEntries(
  ["require", "module", "exports", "__dirname", "__filename", "process", "Buffer", "console", "URL"]
    .concat(["setTimeout", "clearTimeout", "setInterval", "clearInterval", "setImmediate", "globalThis"])
    .map((g) => [g, "readonly"]),
);
const HOST = ["pg", "vscode", "esbuild", "sucrase"];
const layer = (names) => `^(\\.\\./)+(${names.join("|")})(/|$)`;
const ENGINE_IO = "the engine does no I/O: move this to src/storage or src/runner, see docs/architecture.md";
const restrict = (...patterns) => ({ "no-restricted-imports": ["error", { patterns }] });
const nodeAndHost = (message) => [{ regex: `^(node:.+|(${[...NODE_BASES, ...HOST].join("|")})(/.*)?)$`, message }];

export default tseslint.config(
  {
    ignores: [
      "node_modules/",
      "dist/",
      ".e2e/",
      ".attune/",
      "out/",
      "test-results/",
      "**/*.mjs",
      "**/*.cjs",
      "**/*.js",
      // Plain JS that runs in users' trials, or is shared with them: linted below.
      "!src/runner/runtime/*.cjs",
      "!src/runner/runtime/*.mjs",
      "!src/core/sfc32.cjs",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" },
      ],
      "@typescript-eslint/no-non-null-assertion": "off",
      "@typescript-eslint/no-explicit-any": "error",
      "no-constant-condition": ["error", { checkLoops: false }],
      // Lazy require() keeps optional and heavy modules (TF.js backends, esbuild, the webview host) off start-up.
      "@typescript-eslint/no-require-imports": "off",
      // Terminal output is parsed: ANSI escapes and control characters are what the regexes are for.
      "no-control-regex": "off",
    },
  },
  {
    // Functions a reader can hold: split by responsibility before one outgrows a screen.
    files: ["src/**/*.ts", "webview/**/*.ts"],
    rules: { "max-lines-per-function": ["error", { max: 80 }] },
  },
  {
    // The trial runtime (src/runner/runtime) is loaded as is into the user's Node process, so it is checked here and by
    // tsconfig.runtime.json instead of being compiled.
    files: ["src/runner/runtime/*.cjs", "src/core/sfc32.cjs"],
    languageOptions: { sourceType: "commonjs", globals: NODE_GLOBALS },
  },
  {
    files: ["src/runner/runtime/*.mjs"],
    languageOptions: { sourceType: "module", globals: NODE_GLOBALS },
  },
  {
    files: ["src/core/**/*.ts"],
    rules: restrict(...nodeAndHost(ENGINE_IO), {
      regex: layer(["storage", "runner", "cli", "extension", "protocol"]),
      message:
        "the engine imports no layer above it: pass what it needs in (see Store in study.ts), see docs/architecture.md",
    }),
  },
  {
    files: ["src/protocol/**/*.ts"],
    rules: restrict(
      ...nodeAndHost(
        "src/protocol is shared with the browser webview: no Node or host modules, see docs/architecture.md",
      ),
      {
        regex: layer(["core", "storage", "runner", "cli", "extension"]),
        message:
          "src/protocol is the typed host<->webview contract and imports nothing but itself, see docs/architecture.md",
      },
    ),
  },
  {
    files: ["src/storage/**/*.ts"],
    rules: restrict({
      regex: layer(["runner", "cli", "extension"]),
      message: "src/storage builds on src/core only (not src/runner, cli or extension), see docs/architecture.md",
    }),
  },
  {
    files: ["src/data/**/*.ts"],
    rules: restrict({
      regex: layer(["storage", "runner", "cli", "extension", "protocol"]),
      message:
        "src/data is bundled into the trials' runtime (attune/data) and builds on src/core only, see docs/architecture.md",
    }),
  },
  {
    files: ["src/runner/**/*.ts"],
    rules: restrict({
      regex: layer(["storage", "cli", "extension"]),
      message:
        "src/runner builds on src/core only: let the caller (cli, extension) wire in storage, see docs/architecture.md",
    }),
  },
  {
    files: ["webview/**/*.ts"],
    rules: restrict(...nodeAndHost("webview/ runs in the browser: no Node or host modules, see docs/architecture.md"), {
      // Pure helpers only: format.ts, improvement.ts, curves/extrapolate.ts and the types they use.
      regex: "^(\\.\\./)+src/(?!protocol/|core/(format|improvement|types|curves/extrapolate)$)",
      message:
        "webview/ imports only src/protocol and the pure helpers listed in eslint.config.mjs, see docs/architecture.md",
    }),
  },
);
