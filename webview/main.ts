// Panel entry: styles (bundled into webview.css), the few @vscode-elements widgets we use, then the app.
import "uplot/dist/uPlot.min.css";
import "./styles.css";
import "@vscode-elements/elements/dist/vscode-button/index.js";
import "@vscode-elements/elements/dist/vscode-checkbox/index.js";
import "@vscode-elements/elements/dist/vscode-tabs/index.js";
import "@vscode-elements/elements/dist/vscode-tab-header/index.js";
import "@vscode-elements/elements/dist/vscode-tab-panel/index.js";
import "@vscode-elements/elements/dist/vscode-textfield/index.js";
import { PanelApp } from "./app";
import { vscodeApi } from "./vscodeApi";

const host = document.getElementById("app") ?? document.body.appendChild(document.createElement("div"));
const app = new PanelApp(host, vscodeApi());
window.addEventListener("message", (e: MessageEvent) => app.onMessage(e.data));
app.start();
