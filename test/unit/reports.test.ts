// Metric reports in a trial's output (docs/trials.md): plain `name: value` / `name=value` text, `@tune {json}` protocol
// lines, Keras progress output with its `\r` and `\b` redraws, the step and last-value rules, NaN/Inf, output split at
// any byte, and the user's source line of an error (Python tracebacks, Node stacks).
import { strict as assert } from "node:assert";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Rng } from "../../src/core/rng";
import { ReportCollector } from "../../src/runner/collector";
import { findErrorLocation, findErrorSummary, findSourceLine, type ErrorContext } from "../../src/runner/errors";
import { startTrial } from "../../src/runner/index";
import { LineSplitter } from "../../src/runner/lines";
import { parseLine, parseReportLine } from "../../src/runner/reports";

const metrics = (line: string) => parseLine(line)?.metrics;

/** Feeds output through the runner's own pipeline (line splitter → collector), in the given chunks. */
function collect(chunks: (string | Buffer)[], objective: string) {
  const c = new ReportCollector(objective);
  const lines: string[] = [];
  const reports: unknown[] = [];
  const s = new LineSplitter((l) => {
    lines.push(l);
    const r = c.add(l);
    if (r.report) reports.push(r.report);
  });
  for (const ch of chunks) s.push(typeof ch === "string" ? Buffer.from(ch) : ch);
  s.end();
  return { lines, reports, intermediate: c.intermediate, value: c.value, metrics: c.metrics, backend: c.backend };
}

// ---- realistic Keras output ----

/** Keras 2 (tf.keras) verbose=1 on Linux: `\b` over the previous bar, `\r`, the new bar; the epoch's last draw adds
 * the validation metrics and a newline. */
function keras2(epochs: { train: [number, number][]; final: [number, number, number, number] }[]): string {
  const bar = (cur: number, tot: number) =>
    `${String(cur).padStart(String(tot).length)}/${tot} ` +
    `[${cur === tot ? "=".repeat(30) : ("=".repeat(Math.floor((29 * cur) / tot)) + ">").padEnd(30, ".")}]`;
  let out = "";
  epochs.forEach((e, i) => {
    out += `Epoch ${i + 1}/${epochs.length}\n`;
    let prev = 0;
    const draw = (msg: string) => {
      out += "\b".repeat(prev) + "\r" + msg + (prev > msg.length ? " ".repeat(prev - msg.length) : "");
      prev = Math.max(prev, msg.length);
    };
    e.train.forEach(([loss, acc], b) => {
      const cur = Math.round(((b + 1) * 32) / (e.train.length + 1));
      draw(`${bar(cur, 32)} - ETA: ${32 - cur}s - loss: ${loss.toFixed(4)} - accuracy: ${acc.toFixed(4)}`);
    });
    const [loss, acc, vl, va] = e.final;
    draw(
      `${bar(32, 32)} - 1s 3ms/step - loss: ${loss.toFixed(4)} - accuracy: ${acc.toFixed(4)} - val_loss: ` +
        `${vl.toFixed(4)} - val_accuracy: ${va.toFixed(4)}`,
    );
    out += "\n";
  });
  return out;
}

/** Keras 3: bold counters and a coloured bar (escape codes the `\b` count leaves out), metrics after the time. */
function keras3(epochs: { train: [number, number][]; final: [number, number, number, number] }[]): string {
  let out = "";
  epochs.forEach((e, i) => {
    out += `Epoch ${i + 1}/${epochs.length}\n`;
    let prevWidth = 0;
    const draw = (cur: number, info: string, end: string) => {
      const w = Math.floor((20 * cur) / 32);
      const bar =
        `\x1b[1m${String(cur).padStart(2)}/32\x1b[0m ` +
        (w > 0 ? `\x1b[32m${"━".repeat(w)}\x1b[0m` : "") +
        `\x1b[37m${"━".repeat(20 - w)}\x1b[0m`;
      const width = bar.length + info.length - (8 + (w > 0 ? 9 : 0) + 9 + 8);
      out +=
        "\b".repeat(prevWidth) + "\r" + bar + info + (prevWidth > width ? " ".repeat(prevWidth - width) : "") + end;
      prevWidth = width;
    };
    e.train.forEach(([loss, acc], b) => {
      const cur = Math.round(((b + 1) * 32) / (e.train.length + 1));
      draw(cur, ` \x1b[1m${32 - cur}s\x1b[0m 3ms/step - accuracy: ${acc.toFixed(4)} - loss: ${loss.toFixed(4)}`, "");
    });
    const [loss, acc, vl, va] = e.final;
    draw(
      32,
      ` \x1b[1m1s\x1b[0m 3ms/step - accuracy: ${acc.toFixed(4)} - loss: ${loss.toFixed(4)} - val_accuracy: ` +
        `${va.toFixed(4)} - val_loss: ${vl.toFixed(4)}`,
      "\n",
    );
  });
  return out;
}

