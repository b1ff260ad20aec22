// Shared test data for the webview's pure modules: small hand-made trials (not a test file itself).
import type { ParamColumn, StudyView, TrialRow } from "../../src/protocol/messages";

export function row(
  number: number,
  state: TrialRow["state"],
  params: TrialRow["params"],
  value?: number,
  extra: Partial<TrialRow> = {},
): TrialRow {
  return { number, state, params, intermediate: [], ...(value !== undefined ? { value } : {}), ...extra };
}

export const PARAMS: ParamColumn[] = [
  { name: "lr", kind: "float", lo: 1e-5, hi: 1e-1, log: true, spec: "loguniform(1e-5, 1e-1)" },
  { name: "layers", kind: "int", lo: 1, hi: 4 },
  { name: "opt", kind: "choice", values: ["adam", "sgd"] },
];

export function study(trials: TrialRow[], over: Partial<StudyView> = {}): StudyView {
  return {
    name: "s",
    direction: "maximize",
    metric: "val_accuracy",
    algorithm: "random",
    params: PARAMS,
    trials,
    running: false,
    warnings: [],
    ...over,
  };
}
