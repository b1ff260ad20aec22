"use strict";
// `require("<package root>/tfjs")`: TensorFlow.js helpers (hypergradient, morph), docs/model-search.md.
// A git clone loads the sources; an installed package or the .vsix the copy the build puts in dist/runtime.
const { existsSync } = require("fs");
const { join } = require("path");

const source = join(__dirname, "src", "runner", "runtime", "attune-tfjs.cjs");
module.exports = require(existsSync(source) ? source : join(__dirname, "dist", "runtime", "attune-tfjs.cjs"));
