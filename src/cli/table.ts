// Plain-text tables for the terminal.
import { formatLiteral } from "../core/format";
import type { Literal } from "../core/types";

export function renderTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (c ?? "").padEnd(widths[i]))
      .join("  ")
      .trimEnd();
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

/** A parameter's value in a table cell; an inactive (absent) one is an empty cell. */
export function cellValue(v: Literal | undefined): string {
  return formatLiteral(v, { missing: "" });
}
