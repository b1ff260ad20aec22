// The package as users get it: what it installs, and that the folder packs as a working extension.
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const ROOT = resolve(__dirname, "../..");
const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));

describe("package", () => {
  it("installs no example-only packages for its users", () => {
    const runtime = Object.keys(pkg.dependencies ?? {});
    for (const name of ["@tensorflow/tfjs", "@tensorflow/tfjs-backend-wasm", "mnist"]) {
      assert.ok(!runtime.includes(name), `${name} is a runtime dependency`);
      assert.ok(pkg.devDependencies[name], `${name} is missing from devDependencies (the examples need it)`);
    }
  });

  it("can be packed by plain `vsce package`: a repository for README images, one file-list strategy", () => {
    assert.match(pkg.repository.url, /github\.com\//);
    // vsce runs this first, so a fresh clone packs without a separate build.
    assert.match(pkg.scripts["vscode:prepublish"], /scripts\/build\.mjs/);
    // vsce refuses a package with both `files` and .vscodeignore; npm's list is .npmignore instead.
    assert.equal(pkg.files, undefined);
    assert.ok(existsSync(join(ROOT, ".vscodeignore")) && existsSync(join(ROOT, ".npmignore")));
    assert.match(
      readFileSync(join(ROOT, ".vscodeignore"), "utf8"),
      new RegExp(`^!${pkg.main.replace(/^\.\//, "")}$`, "m"),
    );
  });

  it("hands activation from the package's main to the extension bundle", () => {
    // Outside VS Code the extension bundle cannot find `vscode`: that error, from dist/extension.js, shows the handoff.
    const r = spawnSync(
      process.execPath,
      ["-e", `const m = require(${JSON.stringify(join(ROOT, pkg.main))}); m.activate({});`],
      { encoding: "utf8" },
    );
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /Cannot find module 'vscode'/);
    assert.match(r.stderr, /dist[\\/]extension\.js/);
  });

  it("ships the TF.js helpers' entry (tfjs.js, tfjs.d.ts) in the .vsix and the npm package, loading dist/runtime there", () => {
    for (const list of [".vscodeignore", ".npmignore"]) {
      const text = readFileSync(join(ROOT, list), "utf8");
      for (const f of ["tfjs.js", "tfjs.d.ts"])
        assert.match(text, new RegExp(`^!/?${f.replace(".", "\\.")}$`, "m"), list);
    }
    assert.match(readFileSync(join(ROOT, "scripts/package-vsix.mjs"), "utf8"), /"tfjs\.js",\s*"tfjs\.d\.ts"/);
    // An installed copy has no src/: the entry loads the runtime the build copies to dist/runtime.
    const dir = mkdtempSync(join(tmpdir(), "attune-tfjs-entry-"));
    try {
      cpSync(join(ROOT, "tfjs.js"), join(dir, "tfjs.js"));
      cpSync(join(ROOT, "src/runner/runtime"), join(dir, "dist/runtime"), { recursive: true });
      const r = spawnSync(
        process.execPath,
        [
          "-e",
          `const h = require(${JSON.stringify(join(dir, "tfjs"))}); console.log(typeof h.hypergradient, typeof h.morph.widen, typeof h.morph.deepen, Object.keys(require.cache).some((f) => f.includes("dist/runtime/attune-tfjs.cjs")))`,
        ],
        { encoding: "utf8" },
      );
      assert.equal(r.stdout.trim(), "function function function true", r.stderr);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
