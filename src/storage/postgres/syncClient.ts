// A synchronous facade over the database thread. Study's API is synchronous (ask/tell/report are called from the
// runner's output callbacks); rather than make every caller async, each call posts a request to the thread and
// blocks on a shared flag until the reply is there. A call costs one round trip to the server plus ~0.05 ms.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from "node:worker_threads";
import { StorageError } from "./types";
import { FLAG, LISTENING, NOTIFIED, SLOTS, type Reply, type Request } from "./protocol";

/** The thread's script: the bundle's dist/pgWorker.js, or the TypeScript source when run from source (tests). */
function workerScript(): { file: string; eval: boolean } {
  const bundled = join(__dirname, "pgWorker.js");
  if (existsSync(bundled)) return { file: bundled, eval: false };
  const source = join(__dirname, "worker.ts");
  // Node refuses a .ts worker path; from source, a one-line CommonJS script requires it through tsx's hooks.
  const tsx = "tsx/cjs";
  const hooks = require.resolve(tsx);
  return { file: `require(${JSON.stringify(hooks)}); require(${JSON.stringify(source)});`, eval: true };
}

export class SyncPg {
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly shared: Int32Array;
  private closed = false;

  constructor(host: string, pid: number) {
    const sab = new SharedArrayBuffer(SLOTS * 4);
    this.shared = new Int32Array(sab);
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    const script = workerScript();
    this.worker = new Worker(script.file, {
      eval: script.eval,
      workerData: { port: port2, shared: sab, host, pid },
      transferList: [port2],
    });
    // The thread must not keep a finished CLI alive, nor take the process down with an error of its own.
    this.worker.unref();
    this.worker.on("error", () => {});
  }

  /** Ask the thread and wait for its answer (throws its StorageError sentence). */
  call(req: Request, timeoutMs = 15 * 60_000): Reply & { ok: true } {
    if (this.closed) throw new StorageError("the PostgreSQL storage was already closed");
    Atomics.store(this.shared, FLAG, 0);
    this.port.postMessage(req);
    const t0 = Date.now();
    while (Atomics.load(this.shared, FLAG) === 0) {
      Atomics.wait(this.shared, FLAG, 0, 1000);
      if (Date.now() - t0 > timeoutMs) throw new StorageError(`PostgreSQL did not answer within ${timeoutMs / 1000} s`);
    }
    const m = receiveMessageOnPort(this.port)?.message as Reply | undefined;
    if (!m) throw new StorageError("internal: the database thread answered without a message");
    if (!m.ok) throw m.storage ? new StorageError(m.message) : new Error(m.message);
    return m;
  }

  /** Notified changes not read yet (non-zero also after the listener reconnected). */
  get notified(): number {
    return Atomics.load(this.shared, NOTIFIED);
  }
  /** Whether the LISTEN connection is up (else readers must ask the database each time). */
  get listening(): boolean {
    return Atomics.load(this.shared, LISTENING) === 1;
  }

  close(): void {
    if (this.closed) return;
    try {
      this.call({ op: "close" }, 10_000);
    } catch {
      /* closing anyway */
    }
    this.closed = true;
    void this.worker.terminate();
  }
}
