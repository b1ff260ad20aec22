// "Search a Model for This Data…" (docs/editor.md): what the command asks and how it starts `attune auto`. Pure, so
// the argument list, the header's columns and the output folder are unit-tested.
import { basename, extname, join } from "node:path";

export interface AutoLaunchOptions {
  /** The CSV file or the image folder. */
  data: string;
  /** The column to predict (CSV only). */
  target?: string;
  /** Wall-clock budget for the whole search, e.g. "5m". */
  time: string;
  /** Where train.ts, model/ and report.json go. */
  out: string;
  seed?: number;
  tfjsBackend?: string;
}

export function autoArgs(cliPath: string, o: AutoLaunchOptions): string[] {
  const args = [cliPath, "auto", o.data, "--time", o.time, "--out", o.out];
  if (o.target !== undefined) args.push("--target", o.target);
  if (o.seed !== undefined) args.push("--seed", String(o.seed));
  if (o.tfjsBackend && o.tfjsBackend !== "auto") args.push("--tfjs-backend", o.tfjsBackend);
  return args;
}

/** `attune-auto/<data name>/` under the workspace folder: one folder per data set, so searches never overwrite. */
export function autoOutDir(root: string, data: string): string {
  const name = basename(data, extname(data)).replace(/[^\w.-]+/g, "-") || "data";
  return join(root, "attune-auto", name);
}

/** The column names of a CSV header line (quoted names may hold commas and doubled quotes). */
export function csvColumns(header: string): string[] {
  const line = header.replace(/^\uFEFF/, "").replace(/\r$/, "");
  const out: string[] = [];
  let cur = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted && c === '"' && line[i + 1] === '"') {
      cur += '"';
      i++;
    } else if (c === '"') quoted = !quoted;
    else if (c === "," && !quoted) {
      out.push(cur.trim());
      cur = "";
    } else cur += c;
  }
  out.push(cur.trim());
  return out.filter((c) => c !== "");
}

/** The column offered first: one named like a label, else the last one (where most tables keep it). */
export function likelyTarget(columns: readonly string[]): string | undefined {
  return columns.find((c) => /^(target|label|labels|class|y|outcome|diagnosis)$/i.test(c)) ?? columns.at(-1);
}
