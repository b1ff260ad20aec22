// Journal races: 4 processes append 400 events each to one journal at once (test/unit/journal.test.ts, "several
// writers at once"); nothing may be lost, interleaved, reordered or added.
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Scenario } from "../scenario";
import { appendConcurrently, checkConcurrentJournal, EVENTS, WRITERS } from "../../../test/unit/journal-writers";

const scenario: Scenario = {
  name: "journal",
  description:
    `${WRITERS} processes append ${EVENTS} events each to one journal at once; ` +
    "every line is one whole event, none lost, reordered or added",
  async run() {
    const root = mkdtempSync(join(tmpdir(), "attune-soak-journal-"));
    try {
      const dir = join(root, ".attune", "train.py");
      mkdirSync(dir, { recursive: true });
      const path = join(dir, "journal.jsonl");
      await appendConcurrently(dir, path);
      checkConcurrentJournal(dir, path);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  },
};

export default scenario;
