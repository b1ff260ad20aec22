// No import cycles in src/ or webview/ (docs/architecture.md): a cycle makes module order matter at load time and
// blurs which module is the lower one. The graph is built from the source text: static `import … from "./x"`,
// `export … from "./x"` and `import "./x"`, type-only ones included (they still couple the two modules).
import { strict as assert } from "node:assert";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

const ROOT = join(__dirname, "..", "..");

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return tsFiles(p);
    return p.endsWith(".ts") && !p.endsWith(".d.ts") ? [p] : [];
  });
}

/** `./x` from `file` → the .ts file it names (x.ts or x/index.ts), or undefined for packages and non-TS files. */
function resolveImport(file: string, spec: string): string | undefined {
  if (!spec.startsWith(".")) return undefined;
  const base = resolve(dirname(file), spec);
  for (const c of [`${base}.ts`, join(base, "index.ts"), base]) if (c.endsWith(".ts") && existsSync(c)) return c;
  return undefined;
}

const IMPORT = /(?:^|[;\n])\s*(?:import|export)\s+(?:type\s+)?(?:[^;'"]*?\s+from\s+)?["']([^"']+)["']/g;

function importGraph(files: string[]): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const f of files) {
    const deps = new Set<string>();
    for (const m of readFileSync(f, "utf8").matchAll(IMPORT)) {
      const to = resolveImport(f, m[1]);
      if (to) deps.add(to);
    }
    graph.set(f, [...deps]);
  }
  return graph;
}

/** The cycles a depth-first search closes (one per back edge): at least one through every tangle, when any exists. */
function findCycles(graph: Map<string, string[]>): string[][] {
  const cycles: string[][] = [];
  const state = new Map<string, "active" | "done">();
  const stack: string[] = [];
  const visit = (n: string): void => {
    state.set(n, "active");
    stack.push(n);
    for (const d of graph.get(n) ?? []) {
      if (state.get(d) === "active") cycles.push([...stack.slice(stack.indexOf(d)), d]);
      else if (!state.has(d)) visit(d);
    }
    stack.pop();
    state.set(n, "done");
  };
  for (const n of [...graph.keys()].sort()) if (!state.has(n)) visit(n);
  return cycles;
}

describe("import cycles", () => {
  it("the graph sees imports, re-exports and type imports", () => {
    const graph = importGraph([join(ROOT, "src/core/pruners/index.ts"), join(ROOT, "src/core/study.ts")]);
    const pr = graph.get(join(ROOT, "src/core/pruners/index.ts"))!.map((f) => relative(ROOT, f));
    assert.ok(pr.includes("src/core/pruners/median.ts"), "import");
    assert.ok(pr.includes("src/core/pruners/brackets.ts"), "export … from / import type");
    const st = graph.get(join(ROOT, "src/core/study.ts"))!.map((f) => relative(ROOT, f));
    assert.ok(st.includes("src/core/samplers/sampler.ts"), "import type");
  });

  it("finds a cycle when there is one", () => {
    const g = new Map([
      ["a", ["b"]],
      ["b", ["c"]],
      ["c", ["a"]],
      ["d", ["a"]],
    ]);
    assert.deepEqual(findCycles(g), [["a", "b", "c", "a"]]);
  });

  it("src/ and webview/ have none", () => {
    const graph = importGraph([...tsFiles(join(ROOT, "src")), ...tsFiles(join(ROOT, "webview"))]);
    assert.ok(graph.size > 100, `only ${graph.size} modules found`);
    const cycles = findCycles(graph).map((c) => c.map((f) => relative(ROOT, f)).join(" -> "));
    assert.deepEqual(cycles, [], `import cycles:\n  ${cycles.join("\n  ")}`);
  });
});
