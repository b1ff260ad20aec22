// The hover on an annotated line, as Markdown: the distribution, the best value found and an Apply link. Pure.
import { describeParam } from "../../core/space";
import type { AnnotatedParam } from "../../core/annotations/types";
import type { Direction, Literal } from "../../core/types";
import { formatNumber, formatParamValue } from "../../core/format";
import { frontText } from "./summaryText";

export interface HoverBest {
  trial: number;
  /** The objective of that trial. */
  value: number;
  metric?: string;
  direction: Direction;
  /** This parameter's value in the best trial; undefined when inactive there. */
  paramValue: Literal | undefined;
}

/** Several objectives: one Pareto trial, its objective values and this parameter's value there. */
export interface HoverPareto {
  trial: number;
  values: number[];
  paramValue: Literal | undefined;
  applyUri?: string;
}

export interface HoverLink {
  /** Command URI for the Apply link (built by the caller, which knows the document). */
  applyUri?: string;
  /** Command URI to start tuning, offered when there is no study yet. */
  startUri?: string;
}

/** The file's literal and a trial's value are the same (lists compare element by element). */
const sameValue = (a: Literal | undefined, b: Literal) =>
  Array.isArray(a) && Array.isArray(b) ? a.length === b.length && a.every((x, i) => x === b[i]) : a === b;
const shown = (v: Literal) => formatParamValue(v, { quote: true });

const escapeMd = (s: string) => s.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, (c) => `\\${c}`);
const code = (s: string) => "`` " + s.replace(/`/g, "'") + " ``";

export function hoverMarkdown(
  p: AnnotatedParam,
  best: HoverBest | undefined,
  links: HoverLink = {},
  pareto?: { metrics: string[]; trials: HoverPareto[]; hypervolume?: number },
): string {
  const lines: string[] = [];
  const kind = p.budget
    ? `budget(${p.budget.min}, ${p.budget.max}) — the multi-fidelity resource, set by the scheduler`
    : p.param
      ? describeParam(p.param)
      : p.spec;
  lines.push(`**Attune** · ${code(p.name)} — ${code(kind)}`);
  if (p.param && (p.param.kind === "float" || p.param.kind === "int"))
    lines.push(
      `${p.param.kind === "int" ? "Integer" : "Real"} in [${formatNumber(p.param.lo)}, ` +
        `${formatNumber(p.param.hi)}]${p.param.log ? ", sampled log-uniformly" : ""}${p.param.step !== undefined ? `, step ${formatNumber(p.param.step)}` : ""}.`,
    );
  if (!p.param && !p.budget) lines.push("This annotation has errors; see Problems.");
  if (pareto) {
    if (!pareto.trials.length) lines.push("No trial on the Pareto front yet (no feasible complete trial).");
    else {
      const front = frontText({
        size: pareto.trials.length,
        ...(pareto.hypervolume !== undefined ? { hypervolume: pareto.hypervolume } : {}),
      });
      lines.push(`${escapeMd(front)} (${pareto.metrics.map(escapeMd).join(", ")}): pick a trade-off.`);
      for (const t of pareto.trials.slice(0, 8))
        lines.push(
          `- #${t.trial} (${t.values.map((v) => formatNumber(v)).join(", ")}): ` +
            (t.paramValue === undefined
              ? "not used (condition off)"
              : code(shown(t.paramValue)) +
                (sameValue(t.paramValue, p.literal.value)
                  ? " · in the file"
                  : t.applyUri
                    ? ` · [Apply](${t.applyUri} "Write this value into this line")`
                    : "")),
        );
      if (pareto.trials.length > 8) lines.push(`…and ${pareto.trials.length - 8} more in the Attune panel.`);
    }
    return lines.join("\n\n");
  }
  if (!best) {
    lines.push(`No finished trial yet.${links.startUri ? ` [Start Tuning](${links.startUri})` : ""}`);
    return lines.join("\n\n");
  }
  const objective =
    `${best.metric ? escapeMd(best.metric) + " = " : ""}${formatNumber(best.value)} ` + `(${best.direction})`;
  if (best.paramValue === undefined) {
    lines.push(`Not used by the best trial #${best.trial} (${objective}): the condition was off there.`);
  } else {
    const same = sameValue(best.paramValue, p.literal.value);
    lines.push(
      `Best: ${code(shown(best.paramValue))} in trial #${best.trial} — ${objective}` +
        (same
          ? " · already applied: the file has this value"
          : links.applyUri
            ? ` · [Apply](${links.applyUri} "Write ${escapeMd(shown(best.paramValue))} into ` + `this line")`
            : ""),
    );
  }
  return lines.join("\n\n");
}
