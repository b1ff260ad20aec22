// `attune apply <file> [--trial N]`: write the best (or trial N's) values into the file's literals, nothing else.
import { writeFileSync } from "node:fs";
import { relative } from "node:path";
import { applyValues, literalEdits } from "../../core/annotations";
import { formatNumber } from "../../core/format";
import { bestTrial } from "../../core/study";
import { integer, UsageError, type ParsedArgs } from "../args";
import type { CliContext } from "../context";
import { loadAnnotatedFile } from "../load";
import { openStudy } from "./show";
import { frontTable, objectivesOfMeta, isMulti } from "../front";

export const APPLY_FLAGS = { values: ["trial", "study", "storage"], switches: ["dry-run"] };

export function apply(ctx: CliContext, args: ParsedArgs): number {
  const f = loadAnnotatedFile(args.positional[0], ctx.cwd);
  const { name, state } = openStudy(ctx, args);
  const n = integer("trial", args.flags.get("trial"));
  const trial = n === undefined ? undefined : state.trials[n];
  if (n !== undefined && !trial)
    throw new UsageError(`study "${name}" has no trial #${n} (it has ${state.trials.length})`);
  if (trial && trial.state !== "complete") ctx.err(`attune: note: trial #${n} is ${trial.state}, not complete`);
  const o = objectivesOfMeta(state.meta!);
  if (!trial && isMulti(o)) {
    // Several objectives have no single best: the user chooses the trade-off.
    const table = frontTable(state.trials, o);
    throw new UsageError(
      `study "${name}" has several objectives, so there is no single best trial; pick one from the Pareto front ` +
        `and run \`attune apply ${args.positional[0]} --trial N\`\n${table}`,
    );
  }
  const chosen =
    trial ??
    (() => {
      const b = bestTrial(state.trials, state.meta!.direction);
      if (!b) throw new UsageError(`study "${name}" has no complete trial yet; nothing to apply`);
      return state.trials[b.number];
    })();
  const values = { ...chosen.params };
  const known = new Set(f.parsed.params.map((p) => p.name));
  const missing = Object.keys(values).filter((k) => !known.has(k));
  if (missing.length)
    throw new UsageError(
      `${relative(ctx.cwd, f.path)} has no @tune annotation named ${missing.map((m) => `"${m}"`).join(", ")} any ` +
        `more; trial #${chosen.number} cannot be applied as a whole`,
    );
  const edits = literalEdits(f.parsed, values);
  if (!edits.length) {
    ctx.out(`${relative(ctx.cwd, f.path)} already has trial #${chosen.number}'s values`);
    return 0;
  }
  const changed = f.parsed.params.filter((p) => p.name in values && edits.some((e) => e.start === p.literal.start));
  // The exact text written, not a rounded display of it.
  for (const p of changed)
    ctx.out(
      `${p.name}: ${p.literal.text} → ${edits.find((e) => e.start === p.literal.start)!.newText}  (line ` +
        `${p.literal.line})`,
    );
  if (args.switches.has("dry-run")) return 0;
  writeFileSync(f.path, applyValues(f.text, f.parsed, values));
  const scores = chosen.values
    ? ` (${chosen.values.map((v, i) => `${o.metrics?.[i] ?? `objective ${i + 1}`} ${formatNumber(v)}`).join(", ")})`
    : chosen.value !== undefined
      ? ` (${state.meta!.metric ?? "value"} ${formatNumber(chosen.value)})`
      : "";
  ctx.out(`applied trial #${chosen.number}${scores} to ${relative(ctx.cwd, f.path)}`);
  return 0;
}