const EPOCHS = [
  {
    train: [
      [0.69, 0.5],
      [0.61, 0.66],
      [0.55, 0.71],
    ] as [number, number][],
    final: [0.5, 0.75, 0.45, 0.8] as [number, number, number, number],
  },
  {
    train: [
      [0.48, 0.77],
      [0.44, 0.8],
    ] as [number, number][],
    final: [0.42, 0.81, 0.4, 0.84] as [number, number, number, number],
  },
  {
    train: [
      [0.4, 0.83],
      [0.38, 0.85],
      [0.37, 0.86],
      [0.36, 0.87],
    ] as [number, number][],
    final: [0.35, 0.88, 0.38, 0.86] as [number, number, number, number],
  },
];

describe("reports: plain text", () => {
  it("reads `name: value` and `name=value`, several on a line, in common logging styles", () => {
    assert.deepEqual(metrics("val_accuracy: 0.912"), { val_accuracy: 0.912 });
    assert.deepEqual(metrics("val_loss=0.31"), { val_loss: 0.31 });
    assert.deepEqual(metrics("loss = 0.5, acc=0.75;lr: 1e-3 wd=1_000"), { loss: 0.5, acc: 0.75, lr: 0.001, wd: 1000 });
    assert.deepEqual(metrics("INFO:root:val_accuracy=0.93"), { val_accuracy: 0.93 });
    assert.deepEqual(metrics("2024-01-02 10:11:12,345 INFO trainer: val_loss=0.12"), { val_loss: 0.12 });
    assert.deepEqual(metrics("{'loss': 0.3, 'val_accuracy': 0.91}"), { loss: 0.3, val_accuracy: 0.91 });
    assert.deepEqual(metrics('{"eval_loss": 0.25, "eval_f1": 0.8}'), { eval_loss: 0.25, eval_f1: 0.8 });
    assert.deepEqual(metrics("train/loss: 0.5 | eval/accuracy: .8 | x: -2. | y: +3E2"), {
      "train/loss": 0.5,
      "eval/accuracy": 0.8,
      x: -2,
      y: 300,
    });
    assert.deepEqual(metrics("précision: 0.9 étape=3 ça=1"), { précision: 0.9, étape: 3, ça: 1 });
  });

  it("never reads a metric inside a longer name", () => {
    assert.deepEqual(metrics("loss: 0.4 - accuracy: 0.85 - val_loss: 0.3 - val_accuracy: 0.9"), {
      loss: 0.4,
      accuracy: 0.85,
      val_loss: 0.3,
      val_accuracy: 0.9,
    });
    assert.deepEqual(metrics("val_accuracy: 0.9 - val_loss: 0.3"), { val_accuracy: 0.9, val_loss: 0.3 });
    assert.deepEqual(metrics("top5_accuracy=0.99 my.loss=2 a-loss=3"), {
      top5_accuracy: 0.99,
      "my.loss": 2,
      "a-loss": 3,
    });
    // The objective `loss` takes the loss, never the val_loss printed beside it (in either order).
    for (const line of ["val_loss: 0.3 - loss: 0.4", "loss: 0.4 - val_loss: 0.3"]) {
      const c = new ReportCollector("loss");
      c.add(line);
      assert.equal(c.value, 0.4, line);
    }
    const c = new ReportCollector("accuracy");
    assert.deepEqual(c.add("val_accuracy: 0.9").report, { step: 0, metrics: { val_accuracy: 0.9 } });
    assert.equal(c.value, undefined);
  });

  it("does not take durations, versions, clock times, ratios or lists for metrics", () => {
    for (const line of [
      "took: 10ms",
      "took: 10µs",
      "version: 1.2.3",
      "Epoch 1/5",
      "ETA: 1:05",
      "time: 12:30:45",
      "loss: 1,234.5",
      "loss: 0,5",
      "step 3/10",
      "epoch 1 loss 0.5",
    ])
      assert.equal(parseLine(line), undefined, line);
    assert.deepEqual(metrics("32/32 [====] - ETA: 0s - loss: 0.4"), { loss: 0.4 });
    assert.deepEqual(metrics("Epoch 3: val_accuracy improved from 0.80 to 0.90"), undefined);
  });

  it("reads through terminal colours", () => {
    assert.deepEqual(metrics("\x1b[1mloss\x1b[0m: 0.5 - val_accuracy: \x1b[32m0.9\x1b[0m"), {
      loss: 0.5,
      val_accuracy: 0.9,
    });
    assert.deepEqual(metrics("\x1b]0;title\x07acc=0.7"), { acc: 0.7 });
  });

  it("takes the step from `step` (not a metric) or `epoch` (also a metric)", () => {
    assert.deepEqual(parseReportLine("step=7 val_accuracy=0.9"), { step: 7, metrics: { val_accuracy: 0.9 } });
    assert.deepEqual(parseReportLine("epoch: 2 val_accuracy: 0.8"), {
      step: 2,
      metrics: { epoch: 2, val_accuracy: 0.8 },
    });
    assert.deepEqual(parseReportLine("{'loss': 0.3, 'epoch': 2.0}"), { step: 2, metrics: { loss: 0.3, epoch: 2 } });
    assert.deepEqual(parseReportLine("step=nan loss=1"), { metrics: { step: NaN, loss: 1 } });
  });

  it("reads nan and inf as numbers, so they can fail the trial", () => {
    const m = metrics("a: nan b=NaN c: inf d=-inf e: Infinity f=-Infinity")!;
    assert.ok(Number.isNaN(m.a) && Number.isNaN(m.b));
    assert.deepEqual([m.c, m.d, m.e, m.f], [Infinity, -Infinity, Infinity, -Infinity]);
  });
});

