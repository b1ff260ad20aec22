// Tiny data for `attune auto` tests (auto.test.ts, oneshot.test.ts): a table and an image folder that train in seconds.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PNG } from "pngjs";

/** 100 rows: two numbers and a colour decide the label. */
export function tableCsv(): string {
  let seed = 1;
  const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 4 - 2;
  const rows = ["x1,x2,color,label"];
  for (let i = 0; i < 100; i++) {
    const [a, b] = [rnd(), rnd()];
    const color = ["red", "green", "blue"][i % 3];
    rows.push(`${a.toFixed(3)},${b.toFixed(3)},${color},${a + b + (color === "red" ? 1 : 0) > 0.5 ? "yes" : "no"}`);
  }
  return rows.join("\n") + "\n";
}

/** Two classes of 8×8 grey PNGs: bright right half, or bright bottom half. */
export function imageFolder(dir: string, perClass = 10): void {
  for (const [label, vertical] of [
    ["left", true],
    ["top", false],
  ] as const) {
    mkdirSync(join(dir, label), { recursive: true });
    for (let i = 0; i < perClass; i++) {
      const png = new PNG({ width: 8, height: 8 });
      for (let y = 0; y < 8; y++)
        for (let x = 0; x < 8; x++) {
          const v = (vertical ? x > 3 : y > 3) ? 200 + i * 5 : 10 + i * 3;
          png.data.set([v, v, v, 255], (y * 8 + x) * 4);
        }
      writeFileSync(join(dir, label, `${i}.png`), PNG.sync.write(png));
    }
  }
}
