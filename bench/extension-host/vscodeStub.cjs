// A stand-in `vscode` module for measuring activation in plain Node: every API is a no-op that returns something
// usable (disposables, events, items), except EventEmitter, which works. Not a test double for behaviour.
"use strict";
const noop = () => {};
function anything() {
  const target = function () {};
  return new Proxy(target, {
    get(_t, k) {
      if (k === "then") return undefined;
      if (k === Symbol.iterator) return function* () {};
      if (k === Symbol.toPrimitive) return () => "";
      if (k === "dispose") return noop;
      return anything();
    },
    set: () => true,
    defineProperty: () => true,
    apply: () => anything(),
    construct: () => anything(),
  });
}
class EventEmitter {
  constructor() {
    this.listeners = new Set();
    this.event = (fn) => {
      this.listeners.add(fn);
      return { dispose: () => this.listeners.delete(fn) };
    };
  }
  fire(e) {
    for (const l of [...this.listeners]) l(e);
  }
  dispose() {
    this.listeners.clear();
  }
}
const event = () => ({ dispose: noop });
// esbuild's interop copies the module's own property names, so every API the extension touches is listed.
const names = [
  "commands",
  "languages",
  "extensions",
  "env",
  "Uri",
  "Range",
  "Position",
  "Diagnostic",
  "DiagnosticSeverity",
  "CodeAction",
  "CodeActionKind",
  "CodeLens",
  "Hover",
  "MarkdownString",
  "ThemeIcon",
  "ThemeColor",
  "TreeItem",
  "TreeItemCollapsibleState",
  "StatusBarAlignment",
  "ViewColumn",
  "ProgressLocation",
  "WorkspaceEdit",
  "Disposable",
];
const base = Object.fromEntries(names.map((n) => [n, anything()]));
const stub = new Proxy(
  {
    ...base,
    EventEmitter,
    workspace: new Proxy(
      {
        workspaceFolders: [],
        textDocuments: [],
        isTrusted: true,
        onDidOpenTextDocument: event,
        onDidChangeTextDocument: event,
        onDidCloseTextDocument: event,
        onDidChangeWorkspaceFolders: event,
        onDidGrantWorkspaceTrust: event,
      },
      { get: (t, k) => (k in t ? t[k] : anything()) },
    ),
    window: new Proxy(
      { activeTextEditor: undefined, visibleTextEditors: [], onDidChangeActiveTextEditor: event },
      { get: (t, k) => (k in t ? t[k] : anything()) },
    ),
  },
  { get: (t, k) => (k in t ? t[k] : anything()) },
);
module.exports = stub;
