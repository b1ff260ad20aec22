// `attune check <file>`: print the search space, or every problem (exit 2).
import { describeConstraints } from "../front";
import { relative } from "node:path";
import { describeParam } from "../../core/space";
import { formatDuration } from "../../core/format";
import { loadAnnotatedFile, reportDiagnostics } from "../load";
import { renderTable, cellValue } from "../table";
import type { CliContext } from "../context";

export function check(ctx: CliContext, file: string | undefined, json: boolean): number {
  const f = loadAnnotatedFile(file, ctx.cwd);
  reportDiagnostics(f, ctx.cwd, ctx.err);
  const { parsed } = f;
  if (json) {
    ctx.out(
      JSON.stringify(
        {
          file: relative(ctx.cwd, f.path),
          space: parsed.space,
          directives: parsed.directives,
          diagnostics: parsed.diagnostics,
        },
        null,
        2,
      ),
    );
    return 0;
  }
  const rows = parsed.params.map((p) => [
    p.name,
    p.budget ? `budget(${p.budget.min}, ${p.budget.max})` : describeParam(p.param!),
    cellValue(p.literal.value),
    `line ${p.literal.line}`,
  ]);
  ctx.out(renderTable(["parameter", "search space", "current", "where"], rows));
  const d = parsed.directives;
  const facts = [
    d.objective
      ? `objective: ${(d.objectives ?? [d.objective]).map((o) => `${o.direction} ${o.metric}`).join(", ")}`
      : undefined,
    d.constraints?.length ? `constraints: ${describeConstraints(d.constraints)}` : undefined,
    d.run ? `run: ${d.run}` : undefined,
    d.trials ? `trials: ${d.trials}` : undefined,
    d.algorithm ? `algorithm: ${d.algorithm}` : undefined,
    d.parallel ? `parallel: ${d.parallel}` : undefined,
    d.timeoutMs ? `timeout: ${formatDuration(d.timeoutMs / 1000)}` : undefined,
    d.timeMs ? `time: ${formatDuration(d.timeMs / 1000)} for the whole study` : undefined,
  ].filter(Boolean);
  ctx.out("");
  ctx.out(facts.join("\n"));
  return 0;
}
