// Control requests another process (the VS Code extension) appends to `<studyDir>/control.jsonl` while a study runs:
// stop a trial, or enqueue one with given values (docs/editor.md).
import { appendFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Params } from "../core/types";

export type ControlRequest = { op: "stop"; trial: number } | { op: "enqueue"; params: Params };

const CONTROL_FILE = "control.jsonl";

/** Append a control request for a running study (used by the extension and tests). */
export function sendControl(studyDir: string, req: ControlRequest): void {
  mkdirSync(studyDir, { recursive: true });
  appendFileSync(join(studyDir, CONTROL_FILE), JSON.stringify(req) + "\n");
}

/** Reads the requests appended since it last looked; those written before the run started are history. */
export class ControlReader {
  private readonly path: string;
  private offset: number;

  constructor(studyDir: string) {
    this.path = join(studyDir, CONTROL_FILE);
    this.offset = existsSync(this.path) ? readFileSync(this.path).length : 0;
  }

  /** The new, complete requests; an unreadable or unknown line is skipped with a notice. */
  read(notice: (message: string) => void): ControlRequest[] {
    if (!existsSync(this.path)) return [];
    const buf = readFileSync(this.path);
    if (buf.length <= this.offset) return [];
    const text = buf.subarray(this.offset).toString("utf8");
    const lastNl = text.lastIndexOf("\n");
    if (lastNl < 0) return [];
    this.offset += Buffer.byteLength(text.slice(0, lastNl + 1));
    const requests: ControlRequest[] = [];
    for (const line of text.slice(0, lastNl).split("\n")) {
      let req: ControlRequest;
      try {
        req = JSON.parse(line) as ControlRequest;
      } catch {
        notice(`${CONTROL_FILE}: unreadable request skipped: ${line.slice(0, 80)}`);
        continue;
      }
      if (req?.op === "stop" && typeof req.trial === "number") requests.push(req);
      else if (req?.op === "enqueue" && req.params && typeof req.params === "object") requests.push(req);
      else notice(`${CONTROL_FILE}: unknown request skipped: ${line.slice(0, 80)}`);
    }
    return requests;
  }
}
