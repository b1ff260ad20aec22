// The study both several-objectives test files read (several-objectives-views, webview-several-objectives).
import { emptyState, applyEvent, type StudyEvent } from "../../src/core/events";

/** Trials 0–4 on (acc ↑, latency ↓) with a constraint; they finish out of order (2 before 1). */
export function state() {
  const s = emptyState();
  const ev: StudyEvent[] = [
    {
      op: "study",
      v: 1,
      name: "s",
      direction: "maximize",
      metric: "acc",
      directions: ["maximize", "minimize"],
      metrics: ["acc", "latency"],
      constraints: [{ metric: "mem", op: "<=", bound: 100 }],
      algorithm: "bayes",
      seed: 0,
      space: { params: [{ name: "u", kind: "int", lo: 1, hi: 9, log: false }] },
      spaceHash: "h",
      t: 1,
    },
  ];
  const trials: [number, number, number, number][] = [
    // acc, latency, g (≤ 0 feasible), finish time
    [0.5, 10, -1, 10],
    [0.9, 8, -1, 30],
    [0.7, 4, -1, 20],
    [0.99, 1, 5, 40], // infeasible: would dominate everything
    [0.6, 9, -1, 50], // dominated by trial 1
  ];
  trials.forEach(([acc, lat, g, t], i) => {
    ev.push({ op: "trial", uid: `h:1:x:${i}`, params: { u: i + 1 }, t: 2 + i });
    ev.push({ op: "finish", trial: i, state: "complete", values: [acc, lat], constraints: [g], t });
  });
  for (const e of ev) applyEvent(s, e);
  return s;
}
