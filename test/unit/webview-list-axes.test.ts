// List parameters in parallel coordinates and importance: read by their length and their elements, as the table
// reads them; an element a shorter list does not have is absent, never 0.
import { strict as assert } from "node:assert";
import type { ParamColumn, TrialRow } from "../../src/protocol/messages";
import { importance } from "../../webview/model/importance";
import { layoutParallel, nearestLine } from "../../webview/model/parcoords";
import { row, study } from "./webview-fixture";

// units = list(int(8, 256, log), min=1, max=4), and a fixed-length pair kernels = list(choice(3, 5), min=2, max=2).
const COLUMNS: ParamColumn[] = [
  { name: "len(units)", kind: "int", lo: 1, hi: 4, log: false },
  ...[0, 1, 2, 3].map((k): ParamColumn => ({ name: `units[${k}]`, kind: "int", lo: 8, hi: 256, log: true })),
  { name: "len(kernels)", kind: "choice", values: [2] },
  { name: "kernels[0]", kind: "choice", values: [3, 5] },
  { name: "kernels[1]", kind: "choice", values: [3, 5] },
];
const flat = (units: number[], kernels = [3, 3]) => {
  const p: TrialRow["params"] = { "len(units)": units.length, "len(kernels)": 2 };
  units.forEach((u, k) => (p[`units[${k}]`] = u));
  kernels.forEach((u, k) => (p[`kernels[${k}]`] = u));
  return p;
};
const box = { width: 800, height: 212, pad: [10, 20, 2, 20] as [number, number, number, number] };

describe("list parameters in parallel coordinates and importance", () => {
  const trials = [
    row(0, "complete", flat([256, 128, 64]), 0.9),
    row(1, "complete", flat([32]), 0.6),
    row(2, "complete", flat([64, 64]), 0.7),
  ];
  const layout = layoutParallel(study(trials, { params: COLUMNS }), trials, box);

  it("gives a list an axis for its length and one per element some trial has", () => {
    // units[3]: no trial has four layers; len(kernels): the length is fixed.
    assert.deepEqual(
      layout.axes.map((a) => a.label),
      ["len(units)", "units[0]", "units[1]", "units[2]", "kernels[0]", "kernels[1]", "val_accuracy"],
    );
    const u1 = layout.axes[2];
    assert.equal(u1.y(undefined), undefined, "an absent element has no place on the axis");
    assert.equal(u1.y(256), 10);
    assert.equal(u1.y(8), 210);
  });

  it("passes an absent element by instead of drawing it at 0, so the line reaches the objective", () => {
    const short = layout.lines.find((l) => l.number === 1)!;
    assert.equal(short.ys[2], undefined);
    assert.equal(short.ys[3], undefined);
    assert.ok(short.ys.at(-1) !== undefined);
    // One connected path: a single M, and no point drawn at the bottom of units[1] or units[2].
    assert.equal(short.d.match(/M/g)?.length, 1, short.d);
    const xs = [...short.d.matchAll(/[ML]([\d.]+) /g)].map((m) => Number(m[1]));
    assert.ok(!xs.includes(layout.axes[2].x) && !xs.includes(layout.axes[3].x));
    // Hovering over the passed-by stretch finds the line too.
    const mid = (layout.axes[2].x + layout.axes[3].x) / 2;
    const [i, j] = [1, 4];
    const t = (mid - layout.axes[i].x) / (layout.axes[j].x - layout.axes[i].x);
    const y = short.ys[i]! + (short.ys[j]! - short.ys[i]!) * t;
    assert.equal(nearestLine(layout, mid, y, 1)?.number, 1);
    const full = layout.lines.find((l) => l.number === 0)!;
    assert.equal(full.d.match(/L/g)?.length, layout.axes.length - 1);
  });

  it("importance scores the length and each element, an absent element as its own group", () => {
    const rows: TrialRow[] = [];
    // The objective depends on the number of layers only: len(units) explains it, units[0] does not.
    for (let i = 0; i < 24; i++) {
      const n = 1 + (i % 3);
      const units = Array.from({ length: n }, (_, k) => [8, 32, 128, 256][(i + k) % 4]);
      rows.push(row(i, "complete", flat(units), n + 0.01 * (i % 5)));
    }
    const r = importance(COLUMNS, rows);
    assert.ok(r.ok);
    const names = r.items.map((x) => x.name);
    assert.equal(names[0], "len(units)");
    for (const c of COLUMNS) assert.ok(names.includes(c.name), c.name);
    const score = (n: string) => r.items.find((x) => x.name === n)!.score;
    assert.ok(score("len(units)") > 0.8, `len(units) ${score("len(units)")}`);
    assert.ok(score("units[0]") < 0.2, `units[0] ${score("units[0]")}`);
    // units[2] exists only on three-layer trials: "absent" is a group of its own, so it tells length apart too.
    assert.ok(score("units[2]") > 0.3, `units[2] ${score("units[2]")}`);
  });
});
