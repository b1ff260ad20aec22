// Every message between the extension host and the panel webview: one typed descriptor each, imported by both sides
// (renaming one is a compile error on both), with a runtime schema (the webview is a trust boundary, and a stale
// webview after an update may speak an older dialect). Flow: webview → `ready`; host → full `snapshot`; later
// `delta`s carry only changed trials and name the snapshot they extend, and the webview asks again (`ready`) when
// it missed one. The host sends a full snapshot after every visibility change.
//
// The page the host serves (src/extension/panel/html.ts): `dist/webview/webview.js` (an IIFE, loaded with the
// CSP nonce) and `dist/webview/webview.css` when the build emits it, into `<div id="app">`. The webview keeps its UI
// state with `setState({ ...yourState, studyKey })`, where `studyKey` is the last `snapshot.key`: after a window
// reload the host reopens the panel on that study. Live updates arrive at most 4 times a second.
import {
  arr,
  bool,
  index,
  int,
  literal,
  nullable,
  num,
  obj,
  oneOf,
  opt,
  record,
  str,
  tuple,
  type Infer,
  type Schema,
} from "./schema";

export const TRIAL_STATES = ["queued", "running", "paused", "complete", "pruned", "failed"] as const;

export const paramColumnSchema = obj({
  name: str(200),
  kind: oneOf("float", "int", "choice", "bool", "budget"),
  log: opt(bool),
  lo: opt(num),
  hi: opt(num),
  values: opt(arr(literal, 1000)),
  /** The spec as written, e.g. `loguniform(1e-5, 1e-1)`. */
  spec: opt(str(500)),
});
export type ParamColumn = Infer<typeof paramColumnSchema>;

export const trialRowSchema = obj({
  number: index,
  state: oneOf(...TRIAL_STATES),
  params: record(literal, 1000),
  value: opt(num),
  /** Several objectives: one value each. */
  values: opt(arr(num, 3)),
  /** Constraints: false when the trial broke one (it is never on the front). */
  feasible: opt(bool),
  intermediate: arr(tuple(num, num), 100_000),
  metrics: opt(record(num, 1000)),
  startedAt: opt(num),
  finishedAt: opt(num),
  durationS: opt(num),
  budget: opt(num),
  backend: opt(str(200)),
  adapter: opt(str(200)),
  backendNotes: opt(str(4000)),
  gpu: opt(str(200)),
  error: opt(str(20_000)),
  outsideSpace: opt(str(1000)),
  /** The trial that ran the file's own values (docs/trials.md). */
  baseline: opt(bool),
  /** Where its training came from (resumed from, inherited from), as text. */
  lineage: opt(str(200)),
  /** The trial whose checkpoint it continued. */
  lineageFrom: opt(index),
  /** The step of that checkpoint: the curve up to it is the source's (copied), this trial's own starts there. */
  lineageStep: opt(num),
  /** Steps at which its training paused (segments: freeze-thaw, PBT), each one continued later or paused now. */
  pausedAt: opt(arr(num, 10_000)),
  /** Why it is paused (or was dropped) and what it is predicted to reach, as text (src/core/pauses.ts). */
  pauseNote: opt(str(500)),
});
export type TrialRow = Infer<typeof trialRowSchema>;

export const bestSchema = obj({ number: index, value: num, params: record(literal, 1000) });
export type BestInfo = Infer<typeof bestSchema>;

/** A multi-objective study's front: its trial numbers and the hypervolume after each scored trial. */
export const frontSchema = obj({
  pareto: arr(index, 1_000_000),
  /** [trials scored so far, hypervolume then]: the curve of the "hypervolume over trials" chart. */
  hypervolume: arr(tuple(num, num), 1_000_000),
  /** [trial number, hypervolume of the trials numbered up to it]: the history card's curve, on trial numbers. */
  byTrial: opt(arr(tuple(index, num), 1_000_000)),
});
export type FrontInfo = Infer<typeof frontSchema>;

export const studyViewSchema = obj({
  name: str(1000),
  file: opt(str(4000)),
  direction: oneOf("minimize", "maximize"),
  metric: opt(str(200)),
  algorithm: str(100),
  params: arr(paramColumnSchema, 1000),
  trials: arr(trialRowSchema, 1_000_000),
  best: opt(bestSchema),
  /** Several objectives (then `best` is absent): their directions and metric names, and the front. */
  directions: opt(arr(oneOf("minimize", "maximize"), 3)),
  metrics: opt(arr(str(200), 3)),
  constraints: opt(arr(obj({ metric: str(200), op: oneOf("<=", ">="), bound: num }), 100)),
  front: opt(frontSchema),
  running: bool,
  /** Trials the running study aims for, when known. */
  target: opt(index),
  warnings: arr(str(2000), 1000),
});
export type StudyView = Infer<typeof studyViewSchema>;