describe("reports: @tune protocol lines", () => {
  it("reads a JSON object with an optional step", () => {
    assert.deepEqual(parseLine('@tune {"step": 3, "val_accuracy": 0.912, "val_loss": 0.31}'), {
      kind: "protocol",
      step: 3,
      metrics: { val_accuracy: 0.912, val_loss: 0.31 },
    });
    assert.deepEqual(parseLine('@tune {"val_accuracy": 0.5}'), { kind: "protocol", metrics: { val_accuracy: 0.5 } });
    assert.deepEqual(parseLine('@tune{"a":1}'), { kind: "protocol", metrics: { a: 1 } });
    // After a logger's prefix, and with fields that are not numbers left out.
    assert.deepEqual(parseLine('INFO 12:00:01 @tune {"a": 1, "b": "x", "c": null, "d": [1], "e": true, "step": "3"}'), {
      kind: "protocol",
      metrics: { a: 1 },
    });
  });

  it("takes Python's json.dumps NaN and Infinity", () => {
    const p = parseLine('@tune {"val_accuracy": NaN, "x": Infinity, "y": -Infinity, "note": "NaN stays text"}')!;
    assert.equal(p.kind, "protocol");
    assert.ok(Number.isNaN(p.metrics.val_accuracy));
    assert.deepEqual([p.metrics.x, p.metrics.y, "note" in p.metrics], [Infinity, -Infinity, false]);
  });

  it("ignores what is not a JSON object, and the directive comments of the file", () => {
    for (const line of ["@tune [1, 2]", "@tune {broken", "# @tune objective: maximize val_accuracy"])
      assert.equal(parseLine(line), undefined, line);
  });

  it("keeps @tune-meta facts apart from reports", () => {
    assert.equal(parseReportLine('@tune-meta {"backend": "tensorflow"}'), undefined);
    const c = new ReportCollector("val_accuracy");
    assert.deepEqual(c.add('@tune-meta {"backend": "wasm"}'), { meta: { backend: "wasm" } });
    assert.equal(c.backend, "wasm");
    assert.deepEqual(c.intermediate, []);
  });

  it("does not count plain-text echoes of protocol metrics, nor any plain text once the fit hook reports", () => {
    const c = new ReportCollector("val_accuracy");
    c.add('@tune {"step": 1, "val_accuracy": 0.5}');
    c.add("val_accuracy: 0.5 loss: 0.7"); // the script also prints what it reported
    assert.deepEqual(c.intermediate, [[1, 0.5]]);
    assert.deepEqual(c.metrics, { val_accuracy: 0.5, loss: 0.7 });
    const tf = new ReportCollector("val_acc");
    tf.add('@tune-meta {"protocol": true}');
    tf.add("val_acc: 0.1");
    tf.add('@tune {"step": 1, "val_acc": 0.6}');
    assert.deepEqual(tf.intermediate, [[1, 0.6]]);
  });
});

