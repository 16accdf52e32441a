import { describe, expect, it } from "vitest";
import { Matrix, inverse } from "ml-matrix";
import { NotPositiveDefiniteError, spdInverseInPlace } from "./linalg";

function randomSpd(n: number, seed: number): Float64Array {
  let s = seed;
  const rand = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  const A = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      const v = rand() < 0.3 ? Math.floor(rand() * 5) : 0;
      A[i * n + j] = A[j * n + i] = v;
    }
    A[i * n + i] += 2 * n;
  }
  return A;
}

describe("spdInverseInPlace", () => {
  it("inverts a 2x2 matrix", () => {
    // [[4, 2], [2, 3]]^-1 = [[3, -2], [-2, 4]] / 8
    const P = spdInverseInPlace(Float64Array.from([4, 2, 2, 3]), 2);
    [0.375, -0.25, -0.25, 0.5].forEach((v, n) => expect(P[n]).toBeCloseTo(v, 14));
  });

  it.each([1, 3, 4, 5, 6, 7, 9, 17, 40])("matches ml-matrix's inverse for n = %i (block edges)", (n) => {
    const A = randomSpd(n, n);
    const ref = inverse(new Matrix(Array.from({ length: n }, (_, i) => Array.from(A.subarray(i * n, (i + 1) * n)))));
    const P = spdInverseInPlace(A.slice(), n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) expect(P[i * n + j]).toBeCloseTo(ref.get(i, j), 12);
  });

  it("refuses a matrix that is not positive definite", () => {
    expect(() => spdInverseInPlace(Float64Array.from([1, 2, 2, 1]), 2)).toThrow(NotPositiveDefiniteError);
  });
});
