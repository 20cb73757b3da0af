// Exact solution of the linear compartment system used by the exposure estimate.
//
// State (amounts in mg): [depot, central, peripheral 1, peripheral 2, eliminated].
//   depot'        = −ka·depot
//   central'      =  ka·depot − (k10 + k12 + k13)·central + k21·p1 + k31·p2 + infusion rate
//   p1'           =  k12·central − k21·p1
//   p2'           =  k13·central − k31·p2
//   eliminated'   =  k10·central
// Tracking the eliminated amount costs nothing and lets tests check mass balance exactly.

import { at, expm, type Matrix, multiplyVector, setAt, zeros } from './matrix';
import type { PkModel } from './parameters';

const DEPOT = 0;
const CENTRAL = 1;
const P1 = 2;
const P2 = 3;
const ELIMINATED = 4;
const STATES = 5;

export interface DoseInput {
  /** Amount placed in the absorption depot at t = 0, already multiplied by bioavailability. */
  depotMg: number;
  /** Amount injected straight into the central compartment at t = 0. */
  centralBolusMg: number;
  /** Zero-order infusion into the central compartment from t = 0 until `endMin`. */
  infusion?: { rateMgPerMin: number; endMin: number };
}

export interface CompartmentAmounts {
  minute: number;
  depotMg: number;
  centralMg: number;
  peripheral1Mg: number;
  peripheral2Mg: number;
  eliminatedMg: number;
}

/** The system matrix A of dx/dt = A·x (without inputs). `kaPerMin` is 0 for IV, where the depot stays empty. */
export function systemMatrix(model: PkModel, kaPerMin: number): Matrix {
  const a = zeros(STATES, STATES);
  setAt(a, DEPOT, DEPOT, -kaPerMin);
  setAt(a, CENTRAL, DEPOT, kaPerMin);
  setAt(a, CENTRAL, CENTRAL, -(model.k10 + model.k12 + model.k13));
  setAt(a, CENTRAL, P1, model.k21);
  setAt(a, CENTRAL, P2, model.k31);
  setAt(a, P1, CENTRAL, model.k12);
  setAt(a, P1, P1, -model.k21);
  setAt(a, P2, CENTRAL, model.k13);
  setAt(a, P2, P2, -model.k31);
  setAt(a, ELIMINATED, CENTRAL, model.k10);
  return a;
}

/**
 * One-step propagator for step length `h` with a constant infusion `rate` into the central compartment:
 * exp([[A·h, b·h], [0, 0]]) holds e^{Ah} in its top-left block and (∫₀ʰ e^{As} ds)·b in its last column.
 */
function propagator(a: Matrix, h: number, rate: number): (x: readonly number[]) => number[] {
  const n = STATES + 1;
  const aug = zeros(n, n);
  for (let i = 0; i < STATES; i++) {
    for (let j = 0; j < STATES; j++) setAt(aug, i, j, at(a, i, j) * h);
  }
  setAt(aug, CENTRAL, STATES, rate * h);
  const e = expm(aug);
  return (x) => multiplyVector(e, [...x, 1]).slice(0, STATES);
}

/**
 * Amounts in every compartment at each requested minute (ascending, ≥ 0). The end of an infusion is
 * inserted as an internal breakpoint so the input is constant over every step and the solution stays exact.
 */
export function simulateAmounts(
  model: PkModel,
  kaPerMin: number,
  dose: DoseInput,
  minutes: readonly number[],
): CompartmentAmounts[] {
  const a = systemMatrix(model, kaPerMin);
  const infusion = dose.infusion;
  const breakpoints = new Set<number>(minutes);
  if (infusion && infusion.endMin > 0) breakpoints.add(infusion.endMin);
  const times = [...breakpoints].filter((t) => t >= 0).sort((p, q) => p - q);
  const wanted = new Set(minutes);

  // Steps are mostly the same length, so propagators are cached by (step, infusing?). The key rounds the
  // step to 1e-9 min so that binary noise (0.3 − 0.2 ≠ 0.1) does not defeat the cache; reusing a
  // propagator for a step that differs by < 1e-9 min changes results far below any displayed digit.
  const cache = new Map<string, (x: readonly number[]) => number[]>();
  const step = (x: readonly number[], h: number, rate: number): number[] => {
    const key = `${Math.round(h * 1e9)}|${rate}`;
    let p = cache.get(key);
    if (!p) {
      p = propagator(a, h, rate);
      cache.set(key, p);
    }
    return p(x);
  };

  let x: number[] = new Array<number>(STATES).fill(0);
  x[DEPOT] = dose.depotMg;
  x[CENTRAL] = dose.centralBolusMg;
  let t = 0;
  const out: CompartmentAmounts[] = [];
  for (const next of times) {
    const h = next - t;
    if (h > 0) {
      // Breakpoints guarantee the interval lies wholly inside or wholly after the infusion.
      const rate = infusion && next <= infusion.endMin ? infusion.rateMgPerMin : 0;
      x = step(x, h, rate);
      t = next;
    }
    if (wanted.has(next)) out.push(toAmounts(next, x));
  }
  return out;
}

// Rounding in the exponential can leave values like −1e−19 where the exact answer is 0; amounts are
// physically non-negative, so those are clamped.
function toAmounts(minute: number, x: readonly number[]): CompartmentAmounts {
  const v = (i: number) => Math.max(0, x[i] ?? 0);
  return {
    minute,
    depotMg: v(DEPOT),
    centralMg: v(CENTRAL),
    peripheral1Mg: v(P1),
    peripheral2Mg: v(P2),
    eliminatedMg: v(ELIMINATED),
  };
}
