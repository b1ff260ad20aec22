#!/usr/bin/env node
// `attune predict` starts without the engine (dist/predict.js); everything else is dist/cli.js.
if (process.argv[2] === "predict") require("../dist/predict.js").runPredict(process.argv.slice(3));
else require("../dist/cli.js").runCli();
