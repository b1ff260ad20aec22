// Opening a study's record: a new study writes its header; a resumed one is checked against it, and the user is told
// what changed (objectives, annotations) and what replay skipped (docs/studies.md).
import type { StudyDefinition, StudyEvent, StudyMeta, StudyState } from "./events";
import { outsideSpace, spaceHash } from "./space";
import type { Direction } from "./types";

/** The study as this process defines it: its objectives resolved (one direction at least). */
export interface OpeningStudy extends StudyDefinition {
  directions: Direction[];
}

/** Write the header of a new study, or record a changed space for a resumed one; returns notices for the user. */
export function openRecord(state: StudyState, study: OpeningStudy, append: (e: StudyEvent) => void): string[] {
  const hash = spaceHash(study.space);
  if (!state.meta) {
    append(headerEvent(study, hash));
    return [];
  }
  const notices = objectiveNotices(state.meta, study);
  if (state.meta.spaceHash !== hash) {
    append({ op: "space", space: study.space, spaceHash: hash, t: Date.now() });
    const outside = state.trials.filter((t) => outsideSpace(study.space, t.params) !== undefined).length;
    notices.push(
      `the annotations changed since this study began; ${outside} earlier trial(s) fall outside the new space and ` +
        `are flagged (kept, not used for search)`,
    );
  }
  return [...notices, ...state.warnings];
}

function headerEvent(d: OpeningStudy, hash: string): StudyEvent {
  const multi = d.directions.length > 1;
  return {
    op: "study",
    v: 1,
    name: d.name,
    ...(d.file ? { file: d.file } : {}),
    direction: d.directions[0],
    ...(d.metric ? { metric: d.metric } : {}),
    ...(multi ? { directions: d.directions } : {}),
    ...(multi && d.metrics ? { metrics: d.metrics } : {}),
    ...(d.constraints?.length ? { constraints: d.constraints } : {}),
    algorithm: d.algorithm,
    seed: d.seed,
    space: d.space,
    spaceHash: hash,
    t: Date.now(),
  };
}

/** The study resumed with other objectives than it began with: values are kept as they are. */
function objectiveNotices(meta: StudyMeta, now: OpeningStudy): string[] {
  const was = (meta.directions ?? [meta.direction]).join(",");
  const direction = now.directions[0];
  if (was !== now.directions.join(","))
    return [
      `the study was started with ${was.split(",").length} objective(s) (${was}); it now has ` +
        `${now.directions.length} (${now.directions.join(",")}) — values recorded under the old objectives are ` +
        `kept as they are`,
    ];
  if (meta.direction !== direction || (now.metric && meta.metric && meta.metric !== now.metric))
    return [
      `the study was started to ${meta.direction} ${meta.metric ?? "its objective"}; it now ${direction}s ` +
        `${now.metric ?? "its objective"} — earlier values are compared as they are`,
    ];
  return [];
}
