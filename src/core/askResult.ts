// What ask() hands the run loop: the trial to run, and for multi-fidelity and segments how far to train it.
import type { Params } from "./types";

export interface AskResult {
  number: number;
  params: Params;
  /** Multi-fidelity: the budget to write into the `budget` literal. */
  budget?: number;
  /** Segments (docs/library.md): train steps from+1 .. to. `from` is 0 for a fresh start. */
  from?: number;
  to?: number;
  /** The trial whose checkpoint (at step `from`) to load first, when this continues training done before. */
  resumeFrom?: number;
}
