// scratch: compare step-3 variants
function dot4x2(X: Float64Array, Y: Float64Array, a0: number, a1: number, a2: number, a3: number, b0: number, b1: number, k0: number, k1: number, out: Float64Array): void {
  let s00 = 0, s01 = 0, s10 = 0, s11 = 0, s20 = 0, s21 = 0, s30 = 0, s31 = 0;
  for (let k = k0; k < k1; k++) {
    const y0 = Y[b0 + k]; const y1 = Y[b1 + k];
    let x = X[a0 + k]; s00 += x * y0; s01 += x * y1;
    x = X[a1 + k]; s10 += x * y0; s11 += x * y1;
    x = X[a2 + k]; s20 += x * y0; s21 += x * y1;
    x = X[a3 + k]; s30 += x * y0; s31 += x * y1;
  }
  out[0] = s00; out[1] = s01; out[2] = s10; out[3] = s11; out[4] = s20; out[5] = s21; out[6] = s30; out[7] = s31;
}
function plain(Mt: Float64Array, P: Float64Array, n: number) {
  const acc = new Float64Array(8);
  for (let i0 = 0; i0 < n; i0 += 4) {
    const ib = Math.min(4, n - i0);
    const rows = [0, 1, 2, 3].map((r) => Math.min(i0 + r, n - 1) * n);
    for (let j0 = 0; j0 < i0 + ib; j0 += 2) {
      const j1 = Math.min(j0 + 1, n - 1);
      dot4x2(Mt, Mt, rows[0], rows[1], rows[2], rows[3], j0 * n, j1 * n, i0, n, acc);
      for (let r = 0; r < ib; r++) { const i = i0 + r; P[i * n + j0] = acc[2 * r]; if (j1 !== j0) P[i * n + j1] = acc[2 * r + 1]; }
    }
  }
}
function tiled(Mt: Float64Array, P: Float64Array, n: number, T: number) {
  const acc = new Float64Array(8);
  P.fill(0);
  for (let kt = 0; kt < n; kt += T) {
    const ke = Math.min(kt + T, n);
    for (let i0 = 0; i0 < ke; i0 += 4) {
      const ib = Math.min(4, n - i0);
      const rows = [0, 1, 2, 3].map((r) => Math.min(i0 + r, n - 1) * n);
      const k0 = Math.max(i0, kt);
      for (let j0 = 0; j0 < i0 + ib; j0 += 2) {
        const j1 = Math.min(j0 + 1, n - 1);
        dot4x2(Mt, Mt, rows[0], rows[1], rows[2], rows[3], j0 * n, j1 * n, k0, ke, acc);
        for (let r = 0; r < ib; r++) { const i = i0 + r; P[i * n + j0] += acc[2 * r]; if (j1 !== j0) P[i * n + j1] += acc[2 * r + 1]; }
      }
    }
  }
}
const n = 2500;
const Mt = new Float64Array(n * n);
for (let i = 0; i < n; i++) for (let k = i; k < n; k++) Mt[i * n + k] = Math.random();
const P1 = new Float64Array(n * n), P2 = new Float64Array(n * n);
for (let rep = 0; rep < 2; rep++) {
  let t = performance.now(); plain(Mt, P1, n); console.log('plain', ((performance.now() - t) / 1000).toFixed(2));
  for (const T of [64, 256]) { t = performance.now(); tiled(Mt, P2, n, T); console.log('tiled', T, ((performance.now() - t) / 1000).toFixed(2)); }
}
let err = 0; for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) err = Math.max(err, Math.abs(P1[i*n+j]-P2[i*n+j])); console.log('err', err);
