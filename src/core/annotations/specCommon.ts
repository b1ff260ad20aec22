// What the spec builders (specs.ts, specNumeric.ts, specList.ts) share: the spec being built, its arguments by
// kind, and how values read in their messages.
import type { Budget, Param } from "../space";
import type { Literal } from "../types";
import type { Problem } from "./problems";
import type { Arg, SpecAst, Span } from "./syntax";

export interface BuiltSpec {
  param?: Param;
  budget?: Budget;
  problems: Problem[];
}

/** One `@tune` spec and the literal it annotates. */
export interface SpecInput {
  /** The whole file: fixes quote and move its text. */
  text: string;
  spec: SpecAst;
  /** `spec.name`: float, int, choice, ... */
  kind: string;
  /** The parameter's name. */
  name: string;
  defaultValue: Literal;
  literalSpan: Span;
  /** The whole `kind(...)` call. */
  specSpan: Span;
}

export type ValueArg = Extract<Arg, { kind: "value" }>;
export type FlagArg = Extract<Arg, { kind: "flag" }>;
export type KwArg = Extract<Arg, { kind: "kw" }>;
export type SpecArg = Extract<Arg, { kind: "spec" }>;

export function specInput(
  text: string,
  spec: SpecAst,
  name: string,
  defaultValue: Literal,
  literalSpan: Span,
): SpecInput {
  const specSpan = { start: spec.nameSpan.start, end: spec.close + 1 };
  return { text, spec, kind: spec.name, name, defaultValue, literalSpan, specSpan };
}

/** A spec's arguments split by kind, each list in written order. */
export interface SpecArgs {
  positional: ValueArg[];
  flags: FlagArg[];
  kws: KwArg[];
  specs: SpecArg[];
}

export function argsOf(spec: SpecAst): SpecArgs {
  return {
    positional: spec.args.filter((a): a is ValueArg => a.kind === "value"),
    flags: spec.args.filter((a): a is FlagArg => a.kind === "flag"),
    kws: spec.args.filter((a): a is KwArg => a.kind === "kw"),
    specs: spec.args.filter((a): a is SpecArg => a.kind === "spec"),
  };
}

/** Default literal as it reads in messages. */
export function show(v: Literal): string {
  if (Array.isArray(v)) return `[${v.map(show).join(", ")}]`;
  return typeof v === "string" ? JSON.stringify(v) : String(v);
}

/** A bound or step as it reads in messages: 12 significant digits, no float noise. */
export function num(x: number): string {
  return String(Number(x.toPrecision(12)));
}
