// The Wilson score interval for a proportion (Wilson EB. Probable inference, the law of succession, and
// statistical inference. J Am Stat Assoc 1927;22:209-212), as recommended over the simple (Wald) interval by
// Newcombe RG. Two-sided confidence intervals for the single proportion: comparison of seven methods. Stat Med
// 1998;17:857-872 (method 3). With p = x/n and z the normal quantile (1.96 for 95 %):
//
//   centre = (p + z²/2n) / (1 + z²/n)
//   half   = z / (1 + z²/n) × √( p(1−p)/n + z²/4n² )
//
// Unlike the Wald interval it never leaves [0, 1] and is not degenerate at 0 or n successes.

/** The 97.5th percentile of the standard normal distribution: a two-sided 95 % interval. */
export const Z_95 = 1.959963984540054;

export interface Interval {
  low: number;
  high: number;
}

export function wilsonInterval(successes: number, n: number, z = Z_95): Interval {
  if (!Number.isInteger(n) || n <= 0) throw new RangeError('n must be a positive whole number');
  if (!Number.isInteger(successes) || successes < 0 || successes > n)
    throw new RangeError('successes must be a whole number from 0 to n');
  const p = successes / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z / denom) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  // Clamp rounding noise at the ends (x = 0 gives exactly 0 in exact arithmetic).
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}
