// The panel's HTML shell: a strict Content-Security-Policy (nothing by default; scripts only by nonce from our own
// bundle; no eval) and the built webview bundle. Pure (no `vscode`), so the CSP is unit-tested.
import { randomBytes } from "node:crypto";

export interface PanelPage {
  /** `webview.cspSource`. */
  cspSource: string;
  nonce: string;
  /** `webview.asWebviewUri(...)` of dist/webview/webview.js, as a string. */
  scriptUri: string;
  /** Same for the stylesheet, when the build emitted one. */
  styleUri?: string;
  title: string;
}

export function makeNonce(): string {
  return randomBytes(18)
    .toString("base64")
    .replace(/[^A-Za-z0-9]/g, "");
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    // Styles: our stylesheet, plus inline style attributes that uPlot and the web components set at run time.
    `style-src ${cspSource} 'unsafe-inline'`,
    `font-src ${cspSource}`,
    `img-src ${cspSource} data:`,
  ].join("; ");
}

const escapeAttr = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

export function panelHtml(p: PanelPage): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttr(contentSecurityPolicy(p.cspSource, p.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
${p.styleUri ? `<link rel="stylesheet" href="${escapeAttr(p.styleUri)}">` : ""}
<title>${escapeAttr(p.title)}</title>
</head>
<body>
<div id="app" role="main" aria-label="${escapeAttr(p.title)}"></div>
<script nonce="${escapeAttr(p.nonce)}" src="${escapeAttr(p.scriptUri)}"></script>
</body>
</html>`;
}
