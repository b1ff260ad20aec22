// One activation in a fresh process: time to load dist/extension.js and run activate(), printed as JSON.
"use strict";
const Module = require("node:module");
const path = require("node:path");
const stubPath = path.join(__dirname, "vscodeStub.cjs");
const resolve = Module._resolveFilename;
Module._resolveFilename = function (req, ...rest) {
  return req === "vscode" ? stubPath : resolve.call(this, req, ...rest);
};
require(stubPath);
const ext = process.argv[2];
const t0 = process.hrtime.bigint();
const m = require(ext);
const t1 = process.hrtime.bigint();
const subs = [];
m.activate({
  subscriptions: subs,
  workspaceState: { get: (_k, d) => d, update: async () => {} },
  extensionPath: path.dirname(path.dirname(ext)),
  extensionUri: { fsPath: "" },
});
const t2 = process.hrtime.bigint();
for (const s of subs)
  try {
    s.dispose();
  } catch {}
console.log(JSON.stringify({ loadMs: Number(t1 - t0) / 1e6, activateMs: Number(t2 - t1) / 1e6 }));
process.exit(0);
