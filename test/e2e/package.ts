// Produces the .vsix the e2e installs — the way a user gets it. Order of preference:
//   1. $ATTUNE_VSIX (an already-built package, e.g. from CI's packaging step);
//   2. `npm run package` (the project's own packaging script) → the newest attune-*.vsix it wrote;
//   3. while that script does not exist yet: a production build packaged with `vsce` from a staging folder that
//      holds only package.json, dist/, media/ and the README (never the repo's sources or caches).
// Any failure throws with the tool's output: the e2e must never run against a stale or missing package.
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

const repo = path.resolve(__dirname, "../..");

function run(cmd: string, args: string[], cwd: string, timeoutMs: number): void {
  try {
    execFileSync(cmd, args, { cwd, stdio: ["ignore", "pipe", "pipe"], encoding: "utf8", timeout: timeoutMs });
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; message: string };
    const tail = `${err.stdout ?? ""}\n${err.stderr ?? ""}`.trim().split("\n").slice(-30).join("\n");
    throw new Error(`${cmd} ${args.join(" ")} failed: ${err.message.split("\n")[0]}\n${tail}`, { cause: e });
  }
}

function newestVsix(dir: string, since: number): string | undefined {
  if (!fs.existsSync(dir)) return undefined;
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".vsix"))
    .map((f) => path.join(dir, f))
    .filter((f) => fs.statSync(f).mtimeMs >= since)
    .sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs)[0];
}

export interface Packaged {
  vsix: string;
  how: string;
}

let cached: Packaged | undefined;

/** Packages once per test process (both e2e suites install the same package). */
export function packageExtension(): Packaged {
  if (!cached || !fs.existsSync(cached.vsix)) cached = packageOnce();
  return cached;
}

function packageOnce(): Packaged {
  const env = process.env.ATTUNE_VSIX;
  if (env) {
    if (!fs.existsSync(env)) throw new Error(`ATTUNE_VSIX=${env} does not exist`);
    return { vsix: env, how: "$ATTUNE_VSIX" };
  }
  const pkg = JSON.parse(fs.readFileSync(path.join(repo, "package.json"), "utf8")) as {
    scripts?: Record<string, string>;
    contributes?: unknown;
  };
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const since = Date.now() - 1000;
  if (pkg.scripts?.package) {
    run(npm, ["run", "package"], repo, 300_000);
    const vsix = newestVsix(repo, since) ?? newestVsix(path.join(repo, "dist"), since);
    if (!vsix) throw new Error("`npm run package` succeeded but wrote no new .vsix in the repo root or dist/");
    return { vsix, how: "npm run package" };
  }
  return packageFromStage(pkg);
}

/** Fallback until `npm run package` exists: build for production and package a clean staging copy. */
function packageFromStage(pkg: Record<string, unknown>): Packaged {
  if (!fs.existsSync(path.join(repo, "src/extension/extension.ts"))) {
    throw new Error("no src/extension/extension.ts yet: there is no extension to package");
  }
  run(process.execPath, ["scripts/build.mjs", "--production"], repo, 300_000);
  if (!fs.existsSync(path.join(repo, "dist/extension.js"))) throw new Error("the build wrote no dist/extension.js");
  const stage = path.join(repo, ".e2e/stage");
  fs.rmSync(stage, { recursive: true, force: true });
  fs.mkdirSync(stage, { recursive: true });
  // The extension's entry is dist/extension.js whatever `main` says for the library export.
  const manifest = { ...pkg, main: "./dist/extension.js", scripts: {}, dependencies: {}, devDependencies: {} };
  delete (manifest as Record<string, unknown>).bin;
  delete (manifest as Record<string, unknown>).files;
  fs.writeFileSync(path.join(stage, "package.json"), JSON.stringify(manifest, null, 2));
  fs.cpSync(path.join(repo, "dist"), path.join(stage, "dist"), {
    recursive: true,
    filter: (src) => !src.endsWith(".map"),
  });
  for (const f of ["media", "README.md", "LICENSE", "CHANGELOG.md"]) {
    const src = path.join(repo, f);
    if (fs.existsSync(src)) fs.cpSync(src, path.join(stage, f), { recursive: true });
  }
  const out = path.join(repo, ".e2e/attune-e2e.vsix");
  fs.rmSync(out, { force: true });
  const vsce = path.join(repo, "node_modules/@vscode/vsce/vsce");
  run(
    process.execPath,
    [vsce, "package", "--no-dependencies", "--allow-missing-repository", "--skip-license", "-o", out],
    stage,
    180_000,
  );
  return { vsix: out, how: "production build + vsce package (staging copy; `npm run package` does not exist yet)" };
}