describe("reports: steps and the trial's value (docs/trials.md)", () => {
  const run = (lines: string[], objective = "val_loss") => {
    const c = new ReportCollector(objective);
    const reports = lines.map((l) => c.add(l).report);
    return { c, reports };
  };

  it("counts steps up from 1 when none are given; the value is the last report", () => {
    const { c } = run(["val_loss: 0.5", "noise", "val_loss: 0.4", "val_loss: 0.45"]);
    assert.deepEqual(c.intermediate, [
      [1, 0.5],
      [2, 0.4],
      [3, 0.45],
    ]);
    assert.equal(c.value, 0.45, "the last value, not the best");
    assert.equal(c.valueStep, 3);
  });

  it("keeps given steps, continues the count when a step goes back, and lets a repeated step replace its value", () => {
    const plain = (s: number | undefined, v: number) =>
      s === undefined ? `val_loss: ${v}` : `step=${s} val_loss=${v}`;
    const protocol = (s: number | undefined, v: number) =>
      `@tune ${JSON.stringify(s === undefined ? { val_loss: v } : { step: s, val_loss: v })}`;
    for (const style of [plain, protocol]) {
      const { c } = run([
        style(2, 0.5),
        style(5, 0.4),
        style(5, 0.39),
        style(1, 0.3),
        style(undefined, 0.2),
        style(9, 0.1),
        style(9, 0.1),
      ]);
      assert.deepEqual(
        c.intermediate,
        [
          [2, 0.5],
          [5, 0.39],
          [6, 0.3],
          [7, 0.2],
          [9, 0.1],
        ],
        style(0, 0),
      );
      assert.equal(c.value, 0.1);
    }
  });

  it("keeps a script's own epoch numbers when it prints a running value within each epoch", () => {
    const lines: string[] = [];
    for (let epoch = 1; epoch <= 3; epoch++)
      for (let batch = 1; batch <= 4; batch++)
        lines.push(`epoch: ${epoch} batch: ${batch} loss: ${(1 / (epoch * batch)).toFixed(3)}`);
    const { c } = run(lines, "loss");
    assert.deepEqual(c.intermediate, [
      [1, 0.25],
      [2, 0.125],
      [3, 0.083],
    ]);
  });

  it("a step given as 0 starts the count, and the script's next step is not taken for a repeat", () => {
    const { c } = run([
      '@tune {"step": 0, "val_loss": 1}',
      '@tune {"step": 1, "val_loss": 0.9}',
      '@tune {"step": 1, "val_loss": 0.8}',
      '@tune {"step": 2, "val_loss": 0.7}',
    ]);
    assert.deepEqual(c.intermediate, [
      [1, 1],
      [2, 0.8],
      [3, 0.7],
    ]);
  });

  it("reports other metrics at the current step without making an intermediate value", () => {
    const { c, reports } = run(["val_loss: 0.5", "lr: 0.01", "val_loss: 0.4 lr: 0.005"]);
    assert.deepEqual(reports, [
      { step: 1, value: 0.5, metrics: { val_loss: 0.5 } },
      { step: 1, metrics: { lr: 0.01 } },
      { step: 2, value: 0.4, metrics: { val_loss: 0.4, lr: 0.005 } },
    ]);
    assert.deepEqual(c.intermediate, [
      [1, 0.5],
      [2, 0.4],
    ]);
    assert.deepEqual(c.metrics, { val_loss: 0.4, lr: 0.005 });
  });

  it(
    "a NaN or infinite objective is reported but is no intermediate value; as the last value it fails the " + "trial",
    () => {
      const a = run(["val_loss: 0.5", "val_loss: nan"]).c;
      assert.deepEqual(a.intermediate, [[1, 0.5]]);
      assert.ok(Number.isNaN(a.value));
      const b = run(['@tune {"val_loss": Infinity}', '@tune {"val_loss": 0.3}']).c;
      assert.deepEqual(b.intermediate, [[2, 0.3]]);
      assert.equal(b.value, 0.3, "a later finite value is the trial's value");
    },
  );
});

