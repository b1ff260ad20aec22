// How a study runner's bad end reaches the user: one sentence with the fix, never a stack frame.
import { strict as assert } from "node:assert";
import { fatalLine } from "../../src/cli/fatal";
import { runnerFailure } from "../../src/extension/model/runnerFailure";

describe("extension: why a study's runner stopped", () => {
  it("takes the CLI's own error line, not the stack frames after it", () => {
    const log = [
      "trial 0 started",
      fatalLine(new Error("boom in the sampler")),
      "  Error: boom in the sampler",
      "      at async Hi (/ext/dist/cli.js:38:253)",
      "      at process.processTicksAndRejections (node:internal/process/task_queues:95:5)",
    ].join("\n");
    const s = runnerFailure(log, { code: 1, signal: null });
    assert.match(s, /^boom in the sampler; this is unexpected: rerun with ATTUNE_DEBUG=1/);
    assert.doesNotMatch(s, /\bat\s|cli\.js|\n/);
  });

  it("gives errno failures their fix", () => {
    const e = Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC", path: "/w/.a/j" });
    assert.equal(
      runnerFailure(fatalLine(e), { code: 1, signal: null }),
      "the disk is full (/w/.a/j); free some space, then run the same command to resume the study",
    );
  });

  it("uses the CLI's last line for its own refusals (bad arguments, a broken script)", () => {
    const log = "progress 3/20\nattune: stopped: the first 5 trials all failed the same way, so fix the script\n";
    assert.equal(
      runnerFailure(log, { code: 1, signal: null }),
      "stopped: the first 5 trials all failed the same way, so fix the script",
    );
  });

  it("says what a signal, an exit code or a missing process means when the log has nothing", () => {
    const frames = "TypeError: x is undefined\n    at f (/ext/dist/cli.js:1:2)\n";
    assert.match(runnerFailure(frames, { code: null, signal: "SIGKILL" }), /^its process was killed by SIGKILL/);
    assert.match(runnerFailure("", { code: 3, signal: null }), /^its process exited with code 3; Resume/);
    assert.match(runnerFailure(frames), /^its process ended before the study finished .*Resume continues/);
    assert.match(runnerFailure("", { code: null, signal: null, error: "spawn EACCES" }), /could not start \(spawn/);
  });

  it("keeps the sentence short", () => {
    const s = runnerFailure(fatalLine(new Error("x".repeat(1000))), { code: 1, signal: null });
    assert.ok(s.length <= 300, String(s.length));
  });
});
