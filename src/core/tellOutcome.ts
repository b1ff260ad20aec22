// What tell() records (docs/library.md): a trial's final state, value(s) and constraint values from what the caller
// told, checked against the study's objectives.
import {
  constraintValue,
  type Constraint,
  type Direction,
  type Trial,
  type TrialError,
  type TrialState,
} from "./types";

/** What tell() accepts: a value, one value per objective, or an explicit state. */
export type TellResult =
  number | number[] | { state: TrialState; value?: number; values?: number[]; error?: TrialError };

export interface Outcome {
  state: TrialState;
  value?: number;
  values?: number[];
  constraints?: number[];
  error?: TrialError;
}

export interface TellRules {
  directions: Direction[];
  constraints: Constraint[];
  /** The objectives' metric names, for messages. */
  metrics?: string[];
  /** The pruner told this trial to stop: a value told is recorded as pruned. */
  pruned: boolean;
  /** Segments: a complete segment that ends before the budget's max pauses the trial (a later ask may continue it). */
  pauses(): boolean;
}

/** The finish a tell() records; throws when the values do not match the objectives. */
export function tellOutcome(
  t: Trial,
  result: TellResult,
  metrics: Record<string, number> | undefined,
  rules: TellRules,
): Outcome {
  const o = checkValues(told(result, rules), rules);
  if (o.state === "pruned" && o.value === undefined && rules.directions.length === 1 && t.intermediate.length)
    o.value = t.intermediate[t.intermediate.length - 1][1];
  if (rules.constraints.length && o.state === "complete") return constrained(o, { ...t.metrics, ...metrics }, rules);
  return o;
}

function told(result: TellResult, rules: TellRules): Outcome {
  if (typeof result !== "number" && !Array.isArray(result)) return { ...result };
  const o: Outcome =
    typeof result === "number" ? { state: "complete", value: result } : { state: "complete", values: result };
  if (rules.pruned) o.state = "pruned";
  else if (rules.pauses()) o.state = "paused";
  return o;
}

/** One shape per study: several objectives as `values`, one as `value` (a one-element list is accepted); every value
 * finite, or the trial failed. */
function checkValues(o: Outcome, rules: TellRules): Outcome {
  const multi = rules.directions.length > 1;
  if (o.values !== undefined && !multi) {
    if (o.values.length !== 1) throw new Error(countError(o.values.length, rules));
    o.value = o.values[0];
    delete o.values;
  }
  if (o.value !== undefined && multi) throw new Error(countError(1, rules));
  if (o.values !== undefined && o.values.length !== rules.directions.length)
    throw new Error(countError(o.values.length, rules));
  const bad = o.value !== undefined ? o.value : o.values?.find((v) => !Number.isFinite(v));
  if (bad === undefined || Number.isFinite(bad)) return o;
  const error = o.error ?? { message: `objective is ${bad}; a trial's value must be a finite number` };
  return { state: "failed", error };
}

/** Each constraint's g from the metrics seen; a constraint metric never reported (or not finite) fails the trial. */
function constrained(o: Outcome, seen: Record<string, number>, rules: TellRules): Outcome {
  const missing = rules.constraints.find((c) => !Number.isFinite(seen[c.metric]));
  if (!missing) return { ...o, constraints: rules.constraints.map((c) => constraintValue(c, seen[c.metric])) };
  const message =
    `the constraint metric "${missing.metric}" was ` +
    `${missing.metric in seen ? "not a finite number" : "never reported"}; ` +
    `print a line such as "${missing.metric}: 12.5" (constraint ${missing.metric} ${missing.op} ` +
    `${missing.bound})`;
  return { state: "failed", error: { message } };
}

function countError(got: number, rules: TellRules): string {
  const n = rules.directions.length;
  const names = rules.metrics?.join(", ");
  return (
    `tell() got ${got} value${got === 1 ? "" : "s"} but this study has ${n} objective${n === 1 ? "" : "s"}` +
    `${names ? ` (${names})` : ""}; give ${n === 1 ? "one number" : `a list of ${n} numbers, one per objective`}`
  );
}
