// One soak scenario: a module in bench/soak/scenarios/<name>.ts whose default export is a Scenario.
export interface Scenario {
  name: string;
  /** What one run checks, for the report. */
  description: string;
  /** Once before the first run (start a server, build something). */
  setup?(): Promise<void>;
  /** Run number `i` (from 0); throws on failure, with a message that says what was wrong. */
  run(i: number): Promise<void>;
  /** Once after the last run, even after failures. */
  teardown?(): Promise<void>;
}
