// Splits a child's output stream into the lines a terminal would finally show. Progress bars redraw a line with
// `\r` (and Keras with `\b` backspaces); only the last redraw before the newline is the line — so a partial
// epoch's metrics are never taken for the epoch's. `\r\n`, `\n` and a lone `\r` at the very end all end lines.

import { StringDecoder } from "node:string_decoder";

/** Longest line kept; a process that never prints a newline cannot grow memory without bound. */
const MAX_LINE = 64 * 1024;

export class LineSplitter {
  private readonly decoder = new StringDecoder("utf8");
  private current = "";
  /** The last non-empty redraw, for `\r\n` and `text\r` + newline, which leave the current redraw empty. */
  private lastRedraw = "";
  private redrawn = false;

  constructor(private readonly emit: (line: string) => void) {}

  push(chunk: Buffer | string): void {
    this.feed(typeof chunk === "string" ? chunk : this.decoder.write(chunk));
  }

  /** End of stream: a pending partial line is still a line. */
  end(): void {
    this.feed(this.decoder.end());
    if (this.current !== "" || this.redrawn) this.finishLine();
  }

  private feed(text: string): void {
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c !== 10 && c !== 13 && c !== 8) continue;
      this.append(text.slice(start, i));
      start = i + 1;
      if (c === 10) this.finishLine();
      else if (c === 13) this.redraw();
      else this.current = this.current.slice(0, -1); // \b: the terminal moves back; the next char overwrites
    }
    this.append(text.slice(start));
  }

  private append(s: string): void {
    if (s === "") return;
    this.current += s;
    if (this.current.length > MAX_LINE) this.current = this.current.slice(-MAX_LINE);
  }

  private redraw(): void {
    if (this.current.trim() !== "") this.lastRedraw = this.current;
    this.current = "";
    this.redrawn = true;
  }

  private finishLine(): void {
    const line = this.current.trim() === "" && this.redrawn ? this.lastRedraw : this.current;
    this.current = "";
    this.lastRedraw = "";
    this.redrawn = false;
    this.emit(line);
  }
}