/** A study that `attune auto` made (docs/model-search.md): what the search was asked (its `search.json`) and, once
 * it ended, its `report.json`. The panel shows it as the Model search card. */
export const modelSearchSchema = obj({
  /** The data as given to `auto`. */
  data: opt(str(4000)),
  kind: opt(oneOf("table", "images")),
  task: opt(oneOf("classification", "regression")),
  target: opt(str(1000)),
  metric: opt(str(200)),
  /** When this run of `auto` began (ms since the epoch) and its `--time`. */
  startedAt: opt(num),
  timeLimitS: opt(num),
  /** `--trials`, when it bounds the search. */
  trials: opt(index),
  /** report.json of this run: the best trial's validation score, the finished trials, the whole run's seconds. */
  report: opt(
    obj({ validation: num, metric: opt(str(200)), trials: opt(index), seconds: opt(num), trial: opt(index) }),
  ),
});
export type ModelSearchInfo = Infer<typeof modelSearchSchema>;

// ---- descriptors ----

export interface MessageDescriptor<M extends string, P> {
  readonly method: M;
  readonly params: Schema<P>;
}
function message<M extends string, P>(method: M, params: Schema<P>): MessageDescriptor<M, P> {
  return { method, params };
}
const empty = obj({});

// webview → host
export const Ready = message("ready", empty);
export const ApplyTrial = message("applyTrial", obj({ trial: index }));
export const StopTrial = message("stopTrial", obj({ trial: index }));
export const StopStudy = message("stopStudy", empty);
export const ShowTrialLog = message("showTrialLog", obj({ trial: index }));
export const ExportResults = message("exportResults", obj({ format: oneOf("csv", "json") }));
export const RerunTrial = message("rerunTrial", obj({ trial: index }));
/** Opens the train.ts of the shown model search; the host opens only that study's own file (no path is sent). */
export const OpenTrainScript = message("openTrainScript", empty);

// host → webview
export const Snapshot = message(
  "snapshot",
  obj({
    seq: index,
    /** Which study this is (opaque); keep it in `setState` as `studyKey` so a reload restores the same study. */
    key: opt(str(8000)),
    study: nullable(studyViewSchema),
    /** Running and rerunning need a trusted workspace; the panel hides those buttons otherwise. */
    trusted: bool,
    /** Whether the study's file is there to apply values into. */
    canApply: bool,
    /** Present when the study is a model search that `attune auto` made. */
    modelSearch: opt(modelSearchSchema),
  }),
);
export const Delta = message(
  "delta",
  obj({
    seq: index,
    /** The snapshot or delta this one extends; a webview at another seq must ask for a snapshot. */
    base: index,
    trials: arr(trialRowSchema, 1_000_000),
    best: opt(bestSchema),
    front: opt(frontSchema),
    running: bool,
    target: opt(index),
  }),
);
export const Notice = message("notice", obj({ level: oneOf("info", "error"), text: str(4000), seq: opt(int) }));

export const WEBVIEW_TO_HOST = [
  Ready,
  ApplyTrial,
  StopTrial,
  StopStudy,
  ShowTrialLog,
  ExportResults,
  RerunTrial,
  OpenTrainScript,
] as const;
export const HOST_TO_WEBVIEW = [Snapshot, Delta, Notice] as const;

type AnyDescriptor = MessageDescriptor<string, unknown>;
/** A validated message from a list of descriptors, as a discriminated union on `method`. */
export type MessageOf<D extends readonly AnyDescriptor[]> = {
  [K in keyof D]: D[K] extends MessageDescriptor<infer M, infer P> ? { method: M; params: P } : never;
}[number];
export type WebviewMessage = MessageOf<typeof WEBVIEW_TO_HOST>;
export type HostMessage = MessageOf<typeof HOST_TO_WEBVIEW>;

export type Parsed<T> = { ok: true; message: T } | { ok: false; error: string };

/** Check an incoming `{ method, params }` envelope against the descriptors the receiver accepts. */
export function parseMessage<D extends readonly AnyDescriptor[]>(raw: unknown, accepted: D): Parsed<MessageOf<D>> {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw))
    return { ok: false, error: "message: expected an object" };
  const o = raw as Record<string, unknown>;
  for (const k of Object.keys(o))
    if (k !== "method" && k !== "params") return { ok: false, error: `message: unexpected field ${JSON.stringify(k)}` };
  const d = accepted.find((x) => x.method === o.method);
  if (!d) return { ok: false, error: `message: unknown method ${JSON.stringify(o.method)}` };
  const err = d.params.check(o.params, "params");
  if (err) return { ok: false, error: `${d.method}: ${err}` };
  return { ok: true, message: { method: d.method, params: o.params } as MessageOf<D> };
}

/** Build an outgoing message; typed by the descriptor so both sides agree at compile time. */
export function makeMessage<M extends string, P>(d: MessageDescriptor<M, P>, params: P): { method: M; params: P } {
  return { method: d.method, params };
}
