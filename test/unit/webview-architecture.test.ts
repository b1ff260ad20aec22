// A trial's architecture as a block diagram: which parameters make layers, and the boxes' geometry.
import { strict as assert } from "node:assert";
import type { ParamColumn } from "../../src/protocol/messages";
import { architectureDiagram, BOX, layersOf } from "../../webview/model/architecture";

// attune auto's table script: units = list(int(8, 256, log), min=1, max=3).
const table: ParamColumn[] = [
  { name: "len(units)", kind: "int", lo: 1, hi: 3 },
  { name: "units[0]", kind: "int", lo: 8, hi: 256, log: true },
  { name: "units[1]", kind: "int", lo: 8, hi: 256, log: true },
  { name: "units[2]", kind: "int", lo: 8, hi: 256, log: true },
  { name: "dropout", kind: "float", lo: 0, hi: 0.5 },
  { name: "batchSize", kind: "choice", values: [16, 32, 64, 128] },
];
// attune auto's image script: filters = list(choice(8, 16, 32), min=1, max=2), kernel, denseUnits.
const image: ParamColumn[] = [
  { name: "len(filters)", kind: "int", lo: 1, hi: 2 },
  { name: "filters[0]", kind: "choice", values: [8, 16, 32] },
  { name: "filters[1]", kind: "choice", values: [8, 16, 32] },
  { name: "kernel", kind: "choice", values: [3, 5] },
  { name: "denseUnits", kind: "choice", values: [0, 64, 128] },
  { name: "len(kernels)", kind: "int", lo: 1, hi: 2 },
  { name: "kernels[0]", kind: "choice", values: [3, 5] },
];

describe("architecture diagram (trial details)", () => {
  it("a dense list: input → one box per layer with its width → output", () => {
    const d = architectureDiagram(table, {
      "len(units)": 3,
      "units[0]": 256,
      "units[1]": 128,
      "units[2]": 64,
      dropout: 0.1,
      batchSize: 32,
    })!;
    assert.deepEqual(
      d.blocks.map((b) => [b.kind, b.label, b.caption]),
      [
        ["input", "input", undefined],
        ["dense", "256", "dense"],
        ["dense", "128", "dense"],
        ["dense", "64", "dense"],
        ["output", "output", undefined],
      ],
    );
    assert.equal(d.blocks[1].source, "units[0] = 256");
    assert.equal(d.links.length, 4);
    for (const [i, l] of d.links.entries()) {
      assert.equal(l.x1, d.blocks[i].x + d.blocks[i].w);
      assert.equal(l.x2, d.blocks[i + 1].x);
    }
    // Heights on the log scale of the declared bounds 8…256: 256 is the tallest box, each halving a fifth less.
    assert.equal(d.blocks[1].h, BOX.maxH);
    const step = (BOX.maxH - BOX.minH) / 5;
    assert.equal(d.blocks[2].h, Math.round(BOX.maxH - step));
    assert.equal(d.blocks[3].h, Math.round(BOX.maxH - 2 * step));
    // Boxes are centred on one line, and the picture holds every box.
    for (const b of d.blocks) assert.ok(Math.abs(b.y + b.h / 2 - (BOX.pad + BOX.maxH / 2)) <= 0.5);
    assert.equal(d.width, d.blocks.at(-1)!.x + BOX.w + BOX.pad);
  });

  it("a shorter list has fewer boxes: absent elements are not layers of width 0", () => {
    const d = architectureDiagram(table, { "len(units)": 1, "units[0]": 8 })!;
    assert.deepEqual(
      d.blocks.map((b) => b.label),
      ["input", "8", "output"],
    );
    assert.equal(d.blocks[1].h, BOX.minH);
  });

  it("conv filters first (with the kernel), then the dense width; kernel-size lists and a 0 width are not layers", () => {
    const p = { "len(filters)": 2, "filters[0]": 16, "filters[1]": 32, kernel: 5, denseUnits: 64, "kernels[0]": 3 };
    assert.deepEqual(
      layersOf(image, p).map((l) => `${l.kind} ${l.width}`),
      ["conv 16", "conv 32", "dense 64"],
    );
    assert.equal(architectureDiagram(image, p)!.blocks[1].caption, "conv 5×5");
    assert.deepEqual(
      layersOf(image, { ...p, denseUnits: 0 }).map((l) => l.width),
      [16, 32],
    );
  });

  it("no diagram without a list of widths", () => {
    assert.equal(architectureDiagram(table, { dropout: 0.1 }), undefined);
    const names: ParamColumn[] = [{ name: "acts[0]", kind: "choice", values: ["relu", "tanh"] }];
    assert.equal(architectureDiagram(names, { "acts[0]": "relu" }), undefined);
    // A scalar width alone is not an architecture to draw.
    assert.equal(architectureDiagram([{ name: "hidden", kind: "int", lo: 8, hi: 64 }], { hidden: 32 }), undefined);
  });
});
