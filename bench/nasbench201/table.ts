// The NAS-Bench-201 CIFAR-10 table (../shared/data/nasbench201; read in place, never copied): 6 edges, 5 ops each.
import * as fs from "node:fs";
import * as path from "node:path";

export const OPS = ["none", "skip_connect", "nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3"] as const;
export const EDGES = 6;

export interface Record201 {
  index: number;
  arch: string;
  val_acc_200: number;
  test_acc_200: number;
}

/** The data folder: $NB201_DIR, else `shared/data/nasbench201` beside the repository or one level further up. */
export function dataDir(): string {
  const root = path.resolve(__dirname, "..", "..");
  const candidates = [
    process.env.NB201_DIR,
    path.join(root, "..", "shared", "data", "nasbench201"),
    path.join(root, "..", "..", "shared", "data", "nasbench201"),
  ].filter((d): d is string => !!d);
  const found = candidates.find((d) => fs.existsSync(path.join(d, "nb201_cifar10.json")));
  if (!found)
    throw new Error(`nb201_cifar10.json not found in ${candidates.join(", ")}; set NB201_DIR to the folder holding it`);
  return found;
}

/** Architecture string of six op names, edges in NB201's order: |a~0|+|b~0|c~1|+|d~0|e~1|f~2|. */
export function archString(ops: readonly string[]): string {
  return `|${ops[0]}~0|+|${ops[1]}~0|${ops[2]}~1|+|${ops[3]}~0|${ops[4]}~1|${ops[5]}~2|`;
}

export function loadTable(file = path.join(dataDir(), "nb201_cifar10.json")): Map<string, Record201> {
  const rows = JSON.parse(fs.readFileSync(file, "utf8")) as Record201[];
  return new Map(rows.map((r) => [r.arch, r]));
}
