// The study's record is a list of events; replaying them in order gives the trials. The journal file stores exactly
// these events, one JSON object a line, so in-memory and on-disk studies share this one reducer.
import type { Space } from "./space";
import type { Constraint, Direction, Literal, Params, Trial, TrialError, TrialState } from "./types";

/** What a study is: its name, objectives, algorithm and search space. A Study's config and the record's header
 * (StudyMeta) both hold it. */
export interface StudyDefinition {
  name: string;
  /** The tuned script. */
  file?: string;
  direction: Direction;
  metric?: string;
  /** Several objectives: every direction and metric (`direction`/`metric` are then the first, for older readers, and a
   * Study goes by these). */
  directions?: Direction[];
  metrics?: string[];
  /** Constraints on reported metrics: a trial that breaks one is infeasible. */
  constraints?: Constraint[];
  algorithm: string;
  seed: number;
  space: Space;
}

/** The record's header: the definition, the current space's hash and when the study began. */
export interface StudyMeta extends StudyDefinition {
  spaceHash: string;
  createdAt: number;
}

export type StudyEvent =
  | ({ op: "study"; v: 1; t: number } & Omit<StudyMeta, "createdAt">)
  | { op: "space"; space: Space; spaceHash: string; t: number }
  | {
      op: "trial";
      uid: string;
      params: Params;
      budget?: number;
      bracket?: number;
      attrs?: Record<string, unknown>;
      /** A claim (docs/studies.md): the trial exists only if fewer than `limit` trials hold a slot before it. */
      limit?: number;
      /** A claim on a key (the baseline): the trial exists only if no trial before it claimed the same key. */
      once?: string;
      t: number;
    }
  | { op: "start"; trial: number; pid?: number; host?: string; gpu?: string; t: number }
  | { op: "report"; trial: number; step: number; value?: number; metrics?: Record<string, number>; t: number }
  | {
      op: "meta";
      trial: number;
      backend?: string;
      adapter?: string;
      skipped?: string[];
      gpuMemMiB?: number;
      attrs?: Record<string, unknown>;
      t: number;
    }
  /** A paused trial is queued again to train from its last step to `to` (freeze-thaw, PBT). */
  | { op: "segment"; trial: number; to: number; pid?: number; host?: string; t: number }
  | {
      op: "finish";
      trial: number;
      state: TrialState;
      value?: number;
      /** Several objectives: one value each; and each constraint's g (≤ 0 holds). */
      values?: number[];
      constraints?: number[];
      error?: TrialError;
      t: number;
    }
  | { op: "runner"; event: "start" | "stop"; pid: number; host: string; t: number };

export interface RunnerInfo {
  pid: number;
  host: string;
  startedAt: number;
  stoppedAt?: number;
}

/** Everything replaying the events yields. */
export interface StudyState {
  meta?: StudyMeta;
  trials: Trial[];
  /** uid → trial number, so a writer finds the number its `trial` line got. */
  uids: Map<string, number>;
  /** Which process created or runs each unfinished trial (to find trials orphaned by a killed process). */
  owners: Map<number, { pid?: number; host?: string }>;
  runners: RunnerInfo[];
  /** Claims refused in replay order (the study had its trials): their uids; such a trial does not exist. */
  refused: Set<string>;
  /** Trials that hold a slot toward a claim's limit: all but retries (a retry takes its failed trial's slot) and
   * promotions (the same configuration trained further), as the database counts them. */
  slotsHeld: number;
  /** Keys claimed by a trial's `once` (the baseline), each by the first trial in replay order. */
  onceKeys: Set<string>;
  /** Lines that could not be used, with why. */
  warnings: string[];
}

export function emptyState(): StudyState {
  return {
    trials: [],
    uids: new Map(),
    owners: new Map(),
    runners: [],
    refused: new Set(),
    slotsHeld: 0,
    onceKeys: new Set(),
    warnings: [],
  };
}

/** Apply one event. Malformed or out-of-order events become warnings, never exceptions. */
export function applyEvent(s: StudyState, e: StudyEvent, where = ""): void {
  const handle = HANDLERS[e.op] as Handler<StudyEvent> | undefined;
  if (handle) handle(s, e, where);
  else s.warnings.push(`${where}unknown event ${JSON.stringify((e as { op?: unknown }).op)}; skipped`);
}

type Handler<E extends StudyEvent> = (s: StudyState, e: E, where: string) => void;
type Of<K extends StudyEvent["op"]> = Extract<StudyEvent, { op: K }>;

/** The trial an event names, or undefined with a warning. */
function trialOf(s: StudyState, e: StudyEvent & { trial: unknown }, where: string): Trial | undefined {
  const t = typeof e.trial === "number" ? s.trials[e.trial] : undefined;
  if (!t) s.warnings.push(`${where}event "${e.op}" names unknown trial ${String(e.trial)}; skipped`);
  return t;
}

/** A handler for an event about one trial: runs only when that trial exists. */
function onTrial<K extends StudyEvent["op"]>(f: (s: StudyState, t: Trial, e: Of<K>) => void): Handler<Of<K>> {
  return (s, e, where) => {
    const t = trialOf(s, e as Of<K> & { trial: unknown }, where);
    if (t) f(s, t, e);
  };
}

