// A CSV file read into a header and rows of trimmed strings (docs/model-search.md#tables), with csv-parse: quoting,
// a byte-order mark and CRLF line ends are its job. Empty rows are skipped and counted; a row with another number of
// cells than the header, or a file with no header, is a DataError that says how to fix it.
import { readFileSync } from "node:fs";
import { parse } from "csv-parse/sync";
import { DataError } from "./errors";

export interface Table {
  /** The file as named to the user. */
  name: string;
  columns: string[];
  rows: string[][];
  /** Empty rows skipped. */
  skipped: number;
}

export function readCsv(file: string, name = file): Table {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new DataError(
      `cannot read ${name} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}): check the path`,
    );
  }
  return parseCsv(text, name);
}

export const isNumber = (s: string): boolean => s !== "" && Number.isFinite(Number(s));

export function parseCsv(text: string, name: string): Table {
  let records: string[][];
  try {
    records = parse(text, { bom: true, trim: true, relax_column_count: true, skip_empty_lines: false });
  } catch (e) {
    throw new DataError(`${name} is not valid CSV (${(e as Error).message}): fix the quoting on that line`);
  }
  const blank = (r: string[]) => r.every((c) => c === "");
  const firstAt = records.findIndex((r) => !blank(r));
  if (firstAt < 0) throw new DataError(`${name} is empty: give a CSV file with a header row and one row per example`);
  const columns = records[firstAt];
  if (columns.every(isNumber))
    throw new DataError(
      `${name} has no header row (its first line is all numbers): add a first line naming the columns, e.g. ` +
        `${columns.map((_, i) => `col${i + 1}`).join(",")}`,
    );
  checkHeader(columns, name);
  const rows: string[][] = [];
  let skipped = 0;
  records.slice(firstAt + 1).forEach((r, i) => {
    if (blank(r)) return void skipped++;
    if (r.length !== columns.length)
      throw new DataError(
        `${name} line ${firstAt + i + 2} has ${r.length} cells but the header has ${columns.length}: ` +
          "fix that line (quote values that contain commas)",
      );
    rows.push(r);
  });
  if (!rows.length) throw new DataError(`${name} has a header but no data rows: add one row per example`);
  return { name, columns, rows, skipped };
}

function checkHeader(columns: string[], name: string): void {
  const empty = columns.findIndex((c) => c === "");
  if (empty >= 0) throw new DataError(`${name}: column ${empty + 1} of the header has no name: name it`);
  const seen = new Set<string>();
  for (const c of columns) {
    if (seen.has(c)) throw new DataError(`${name}: the header names column "${c}" twice: rename one of them`);
    seen.add(c);
  }
}
