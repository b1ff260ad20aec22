// The study the extension-host benches follow: 1,000 trials of a Keras-like script, 10 intermediate reports each
// (about 1.5 MB of journal), written the way the runner writes it.
import { mkdirSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { JournalWriter, JOURNAL_FILE } from "../../src/storage/journal";
import type { StudyEvent } from "../../src/core/events";

/** Writes `.attune/train.py/journal.jsonl` under `root`; returns the open writer (to append live ticks) and its dir. */
export function writeBigJournal(
  root: string,
  trials = 1000,
): { writer: JournalWriter; studyDir: string; path: string } {
  const studyDir = join(root, ".attune", "train.py");
  mkdirSync(studyDir, { recursive: true });
  const path = join(studyDir, JOURNAL_FILE);
  const w = new JournalWriter(path);
  const ev = (e: Record<string, unknown>) => w.append({ t: Date.now(), ...e } as StudyEvent);
  const space = {
    params: [
      { name: "lr", kind: "float", lo: 1e-5, hi: 0.1, log: true },
      { name: "units", kind: "int", lo: 32, hi: 512, log: false, step: 32 },
      { name: "opt", kind: "choice", values: ["adam", "sgd", "rmsprop"] },
    ],
  };
  ev({
    op: "study",
    v: 1,
    name: "train.py",
    direction: "maximize",
    metric: "val_accuracy",
    algorithm: "tpe",
    seed: 1,
    space,
    spaceHash: "h",
  });
  for (let i = 0; i < trials; i++) {
    ev({
      op: "trial",
      uid: `${hostname()}:1:${i}`,
      params: { lr: 1e-4 * (1 + (i % 97)), units: 32 * (1 + (i % 16)), opt: ["adam", "sgd", "rmsprop"][i % 3] },
    });
    ev({ op: "start", trial: i, pid: 1, host: hostname() });
    for (let s = 1; s <= 10; s++)
      ev({
        op: "report",
        trial: i,
        step: s,
        value: 0.5 + 0.04 * s - 0.0001 * (i % 50),
        metrics: { val_accuracy: 0.5 + 0.04 * s, val_loss: 1 / s },
      });
    ev({ op: "finish", trial: i, state: i % 7 === 0 ? "pruned" : "complete", value: 0.9 - 0.0001 * (i % 50) });
  }
  return { writer: w, studyDir, path };
}