describe("reports: Keras progress output", () => {
  for (const [name, make] of [
    ["Keras 2", keras2],
    ["Keras 3", keras3],
  ] as const) {
    it(`${name}: only each epoch's final line counts, with the validation metrics`, () => {
      const out = make(EPOCHS);
      assert.ok(out.includes("\b") && out.includes("\r"));
      const va = collect([out], "val_accuracy");
      assert.equal(va.lines.length, 6, JSON.stringify(va.lines));
      assert.deepEqual(
        va.lines.filter((_, i) => i % 2 === 0),
        ["Epoch 1/3", "Epoch 2/3", "Epoch 3/3"],
      );
      assert.deepEqual(va.intermediate, [
        [1, 0.8],
        [2, 0.84],
        [3, 0.86],
      ]);
      assert.equal(va.value, 0.86);
      assert.deepEqual(va.metrics, { loss: 0.35, accuracy: 0.88, val_loss: 0.38, val_accuracy: 0.86 });
      // Mid-epoch redraws never leak: the training metrics are the epochs' final ones, not a batch's.
      assert.deepEqual(collect([out], "accuracy").intermediate, [
        [1, 0.75],
        [2, 0.81],
        [3, 0.88],
      ]);
      assert.deepEqual(collect([out], "loss").intermediate, [
        [1, 0.5],
        [2, 0.42],
        [3, 0.35],
      ]);
      assert.deepEqual(collect([out], "val_loss").intermediate, [
        [1, 0.45],
        [2, 0.4],
        [3, 0.38],
      ]);
    });
  }

  it("a redraw that ends with `\\r` before the newline, CRLF, and a bar left without a newline at exit", () => {
    const tqdm =
      "\r  0%|          | 0/3 [00:00<?, ?it/s]\r 33%|###3      | 1/3 [00:01<00:02, loss=0.9]\r100%|##########| 3/3 " +
      "[00:03<00:00, loss=0.5]\r\n";
    assert.deepEqual(collect([tqdm], "loss").intermediate, [[1, 0.5]]);
    assert.deepEqual(collect(["val_loss: 0.4\r\nval_loss: 0.3\r\n"], "val_loss").intermediate, [
      [1, 0.4],
      [2, 0.3],
    ]);
    assert.deepEqual(collect(["val_loss: 0.4\rval_loss: 0.35\r"], "val_loss").intermediate, [[1, 0.35]]);
    assert.deepEqual(collect(["val_loss: 0.4\n\rval_loss: 0.2"], "val_loss").intermediate, [
      [1, 0.4],
      [2, 0.2],
    ]);
  });
});

