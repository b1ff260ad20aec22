// Bad data is one sentence that names the problem and the fix (docs/model-search.md#bad-input), never a stack trace.
export class DataError extends Error {
  override readonly name = "DataError";
}
