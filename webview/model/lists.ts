// List parameters in the panel. Trials arrive with lists flattened into scalar columns (`len(units)`, `units[0]`,
// `units[1]`, …: see src/core/structure.ts); here they are gathered back, so a list reads as one list with its
// length — `[256, 128, 64] (3 items)` — in the table's list column and in the trial details. Pure.
import type { ParamColumn } from "../../src/protocol/messages";

type Scalar = number | string | boolean | null;

const LENGTH = /^len\((.+)\)$/;
const ELEMENT = /^(.+)\[(\d+)\]$/;

/** The list a flattened column belongs to (`units` for `len(units)` and `units[2]`), or undefined. */
export function listOf(column: string): string | undefined {
  return LENGTH.exec(column)?.[1] ?? ELEMENT.exec(column)?.[1];
}

/** The names of the study's list parameters, in column order. */
export function listNames(params: readonly ParamColumn[]): string[] {
  const out: string[] = [];
  for (const p of params) {
    const name = listOf(p.name);
    if (name !== undefined && !out.includes(name)) out.push(name);
  }
  return out;
}

/** The list `name` of a trial's flattened params; undefined when the trial does not have it (inactive). */
export function listValue(params: Readonly<Record<string, Scalar>>, name: string): Scalar[] | undefined {
  const len = params[`len(${name})`];
  const out: Scalar[] = [];
  for (let k = 0; `${name}[${k}]` in params && (typeof len !== "number" || k < len); k++)
    out.push(params[`${name}[${k}]`]);
  if (typeof len === "number") return out.length === len ? out : undefined;
  return out.length ? out : undefined;
}

/** A trial's params for people: each list gathered into one entry (in the place of its first column). */
export function groupedParams(params: Readonly<Record<string, Scalar>>): [string, Scalar | Scalar[]][] {
  const out: [string, Scalar | Scalar[]][] = [];
  const done = new Set<string>();
  for (const [k, v] of Object.entries(params)) {
    const list = listOf(k);
    if (list === undefined) {
      out.push([k, v]);
      continue;
    }
    if (done.has(list)) continue;
    done.add(list);
    const value = listValue(params, list);
    if (value) out.push([list, value]);
  }
  return out;
}
