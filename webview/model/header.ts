// The panel header's line about the study: algorithm, every objective with its direction, the constraints, and
// how many trials are done, running, pruned or failed. Pure.
import type { StudyView } from "../../src/protocol/messages";
import { constraintsText, objectivesText } from "../../src/core/format";
import { counts } from "./store";

export function headerParts(study: StudyView): string[] {
  const c = counts(study.trials);
  const finished = c.complete + c.pruned + c.failed;
  const constraints = constraintsText(study.constraints);
  const parts = [study.algorithm, objectivesText(study)];
  if (constraints) parts.push(`subject to ${constraints}`);
  parts.push(`${finished}${study.target !== undefined ? ` / ${study.target}` : ""} trials done`);
  if (c.running) parts.push(`${c.running} running`);
  if (c.queued) parts.push(`${c.queued} queued`);
  if (c.paused) parts.push(`${c.paused} paused`);
  if (c.pruned) parts.push(`${c.pruned} pruned`);
  if (c.failed) parts.push(`${c.failed} failed`);
  return parts;
}
