// The YAHPO Gym LCBench surrogate (ONNX), read in place from ../shared/data/yahpo-lcbench (never copied here).
// Encoding as its README gives it: x_cat = task code, x_cont = raw values in the order below; output column 1 is
// val_accuracy (%). One call evaluates a config's whole learning curve (epochs 1..52) in one batch.
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import * as ort from "onnxruntime-node";

export const DATA_DIR = resolve(process.env.LCBENCH_DIR ?? join(__dirname, "../../../shared/data/yahpo-lcbench"));
export const MAX_EPOCH = 52;

export interface LcConfig {
  batch_size: number;
  learning_rate: number;
  momentum: number;
  weight_decay: number;
  num_layers: number;
  max_units: number;
  max_dropout: number;
}

/** The search space of config_space.json, without the task and the fidelity. */
export const LC_SPACE = {
  batch_size: { kind: "int", lo: 16, hi: 512, log: true },
  learning_rate: { kind: "float", lo: 1e-4, hi: 0.1, log: true },
  momentum: { kind: "float", lo: 0.1, hi: 0.99, log: false },
  weight_decay: { kind: "float", lo: 1e-5, hi: 0.1, log: false },
  num_layers: { kind: "int", lo: 1, hi: 5, log: false },
  max_units: { kind: "int", lo: 64, hi: 1024, log: true },
  max_dropout: { kind: "float", lo: 0, hi: 1, log: false },
} as const;

export class LcBench {
  private constructor(
    private readonly session: ort.InferenceSession,
    private readonly codes: Record<string, number>,
  ) {}

  static async load(dir = DATA_DIR): Promise<LcBench> {
    const session = await ort.InferenceSession.create(join(dir, "model.onnx"), {
      intraOpNumThreads: 1,
      interOpNumThreads: 1,
    });
    const enc = JSON.parse(readFileSync(join(dir, "encoding.json"), "utf8")) as {
      OpenML_task_id: Record<string, number>;
    };
    return new LcBench(session, enc.OpenML_task_id);
  }

  /** val_accuracy (%) after each epoch 1..MAX_EPOCH, for many configs of one task at once. */
  async curves(task: string, configs: readonly LcConfig[]): Promise<number[][]> {
    const code = this.codes[task];
    if (code === undefined) throw new Error(`unknown LCBench task ${task}`);
    const rows = configs.length * MAX_EPOCH;
    const cat = new Int32Array(rows).fill(code);
    const cont = new Float32Array(rows * 8);
    configs.forEach((c, i) => {
      for (let e = 1; e <= MAX_EPOCH; e++) {
        const o = (i * MAX_EPOCH + e - 1) * 8;
        cont.set(
          [e, c.batch_size, c.learning_rate, c.momentum, c.weight_decay, c.num_layers, c.max_units, c.max_dropout],
          o,
        );
      }
    });
    const out = await this.session.run({
      x_cat: new ort.Tensor("int32", cat, [rows, 1]),
      x_cont: new ort.Tensor("float32", cont, [rows, 8]),
    });
    const y = out.output.data as Float32Array;
    return configs.map((_, i) => Array.from({ length: MAX_EPOCH }, (_, e) => y[(i * MAX_EPOCH + e) * 6 + 1]));
  }

  async curve(task: string, c: LcConfig): Promise<number[]> {
    return (await this.curves(task, [c]))[0];
  }
}
