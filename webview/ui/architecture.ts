// A trial's architecture drawn as a small SVG block diagram (the layout is webview/model/architecture.ts); colours
// come from the theme through CSS classes (styles.css), so a theme change needs no redraw.
import type { Diagram } from "../model/architecture";
import { s } from "./dom";

export function architectureSvg(d: Diagram, trial: number): SVGElement {
  const layers = d.blocks.filter((b) => b.kind === "conv" || b.kind === "dense");
  const svg = s("svg", {
    class: "arch",
    viewBox: `0 0 ${d.width} ${d.height}`,
    width: d.width,
    height: d.height,
    role: "img",
    "aria-label": `Trial ${trial} architecture: input, ${layers.map((b) => `${b.caption} ${b.label}`).join(", ")}, output`,
  });
  for (const l of d.links) svg.append(s("line", { class: "arch-link", x1: l.x1, y1: l.y, x2: l.x2 - 3, y2: l.y }));
  for (const l of d.links) svg.append(s("path", { class: "arch-head", d: `M${l.x2} ${l.y}l-4 -3v6z` }));
  for (const b of d.blocks) {
    const g = s("g", { class: `arch-block ${b.kind}` });
    if (b.source) g.append(s("title", {}, `${b.caption ?? b.kind}: ${b.source}`));
    g.append(s("rect", { x: b.x, y: b.y, width: b.w, height: b.h, rx: 3 }));
    const io = b.kind === "input" || b.kind === "output";
    g.append(
      s("text", { class: "arch-label", x: b.x + b.w / 2, y: b.y + b.h / 2 + 4, "text-anchor": "middle" }, b.label),
    );
    if (!io && b.caption)
      g.append(
        s("text", { class: "arch-caption", x: b.x + b.w / 2, y: d.height - 3, "text-anchor": "middle" }, b.caption),
      );
    svg.append(g);
  }
  return svg;
}
