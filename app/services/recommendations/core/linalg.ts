// Dense symmetric positive-definite inversion on Float64Array, for EASE.
//
// ml-matrix's `inverse` (LU on arrays of arrays) took 13.5 s for a
// 1,000 x 1,000 Gram matrix on the 2-core benchmark machine where this file
// takes 1.1 s; at cubic cost that is minutes against ~6 s for the 2,500 items
// EASE keeps by default. It follows LAPACK's potrf/trtri/lauum route
// (P = A^-1 = L^-T L^-1 with A = L L^T), written so that every inner loop is a
// dot product of two contiguous rows and computed by a 4x2 register-blocked
// kernel: four rows against two rows, eight accumulators, six loads per eight
// multiply-adds. Total cost is n^3/2 multiply-adds.
import { runToEnd } from "../../../lib/steps";

/**
 * out[0..8) = dot products of rows a0..a3 with rows b0, b1 of X over k in
 * [k0, k1): out[2r + c] = sum_k X[ar + k] * X[bc + k]. Row arguments are
 * offsets into X (row-major, any row length).
 */
function dot4x2(
  X: Float64Array,
  Y: Float64Array,
  a0: number,
  a1: number,
  a2: number,
  a3: number,
  b0: number,
  b1: number,
  k0: number,
  k1: number,
  out: Float64Array,
): void {
  let s00 = 0,
    s01 = 0,
    s10 = 0,
    s11 = 0,
    s20 = 0,
    s21 = 0,
    s30 = 0,
    s31 = 0;
  for (let k = k0; k < k1; k++) {
    const y0 = Y[b0 + k];
    const y1 = Y[b1 + k];
    let x = X[a0 + k];
    s00 += x * y0;
    s01 += x * y1;
    x = X[a1 + k];
    s10 += x * y0;
    s11 += x * y1;
    x = X[a2 + k];
    s20 += x * y0;
    s21 += x * y1;
    x = X[a3 + k];
    s30 += x * y0;
    s31 += x * y1;
  }
  out[0] = s00;
  out[1] = s01;
  out[2] = s10;
  out[3] = s11;
  out[4] = s20;
  out[5] = s21;
  out[6] = s30;
  out[7] = s31;
}

export class NotPositiveDefiniteError extends Error {
  constructor(readonly column: number) {
    super(`Matrix is not positive definite (pivot ${column}); increase the regularisation`);
  }
}

/**
 * In-place Cholesky factorisation A = L L^T of a symmetric positive-definite
 * n x n row-major matrix, in steps. Only the lower triangle (j <= i) is read
 * and, on return, holds L; the strict upper triangle is left untouched.
 */
function* choleskySteps(A: Float64Array, n: number): Generator<void, void> {
  const acc = new Float64Array(8);
  for (let i0 = 0; i0 < n; i0 += 4) {
    yield;
    const ib = Math.min(4, n - i0);
    const rows = [0, 1, 2, 3].map((r) => Math.min(i0 + r, n - 1) * n);
    // Off-diagonal columns j < i0, two at a time.
    for (let j0 = 0; j0 < i0; j0 += 2) {
      const j1 = Math.min(j0 + 1, i0 - 1);
      dot4x2(A, A, rows[0], rows[1], rows[2], rows[3], j0 * n, j1 * n, 0, j0, acc);
      for (let r = 0; r < ib; r++) {
        const ii = rows[r];
        // column j0
        const l0 = (A[ii + j0] - acc[2 * r]) / A[j0 * n + j0];
        A[ii + j0] = l0;
        if (j1 !== j0) {
          // column j1 = j0 + 1 also needs the k = j0 term
          A[ii + j1] = (A[ii + j1] - acc[2 * r + 1] - l0 * A[j1 * n + j0]) / A[j1 * n + j1];
        }
      }
    }
    // Diagonal block: columns i0 .. i.
    for (let r = 0; r < ib; r++) {
      const i = i0 + r;
      const ii = i * n;
      for (let j = i0; j <= i; j++) {
        const jj = j * n;
        let s = A[ii + j];
        for (let k = 0; k < j; k++) s -= A[ii + k] * A[jj + k];
        if (j < i) A[ii + j] = s / A[jj + j];
        else {
          if (!(s > 0)) throw new NotPositiveDefiniteError(i);
          A[ii + i] = Math.sqrt(s);
        }
      }
    }
  }
}

/**
 * Inverse of a symmetric positive-definite n x n row-major matrix.
 * `A` is overwritten (it is used as workspace and returned holding A^-1, full
 * symmetric storage). Peak extra memory: one more n x n Float64Array.
 */
export function spdInverseInPlace(A: Float64Array, n: number): Float64Array {
  return runToEnd(spdInverseSteps(A, n));
}

/** Steps of spdInverseInPlace: yields between row blocks (a few ms each). */
export function* spdInverseSteps(A: Float64Array, n: number): Generator<void, Float64Array> {
  if (A.length !== n * n) throw new RangeError(`Expected ${n * n} entries, got ${A.length}`);
  yield* choleskySteps(A, n);
  const L = A;
  const acc = new Float64Array(8);

  // Mt = (L^-1)^T, upper triangular: row j of Mt is column j of L^-1, the
  // solution of L x = e_j by forward substitution:
  //   x_i = (delta_ij - sum_{k<i} L[i][k] x_k) / L[i][i].
  // Entries below the diagonal of Mt stay 0, which lets every row of a block
  // start its sums at the block's first column.
  const Mt = new Float64Array(n * n);
  for (let j0 = 0; j0 < n; j0 += 4) {
    yield;
    const jb = Math.min(4, n - j0);
    const rows = [0, 1, 2, 3].map((r) => Math.min(j0 + r, n - 1) * n);
    for (let i0 = j0; i0 < n; i0 += 2) {
      const i1 = Math.min(i0 + 1, n - 1);
      dot4x2(Mt, L, rows[0], rows[1], rows[2], rows[3], i0 * n, i1 * n, j0, i0, acc);
      const inv0 = 1 / L[i0 * n + i0];
      const inv1 = 1 / L[i1 * n + i1];
      const l10 = L[i1 * n + i0];
      for (let r = 0; r < jb; r++) {
        const j = j0 + r;
        const jj = rows[r];
        const x0 = ((j === i0 ? 1 : 0) - acc[2 * r]) * inv0;
        Mt[jj + i0] = x0;
        if (i1 !== i0) Mt[jj + i1] = ((j === i1 ? 1 : 0) - acc[2 * r + 1] - l10 * x0) * inv1;
      }
    }
  }

  // P = L^-T L^-1 = Mt Mt^T: P[i][j] = sum_{k >= max(i,j)} Mt[i][k] Mt[j][k].
  // L is no longer needed; write P over it.
  const P = A;
  for (let i0 = 0; i0 < n; i0 += 4) {
    yield;
    const ib = Math.min(4, n - i0);
    const rows = [0, 1, 2, 3].map((r) => Math.min(i0 + r, n - 1) * n);
    for (let j0 = 0; j0 < i0 + ib; j0 += 2) {
      const j1 = Math.min(j0 + 1, n - 1);
      dot4x2(Mt, Mt, rows[0], rows[1], rows[2], rows[3], j0 * n, j1 * n, i0, n, acc);
      for (let r = 0; r < ib; r++) {
        const i = i0 + r;
        P[i * n + j0] = acc[2 * r];
        P[j0 * n + i] = acc[2 * r];
        if (j1 !== j0) {
          P[i * n + j1] = acc[2 * r + 1];
          P[j1 * n + i] = acc[2 * r + 1];
        }
      }
    }
  }
  return P;
}
