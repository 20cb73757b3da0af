// Small dense-matrix helpers for the exact solution of linear compartment models.
//
// Why a matrix exponential rather than a Runge–Kutta loop: a linear system dx/dt = A·x + b with b constant
// over a step has the exact solution x(t+h) = e^{Ah}·x(t) + (∫₀ʰ e^{As} ds)·b. Both terms come out of one
// exponential of the augmented matrix [[A, b], [0, 0]] (Van Loan's trick), so the estimate is exact up to
// rounding at every step length, including the very fast Domino rate constants where a fixed-step integrator
// would need tiny steps. The matrices are at most 6×6, so cost is negligible.

export type Matrix = number[][];

export function zeros(rows: number, cols: number): Matrix {
  return Array.from({ length: rows }, () => new Array<number>(cols).fill(0));
}

export function identity(n: number): Matrix {
  const m = zeros(n, n);
  for (let i = 0; i < n; i++) setAt(m, i, i, 1);
  return m;
}

/** Element access that satisfies `noUncheckedIndexedAccess` without sprinkling `!` everywhere. */
export function at(m: Matrix, i: number, j: number): number {
  return m[i]?.[j] ?? 0;
}

export function setAt(m: Matrix, i: number, j: number, value: number): void {
  const row = m[i];
  if (row === undefined || j < 0 || j >= row.length) throw new RangeError(`index (${i}, ${j}) out of range`);
  row[j] = value;
}

export function multiply(a: Matrix, b: Matrix): Matrix {
  const n = a.length;
  const k = b.length;
  const p = b[0]?.length ?? 0;
  const out = zeros(n, p);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < p; j++) {
      let sum = 0;
      for (let r = 0; r < k; r++) sum += at(a, i, r) * at(b, r, j);
      setAt(out, i, j, sum);
    }
  }
  return out;
}

export function multiplyVector(a: Matrix, v: readonly number[]): number[] {
  return a.map((row) => row.reduce((sum, value, j) => sum + value * (v[j] ?? 0), 0));
}

function scale(a: Matrix, factor: number): Matrix {
  return a.map((row) => row.map((value) => value * factor));
}

function add(a: Matrix, b: Matrix): Matrix {
  return a.map((row, i) => row.map((value, j) => value + at(b, i, j)));
}

/** Maximum absolute row sum: a cheap, sufficient bound for choosing the scaling power. */
export function normInf(a: Matrix): number {
  return a.reduce(
    (max, row) =>
      Math.max(
        max,
        row.reduce((sum, value) => sum + Math.abs(value), 0),
      ),
    0,
  );
}

/**
 * e^A by scaling and squaring with a Taylor series. After scaling so that ‖A/2^s‖ ≤ 0.5, the series
 * converges to double precision within about 20 terms; squaring back is well conditioned here because
 * compartment matrices have real, non-positive eigenvalues (the system only decays).
 */
export function expm(a: Matrix): Matrix {
  const n = a.length;
  const norm = normInf(a);
  const s = norm > 0.5 ? Math.ceil(Math.log2(norm / 0.5)) : 0;
  const scaled = scale(a, 2 ** -s);
  let result = identity(n);
  let term = identity(n);
  for (let k = 1; k <= 30; k++) {
    term = scale(multiply(term, scaled), 1 / k);
    result = add(result, term);
    if (normInf(term) < 1e-18 * Math.max(1, normInf(result))) break;
  }
  for (let i = 0; i < s; i++) result = multiply(result, result);
  return result;
}
