// A followed study summed up for the status bar, CodeLens, tree and progress notification.
import type { LaunchRecords } from "./launchRecords";
import type { Progressish } from "./model/summaryText";
import type { StudySummary } from "./model/treeModel";
import { countDone } from "./model/treeModel";
import type { StudyFollower } from "./model/studyFollower";

export function progressOf(f: StudyFollower, launches: LaunchRecords): Progressish {
  const trials = f.state.trials;
  const best = f.best();
  const front = f.front();
  const target = launches.get(f.key)?.trials;
  const meta = f.state.meta;
  return {
    name: f.name,
    done: countDone(trials),
    running: trials.filter((t) => t.state === "running").length,
    complete: trials.filter((t) => t.state === "complete").length,
    ...(target !== undefined ? { target } : {}),
    ...(best ? { best: { number: best.number, value: best.value } } : {}),
    ...(front ? { front: { size: front.pareto.length, hypervolume: front.hypervolume } } : {}),
    ...(meta?.metric ? { metric: meta.metric } : {}),
    live: f.running,
  };
}

export function summaryOf(f: StudyFollower, launches: LaunchRecords): StudySummary {
  const meta = f.state.meta;
  const best = f.best();
  const front = f.front();
  const target = launches.get(f.key)?.trials;
  return {
    name: f.name,
    ...(meta
      ? {
          direction: meta.direction,
          algorithm: meta.algorithm,
          ...(meta.metric ? { metric: meta.metric } : {}),
          ...(meta.directions ? { directions: meta.directions } : {}),
          ...(meta.metrics ? { metrics: meta.metrics } : {}),
          ...(meta.constraints?.length ? { constraints: meta.constraints } : {}),
        }
      : {}),
    running: f.running,
    trials: f.state.trials,
    ...(best ? { best: { number: best.number, value: best.value } } : {}),
    ...(front ? { pareto: front.pareto, hypervolume: front.hypervolume } : {}),
    ...(target !== undefined ? { target } : {}),
  };
}