describe("reports: output split at arbitrary byte boundaries", () => {
  const outputs: [string, string, Buffer][] = [
    ["Keras 2", "val_accuracy", Buffer.from(keras2(EPOCHS))],
    ["Keras 3", "val_accuracy", Buffer.from(keras3(EPOCHS))],
    [
      "mixed protocol, UTF-8 and CRLF",
      "val_loss",
      Buffer.from(
        'démarrage ✓ 日本語\r\n@tune {"step": 1, "lr": 0.1, "note": "é"}\n' +
          "étape=1 val_loss=0.5 ✓\r\n" +
          '@tune {"step": 2, "lr": 0.05}\n' +
          "val_loss: 0.4\n" +
          "val_loss: nan\n" +
          "\r 10%|█         | 1/10 [val_loss=0.9]\r100%|██████████| 10/10 [val_loss=0.3]\n" +
          "progress 1/3\b\b\b2/3\b\b\b3/3 val_loss: 0.25",
      ),
    ],
  ];

  /** Splits `buf` at `k` seeded random byte offsets (often inside a UTF-8 character or between `\r` and `\n`). */
  function chunk(buf: Buffer, rng: Rng, k: number): Buffer[] {
    const cuts = [...new Set(Array.from({ length: k }, () => 1 + rng.int(buf.length - 1)))].sort((a, b) => a - b);
    const parts: Buffer[] = [];
    let at = 0;
    for (const c of [...cuts, buf.length]) {
      parts.push(buf.subarray(at, c));
      at = c;
    }
    return parts;
  }

  for (const [name, objective, buf] of outputs) {
    it(`${name}: every chunking gives the same lines and reports (seeded)`, () => {
      const whole = collect([buf], objective);
      assert.ok(whole.intermediate.length >= 3, JSON.stringify(whole.intermediate));
      const rng = new Rng(`chunks/${name}`);
      for (let run = 0; run < 60; run++) {
        const parts =
          run === 0 ? [...buf].map((b) => Buffer.from([b])) : chunk(buf, rng, 1 + rng.int(run < 30 ? 8 : 200));
        assert.deepEqual(collect(parts, objective), whole, `run ${run}: ${parts.length} chunks`);
      }
    });
  }

  it("the mixed output reads as a terminal shows it", () => {
    const r = collect([outputs[2][2]], "val_loss");
    assert.deepEqual(r.lines, [
      "démarrage ✓ 日本語",
      '@tune {"step": 1, "lr": 0.1, "note": "é"}',
      "étape=1 val_loss=0.5 ✓",
      '@tune {"step": 2, "lr": 0.05}',
      "val_loss: 0.4",
      "val_loss: nan",
      "100%|██████████| 10/10 [val_loss=0.3]",
      "progress 3/3 val_loss: 0.25",
    ]);
    assert.deepEqual(r.intermediate, [
      [1, 0.5],
      [2, 0.4],
      [4, 0.3],
      [5, 0.25],
    ]);
    assert.deepEqual(r.metrics, { lr: 0.05, étape: 1, val_loss: 0.25 });
    assert.equal(r.value, 0.25);
  });
});

