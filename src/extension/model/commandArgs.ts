// Arguments that arrive through command URIs (hover links, CodeLens) are untrusted text: each command that takes
// them has a schema here, and handlers see only values that passed it. Pure.
import { index, obj, str, type Infer } from "../../protocol/schema";

/** `attune.applyValue`: write one parameter of one trial into one line. The value itself is looked up again. */
export const applyValueArgs = obj({
  /** The document's URI, as `Uri.toString()`. */
  uri: str(8000),
  /** Study key (root::name). */
  study: str(8000),
  trial: index,
  name: str(200),
  /** The literal's text when the link was made; the edit is refused when the line now says something else. */
  literal: str(10_000),
});
export type ApplyValueArgs = Infer<typeof applyValueArgs>;

/** Parse the first argument of a command invocation; undefined (with why) when it does not fit. */
export function parseArgs<T>(
  schema: { check(x: unknown, p: string): string | undefined },
  raw: unknown,
): { ok: true; value: T } | { ok: false; error: string } {
  const err = schema.check(raw, "args");
  return err ? { ok: false, error: err } : { ok: true, value: raw as T };
}

/** `command:<id>?<args>` with the JSON-array encoding VS Code expects. */
export function commandUri(command: string, ...args: unknown[]): string {
  return `command:${command}?${encodeURIComponent(JSON.stringify(args))}`;
}
