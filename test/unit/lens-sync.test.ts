// The CodeLens refresh bookkeeping (src/extension/model/lensSync.ts): fire only when a visible lens would read
// otherwise, and fire again, a few times at most, while VS Code has not asked since (it drops a pending refresh
// when the editor loses the focus).
import { strict as assert } from "node:assert";
import { LensSync, lensSignature } from "../../src/extension/model/lensSync";
import type { Progressish } from "../../src/extension/model/summaryText";

describe("the CodeLens follows its study (LensSync)", () => {
  const running: Progressish = { name: "t", done: 28, running: 2, target: 30, live: true };
  const ended: Progressish = { ...running, done: 30, running: 0, live: false };

  it("a signature changes with what the lens reads: progress, running, the best trial", () => {
    assert.notEqual(lensSignature(running), lensSignature({ ...running, done: 29 }));
    assert.notEqual(lensSignature(running), lensSignature({ ...running, live: false }));
    assert.notEqual(lensSignature(ended), lensSignature({ ...ended, best: { number: 3, value: 1 } }));
    assert.equal(lensSignature(running), lensSignature({ ...running, running: 1 }));
  });

  it("fires only when a visible lens reads otherwise than it was last given", () => {
    const sync = new LensSync();
    const now = new Map([["file:///a.py", lensSignature(running)]]);
    assert.equal(sync.onChange(now), true, "never given: fire");
    sync.provided("file:///a.py", lensSignature(running));
    assert.equal(sync.onChange(now), false, "up to date: an event would only delay VS Code's refresh");
    assert.equal(sync.onChange(new Map([["file:///a.py", lensSignature(ended)]])), true);
  });

  it("fires again while VS Code has not asked since (a dropped refresh), a few times at most", () => {
    const sync = new LensSync(2);
    sync.provided("file:///a.py", lensSignature(running));
    const now = new Map([["file:///a.py", lensSignature(ended)]]);
    assert.equal(sync.onChange(now), true);
    assert.equal(sync.onCheck(now), true);
    assert.equal(sync.onCheck(now), true);
    assert.equal(sync.onCheck(now), false, "gives up after maxRetries");
    sync.provided("file:///a.py", lensSignature(ended));
    assert.equal(sync.onCheck(now), false);
    sync.forget("file:///a.py");
    assert.deepEqual(sync.stale(now), ["file:///a.py"]);
  });
});
