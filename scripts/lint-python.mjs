// The Python bootstrap that runs inside users' trials (src/runner/runtime): always compiled (syntax errors), and run
// through pyflakes (unused names, undefined names) where it is installed (Debian's python3-pyflakes, or pip's).
import { spawnSync } from "node:child_process";

const FILES = ["src/runner/runtime/attune_bootstrap.py"];
const python = process.env.ATTUNE_PYTHON || "python3";
const run = (args) => {
  const r = spawnSync(python, args, { stdio: "inherit" });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

// No Python at all (a machine that only runs JavaScript trials): say so, as for pyflakes below, rather than fail.
if (spawnSync(python, ["--version"], { stdio: "ignore" }).error) {
  console.log(`lint-python: ${python} not found; the Python bootstrap was not checked (set ATTUNE_PYTHON)`);
  process.exit(0);
}

// compile() rather than py_compile: the same check without writing __pycache__ into the runtime folder.
const compileAll = "import sys\nfor f in sys.argv[1:]:\n    compile(open(f, encoding='utf-8').read(), f, 'exec')";
run(["-c", compileAll, ...FILES]);

if (spawnSync(python, ["-c", "import pyflakes"], { stdio: "ignore" }).status === 0) {
  run(["-m", "pyflakes", ...FILES]);
} else {
  console.log("lint-python: pyflakes is not installed; checked syntax only");
}
