// Tiny hand-written runtime schemas (no eval, no dependencies). A schema checks an unknown value and says where it
// is wrong; `Infer<S>` gives the TypeScript type, so a message's type and its validator are one declaration.

export interface Schema<T> {
  /** undefined when `x` fits; otherwise why not, with the path to the offending value. */
  check(x: unknown, path: string): string | undefined;
  /** Phantom field carrying the type; never set. */
  readonly _type?: T;
}
export type Infer<S> = S extends Schema<infer T> ? T : never;

const fail = (path: string, what: string, x: unknown) => `${path || "message"}: expected ${what}, got ${describe(x)}`;

function describe(x: unknown): string {
  if (x === null) return "null";
  if (Array.isArray(x)) return "array";
  if (typeof x === "number") return Number.isFinite(x) ? `number ${x}` : String(x);
  if (typeof x === "string") return `string ${JSON.stringify(x.length > 20 ? x.slice(0, 20) + "…" : x)}`;
  return typeof x;
}

export const num: Schema<number> = {
  check: (x, p) => (typeof x === "number" && Number.isFinite(x) ? undefined : fail(p, "a finite number", x)),
};
export const int: Schema<number> = {
  check: (x, p) => (typeof x === "number" && Number.isInteger(x) ? undefined : fail(p, "an integer", x)),
};
/** Non-negative integer index (trial numbers, sequence numbers). */
export const index: Schema<number> = {
  check: (x, p) => (typeof x === "number" && Number.isInteger(x) && x >= 0 ? undefined : fail(p, "an integer ≥ 0", x)),
};
export const bool: Schema<boolean> = {
  check: (x, p) => (typeof x === "boolean" ? undefined : fail(p, "a boolean", x)),
};

export function str(maxLength = 10_000): Schema<string> {
  return {
    check: (x, p) =>
      typeof x !== "string"
        ? fail(p, "a string", x)
        : x.length > maxLength
          ? `${p}: string longer than ${maxLength}`
          : undefined,
  };
}

export function oneOf<const T extends readonly (string | number | boolean | null)[]>(...values: T): Schema<T[number]> {
  return {
    check: (x, p) =>
      values.includes(x as T[number])
        ? undefined
        : fail(p, `one of ${values.map((v) => JSON.stringify(v)).join(", ")}`, x),
  };
}

/** A literal as it appears in a user's file: number (finite), string, boolean or null. */
export const literal: Schema<number | string | boolean | null> = {
  check: (x, p) =>
    x === null || typeof x === "string" || typeof x === "boolean" || (typeof x === "number" && Number.isFinite(x))
      ? typeof x === "string" && x.length > 10_000
        ? `${p}: string too long`
        : undefined
      : fail(p, "a literal (number, string, boolean or null)", x),
};

export function arr<T>(item: Schema<T>, maxLength = 100_000): Schema<T[]> {
  return {
    check: (x, p) => {
      if (!Array.isArray(x)) return fail(p, "an array", x);
      if (x.length > maxLength) return `${p}: array longer than ${maxLength}`;
      for (let i = 0; i < x.length; i++) {
        const e = item.check(x[i], `${p}[${i}]`);
        if (e) return e;
      }
      return undefined;
    },
  };
}

export function tuple<A, B>(a: Schema<A>, b: Schema<B>): Schema<[A, B]> {
  return {
    check: (x, p) => {
      if (!Array.isArray(x) || x.length !== 2) return fail(p, "a pair", x);
      return a.check(x[0], `${p}[0]`) ?? b.check(x[1], `${p}[1]`);
    },
  };
}

const isPlainObject = (x: unknown): x is Record<string, unknown> =>
  typeof x === "object" &&
  x !== null &&
  !Array.isArray(x) &&
  (Object.getPrototypeOf(x) === Object.prototype || Object.getPrototypeOf(x) === null);

/** A string-keyed map; refuses prototype-polluting keys. */
export function record<T>(value: Schema<T>, maxKeys = 10_000): Schema<Record<string, T>> {
  return {
    check: (x, p) => {
      if (!isPlainObject(x)) return fail(p, "an object", x);
      const keys = Object.keys(x);
      if (keys.length > maxKeys) return `${p}: more than ${maxKeys} keys`;
      for (const k of keys) {
        if (k === "__proto__" || k === "constructor" || k === "prototype")
          return `${p}: forbidden key ${JSON.stringify(k)}`;
        const e = value.check(x[k], `${p}.${k}`);
        if (e) return e;
      }
      return undefined;
    },
  };
}

/** Marks a field optional inside `obj({...})`. */
export interface Optional<T> extends Schema<T | undefined> {
  readonly optional: true;
}
export function opt<T>(s: Schema<T>): Optional<T> {
  return { optional: true, check: (x, p) => (x === undefined ? undefined : s.check(x, p)) };
}

type Fields = Record<string, Schema<unknown>>;
type OptionalKeys<F extends Fields> = { [K in keyof F]: F[K] extends Optional<unknown> ? K : never }[keyof F];
type RequiredKeys<F extends Fields> = Exclude<keyof F, OptionalKeys<F>>;
export type ObjType<F extends Fields> = { [K in RequiredKeys<F>]: Infer<F[K]> } & {
  [K in OptionalKeys<F>]?: Exclude<Infer<F[K]>, undefined>;
};

/** An object with exactly these fields (unknown fields are refused: the webview is a trust boundary). */
export function obj<F extends Fields>(fields: F): Schema<{ [K in keyof ObjType<F>]: ObjType<F>[K] }> {
  return {
    check: (x, p) => {
      if (!isPlainObject(x)) return fail(p, "an object", x);
      // hasOwnProperty, not `in`: `"__proto__" in fields` is true through the prototype.
      for (const k of Object.keys(x))
        if (!Object.prototype.hasOwnProperty.call(fields, k))
          return `${p || "message"}: unexpected field ${JSON.stringify(k)}`;
      for (const [k, s] of Object.entries(fields)) {
        const e = s.check(x[k], p ? `${p}.${k}` : k);
        if (e) return e;
      }
      return undefined;
    },
  };
}

export function nullable<T>(s: Schema<T>): Schema<T | null> {
  return { check: (x, p) => (x === null ? undefined : s.check(x, p)) };
}
