// What both integration runners need: the suite bundled for the extension host (out/integration/*.js) and the
// extension staged like the .vsix (production build; `main` pointing at dist/extension.js).
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { build } from "esbuild";

export const repo = path.resolve(__dirname, "../..");
export const out = path.join(repo, "out/integration");
export const fixture = path.join(__dirname, "fixture");

/** Bundles suite/index.ts and every suite/*.test.ts into out/integration/suite; returns the index.js path. */
export async function bundleSuite(): Promise<string> {
  const dir = path.join(out, "suite");
  fs.rmSync(dir, { recursive: true, force: true });
  const suite = path.join(__dirname, "suite");
  const entries = fs.readdirSync(suite).filter((f) => f === "index.ts" || f.endsWith(".test.ts"));
  await build({
    entryPoints: entries.map((f) => path.join(suite, f)),
    outdir: dir,
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    // vscode is the host's; mocha is resolved from the repo's node_modules at run time.
    external: ["vscode", "mocha"],
    logLevel: "warning",
  });
  return path.join(dir, "index.js");
}

/** The production build, staged as the .vsix stages it. Returns the extension folder. */
export function stageExtension(): string {
  execFileSync(process.execPath, ["scripts/build.mjs", "--production"], { cwd: repo, stdio: "inherit" });
  const stage = path.join(out, "extension");
  fs.rmSync(stage, { recursive: true, force: true });
  fs.mkdirSync(stage, { recursive: true });
  const pkg = JSON.parse(fs.readFileSync(path.join(repo, "package.json"), "utf8")) as Record<string, unknown>;
  pkg.main = "./dist/extension.js";
  for (const k of ["scripts", "dependencies", "devDependencies", "optionalDependencies", "bin", "files"]) delete pkg[k];
  fs.writeFileSync(path.join(stage, "package.json"), JSON.stringify(pkg, null, 2));
  fs.cpSync(path.join(repo, "dist"), path.join(stage, "dist"), { recursive: true });
  if (fs.existsSync(path.join(repo, "media")))
    fs.cpSync(path.join(repo, "media"), path.join(stage, "media"), { recursive: true });
  return stage;
}

/** A scratch copy of the fixture folder, so a failing edit test never dirties the repo. */
export function fixtureCopy(): string {
  const dir = fs.mkdtempSync(path.join(out, "ws-"));
  fs.cpSync(fixture, dir, { recursive: true });
  return dir;
}
