// Disposable plumbing (after the GitHub PR extension's `common/lifecycle.ts`): a base class whose `register()`
// ties children to its lifetime and disposes anything registered after it was already disposed.
import type * as vscode from "vscode";

export interface IDisposable {
  dispose(): unknown;
}

export function disposeAll(items: IDisposable[]): void {
  while (items.length) {
    try {
      items.pop()!.dispose();
    } catch {
      /* one failing dispose must not keep the others alive */
    }
  }
}

export function toDisposable(fn: () => void): IDisposable {
  return { dispose: fn };
}

export abstract class Disposable implements vscode.Disposable {
  private readonly children: IDisposable[] = [];
  private disposed = false;

  protected get isDisposed(): boolean {
    return this.disposed;
  }

  /** Tie `d` to this object's lifetime; disposes it at once when this is already disposed. */
  protected register<T extends IDisposable>(d: T): T {
    if (this.disposed) d.dispose();
    else this.children.push(d);
    return d;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    disposeAll(this.children);
  }
}

/**
 * Calls `fn` at most once per `ms`: the first call runs after `ms` (leading edge skipped so bursts coalesce), later
 * calls inside the window are merged into that one run.
 */
export function throttle(fn: () => void, ms: number): (() => void) & IDisposable {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let last = 0;
  const run = () => {
    timer = undefined;
    last = Date.now();
    fn();
  };
  const f = (() => {
    if (timer) return;
    timer = setTimeout(run, Math.max(0, last + ms - Date.now()));
  }) as (() => void) & IDisposable;
  f.dispose = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
  };
  return f;
}
