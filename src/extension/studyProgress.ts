// A followed study summed up for the status bar, CodeLens, tree and progress notification.
import type { LaunchRecords } from "./launchRecords";
import type { Progressish } from "./model/summaryText";
import type { StudySummary } from "./model/treeModel";
import { countDone } from "./model/treeModel";
import type { StudyFollower } from "./model/studyFollower";

export function progressOf(f: StudyFollower, launches: LaunchRecords): Progressish {
  const trials = f.state.trials;
  const best = f.best();
  const target = launches.get(f.key)?.trials;
  const meta = f.state.meta;
  return {
    name: f.name,
    done: countDone(trials),
    running: trials.filter((t) => t.state === "running").length,
    ...(target !== undefined ? { target } : {}),
    ...(best ? { best: { number: best.number, value: best.value } } : {}),
    ...(meta?.metric ? { metric: meta.metric } : {}),
    live: f.running,
  };
}

export function summaryOf(f: StudyFollower, launches: LaunchRecords): StudySummary {
  const meta = f.state.meta;
  const best = f.best();
  const target = launches.get(f.key)?.trials;
  return {
    name: f.name,
    ...(meta
      ? { direction: meta.direction, algorithm: meta.algorithm, ...(meta.metric ? { metric: meta.metric } : {}) }
      : {}),
    running: f.running,
    trials: f.state.trials,
    ...(best ? { best: { number: best.number, value: best.value } } : {}),
    ...(meta?.directions && meta.directions.length > 1 ? { pareto: f.pareto().map((t) => t.number) } : {}),
    ...(target !== undefined ? { target } : {}),
  };
}
