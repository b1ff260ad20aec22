// Canvas charts cannot use CSS variables directly: read the `--vscode-*` colours the host sets, and tell the
// charts when the theme changes (VS Code swaps the body class and the variables on <html>).
export interface ChartTheme {
  fg: string;
  muted: string;
  grid: string;
  blue: string;
  orange: string;
  red: string;
  green: string;
  purple: string;
  font: string;
  highContrast: boolean;
}

function cssVar(name: string, fallback: string): string {
  const v =
    getComputedStyle(document.documentElement).getPropertyValue(name).trim() ||
    getComputedStyle(document.body).getPropertyValue(name).trim();
  return v || fallback;
}

export function readTheme(): ChartTheme {
  const dark =
    document.body.classList.contains("vscode-dark") || document.body.classList.contains("vscode-high-contrast");
  const highContrast =
    document.body.classList.contains("vscode-high-contrast") ||
    document.body.classList.contains("vscode-high-contrast-light");
  const fg = cssVar("--vscode-charts-foreground", cssVar("--vscode-foreground", dark ? "#cccccc" : "#333333"));
  return {
    fg,
    muted: cssVar("--vscode-descriptionForeground", fg),
    grid: highContrast
      ? cssVar("--vscode-contrastBorder", fg)
      : cssVar("--vscode-charts-lines", dark ? "rgba(204,204,204,0.25)" : "rgba(51,51,51,0.2)"),
    blue: cssVar("--vscode-charts-blue", "#3794ff"),
    orange: cssVar("--vscode-charts-orange", "#d18616"),
    red: cssVar("--vscode-charts-red", "#f14c4c"),
    green: cssVar("--vscode-charts-green", "#89d185"),
    purple: cssVar("--vscode-charts-purple", "#b180d7"),
    font: `${cssVar("--vscode-font-size", "12px")} ${cssVar("--vscode-font-family", "sans-serif")}`,
    highContrast,
  };
}

/** Colour with alpha, for any CSS colour the canvas understands (hex or rgb()). */
export function withAlpha(color: string, alpha: number): string {
  const m = /^#([0-9a-f]{3,8})$/i.exec(color.trim());
  if (m) {
    let hex = m[1];
    if (hex.length <= 4) hex = [...hex].map((c) => c + c).join("");
    const [r, g, b] = [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16));
    return `rgba(${r}, ${g}, ${b}, ${alpha})`;
  }
  const rgb = /^rgba?\(([^,]+),([^,]+),([^,)]+)/.exec(color.replace(/\s+/g, ""));
  if (rgb) return `rgba(${rgb[1]}, ${rgb[2]}, ${rgb[3]}, ${alpha})`;
  return color;
}

export function onThemeChange(cb: () => void): void {
  const sig = () => document.body.className + "|" + (document.documentElement.getAttribute("style") ?? "");
  let last = sig();
  let pending = false;
  const mo = new MutationObserver(() => {
    if (pending) return;
    pending = true;
    // Coalesce the class and variable changes VS Code makes together into one redraw.
    requestAnimationFrame(() => {
      pending = false;
      const now = sig();
      if (now !== last) {
        last = now;
        cb();
      }
    });
  });
  mo.observe(document.body, { attributes: true, attributeFilter: ["class"] });
  mo.observe(document.documentElement, { attributes: true, attributeFilter: ["style"] });
}
