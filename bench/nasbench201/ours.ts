// One worker: runs our algorithms on NAS-Bench-201 through the library (createStudy/ask/tell, six `choice` edges)
// for the repetitions it is given, and prints one JSON line per run. run.ts starts it; see RESULTS.md.
import { createStudy, space } from "../../src/index";
import { archString, EDGES, loadTable, OPS } from "./table";

export interface RunResult {
  method: string;
  seed: number;
  /** Test accuracy of the best-by-validation architecture after each query (1..queries). */
  test: number[];
  /** Milliseconds per ask(), for each query. */
  askMs: number[];
}

export function runOurs(method: string, seed: number, queries: number, table = loadTable()): RunResult {
  const edges: Record<string, ReturnType<typeof space.choice>> = {};
  for (let e = 0; e < EDGES; e++) edges[`edge${e}`] = space.choice([...OPS]);
  const study = createStudy({ space: edges, direction: "maximize", algorithm: method, seed });
  const test: number[] = [];
  const askMs: number[] = [];
  let bestVal = -Infinity;
  let bestTest = NaN;
  for (let q = 0; q < queries; q++) {
    const t0 = performance.now();
    const t = study.ask();
    askMs.push(performance.now() - t0);
    if (!t) throw new Error(`${method} stopped proposing after ${q} queries`);
    const ops = Array.from({ length: EDGES }, (_, e) => String(t.params[`edge${e}`]));
    const rec = table.get(archString(ops));
    if (!rec) throw new Error(`no record for ${archString(ops)}`);
    study.tell(t.number, rec.val_acc_200);
    if (rec.val_acc_200 > bestVal) {
      bestVal = rec.val_acc_200;
      bestTest = rec.test_acc_200;
    }
    test.push(bestTest);
  }
  return { method, seed, test, askMs };
}

if (require.main === module) {
  // argv: queries, then method:seed pairs
  const [queries, ...jobs] = process.argv.slice(2);
  const table = loadTable();
  for (const job of jobs) {
    const [method, seed] = job.split(":");
    process.stdout.write(JSON.stringify(runOurs(method, Number(seed), Number(queries), table)) + "\n");
  }
}