const HANDLERS: { [K in StudyEvent["op"]]: Handler<Of<K>> } = {
  study: (s, e) => {
    const { op: _op, v: _v, t, ...meta } = e;
    s.meta = { ...meta, createdAt: t };
  },
  space: (s, e) => {
    if (s.meta) s.meta = { ...s.meta, space: e.space, spaceHash: e.spaceHash };
  },
  trial: addTrial,
  start: onTrial<"start">((s, t, e) => {
    t.state = "running";
    t.startedAt = e.t;
    if (e.gpu !== undefined) t.gpu = e.gpu;
    s.owners.set(t.number, { pid: e.pid, host: e.host });
  }),
  report: onTrial<"report">((_s, t, e) => {
    if (e.metrics) t.metrics = { ...t.metrics, ...e.metrics };
    if (typeof e.value !== "number") return;
    const last = t.intermediate[t.intermediate.length - 1];
    if (last && last[0] === e.step) last[1] = e.value;
    else t.intermediate.push([e.step, e.value]);
  }),
  meta: onTrial<"meta">((_s, t, e) => {
    if (e.backend) t.backend = e.backend;
    if (typeof e.adapter === "string") t.adapter = e.adapter;
    if (typeof e.gpuMemMiB === "number" && e.gpuMemMiB > 0) t.gpuMemoryMiB = e.gpuMemMiB;
    if (Array.isArray(e.skipped)) t.backendNotes = e.skipped.filter((x) => typeof x === "string");
    if (e.attrs) t.attrs = { ...t.attrs, ...e.attrs };
  }),
  segment: onTrial<"segment">((s, t, e) => {
    const at = t.intermediate.at(-1)?.[0] ?? 0;
    if (t.continuedAt?.at(-1) !== at) t.continuedAt = [...(t.continuedAt ?? []), at];
    t.state = "queued";
    t.budget = e.to;
    delete t.finishedAt;
    s.owners.set(t.number, { pid: e.pid, host: e.host });
  }),
  finish: onTrial<"finish">(finishTrial),
  runner: (s, e) => {
    if (e.event === "start") {
      s.runners.push({ pid: e.pid, host: e.host, startedAt: e.t });
      return;
    }
    const r = [...s.runners].reverse().find((x) => x.pid === e.pid && x.host === e.host && x.stoppedAt === undefined);
    if (r) r.stoppedAt = e.t;
  },
};

function addTrial(s: StudyState, e: Of<"trial">): void {
  if (s.uids.has(e.uid) || s.refused.has(e.uid)) return;
  // Every reader replays the same order, so every process agrees on which claims are within the limit.
  if (
    (typeof e.limit === "number" && s.slotsHeld >= e.limit) ||
    (typeof e.once === "string" && s.onceKeys.has(e.once))
  ) {
    s.refused.add(e.uid);
    return;
  }
  if (typeof e.once === "string") s.onceKeys.add(e.once);
  // Slots are configurations: a retry runs its trial again, and a promotion trains its source's configuration further.
  if (e.attrs?.retryOf === undefined && typeof e.attrs?.promotedFrom !== "number") s.slotsHeld++;
  const number = s.trials.length;
  s.uids.set(e.uid, number);
  const [host, pid] = e.uid.split(":");
  if (host && /^\d+$/.test(pid ?? "")) s.owners.set(number, { host, pid: Number(pid) });
  s.trials.push({
    number,
    state: "queued",
    params: e.params ?? {},
    intermediate: [],
    ...(e.budget !== undefined ? { budget: e.budget } : {}),
    ...(e.bracket !== undefined ? { bracket: e.bracket } : {}),
    ...(e.attrs ? { attrs: e.attrs } : {}),
  });
}

function finishTrial(s: StudyState, t: Trial, e: Of<"finish">): void {
  t.state = e.state;
  t.finishedAt = e.t;
  if (typeof e.value === "number") t.value = e.value;
  else delete t.value;
  if (numbers(e.values)) t.values = e.values;
  else delete t.values;
  if (numbers(e.constraints)) t.constraints = e.constraints;
  else delete t.constraints;
  if (e.error) t.error = e.error;
  else delete t.error;
  s.owners.delete(t.number);
}

function numbers(x: unknown): x is number[] {
  return Array.isArray(x) && x.every((v) => typeof v === "number");
}

/** The events without the claims that replay refuses (beyond a limit, a key taken): what a copy elsewhere keeps. */
export function grantedEvents(events: readonly StudyEvent[]): StudyEvent[] {
  const s = emptyState();
  for (const e of events) applyEvent(s, e);
  return events.filter((e) => e.op !== "trial" || !s.refused.has(e.uid));
}

/** Check the shape of a parsed line before it reaches the reducer. */
export function isEvent(x: unknown): x is StudyEvent {
  if (typeof x !== "object" || x === null) return false;
  const o = x as Record<string, unknown>;
  switch (o.op) {
    case "study":
      return (
        typeof o.name === "string" &&
        (o.direction === "minimize" || o.direction === "maximize") &&
        typeof o.space === "object"
      );
    case "space":
      return typeof o.space === "object" && typeof o.spaceHash === "string";
    case "trial":
      return (
        typeof o.uid === "string" &&
        typeof o.params === "object" &&
        o.params !== null &&
        (o.limit === undefined || typeof o.limit === "number") &&
        (o.once === undefined || typeof o.once === "string")
      );
    case "start":
    case "meta":
      return typeof o.trial === "number";
    case "segment":
      return typeof o.trial === "number" && typeof o.to === "number";
    case "report":
      return typeof o.trial === "number" && typeof o.step === "number";
    case "finish":
      return typeof o.trial === "number" && typeof o.state === "string";
    case "runner":
      return typeof o.pid === "number" && typeof o.host === "string";
    default:
      return false;
  }
}

export type { Literal };
