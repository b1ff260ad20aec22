// `require("attune/data")`: the data module `attune auto`'s train.ts uses (docs/model-search.md#the-data-module).
module.exports = require("./dist/runtime/attune-data.cjs");
