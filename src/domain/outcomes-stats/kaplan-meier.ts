// The Kaplan–Meier product-limit estimator (Kaplan EL, Meier P. Nonparametric estimation from incomplete
// observations. J Am Stat Assoc 1958;53:457-481). For each distinct time t at which at least one event happens,
//
//   S(t) = Π over event times tᵢ ≤ t of (1 − dᵢ / nᵢ)
//
// where dᵢ is the number of events at tᵢ and nᵢ the number still at risk just before tᵢ (times ≥ tᵢ). A
// subject censored at the same time as an event is counted at risk for it (the usual convention: censoring is
// taken to happen just after the events of that time). Used here for time to response: the event is the first
// follow-up score meeting the response rule, censoring the last follow-up without one; the curve shown is
// 1 − S(t), the estimated share responded by time t.

export interface Observation {
  /** Time of the event or of censoring (here: whole weeks since the course's first dose). */
  time: number;
  /** true: the event happened at `time`; false: followed until `time` without it (censored). */
  event: boolean;
}

export interface KmStep {
  time: number;
  atRisk: number;
  events: number;
  censored: number;
  /** S(t) just after this time. */
  survival: number;
}

/** One step per distinct time (events or censorings), in time order. */
export function kaplanMeier(observations: readonly Observation[]): KmStep[] {
  for (const o of observations)
    if (!Number.isFinite(o.time) || o.time < 0) throw new RangeError('times must be finite and ≥ 0');
  const times = [...new Set(observations.map((o) => o.time))].sort((a, b) => a - b);
  let atRisk = observations.length;
  let survival = 1;
  const steps: KmStep[] = [];
  for (const t of times) {
    const here = observations.filter((o) => o.time === t);
    const events = here.filter((o) => o.event).length;
    const censored = here.length - events;
    if (events > 0) survival *= 1 - events / atRisk;
    steps.push({ time: t, atRisk, events, censored, survival });
    atRisk -= here.length;
  }
  return steps;
}

/** The same estimate from grouped counts (time, events, censored), as the server reads them with `group by`. */
export function kaplanMeierGrouped(
  groups: readonly { time: number; events: number; censored: number }[],
): KmStep[] {
  const byTime = new Map<number, { events: number; censored: number }>();
  for (const g of groups) {
    const cur = byTime.get(g.time) ?? { events: 0, censored: 0 };
    byTime.set(g.time, { events: cur.events + g.events, censored: cur.censored + g.censored });
  }
  let atRisk = [...byTime.values()].reduce((n, g) => n + g.events + g.censored, 0);
  let survival = 1;
  const steps: KmStep[] = [];
  for (const t of [...byTime.keys()].sort((a, b) => a - b)) {
    const g = byTime.get(t) as { events: number; censored: number };
    if (g.events > 0) survival *= 1 - g.events / atRisk;
    steps.push({ time: t, atRisk, events: g.events, censored: g.censored, survival });
    atRisk -= g.events + g.censored;
  }
  return steps;
}

/** S(t) at any time: the value of the last step at or before t (1 before the first event). */
export function survivalAt(steps: readonly KmStep[], t: number): number {
  let s = 1;
  for (const step of steps) {
    if (step.time > t) break;
    s = step.survival;
  }
  return s;
}

/** Numbers at risk at each of `times`: subjects whose event or censoring time is ≥ t. */
export function numbersAtRisk(steps: readonly KmStep[], times: readonly number[]): number[] {
  return times.map((t) => {
    const first = steps.find((s) => s.time >= t);
    return first ? first.atRisk : 0;
  });
}
