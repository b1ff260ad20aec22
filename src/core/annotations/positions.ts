// Offset → 1-based line/column, for every range the parser reports. Line breaks: \n, \r\n and a lone \r.
import type { SourceRange } from "./types";

export class LineIndex {
  /** Offset of the first character of each line. */
  readonly starts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) this.starts.push(i + 1);
      else if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        this.starts.push(i + 1);
      }
    }
  }

  /** 0-based line of an offset. */
  lineOf(offset: number): number {
    let lo = 0,
      hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  range(start: number, end: number): SourceRange {
    const s = clamp(start, 0, this.text.length);
    const e = clamp(Math.max(end, s), 0, this.text.length);
    const l0 = this.lineOf(s);
    const l1 = e === s ? l0 : this.lineOf(e);
    return {
      start: s,
      end: e,
      line: l0 + 1,
      column: s - this.starts[l0] + 1,
      endLine: l1 + 1,
      endColumn: e - this.starts[l1] + 1,
    };
  }
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}
