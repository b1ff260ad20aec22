// Exact trial counts on a journal: 3 processes ask and tell on one study at once under one limit (40); between them
// they must run exactly 40 trials, all complete (test/unit/journal-claims.test.ts, "3 processes asking at once").
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Scenario } from "../scenario";
import { ASKERS, askConcurrently, checkClaims, LIMIT } from "../../../test/unit/journal-writers";

const scenario: Scenario = {
  name: "journal-claims",
  description:
    `${ASKERS} processes ask and tell on one journal at once under a limit of ${LIMIT}; ` +
    `exactly ${LIMIT} trials between them`,
  async run() {
    const root = mkdtempSync(join(tmpdir(), "attune-soak-claims-"));
    try {
      const dir = join(root, ".attune", "train.py");
      mkdirSync(dir, { recursive: true });
      checkClaims(dir, await askConcurrently(dir, join(dir, "journal.jsonl")));
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  },
};

export default scenario;