describe("errors: the user's source line", () => {
  const cwd = "/home/u/proj";
  const ctx = (file: string, extra: Partial<ErrorContext> = {}): ErrorContext => ({
    file,
    cwd,
    readLine: (f, n) => `<${f.split("/").pop()} line ${n}>`,
    ...extra,
  });
  const loc = (text: string, c: ErrorContext) => findErrorLocation(text.split("\n"), c);

  it("Python: the last frame in the user's file, through library frames and the patched copy", () => {
    const tb = `Traceback (most recent call last):
  File "/opt/attune/runtime/attune_bootstrap.py", line 50, in <module>
    exec(code, main.__dict__)
  File "/home/u/proj/train.py", line 40, in <module>
    main()
  File "/home/u/proj/train.py", line 31, in main
    model.fit(x, y)
  File "/usr/lib/python3/dist-packages/keras/engine/training.py", line 1184, in fit
    tmp_logs = self.train_function(iterator)
ValueError: Shapes (None, 1) and (None, 10) are incompatible`;
    const c = ctx("/home/u/proj/train.py");
    assert.deepEqual(loc(tb, c), { file: "/home/u/proj/train.py", line: 31 });
    assert.equal(findSourceLine(tb.split("\n"), c), "train.py:31: <train.py line 31>");
    assert.equal(findErrorSummary(tb.split("\n")), "ValueError: Shapes (None, 1) and (None, 10) are incompatible");
    // The trial's patched copy stands for the user's file.
    const copy = "/home/u/proj/.attune/train.py/trials/3/train.py";
    assert.deepEqual(
      loc(tb.replaceAll("/home/u/proj/train.py", copy), ctx("/home/u/proj/train.py", { aliases: [copy] })),
      { file: "/home/u/proj/train.py", line: 31 },
    );
  });

  it("Python: chained exceptions point at the last one; syntax errors and 3.11 carets work", () => {
    const chained = `Traceback (most recent call last):
  File "/home/u/proj/train.py", line 5, in load
    open("data.csv")
FileNotFoundError: [Errno 2] No such file or directory: 'data.csv'

During handling of the above exception, another exception occurred:

Traceback (most recent call last):
  File "/home/u/proj/train.py", line 9, in <module>
    load()
  File "/home/u/proj/train.py", line 7, in load
    raise RuntimeError("no data")
RuntimeError: no data`;
    assert.deepEqual(loc(chained, ctx("/home/u/proj/train.py")), { file: "/home/u/proj/train.py", line: 7 });
    assert.equal(findErrorSummary(chained.split("\n")), "RuntimeError: no data");
    const syntax = `Traceback (most recent call last):
  File "/opt/attune/runtime/attune_bootstrap.py", line 33, in <module>
    code = compile(source, original, "exec", dont_inherit=True)
  File "/home/u/proj/train.py", line 4
    x = = 1
        ^
SyntaxError: invalid syntax`;
    assert.deepEqual(loc(syntax, ctx("/home/u/proj/train.py")), { file: "/home/u/proj/train.py", line: 4 });
    assert.equal(findErrorSummary(syntax.split("\n")), "SyntaxError: invalid syntax");
    const carets = `Traceback (most recent call last):
  File "/home/u/proj/train.py", line 3, in <module>
    x = [1][5]
        ~~~^^^
IndexError: list index out of range`;
    assert.equal(findSourceLine(carets.split("\n"), ctx("/home/u/proj/train.py")), "train.py:3: <train.py line 3>");
  });

  it("Python: without a frame in the user's file, the last frame in the project, never a file-less one", () => {
    // Run from the project folder (the CLI's usual case), `<string>` would otherwise pass for a project file.
    const here = process.cwd();
    const tb = `Traceback (most recent call last):
  File "<frozen runpy>", line 198, in _run_module_as_main
  File "${here}/pkg/worker.py", line 7, in run
    exec(snippet)
  File "<string>", line 1, in <module>
  File "/usr/lib/python3/dist-packages/numpy/core/fromnumeric.py", line 59, in _wrapfunc
NameError: name 'y' is not defined`;
    assert.deepEqual(loc(tb, ctx(`${here}/train.py`, { cwd: here })), { file: `${here}/pkg/worker.py`, line: 7 });
    assert.equal(
      findSourceLine(tb.split("\n"), ctx(`${here}/train.py`, { cwd: here })),
      "pkg/worker.py:7: <worker.py line 7>",
    );
  });

  it("Python: a relative file name is relative to the trial's folder", () => {
    const tb = `Traceback (most recent call last):
  File "train.py", line 5, in <module>
    1/0
ZeroDivisionError: division by zero`;
    assert.deepEqual(loc(tb, ctx("/home/u/proj/train.py")), { file: "/home/u/proj/train.py", line: 5 });
  });

  it("Node: the innermost user frame of the last stack, CommonJS and ES modules", () => {
    const cjs = `/home/u/proj/train.js:12
    throw new Error("boom");
    ^

Error: boom
    at step (/home/u/proj/train.js:12:11)
    at main (/home/u/proj/train.js:20:3)
    at Object.<anonymous> (/home/u/proj/train.js:25:1)
    at Module._compile (node:internal/modules/cjs/loader:1256:14)
    at node:internal/main/run_main_module:28:49

Node.js v20.20.2`;
    const c = ctx("/home/u/proj/train.js");
    assert.deepEqual(loc(cjs, c), { file: "/home/u/proj/train.js", line: 12 });
    assert.equal(findSourceLine(cjs.split("\n"), c), "train.js:12: <train.js line 12>");
    assert.equal(findErrorSummary(cjs.split("\n")), "Error: boom");
    const esm = `file:///home/u/proj/train.mjs:3
throw new RangeError("bad lr");
^

RangeError: bad lr
    at file:///home/u/proj/train.mjs:3:7
    at ModuleJob.run (node:internal/modules/esm/module_job:195:25)`;
    assert.deepEqual(loc(esm, ctx("/home/u/proj/train.mjs")), { file: "/home/u/proj/train.mjs", line: 3 });
    assert.equal(findErrorSummary(esm.split("\n")), "RangeError: bad lr");
  });

  it("Node: library frames, paths with spaces and parentheses, and frames without a file in between", () => {
    const dir = "/home/u/my proj (v2)";
    const stack = `TypeError: Cannot read properties of undefined (reading 'shape')
    at Sequential.fit (${dir}/node_modules/@tensorflow/tfjs-layers/dist/tf-layers.node.js:123:45)
    at ${dir}/train.js:30:17
    at Array.forEach (<anonymous>)
    at new Promise (<anonymous>)
    at train (${dir}/train.js:28:5)
    at async main (${dir}/train.js:40:3)`;
    const c = ctx(`${dir}/train.js`, { cwd: dir });
    assert.deepEqual(loc(stack, c), { file: `${dir}/train.js`, line: 30 });
    assert.equal(findSourceLine(stack.split("\n"), c), "train.js:30: <train.js line 30>");
    assert.equal(
      findErrorSummary(stack.split("\n")),
      "TypeError: Cannot read properties of undefined (reading 'shape')",
    );
  });

  it("Node: an error's cause is not the error", () => {
    const out = `Error: training failed
    at /home/u/proj/train.js:5:9
    at Object.<anonymous> (/home/u/proj/train.js:4:3) {
  [cause]: Error: ENOENT: no such file
      at /home/u/proj/lib.js:2:9
}`;
    assert.deepEqual(loc(out, ctx("/home/u/proj/train.js")), { file: "/home/u/proj/train.js", line: 5 });
    assert.equal(findErrorSummary(out.split("\n")), "Error: training failed");
  });

  it("shows a file outside the trial's folder by its full path, and the line alone when its code is unknown", () => {
    const tb = `Traceback (most recent call last):
  File "/srv/shared/train.py", line 2, in <module>
ZeroDivisionError: division by zero`;
    assert.equal(
      findSourceLine(tb.split("\n"), ctx("/srv/shared/train.py")),
      "/srv/shared/train.py:2: <train.py line 2>",
    );
    assert.equal(
      findSourceLine(tb.split("\n"), ctx("/srv/shared/train.py", { readLine: () => undefined })),
      "/srv/shared/train.py:2",
    );
    assert.equal(findSourceLine(["plain failure, no stack"], ctx("/home/u/proj/train.py")), undefined);
  });
});

