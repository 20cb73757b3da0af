import type { Executor } from '../../db/dialect';
import type { DosingSessionsTable } from '../../db/schema';
import { currentRuleSet, ruleSetByVersion, type StoredRuleSet } from '../rules';

/**
 * The rules a session is evaluated with: the clinic rule-set version it started with, for its whole life
 * (vitals, holds, dose limits, discharge), whatever the medical director publishes meanwhile. A session row
 * without a version (written before versions existed, or straight into the table) is on version 1.
 */
export async function sessionRuleSet(
  db: Executor,
  s: Pick<DosingSessionsTable, 'rule_set_version'>,
): Promise<StoredRuleSet> {
  const found = await ruleSetByVersion(db, s.rule_set_version ?? 1);
  return found ?? currentRuleSet(db);
}

export { currentRuleSet };

/** Course routes name esketamine by product; the exposure and dose modules name the route (intranasal). */
export const pkRoute = (route: string) =>
  (route === 'esketamine' ? 'intranasal' : route) as 'iv' | 'im' | 'intranasal' | 'sublingual' | 'oral';
