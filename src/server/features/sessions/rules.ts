import { DEFAULT_DOSE_LIMITS, type DoseLimit, DoseLimitsSchema } from '../../../domain/dosing';
import { DEFAULT_VITAL_RULES, type VitalRule, vitalRuleSetSchema } from '../../../domain/vitals';
import type { Executor } from '../../db/dialect';
import { getSetting } from '../../platform/settings';

/** The clinic's rule sets: what the medical director saved in settings, else the shipped, cited defaults. */
export async function vitalRules(db: Executor): Promise<readonly VitalRule[]> {
  const saved = await getSetting(db, 'rules.vitals');
  const parsed = saved ? vitalRuleSetSchema.safeParse(saved) : null;
  return parsed?.success ? (parsed.data as VitalRule[]) : DEFAULT_VITAL_RULES;
}

export async function doseLimits(db: Executor): Promise<readonly DoseLimit[]> {
  const saved = await getSetting(db, 'rules.doseLimits');
  const parsed = saved ? DoseLimitsSchema.safeParse(saved) : null;
  return parsed?.success ? parsed.data : DEFAULT_DOSE_LIMITS;
}

/** Course routes name esketamine by product; the exposure and dose modules name the route (intranasal). */
export const pkRoute = (route: string) => (route === 'esketamine' ? 'intranasal' : route) as 'iv' | 'im' | 'intranasal' | 'sublingual' | 'oral';