describe("reports: a trial's outcome (through the runner)", () => {
  let dir = "";
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "attune-reports-"));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const run = async (name: string, source: string, objective = "val_loss") => {
    const file = join(dir, name);
    writeFileSync(file, source);
    return startTrial({
      file,
      patchedSource: source,
      objective,
      trialNumber: 0,
      params: {},
      studyDir: join(dir, ".attune", name),
      python: "/usr/bin/python3",
    }).result;
  };

  it("a NaN or infinite last objective fails the trial; a finite one completes it", async () => {
    const nan = await run("nan.js", 'console.log("val_loss: 0.5");\nconsole.log("val_loss: nan");\n');
    assert.equal(nan.state, "failed");
    assert.match(nan.error!.message, /NaN/);
    assert.deepEqual(nan.intermediate, [[1, 0.5]]);
    const inf = await run("inf.js", "console.log('@tune {\"val_loss\": Infinity}');\n");
    assert.equal(inf.state, "failed");
    const ok = await run(
      "ok.js",
      'process.stderr.write("val_loss: nan\\n");\nprocess.stdout.write("val_loss: 0.3\\n");\n',
    );
    assert.equal(ok.state, "complete");
    assert.equal(ok.value, 0.3);
  });

  it("a crash keeps the user's file and line (Node)", async () => {
    const r = await run(
      "crash.js",
      'console.log("val_loss: 0.5");\nfunction f() {\n  null.x;\n}\n[1].forEach(() => f());\n',
    );
    assert.equal(r.state, "failed");
    assert.equal(r.error!.sourceLine, "crash.js:3: null.x;");
    assert.match(r.error!.message, /exited with code 1: TypeError: Cannot read properties of null/);
  });

  it("a crash keeps the user's file and line (Python)", async function () {
    if (!existsSync("/usr/bin/python3")) this.skip();
    const r = await run("crash.py", 'print("val_loss: 0.5")\ndef f(n):\n    return 1 / n\nf(0)\n');
    assert.equal(r.state, "failed");
    assert.equal(r.error!.sourceLine, "crash.py:3: return 1 / n");
    assert.match(r.error!.message, /ZeroDivisionError: division by zero/);
  });
});
