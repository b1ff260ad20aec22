// @ts-check
// Loaded with `node --import` for ES-module trials: installs attune-loader.mjs, which serves the patched text for
// the user's original file (the ESM counterpart of attune-preload.cjs).
import { register } from "node:module";

register("./attune-loader.mjs", import.meta.url);
