// "Did you mean ...?" for misspelt spec, directive, algorithm and parameter names.

/** Edits (insert, delete, substitute, swap two adjacent letters) from `a` to `b`: `flaot` is one edit from `float`. */
export function editDistance(a: string, b: string): number {
  const m = a.length,
    n = b.length;
  let prev2: number[] = [];
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  for (let i = 1; i <= m; i++) {
    const cur = [i];
    for (let j = 1; j <= n; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) cur[j] = Math.min(cur[j], prev2[j - 2] + 1);
    }
    prev2 = prev;
    prev = cur;
  }
  return prev[n];
}

/** The candidate closest to `name` when it is plausibly a typo of it (or a known synonym), else undefined. */
export function closest(
  name: string,
  candidates: readonly string[],
  synonyms: Record<string, string> = {},
): string | undefined {
  const lower = name.toLowerCase();
  if (synonyms[lower]) return synonyms[lower];
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = c.toLowerCase() === lower ? 0 : editDistance(lower, c.toLowerCase());
    if (d < bestD) {
      best = c;
      bestD = d;
    }
  }
  return best !== undefined && bestD <= Math.max(1, Math.floor(Math.max(name.length, 3) / 3)) ? best : undefined;
}
