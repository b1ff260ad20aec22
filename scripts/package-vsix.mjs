// `npm run package`: a production build, then a .vsix of the bundled extension (see .vscodeignore). The npm
// package's `main` is the library (docs/library.md), while VS Code loads `main` as the extension, so the .vsix is
// packed from a staging folder whose package.json points `main` at dist/extension.js and carries no npm dependencies.
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve, sep } from "node:path";

const root = resolve(import.meta.dirname, "..");
const run = (cmd, args, cwd = root) => execFileSync(cmd, args, { cwd, stdio: "inherit" });

run(process.execPath, ["scripts/build.mjs", "--production"]);
for (const f of ["dist/extension.js", "dist/cli.js", "dist/runtime/attune_bootstrap.py"])
  if (!existsSync(join(root, f))) throw new Error(`${f} is missing after the build`);
if (!existsSync(join(root, "dist/webview/webview.js")))
  console.warn("warning: dist/webview/webview.js is missing; the panel will be empty");

const stage = mkdtempSync(join(tmpdir(), "attune-vsix-"));
try {
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  pkg.main = "./dist/extension.js";
  for (const k of [
    "bin",
    "files",
    "scripts",
    "dependencies",
    "devDependencies",
    "optionalDependencies",
    "peerDependencies",
  ])
    delete pkg[k];
  writeFileSync(join(stage, "package.json"), JSON.stringify(pkg, null, 2) + "\n");
  const copy = (rel) =>
    existsSync(join(root, rel)) &&
    cpSync(join(root, rel), join(stage, rel), {
      recursive: true,
      filter: (src) => !src.endsWith(".map") && !src.includes(`${sep}screenshots`),
    });
  // tfjs.js and tfjs.d.ts: `require("<extension folder>/tfjs")` (docs/model-search.md) loads dist/runtime's helpers.
  for (const rel of [
    "dist",
    "media",
    "README.md",
    "LICENSE",
    "LICENSE.md",
    "LICENSE.txt",
    ".vscodeignore",
    "tfjs.js",
    "tfjs.d.ts",
  ])
    copy(rel);
  const out = join(root, `${pkg.name}-${pkg.version}.vsix`);
  const vsce = join(root, "node_modules", "@vscode", "vsce", "vsce");
  const hasLicense = ["LICENSE", "LICENSE.md", "LICENSE.txt"].some((f) => existsSync(join(stage, f)));
  run(
    process.execPath,
    [
      vsce,
      "package",
      "--no-dependencies",
      "--allow-missing-repository",
      "--no-rewrite-relative-links",
      ...(hasLicense ? [] : ["--skip-license"]),
      "-o",
      out,
    ],
    stage,
  );
  const mb = statSync(out).size / 1024 / 1024;
  console.log(`${out}: ${mb.toFixed(2)} MB`);
  if (mb > 5) {
    console.error("the .vsix is larger than 5 MB");
    process.exitCode = 1;
  }
} finally {
  rmSync(stage, { recursive: true, force: true });
}
