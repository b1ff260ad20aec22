// Dense Cholesky factorization for small symmetric positive-definite matrices (GP kernels).
// The factor is stored as jagged rows (row i has i+1 entries) and built row by row, so appending a point to a
// factored kernel matrix costs O(n²) and gives exactly the bits a full refactorization would.

/** Lower-triangular factor L (A = L Lᵀ); row i holds L[i][0..i]. */
export type Lower = Float64Array[];

/**
 * Append row i = L.length, given a[0..i] = A[i][0..i] (the new point's covariances with the earlier points and
 * its own variance last). Returns false, leaving L unchanged, when the matrix is not positive definite.
 */
export function choleskyAppendRow(L: Lower, a: ArrayLike<number>): boolean {
  const i = L.length;
  const row = new Float64Array(i + 1);
  for (let j = 0; j < i; j++) {
    const Lj = L[j];
    let s = a[j];
    for (let k = 0; k < j; k++) s -= row[k] * Lj[k];
    row[j] = s / Lj[j];
  }
  let d = a[i];
  for (let k = 0; k < i; k++) d -= row[k] * row[k];
  if (!(d > 0) || !Number.isFinite(d)) return false;
  row[i] = Math.sqrt(d);
  L.push(row);
  return true;
}

/** Factor the symmetric matrix given by `entry(i, j)` (j ≤ i); null when it is not positive definite. */
export function cholesky(n: number, entry: (i: number, j: number) => number): Lower | null {
  const L: Lower = [];
  const a = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) a[j] = entry(i, j);
    if (!choleskyAppendRow(L, a.subarray(0, i + 1))) return null;
  }
  return L;
}

/** Solve L x = b (forward substitution). Solves only the leading `n` rows when given. */
export function solveLower(L: Lower, b: ArrayLike<number>, n = L.length): Float64Array {
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const Li = L[i];
    let s = b[i];
    for (let k = 0; k < i; k++) s -= Li[k] * x[k];
    x[i] = s / Li[i];
  }
  return x;
}

/** Solve Lᵀ x = b (back substitution). */
export function solveUpper(L: Lower, b: ArrayLike<number>, n = L.length): Float64Array {
  const x = Float64Array.from({ length: n }, (_, i) => b[i]);
  for (let i = n - 1; i >= 0; i--) {
    x[i] /= L[i][i];
    const xi = x[i];
    const Li = L[i];
    for (let k = 0; k < i; k++) x[k] -= Li[k] * xi;
  }
  return x;
}

/** Solve A x = b with A = L Lᵀ. */
export function choleskySolve(L: Lower, b: ArrayLike<number>, n = L.length): Float64Array {
  return solveUpper(L, solveLower(L, b, n), n);
}

/** log det A = 2 Σ log L_ii over the leading n rows. */
export function logDet(L: Lower, n = L.length): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += Math.log(L[i][i]);
  return 2 * s;
}

/** A⁻¹ as jagged lower rows (symmetric: A⁻¹[i][j] for j ≤ i), from the leading n rows of L. O(n³/2). */
export function inverseFromCholesky(L: Lower, n = L.length): Float64Array[] {
  // M = L⁻¹ (lower), then A⁻¹ = Mᵀ M, accumulated row by row of M.
  const M: Float64Array[] = [];
  for (let i = 0; i < n; i++) {
    const Li = L[i];
    const row = new Float64Array(i + 1);
    row[i] = 1 / Li[i];
    for (let j = 0; j < i; j++) {
      let s = 0;
      for (let k = j; k < i; k++) s += Li[k] * M[k][j];
      row[j] = -s / Li[i];
    }
    M.push(row);
  }
  const inv: Float64Array[] = [];
  for (let i = 0; i < n; i++) inv.push(new Float64Array(i + 1));
  for (let k = 0; k < n; k++) {
    const Mk = M[k];
    for (let i = 0; i <= k; i++) {
      const a = Mk[i];
      if (a === 0) continue;
      const invi = inv[i];
      for (let j = 0; j <= i; j++) invi[j] += a * Mk[j];
    }
  }
  return inv;
}
